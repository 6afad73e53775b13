"""Shared fixtures: two Pemda worlds with named personas, and helpers to act as them.

Personas (per Pemda): admin, operator (Dinas subtree), leader (Kecamatan A subtree),
instructor, supervisor (head of Dinas, with direct and indirect reports), participant
(a kelurahan employee), plus the platform superadmin.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from jsonschema import Draft202012Validator

from bina.accounts.factories import PASSWORD, RoleAssignmentFactory, UserFactory
from bina.accounts.models import Role, User
from bina.accounts.scope import actor_for_user
from bina.accounts.services import token_create
from bina.core.actor import Actor
from bina.core.factories import PemdaFactory
from bina.core.models import Pemda
from bina.partners.factories import AgreementFactory, InstructorFactory, PartnerFactory
from bina.partners.models import Agreement, Instructor, InstructorKind, Partner
from bina.people.factories import EmployeeFactory, OrgUnitFactory
from bina.people.models import Employee, OrgUnit, OrgUnitKind


@dataclass
class World:
    pemda: Pemda
    units: dict[str, OrgUnit]
    employees: dict[str, Employee]
    users: dict[str, User] = field(default_factory=dict)

    def actor(self, persona: str) -> Actor:
        return actor_for_user(self.users[persona])


def build_world(slug: str, bps_code: str) -> World:
    pemda = PemdaFactory(slug=slug, name=f"Pemerintah {slug.title()}", bps_code=bps_code)
    u: dict[str, OrgUnit] = {}
    p = slug[:3].upper()
    u["setda"] = OrgUnitFactory(pemda=pemda, code=f"{p}-SETDA", name="Sekretariat Daerah", kind=OrgUnitKind.SEKRETARIAT)
    u["bagian"] = OrgUnitFactory(
        pemda=pemda, code=f"{p}-ORG", name="Bagian Organisasi", kind=OrgUnitKind.BAGIAN, parent=u["setda"]
    )
    u["dinas"] = OrgUnitFactory(
        pemda=pemda, code=f"{p}-DKP", name="Dinas Kependudukan dan Pencatatan Sipil", kind=OrgUnitKind.DINAS
    )
    u["bidang"] = OrgUnitFactory(
        pemda=pemda,
        code=f"{p}-DKP-PD",
        name="Bidang Pelayanan Pendaftaran Penduduk",
        kind=OrgUnitKind.BIDANG,
        parent=u["dinas"],
    )
    u["kec_a"] = OrgUnitFactory(pemda=pemda, code=f"{p}-KEC-A", name="Kecamatan Alfa", kind=OrgUnitKind.KECAMATAN)
    u["kel_a1"] = OrgUnitFactory(
        pemda=pemda, code=f"{p}-KEL-A1", name="Kelurahan Alfa Satu", kind=OrgUnitKind.KELURAHAN, parent=u["kec_a"]
    )
    u["kec_b"] = OrgUnitFactory(pemda=pemda, code=f"{p}-KEC-B", name="Kecamatan Beta", kind=OrgUnitKind.KECAMATAN)
    u["kel_b1"] = OrgUnitFactory(
        pemda=pemda, code=f"{p}-KEL-B1", name="Kelurahan Beta Satu", kind=OrgUnitKind.KELURAHAN, parent=u["kec_b"]
    )

    e: dict[str, Employee] = {}
    e["head_dinas"] = EmployeeFactory(
        pemda=pemda, unit=u["dinas"], name="Dr. Kepala Dinas, M.Si.", position_kind="struktural", golongan="IV/b"
    )
    e["head_bidang"] = EmployeeFactory(
        pemda=pemda,
        unit=u["bidang"],
        supervisor=e["head_dinas"],
        name="Kepala Bidang, S.H.",
        position_kind="struktural",
        golongan="IV/a",
    )
    e["staff_bidang"] = EmployeeFactory(
        pemda=pemda, unit=u["bidang"], supervisor=e["head_bidang"], name="Staf Bidang", gender="P"
    )
    e["setda_staff"] = EmployeeFactory(pemda=pemda, unit=u["bagian"], name="Analis Organisasi, S.Sos.")
    e["kel_a1_staff"] = EmployeeFactory(
        pemda=pemda, unit=u["kel_a1"], name="Pelayan Kelurahan Alfa", gender="P", asn_type="PPPK", golongan="IX"
    )
    e["kel_b1_staff"] = EmployeeFactory(pemda=pemda, unit=u["kel_b1"], name="Pelayan Kelurahan Beta")
    e["camat_a"] = EmployeeFactory(
        pemda=pemda, unit=u["kec_a"], name="Camat Alfa, S.STP.", position_kind="struktural", golongan="IV/a"
    )

    w = World(pemda=pemda, units=u, employees=e)

    def user(
        persona: str, role: str | None = None, unit: OrgUnit | None = None, employee: Employee | None = None
    ) -> User:
        usr = UserFactory(username=f"{persona}.{slug}", pemda=pemda, employee=employee)
        if role:
            RoleAssignmentFactory(user=usr, pemda=pemda, role=role, org_unit=unit)
        w.users[persona] = usr
        return usr

    user("admin", Role.ADMIN)
    user("operator", Role.OPERATOR, u["dinas"])
    user("leader", Role.LEADER, u["kec_a"])
    user("instructor", Role.INSTRUCTOR)
    user("supervisor", Role.PARTICIPANT, employee=e["head_dinas"])
    user("participant", Role.PARTICIPANT, employee=e["kel_a1_staff"])
    return w


@pytest.fixture
def small_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `demo_load` build whole Pemda with a short outcome history: service records for the last weeks
    (the generator's own tests choose their periods) and a handful of SKM respondents and complaints, enough
    for every stage, not a whole city's voice; so a test loading the demo takes seconds, not a minute."""
    from bina.demo import public_voice, service_records

    monkeypatch.setattr(service_records, "RECORDS_START", service_records.RECORDS_END - dt.timedelta(days=20))
    monkeypatch.setattr(public_voice, "RESPONSES_PER_SEMESTER", (5, 6))
    monkeypatch.setattr(public_voice, "COMPLAINTS_PER_PEMDA", 8)


@pytest.fixture
def world(db: None) -> World:
    return build_world("alfa", "9101")


@pytest.fixture
def other_world(db: None) -> World:
    return build_world("beta", "9102")


@pytest.fixture
def superadmin(db: None) -> User:
    return UserFactory(username="superadmin", pemda=None, is_superadmin=True)


@pytest.fixture
def client_as():
    """`client_as(user)` returns a Django test client logged in as that user (real session, real stack)."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user, backend="bina.accounts.backends.NipOrUsernameBackend")
        return client

    return make


@pytest.fixture
def client_as_en(client_as):
    """`client_as` with the English UI, for tests that assert wording (the default language stays id)."""
    from django.conf import settings

    def make(user: User) -> Client:
        client = client_as(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def password() -> str:
    return PASSWORD


_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


# Tests whose every query is also made, on both engines, by another test: the PostgreSQL pass leaves them to the
# SQLite one (issue 8.6: `make test` under 10 minutes). Each entry is a node-id prefix and why it is safe.
ENGINE_NEUTRAL = {
    # Pages reach data through the same access functions as the API operations, which the sweep runs on both.
    "bina/tests/test_isolation_sweep.py::test_page_is_isolated": "same access functions as the API half",
    # Argument parsing and password prompts around account services that have their own tests on both engines.
    "bina/accounts/tests/test_account_commands.py": "command-line faces of tested services",
    # The faces of the impact estimator (page, API, command, home card) re-run the same panel queries and
    # pyfixest; the panel and estimate tests above them run on both engines.
    "bina/analytics/tests/test_impact.py::test_the_command": "face of the tested estimate",
    "bina/analytics/tests/test_impact.py::test_the_api": "face of the tested estimate",
    "bina/analytics/tests/test_impact.py::test_the_page": "face of the tested estimate",
    "bina/analytics/tests/test_impact.py::test_the_home_card": "face of the tested estimate",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark `nodb` the tests that never open the database (pure functions, static checks of the code):
    they answer the same on every engine, so the PostgreSQL pass leaves them to the SQLite one; and
    `engine_neutral` those listed in ENGINE_NEUTRAL."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") is None and not fixtures & _DATABASE_FIXTURES:
            item.add_marker(pytest.mark.nodb)
        if any(item.nodeid.startswith(prefix) for prefix in ENGINE_NEUTRAL):
            item.add_marker(pytest.mark.engine_neutral)


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """The test database, migrated once per run and copied for each xdist worker.

    pytest-django has every worker run all migrations itself (about 15 s each here, most of it Django
    rendering migration states): four times per `make test`. The first worker to take the lock builds a
    template database; every worker then gets a copy (SQLite's backup API; PostgreSQL's CREATE DATABASE …
    TEMPLATE), so the data the migrations load (competency dictionary, service catalogue, holidays, SKM
    instrument) and PostgreSQL's partitions and indexes are there exactly as `migrate` makes them."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not worker or not run:
        with django_db_blocker.unblock():
            config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        yield
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=0)
        return

    import fcntl
    import sqlite3

    from django.conf import settings

    test_settings = connection.settings_dict["TEST"]
    own_name = test_settings["NAME"]  # pytest-django has added the worker's suffix
    template = own_name.removesuffix(f"_{worker}") + "_template"
    sqlite = connection.vendor == "sqlite"
    lock_path = settings.BASE_DIR / "var" / f"{os.path.basename(template)}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    original_name = connection.settings_dict["NAME"]
    with django_db_blocker.unblock(), open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.seek(0)
        if lock.read().strip() != run:  # the first worker of this run builds the template
            test_settings["NAME"] = template
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            connection.close()
            lock.seek(0)
            lock.truncate()
            lock.write(run)
            lock.flush()
        if sqlite:
            for leftover in (own_name, f"{own_name}-wal", f"{own_name}-shm"):
                if os.path.exists(leftover):
                    os.unlink(leftover)
            source, target = sqlite3.connect(template), sqlite3.connect(own_name)
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            connection.settings_dict["NAME"] = original_name
            with connection._nodb_cursor() as cursor:
                quoted = connection.ops.quote_name
                cursor.execute(f"DROP DATABASE IF EXISTS {quoted(own_name)}")
                cursor.execute(f"CREATE DATABASE {quoted(own_name)} TEMPLATE {quoted(template)}")
        fcntl.flock(lock, fcntl.LOCK_UN)
    test_settings["NAME"] = own_name
    settings.DATABASES["default"]["NAME"] = own_name
    connection.settings_dict["NAME"] = own_name
    connection.close()
    yield
    with django_db_blocker.unblock():
        connection.close()
        connection.settings_dict["NAME"] = original_name
        settings.DATABASES["default"]["NAME"] = original_name
        if sqlite:
            for path in (own_name, f"{own_name}-wal", f"{own_name}-shm"):
                if os.path.exists(path):
                    os.unlink(path)
        else:
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(own_name)}")


def pytest_report_header(config: pytest.Config) -> str:
    return f"bina database: {os.environ.get('DATABASE_URL', 'sqlite (default)')}"


# --- browser tests (real Chromium through Playwright) -------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        # Layout is in CSS pixels whatever the density; 1 keeps Chromium's painting cheap on a 2-core runner.
        "device_scale_factor": 1,
    },
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's Chromium driven by Playwright. Missing Chromium fails the test: it is never skipped."""
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls happen
    # in its own threads, but fixtures that touch the ORM here need the async-safety check relaxed.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(executable):
        pytest.fail(f"Chromium not found at {executable}: install Debian's 'chromium' package (see .ci/run).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`browser_page` runs at the phone size (mobile-first: the tight case, and the same htmx and scripts as on a
    desktop); a test about what differs by size asks for both with `@pytest.mark.viewports("phone", "desktop")`.
    The page-width crawl and `make screenshots` cover every page at both sizes."""
    if "browser_page" in metafunc.fixturenames:
        marker = metafunc.definition.get_closest_marker("viewports")
        metafunc.parametrize("browser_page", list(marker.args) if marker else ["phone"], indirect=True)


@pytest.fixture
def browser_page(request, chromium_browser, live_server):
    """A fresh browser context per test at `request.param`'s viewport (see pytest_generate_tests)."""
    viewport = getattr(request, "param", "phone")
    context = chromium_browser.new_context(base_url=live_server.url, locale="id-ID", **VIEWPORTS[viewport])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.viewport_name = viewport
    yield page
    context.close()


# --- partners: two institutions, their agreements and instructors, and a partner coordinator ---
@dataclass
class PartnerSetup:
    uni: Partner
    lan: Partner
    uni_agreement: Agreement
    lan_agreement: Agreement
    uni_instructor: Instructor
    lan_instructor: Instructor
    widyaiswara: Instructor
    coordinator: User


def make_setup(world) -> PartnerSetup:
    uni = PartnerFactory(pemda=world.pemda, name="Universitas Airlangga", short_name="UNAIR")
    lan = PartnerFactory(pemda=world.pemda, name="BPSDM Provinsi", kind="lan_bpsdm")
    coordinator = UserFactory(username=f"coord.{world.pemda.slug}", pemda=world.pemda)
    RoleAssignmentFactory(user=coordinator, pemda=world.pemda, role=Role.PARTNER, partner=uni)
    return PartnerSetup(
        uni=uni,
        lan=lan,
        uni_agreement=AgreementFactory(partner=uni, number=f"PKS/UNI/{world.pemda.slug}"),
        lan_agreement=AgreementFactory(partner=lan, number=f"PKS/LAN/{world.pemda.slug}"),
        uni_instructor=InstructorFactory(
            pemda=world.pemda, name="Dr. Dosen Unair", kind=InstructorKind.PARTNER, partner=uni, email="d@unair.ac.id"
        ),
        lan_instructor=InstructorFactory(
            pemda=world.pemda, name="Widyaiswara BPSDM", kind=InstructorKind.PARTNER, partner=lan
        ),
        widyaiswara=InstructorFactory(
            pemda=world.pemda,
            name="Widyaiswara Internal",
            kind=InstructorKind.WIDYAISWARA,
            employee=world.employees["setda_staff"],
            expertise="Pelayanan publik",
        ),
        coordinator=coordinator,
    )


@pytest.fixture
def partners(world) -> PartnerSetup:
    return make_setup(world)


@pytest.fixture
def other_partners(other_world) -> PartnerSetup:
    return make_setup(other_world)


def token_issuer(user: User) -> Actor:
    """Who issues a test's API token: the Pemda itself (as for a service account), so tests call the API as
    every role, while self-service tokens are only for roles that integrate (`can_hold_api_token`)."""
    return Actor.system(user.pemda_id, label="test") if user.pemda_id else actor_for_user(user)


@pytest.fixture
def api_as():
    def make(user) -> Client:
        _, secret = token_create(actor=token_issuer(user), user=user)
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return make


# --- every API response in the suite is checked against the OpenAPI spec (as Zulip does) ---------


class OpenApiMismatch(AssertionError):
    pass


class OpenApiCheck:
    """Validates a test client's response to `/api/v1/...` against the operation it reached.

    The operation is found through Django's resolver (the route ninja registered), so the check
    agrees with the server on which operation answered. The status code must be documented for
    that operation, the body must match the documented schema (JSON) or media type (files).
    """

    def __init__(self) -> None:
        from bina.shell.api import api

        self.api = api
        self.spec = api.get_openapi_schema()
        self.components = self.spec.get("components", {})
        self.validators: dict[tuple[str, str, int], object] = {}

    @staticmethod
    def template_of(route: str) -> str:
        return "/" + re.sub(r"<(?:[^>:]+:)?([^>]+)>", r"{\1}", route)

    def validator(self, key: tuple[str, str, int], schema: dict):
        if key not in self.validators:
            # The schema's refs ("#/components/schemas/X") resolve against this root document.
            root = {**schema, "components": self.components}
            self.validators[key] = Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return self.validators[key]

    def check(self, method: str, path: str, response) -> None:
        try:
            match = resolve(path)
        except Resolver404:
            return
        if match.url_name in {"openapi-json", "openapi-view"} or match.namespace != "api":
            return
        status = response.status_code
        where = f"{method} {path} answered {status}"
        if match.url_name == "api-not-found":
            return self._check_json(
                ("fallback", "", status), where, response, {"$ref": "#/components/schemas/ErrorOut"}
            )
        template = self.template_of(match.route)
        operations = self.spec["paths"].get(template, {})
        operation = operations.get(method.lower())
        if operation is None:
            if status != 405:
                raise OpenApiMismatch(f"OpenAPI: {where}, but the spec has no {method} operation at {template}.")
            return
        documented = operation.get("responses", {})
        spec_response = documented.get(status) or documented.get(str(status))
        if spec_response is None:
            raise OpenApiMismatch(
                f"OpenAPI: {where}, a status the spec does not document for {method} {template} "
                f"(documented: {sorted(int(k) for k in documented)}). Declare it in the operation's "
                f"`response={{...}}` (error shape: bina.core.api.ErrorOut) or in bina.core.api."
            )
        content = spec_response.get("content") or {}
        got_type = (response.get("Content-Type") or "").split(";")[0].strip()
        if not content:
            if response.streaming or response.content:
                raise OpenApiMismatch(
                    f"OpenAPI: {where} with a {got_type or 'body'}, but the spec documents no content for it; "
                    f"declare it, e.g. openapi_extra={{'responses': {{{status}: {{'content': {{'{got_type}': {{}}}}}}}}}}."
                )
            return
        if got_type not in content:
            raise OpenApiMismatch(f"OpenAPI: {where} as {got_type!r}; the spec documents {sorted(content)}.")
        schema = content[got_type].get("schema")
        if got_type == "application/json" and schema:
            self._check_json((template, method, status), where, response, schema)

    def _check_json(self, key, where: str, response, schema: dict) -> None:
        try:
            body = json.loads(response.content or b"null")
        except ValueError as exc:
            raise OpenApiMismatch(f"OpenAPI: {where} with a body that is not JSON: {exc}") from None
        errors = sorted(self.validator(key, schema).iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            lines = [
                f"  at {'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message[:300]}" for e in errors[:5]
            ]
            raise OpenApiMismatch(f"OpenAPI: {where} with a body that does not match the spec:\n" + "\n".join(lines))


_OPENAPI_CHECK: list[OpenApiCheck] = []


def openapi_check() -> OpenApiCheck:
    """The one checker of this test run (the spec is generated once)."""
    if not _OPENAPI_CHECK:
        _OPENAPI_CHECK.append(OpenApiCheck())
    return _OPENAPI_CHECK[0]


@pytest.fixture(autouse=True)
def _validate_api_responses(monkeypatch):
    """Every test client response under /api/v1/ is validated against the spec; a mismatch fails the test."""
    original = Client.request

    def checked_request(self, **req):
        response = original(self, **req)
        path = req.get("PATH_INFO", "")
        if path.startswith("/api/v1/"):
            openapi_check().check(req.get("REQUEST_METHOD", "GET"), path, response)
        return response

    monkeypatch.setattr(Client, "request", checked_request)
