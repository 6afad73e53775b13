"""The public form keeps its configuration a few seconds per process (`SKM_PUBLIC_CACHE_SECONDS`)."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bina.skm import access
from bina.skm.factories import skm_ready
from bina.skm.tests.test_public import answers, form_url
from bina.surveys.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings, monkeypatch):
    """The cache on, empty, with a clock the test moves."""
    settings.SKM_PUBLIC_CACHE_SECONDS = 30
    clock = types.SimpleNamespace(now=1_000.0)
    monkeypatch.setattr(access, "time", types.SimpleNamespace(monotonic=lambda: clock.now))
    access.public_cache_clear()
    yield clock
    access.public_cache_clear()


def test_a_second_answer_reads_the_configuration_from_the_cache(world, cached):
    skm_ready(world.pemda)
    client = Client(REMOTE_ADDR="10.2.2.2")
    with CaptureQueriesContext(connection) as first:
        assert client.post(form_url(world, layanan="KK"), answers()).status_code == 302
    with CaptureQueriesContext(connection) as second:
        assert client.post(form_url(world, layanan="KK"), answers(3)).status_code == 302
    # The unit, the current questionnaire, its questions and the services: four queries the rush saves.
    assert len(first) - len(second) == 4
    assert Response.objects.filter(pemda=world.pemda).count() == 2


def open_then_close(world) -> str:
    """The form of Kelurahan Alfa Satu answers once (and may be kept), then the unit is closed."""
    skm_ready(world.pemda)
    url = form_url(world)
    assert Client().get(url).status_code == 200
    unit = world.units["kel_a1"]
    unit.closed_on = dt.date(2026, 11, 30)
    unit.save(update_fields=["closed_on"])
    return url


def test_a_closed_unit_is_refused_once_the_kept_copy_expires(world, cached):
    url = open_then_close(world)
    assert Client().get(url).status_code == 200  # within the documented 30 s
    cached.now += 31
    assert Client().get(url).status_code == 404
    assert Client().post(url, answers()).status_code == 404
    assert not Response.objects.filter(pemda=world.pemda).exists()


def test_without_the_cache_every_request_reads_again(world, settings):
    settings.SKM_PUBLIC_CACHE_SECONDS = 0
    url = open_then_close(world)
    assert Client().get(url).status_code == 404
