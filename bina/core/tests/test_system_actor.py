"""No service runs without an actor; the platform acts as `Actor.system` (audited as system) and stays in its Pemda.

Issue 7 point 7: `actor=None` used to mean "skip every check". Now every service takes a required,
keyword-only `actor: Actor` (mypy refuses a call without one, and Python refuses it at run time), the
system actor is its Pemda's admin and nobody else's, and a reach is an explicit value.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

import bina
from bina.accounts.services import role_assign, token_create
from bina.certificates.services import certificate_issue
from bina.competencies.factories import CompetencyFactory
from bina.competencies.services import competency_set_active
from bina.core.actor import WHOLE_PEMDA, Actor, Reach
from bina.core.errors import PermissionDenied
from bina.core.models import AuditEvent, Pemda
from bina.partners.factories import PartnerFactory
from bina.partners.services import partner_update
from bina.people import access
from bina.people.access import reach_q
from bina.people.models import OrgUnit
from bina.people.services import employee_update, org_unit_create
from bina.training.classes.models import ClassStatus, EnrolmentStatus, TrainingClass
from bina.training.classes.services import class_open
from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory

ROOT = Path(bina.__file__).resolve().parent.parent


def _draft_class(pemda: Pemda) -> TrainingClass:
    """A draft with a session: opening it is refused only for who asks, never for the schedule."""
    klass = TrainingClassFactory(course=CourseFactory(pemda=pemda), status=ClassStatus.DRAFT)
    SessionFactory(klass=klass)
    return klass


def _service_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(bina.__path__, "bina."):
        leaf = info.name.rsplit(".", 1)[-1]
        in_services_pkg = ".services." in info.name
        if (leaf == "services" or leaf.startswith("services_") or in_services_pkg or leaf == "service") and (
            ".tests" not in info.name
        ):
            names.append(info.name)
    return sorted(names)


def _public_functions_with_actor() -> list[tuple[str, inspect.Signature]]:
    found = []
    for name in _service_modules():
        module = importlib.import_module(name)
        for fname, func in vars(module).items():
            if fname.startswith("_") or not inspect.isfunction(func) or func.__module__ != module.__name__:
                continue
            signature = inspect.signature(func)
            if "actor" in signature.parameters:
                found.append((f"{name}.{fname}", signature))
    return found


def test_every_service_requires_a_keyword_only_actor_without_default():
    services = _public_functions_with_actor()
    assert len(services) >= 55, "the scan found too few services; did the layout change?"
    wrong = [
        f"{name}: {sig.parameters['actor']}"
        for name, sig in services
        if sig.parameters["actor"].kind is not inspect.Parameter.KEYWORD_ONLY
        or sig.parameters["actor"].default is not inspect.Parameter.empty
        or sig.parameters["actor"].annotation not in ("Actor", Actor)
    ]
    assert wrong == []


def test_a_service_called_without_actor_fails_type_checking(tmp_path):
    from mypy import api

    snippet = tmp_path / "call_without_actor.py"
    snippet.write_text(
        textwrap.dedent(
            """
            from bina.training.models import TrainingClass
            from bina.training.classes.services import class_open
            from bina.people.services import org_unit_update

            def job(klass: TrainingClass) -> None:
                class_open(klass=klass)
                class_open(actor=None, klass=klass)
            """
        )
    )
    stdout, _stderr, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary", "--follow-imports=silent", str(snippet)]
    )
    assert status == 1
    assert 'Missing named argument "actor"' in stdout
    assert 'Argument "actor" to "class_open" has incompatible type "None"' in stdout


def test_a_service_called_with_none_refuses_instead_of_skipping_the_checks(world):
    klass = _draft_class(world.pemda)
    with pytest.raises(TypeError):
        class_open(klass=klass)  # type: ignore[call-arg]
    with pytest.raises(AttributeError):
        class_open(actor=None, klass=klass)  # type: ignore[arg-type]
    klass.refresh_from_db()
    assert klass.status == ClassStatus.DRAFT


def test_system_actor_acts_as_its_pemdas_admin_and_is_audited_as_system(world, client_as):
    actor = Actor.system(world.pemda.pk, label="nightly")
    unit = org_unit_create(actor=actor, pemda=world.pemda, code="SYS-1", name="Unit Sistem", kind="bidang")
    event = AuditEvent.objects.get(action="org_unit.create", target_id=str(unit.pk))
    assert (event.actor_label, event.actor_id, event.pemda_id) == ("system:nightly", None, world.pemda.pk)
    klass = _draft_class(world.pemda)
    class_open(actor=Actor.system(world.pemda.pk), klass=klass)
    assert AuditEvent.objects.filter(action="class.open", actor_label="system", actor_id=None).exists()
    page = client_as(world.users["admin"]).get(reverse("core:audit"), {"user": "system:nightly"})
    assert page.status_code == 200
    assert "system:nightly" in page.content.decode() and "Unit Sistem" in page.content.decode()


def test_create_pemda_command_is_audited_as_the_platform_not_a_user(db):
    call_command("create_pemda", "gamma", "--name", "Pemerintah Gamma", "--kind", "kota", "--bps-code", "9103")
    event = AuditEvent.objects.get(action="pemda.create")
    assert (event.actor_label, event.actor_id) == ("system:create_pemda", None)


def test_system_actor_of_one_pemda_cannot_touch_another_pemdas_objects(world, other_world):
    system = Actor.system(world.pemda.pk, label="job")
    theirs = other_world.employees["staff_bidang"]
    their_class = _draft_class(other_world.pemda)
    completed = EnrolmentFactory(klass=their_class, employee=theirs, status=EnrolmentStatus.COMPLETED)
    attempts = [
        lambda: employee_update(actor=system, employee=theirs, data={"name": "Diubah"}),
        lambda: class_open(actor=system, klass=their_class),
        lambda: certificate_issue(enrolment=completed, actor=system, render_pdf=False),
        lambda: partner_update(actor=system, partner=PartnerFactory(pemda=other_world.pemda), data={"name": "X"}),
        lambda: competency_set_active(
            actor=system, competency=CompetencyFactory(pemda=other_world.pemda), active=False
        ),
        lambda: role_assign(actor=system, user=other_world.users["participant"], role="admin"),
        lambda: token_create(actor=system, user=other_world.users["admin"]),
        lambda: org_unit_create(actor=system, pemda=other_world.pemda, code="X-1", name="X", kind="bidang"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    theirs.refresh_from_db()
    their_class.refresh_from_db()
    assert theirs.name != "Diubah" and their_class.status == ClassStatus.DRAFT
    assert not access.employees_for(system).filter(pemda=other_world.pemda).exists()
    assert access.employees_for(system).count() == len(world.employees)
    assert not AuditEvent.objects.filter(pemda=other_world.pemda, actor_label="system:job").exists()


def test_reach_is_explicit_and_an_empty_reach_filters_everything_out(world):
    admin, operator = world.actor("admin"), world.actor("operator")
    assert admin.read_reach() == WHOLE_PEMDA and admin.write_reach().whole_pemda
    assert operator.write_reach() == Reach(paths=(world.units["dinas"].path,))
    # Code that reads only `paths` (forgetting `whole_pemda`) gets nothing, never the whole Pemda.
    assert WHOLE_PEMDA.paths == () and not Reach().covers(world.units["dinas"].path)
    assert not OrgUnit.objects.filter(reach_q("path", Reach())).exists()
    assert OrgUnit.objects.filter(reach_q("path", operator.write_reach())).count() == 2
    for nobody in (Actor.anonymous(), Actor.public(world.pemda.pk), Actor.platform()):
        assert nobody.read_reach().is_empty and nobody.write_reach().is_empty
