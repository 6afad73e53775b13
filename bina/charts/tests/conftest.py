import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def indonesian():
    """Charts speak the default language (Bahasa Indonesia) unless a test says otherwise."""
    with translation.override("id"):
        yield
