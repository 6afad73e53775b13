"""The API's error handlers on a small NinjaAPI mounted for this test, through Django's real stack."""

from __future__ import annotations

import pytest
from django.http import Http404, HttpRequest
from django.test import Client
from django.urls import path
from ninja import NinjaAPI

from bina.core.api import install_error_handlers
from bina.core.errors import Conflict

probe = NinjaAPI(urls_namespace="probe-api")
install_error_handlers(probe)


@probe.get("/boom")
def boom(request: HttpRequest) -> None:
    raise RuntimeError("secret connection string postgres://user:pw@db")


@probe.get("/conflict")
def conflict(request: HttpRequest) -> None:
    raise Conflict("Already there.", details=[{"field": "code"}])


@probe.get("/gone")
def gone(request: HttpRequest) -> None:
    raise Http404("internal detail")


urlpatterns = [path("probe/", probe.urls)]


@pytest.mark.urls("bina.core.tests.test_api_errors")
def test_unexpected_error_is_500_in_the_error_shape_without_internals(db, caplog):
    response = Client(raise_request_exception=False).get("/probe/boom")
    assert response.status_code == 500
    body = response.json()
    assert body["error"]["code"] == "internal_error"
    assert "postgres" not in response.content.decode() and "Traceback" not in response.content.decode()
    # The operators still get the traceback in the log.
    assert any(r.exc_info and "secret connection" in str(r.exc_info[1]) for r in caplog.records)


@pytest.mark.urls("bina.core.tests.test_api_errors")
def test_bina_error_keeps_code_message_and_details(db):
    response = Client().get("/probe/conflict")
    assert response.status_code == 409
    assert response.json() == {
        "error": {"code": "conflict", "message": "Already there.", "details": [{"field": "code"}]}
    }


@pytest.mark.urls("bina.core.tests.test_api_errors")
def test_http404_does_not_leak_its_text(db):
    response = Client().get("/probe/gone")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "internal detail" not in response.content.decode()
