from ninja import Router

router = Router(tags=["simulations"])
