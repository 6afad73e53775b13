"""Home page: one section per role held, scoped data only, constant query count."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from bina.accounts.factories import RoleAssignmentFactory
from bina.core.audit import audit_record
from bina.people.factories import EmployeeFactory, OrgUnitFactory

HOME = reverse("shell:home")


@pytest.fixture
def client_as(client_as_en):
    return client_as_en


def get(client_as, user):
    response = client_as(user).get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_goes_to_login(client):
    response = client.get(HOME)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_html_lang_defaults_to_indonesian_and_follows_the_choice(world, client_as):
    client = Client()
    client.force_login(world.users["admin"], backend="bina.accounts.backends.NipOrUsernameBackend")
    assert '<html lang="id">' in client.get(HOME).content.decode()
    assert '<html lang="en">' in get(client_as, world.users["admin"])


def test_admin_sees_pemda_counts_recent_events_and_admin_links(world, other_world, client_as):
    audit_record(action="demo.marker", pemda_id=world.pemda.pk, actor_label="someone")
    audit_record(action="demo.foreign", pemda_id=other_world.pemda.pk, actor_label="stranger")
    body = get(client_as, world.users["admin"])
    assert "Your Pemda at a glance" in body
    assert '<span class="stat-value">7</span> <span class="stat-label">employees' in body
    assert '<span class="stat-value">1</span> <span class="stat-label">PPPK' in body
    assert '<span class="stat-value">6</span> <span class="stat-label">PNS' in body
    assert '<span class="stat-value">8</span> <span class="stat-label">units' in body
    assert "demo.marker" in body and "demo.foreign" not in body
    for name in ("accounts:users", "core:pemda_settings", "core:audit"):
        assert reverse(name) in body
    assert "<svg" in body  # the head-count chart
    assert 'aria-labelledby="chart-head-count-title chart-head-count-desc"' in body


def test_head_count_chart_draws_proportional_bars_and_links_each_unit_in_its_table(world, client_as):
    body = get(client_as, world.users["admin"])
    svg = ET.fromstring(body[body.index('<svg xmlns="http://www.w3.org/2000/svg"') : body.index("</svg>") + 6])
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img" and svg.find(f"{ns}title").text == "Active head count per unit"
    labels = [t.text for t in svg.iter(f"{ns}text")]
    bars = [float(r.get("width")) for r in svg.iter(f"{ns}rect")]
    values = [int(v) for v in labels[1::2]]  # label, value, label, value, …
    assert values == sorted(values, reverse=True) and len(bars) == len(values)
    for width, value in zip(bars, values, strict=True):
        assert width == pytest.approx(bars[0] * value / values[0], abs=0.01)
    start = body.index('<details class="chart-data"')
    table = body[start : body.index("</details>", start)]
    for key in ("setda", "dinas", "kec_a", "kec_b"):
        unit = world.units[key]
        assert f'<a href="{reverse("people:unit_detail", args=[unit.code])}">{unit.name}</a>' in table


def test_operator_sees_own_subtree_counts_and_units_not_other_unit(world, client_as):
    body = get(client_as, world.users["operator"])
    assert "Your units" in body
    assert world.units["bidang"].name in body
    assert world.units["kec_b"].name not in body
    assert '<span class="stat-value">3</span> <span class="stat-label">employees' in body
    assert "Recent activity" not in body


def test_leader_dashboard_is_read_only_and_limited_to_subtree(world, client_as):
    body = get(client_as, world.users["leader"])
    assert '<span class="stat-value">2</span> <span class="stat-label">employees' in body
    assert world.units["kel_a1"].name in body  # bar of the top unit under the kecamatan
    assert world.units["dinas"].name not in body
    assert reverse("accounts:users") not in body
    assert "Struktural" in body and "Aktif" in body


def test_supervisor_sees_team(world, client_as):
    body = get(client_as, world.users["supervisor"])
    assert "Your team" in body
    assert world.employees["head_bidang"].name in body
    assert "1 direct report" in body and "1 indirect report" in body
    assert world.employees["staff_bidang"].name not in body.split("Your team")[1].split("</section>")[0]


def test_participant_sees_own_profile_summary_only(world, client_as):
    body = get(client_as, world.users["participant"])
    assert "My profile" in body
    assert world.employees["kel_a1_staff"].nip in body
    assert "at a glance" not in body and "Your team" not in body


def test_instructor_sees_account_summary(world, client_as):
    body = get(client_as, world.users["instructor"])
    assert "My account" in body and world.users["instructor"].username in body
    assert "at a glance" not in body and "My profile" not in body


def test_superadmin_sees_pemda_list_and_no_personal_data(world, other_world, superadmin, client_as):
    body = get(client_as, superadmin)
    assert world.pemda.name in body and other_world.pemda.name in body
    assert world.employees["camat_a"].nip not in body


def test_user_with_several_roles_sees_each_section(world, client_as):
    user = world.users["supervisor"]
    RoleAssignmentFactory(user=user, pemda=world.pemda, role="leader", org_unit=world.units["kec_b"])
    body = get(client_as, user)
    assert "Your team" in body and "My profile" in body and "Your units at a glance" in body


def test_other_pemda_counts_never_leak(world, other_world, client_as):
    EmployeeFactory.create_batch(4, pemda=other_world.pemda, unit=other_world.units["dinas"])
    body = get(client_as, world.users["admin"])
    assert '<span class="stat-value">7</span> <span class="stat-label">employees' in body
    assert other_world.units["dinas"].code not in body


@pytest.mark.parametrize("persona", ["admin", "operator", "leader", "supervisor", "participant"])
def test_home_query_count_is_constant(world, client_as, persona):
    """The same number of queries with ten more units and thirty more people; the role cards (to-do list,
    leader's dashboard, team JP) keep the page under 30 queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(world.users[persona])
    client.get(HOME)
    with CaptureQueriesContext(connection) as before:
        client.get(HOME)
    for i in range(10):
        unit = OrgUnitFactory(pemda=world.pemda, code=f"ALF-N{i}", parent=world.units["dinas"])
        EmployeeFactory.create_batch(3, pemda=world.pemda, unit=unit, supervisor=world.employees["head_dinas"])
    with CaptureQueriesContext(connection) as after:
        assert client.get(HOME).status_code == 200
    assert len(after) == len(before) <= 30


def nav_of(body: str) -> str:
    return body[body.index('<nav class="nav"') : body.index("</nav>")]


def test_nav_shows_admin_links_to_admin(world, client_as):
    nav = nav_of(get(client_as, world.users["admin"]))
    for name in (
        "people:units",
        "people:employees",
        "accounts:users",
        "core:audit",
        "core:pemda_settings",
        "accounts:tokens",
    ):
        assert f'href="{reverse(name)}"' in nav
    assert reverse("core:pemda_list") not in nav


@pytest.mark.parametrize("persona", ["participant", "instructor"])
def test_nav_hides_what_the_role_cannot_use(world, client_as, persona):
    nav = nav_of(get(client_as, world.users[persona]))
    for name in ("people:employees", "accounts:users", "core:audit", "core:pemda_settings"):
        assert f'href="{reverse(name)}"' not in nav
    assert f'href="{reverse("accounts:tokens")}"' in nav


def test_nav_of_superadmin(superadmin, client_as):
    nav = nav_of(get(client_as, superadmin))
    assert f'href="{reverse("core:pemda_list")}"' in nav and f'href="{reverse("accounts:users")}"' in nav
    assert f'href="{reverse("people:employees")}"' not in nav and f'href="{reverse("people:units")}"' not in nav


def test_leader_of_whole_pemda_sees_every_top_unit(world, client_as):
    user = world.users["instructor"]
    RoleAssignmentFactory(user=user, pemda=world.pemda, role="leader", org_unit=None)
    body = get(client_as, user)
    for key in ("setda", "dinas", "kec_a", "kec_b"):
        assert world.units[key].name in body
    assert '<span class="stat-value">7</span> <span class="stat-label">employees' in body
