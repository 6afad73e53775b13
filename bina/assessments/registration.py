"""What the assessments app plugs in."""


def register() -> None:
    pass
