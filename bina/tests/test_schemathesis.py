"""Schemathesis over the whole /api/v1/ spec, over real HTTP (the live server), as real users (issue 8.9).

Every operation gets generated requests, valid and invalid (huge integers, nulls, wrong types, unknown
fields), half as a BKPSDM admin and half as a participant. Each answer must not be a server error, must
carry a status and media type the operation documents, and must match the documented schema. Path
parameters are often swapped for ids that exist, so the code behind the 404s is reached too.

Bounded for `make test`: a few fuzzed requests per operation, derandomized (the same requests every run), on
PostgreSQL only: the production engine, and the stricter one (it refuses NUL bytes in text and out-of-range
integers where SQLite stores them), so a request that breaks SQLite but not PostgreSQL is not one a deployment
sees; the SQLite pass keeps the API's own tests and the server-error tests of `test_server_errors.py`.
For a deeper run (schemathesis' coverage phase: boundary values, every type violation, every status):
    BINA_SCHEMATHESIS_DEEP=1 .venv/bin/pytest -p no:cacheprovider -n 2 bina/tests/test_schemathesis.py
"""

from __future__ import annotations

import json
import os
import zlib
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bina.accounts.services import token_create
from bina.competencies.factories import CompetencyFactory
from bina.training.factories import (
    CourseFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    SessionFactory,
    TrainingClassFactory,
)
from conftest import token_issuer

DEEP = os.environ.get("BINA_SCHEMATHESIS_DEEP") == "1"
MAX_EXAMPLES = 25 if DEEP else 6

_CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "mode": "all"},
        "phases": {
            "examples": {"enabled": DEEP},
            "coverage": {"enabled": DEEP, "unexpected-methods": []},
            "stateful": {"enabled": False},
        },
    }
)


def _spec() -> dict[str, Any]:
    from bina.shell.api import api

    # JSON round trip: the generated spec keys its responses by int; OpenAPI (and schemathesis) by string.
    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


schema = schemathesis.openapi.from_dict(_spec(), config=_CONFIG)

MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def bearer(live_server, world) -> dict[str, dict[str, str]]:
    """Authorization headers of a BKPSDM admin and of a participant (an employee of a kelurahan)."""
    headers = {}
    for persona in ("admin", "participant"):
        user = world.users[persona]
        _, secret = token_create(actor=token_issuer(user), user=user)
        headers[persona] = {"Authorization": f"Bearer {secret}"}
    return headers


@pytest.fixture
def real_ids(live_server, world, partners) -> dict[str, Any]:
    """Path parameter values that exist in the admin's Pemda (keys: parameter, or path prefix + parameter)."""
    pemda = world.pemda
    participant = world.employees["kel_a1_staff"]
    programme = ProgrammeFactory(pemda=pemda)
    course = CourseFactory(pemda=pemda, programme=programme)
    klass = TrainingClassFactory(course=course)
    session = SessionFactory(klass=klass)
    enrolment = EnrolmentFactory(klass=klass, employee=participant)
    return {
        "code": world.units["dinas"].code,
        "nip": participant.nip,
        "class_id": klass.pk,
        "session_id": session.pk,
        "enrolment_id": enrolment.pk,
        "/api/v1/competencies/ pk": CompetencyFactory(pemda=pemda).pk,
        "/api/v1/partners/ pk": partners.uni.pk,
        "/api/v1/instructors/ pk": partners.uni_instructor.pk,
        "/api/v1/programmes/ pk": programme.pk,
        "/api/v1/courses/ pk": course.pk,
    }


def _stable_hash(case) -> int:
    return zlib.crc32(f"{case.method} {case.formatted_path} {case.query} {case.body!r}".encode())


def _use_real_ids(case, real_ids: dict[str, Any]) -> None:
    for name in list(case.path_parameters or {}):
        prefix = case.path.split("{", 1)[0]
        value = real_ids.get(f"{prefix} {name}", real_ids.get(name))
        if value is not None:
            case.path_parameters[name] = value


def _operations() -> list[Any]:
    """Every operation, the ones that delete last (so the ids the others use still exist when they run)."""
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: (op.method.upper() == "DELETE", op.label))


@pytest.mark.postgres
def test_api_answers_no_server_error_and_matches_its_spec(live_server, bearer, real_ids) -> None:
    from django.db import connection

    assert connection.vendor == "postgresql", "run this test with DATABASE_URL=postgres://… (make test-postgres)"
    # One test over every operation, not one per operation: the live server's database is flushed after
    # each test (seconds on PostgreSQL), which cost more than the requests. Every failure is collected
    # and reported together, named by its operation.
    failures: list[str] = []
    calls: dict[str, int] = {}
    operations = _operations()
    assert len(operations) > 80, "the walk must see the whole API"
    for operation in operations:
        label = operation.label
        strategy = st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in MODES))

        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.generate],
        )
        @given(case=strategy)
        def run(case) -> None:
            # The same split every run: a stable hash of the request picks the persona and whether ids exist.
            picked = _stable_hash(case)
            if picked % 3:
                _use_real_ids(case, real_ids)
            persona = "admin" if picked % 2 == 0 else "participant"
            calls[label] = calls.get(label, 0) + 1  # noqa: B023 — run() is called within this iteration
            case.call_and_validate(base_url=live_server.url, headers=bearer[persona], checks=CHECKS)

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert not [op.label for op in operations if not calls.get(op.label)], "every operation gets requests"
