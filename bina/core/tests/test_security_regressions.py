"""Security review: each test demonstrates one defect found in the pages, API or access layer.

Every test here is expected to FAIL until the defect it names is fixed.
"""

from __future__ import annotations

from django.urls import reverse

from bina.core.models import AuditEvent
from bina.people.factories import make_nip
from bina.people.models import Employee
from bina.people.tests.test_import_support import employee_row, run_import, write_csv

# --- personal data shown to the platform superadmin -----------------------------------------


def test_superadmin_audit_log_shows_no_employee_personal_data(world, superadmin, client_as):
    """The platform superadmin holds no personal data of a Pemda (architecture.md, Roles), but the
    audit log shows every Pemda event with its target label, which for employee events is
    "<name> (<NIP>)" (`Employee.__str__`, written by `audit_record`)."""
    staff = world.employees["staff_bidang"]
    # An ordinary, audited action of the Pemda's admin: opening a profile (employee.view).
    assert client_as(world.users["admin"]).get(reverse("people:employee_detail", args=[staff.nip])).status_code == 200
    assert AuditEvent.objects.filter(action="employee.view", target_id=str(staff.pk)).exists()

    body = client_as(superadmin).get(reverse("core:audit")).content.decode()

    assert staff.nip not in body, "the superadmin's audit log shows an employee's NIP"


# --- scope bypass through the import's supervisor column --------------------------------------


def test_operator_import_cannot_make_out_of_scope_employee_a_supervisor(world, tmp_path):
    """On the profile page and in the API a supervisor NIP is looked up among the people the editor
    can see ("No employee with NIP ... was found among the people you can see"). The employee import
    looks supervisors up in the whole Pemda, so an operator of the Dinas can hang their staff under
    the Camat of Kecamatan Alfa (outside their reach), which also gives that Camat supervisor read
    rights over the Dinas staff."""
    operator = world.actor("operator")
    staff = world.employees["staff_bidang"]
    camat = world.employees["camat_a"]
    from bina.people.access import employees_for

    assert not employees_for(operator).filter(pk=camat.pk).exists()  # the Camat is outside the operator's reach

    row = employee_row(staff.nip, staff.name, staff.unit.code, gender=staff.gender, supervisor=camat.nip)
    run_import(world, write_csv(tmp_path / "sup.csv", [row]), persona="operator")

    staff.refresh_from_db()
    assert staff.supervisor_id != camat.pk, "an operator's import linked a supervisor outside the operator's reach"


def test_operator_import_does_not_reveal_whether_an_out_of_scope_nip_exists(world, tmp_path):
    """A dry run by an operator answers differently for a NIP registered elsewhere in the Pemda and for
    one that does not exist, so the import is an oracle over every NIP of the Pemda."""
    camat = world.employees["camat_a"]
    missing = make_nip()
    new_a, new_b = make_nip(), make_nip()
    rows = [
        employee_row(new_a, "Baru Satu", "ALF-DKP-PD", supervisor=camat.nip),
        employee_row(new_b, "Baru Dua", "ALF-DKP-PD", supervisor=missing),
    ]
    report = run_import(world, write_csv(tmp_path / "probe.csv", rows), persona="operator", dry_run=True)
    by_row = {e.row: e.code for e in report.errors}
    # Both supervisors are equally invisible to the operator; they must be answered alike.
    assert by_row.get(2) == by_row.get(3), (
        f"existing out-of-scope NIP answered {by_row.get(2)}, missing {by_row.get(3)}"
    )


# --- API reveals an out-of-scope employee's NIP -----------------------------------------------


def test_api_does_not_reveal_nip_of_supervisor_outside_readers_scope(world, client_as):
    """The profile page shows a supervisor the reader cannot see by name only (no link, no NIP:
    `supervisor_visible`); the API returns that supervisor's NIP in `supervisor.nip`."""
    staff = world.employees["kel_a1_staff"]
    head = world.employees["head_dinas"]
    Employee.objects.filter(pk=staff.pk).update(supervisor=head)
    leader = world.users["leader"]  # reads Kecamatan Alfa's subtree only
    from bina.people.access import employees_for

    assert not employees_for(world.actor("leader")).filter(pk=head.pk).exists()

    client = client_as(leader)
    page = client.get(reverse("people:employee_detail", args=[staff.nip])).content.decode()
    assert head.nip not in page  # the page keeps it hidden

    detail = client.get(f"/api/v1/employees/{staff.nip}")
    assert detail.status_code == 200
    assert head.nip not in detail.content.decode(), "the API reveals the NIP of an employee outside the reader's scope"


# --- missing audit entries for people-data changes --------------------------------------------


def test_import_audits_each_created_employee(world, tmp_path, client_as):
    """Import updates write one `employee.update` event per employee, unit imports go through the
    audited services, and `employee_create` audits `employee.create`; employees *created* by an
    import must be logged too. Since issue 8.2 that is the run's one `import.employees` entry, which
    lists the NIPs it created, and the audit log finds it by the person's NIP."""
    nip = make_nip()
    report = run_import(world, write_csv(tmp_path / "new.csv", [employee_row(nip, "Pegawai Baru", "ALF-DKP")]))
    assert report.created == 1, report.errors
    event = AuditEvent.objects.get(action="import.employees")
    assert event.detail["created_nips"] == [nip], "an employee created by an import has no audit entry"
    assert event.actor_id == world.users["admin"].pk
    body = client_as(world.users["admin"]).get(reverse("core:audit"), {"subject": nip}).content.decode()
    assert "new.csv" in body, "the audit log does not find the import that created the person"


# --- login lockout ----------------------------------------------------------------------------


def test_lockout_holds_for_the_username_from_any_address(world, password):
    """settings/base.py says "lock a username (from any address) after repeated failures", but
    AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]] locks only the (username, address) pair:
    a password guesser who changes address gets a fresh budget for the same account."""
    from django.conf import settings as django_settings
    from django.test import Client

    login = reverse("accounts:login")
    for i in range(django_settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="10.0.0.1").post(login, {"username": "operator.alfa", "password": f"wrong-{i}"})
    locked = Client(REMOTE_ADDR="10.0.0.1").post(login, {"username": "operator.alfa", "password": password})
    assert locked.status_code == 429  # locked from the first address

    elsewhere = Client(REMOTE_ADDR="10.0.0.2")
    response = elsewhere.post(login, {"username": "operator.alfa", "password": password})
    assert response.status_code == 429, "the locked account logs in from another address"
    assert "_auth_user_id" not in elsewhere.session
