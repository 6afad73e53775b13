import pytest

from bina.core.actor import Actor
from bina.quality.holidays_data import DEFAULT_YEARS
from bina.quality.services import holidays_load, service_catalogue_load


def load_defaults(pemda_id: int) -> None:
    actor = Actor.system(pemda_id, label="test")
    service_catalogue_load(actor=actor)
    holidays_load(actor=actor, years=DEFAULT_YEARS)


@pytest.fixture
def catalogue(world):
    """The world's Pemda with the default catalogue and holidays, as a new Pemda has them."""
    load_defaults(world.pemda.pk)
    return world
