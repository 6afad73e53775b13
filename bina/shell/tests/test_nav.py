"""The main navigation: grouped by task, each role sees only what it can use, account and Keluar always there."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from bina.accounts.scope import actor_for_user
from bina.core.actor import Actor
from bina.core.registry import NAV_GROUPS, NavEntry, Registry
from bina.shell.templatetags.bina_nav import nav_sections_for

# What each persona of the test world gets in the menu (url name -> group), and nothing more.
EXPECTED = {
    "admin": {
        "shell:home", "notifications:list", "training:classes", "training:catalogue", "competencies:list",
        "certificates:list", "people:units", "people:employees", "people:import", "partners:list",
        "training:external_review", "training:compliance", "training:export_siasn", "accounts:users", "core:audit",
        "core:pemda_settings", "quality:figures", "quality:service_types", "quality:holidays",
        "skm:results", "skm:campaigns", "complaints:complaint_list", "analytics:impact", "portal:publication",
        "participation:figures", "participation:campaigns", "simulations:scenario_list", "evaluation:classes",
        "assessments:bank_list", "assessments:grading_queue",
    },
    "operator": {
        "shell:home", "notifications:list", "training:classes", "training:catalogue", "competencies:list",
        "certificates:list", "people:units", "people:employees", "people:import", "training:compliance",
        "training:export_siasn", "quality:figures", "quality:service_types", "quality:holidays",
        "skm:results", "skm:campaigns", "complaints:complaint_list", "participation:figures", "evaluation:classes",
    },
    "leader": {
        "shell:home", "notifications:list", "training:classes", "training:catalogue", "competencies:list",
        "certificates:list", "people:units", "people:employees", "training:compliance", "quality:figures",
        "quality:service_types", "quality:holidays", "skm:results", "complaints:complaint_list", "analytics:impact",
        "participation:figures", "participation:campaigns", "evaluation:classes",
    },
    "instructor": {
        "shell:home", "notifications:list", "training:classes", "certificates:list", "quality:service_types",
        "quality:holidays", "simulations:scenario_list", "evaluation:classes", "assessments:bank_list",
        "assessments:grading_queue",
    },
    "participant": {
        "shell:home", "notifications:list", "training:my_learning", "training:classes", "certificates:list",
        "quality:figures", "quality:service_types", "quality:holidays", "simulations:scenario_list", "evaluation:mine",
        "assessments:my_tests",
    },
}  # fmt: skip


def names(sections) -> set[str]:
    urls = {reverse(name): name for name in _all_url_names()}
    return {urls[link.url] for section in sections for link in section.links}


def _all_url_names() -> list[str]:
    from bina.core.registry import registry

    return [entry.url_name for entry in registry.nav_entries()]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_sees_exactly_what_it_can_use(world, persona):
    assert names(nav_sections_for(actor_for_user(world.users[persona]))) == EXPECTED[persona]


def test_a_supervisor_sees_the_participation_of_their_team(world):
    body = names(nav_sections_for(actor_for_user(world.users["supervisor"])))
    assert "participation:figures" in body and "training:team" in body


def test_instructor_sees_no_programme_or_organisation(world):
    body = names(nav_sections_for(actor_for_user(world.users["instructor"])))
    assert "training:catalogue" not in body and "people:units" not in body and "competencies:list" not in body


def test_superadmin_sees_the_platform_pages_only(superadmin):
    assert names(nav_sections_for(actor_for_user(superadmin))) == {
        "shell:home",
        "notifications:list",
        "accounts:users",
        "core:audit",
        "core:pemda_list",
    }


def test_links_are_grouped_by_task_in_menu_order(world):
    with translation.override("en"):
        sections = nav_sections_for(actor_for_user(world.users["admin"]))
    assert [s.key for s in sections] == ["", "training", "people", "quality", "reports", "system"]
    labels = {s.key: [link.label for link in s.links] for s in sections}
    assert labels["reports"] == ["JP compliance", "SIASN export", "Training evaluation"]
    assert labels["system"] == ["Users", "Audit log", "Transparency portal", "Settings"]


def test_the_current_page_marks_its_link_and_group(world):
    with translation.override("en"):
        sections = nav_sections_for(actor_for_user(world.users["admin"]), "people:employee_detail")
    current = [(s.key, link.label) for s in sections for link in s.links if link.current]
    assert current == [("people", "Employees")]
    assert next(s for s in sections if s.key == "people").current


def test_an_entry_with_an_unknown_group_is_refused():
    with pytest.raises(ValueError, match="unknown group"):
        Registry().add_nav(NavEntry("shell:home", "Home", 10, lambda actor: True, group="nonsense"))
    assert "" in {g.key for g in NAV_GROUPS}


def test_anonymous_actor_sees_no_entry_that_needs_a_pemda():
    sections = nav_sections_for(Actor.anonymous())
    assert names(sections) <= {"shell:home", "notifications:list"}


@pytest.fixture
def client_as(client_as_en):
    return client_as_en


@pytest.mark.parametrize("persona", ["admin", "participant", "instructor"])
def test_page_has_drawer_account_and_logout_for_every_role(world, client_as, persona):
    user = world.users[persona]
    body = client_as(user).get(reverse("shell:home")).content.decode()
    drawer = body[body.index('<details class="drawer"') : body.index("</details>")]
    assert "<summary" in drawer and "Menu" in drawer
    assert f'action="{reverse("accounts:logout")}"' in drawer
    assert f'href="{reverse("accounts:password_change")}"' in drawer
    # The name, not the username, in the header and the drawer.
    header = body[body.index('<header class="topbar">') : body.index("</header>")]
    assert user.display_name in header and user.display_name in drawer
    assert re.search(r"<script[^>]*>[^<]", body) is None  # no inline script (CSP)


def test_header_shows_the_pemda_name(world, client_as):
    body = client_as(world.users["participant"]).get(reverse("shell:home")).content.decode()
    header = body[body.index('<header class="topbar">') : body.index("</header>")]
    assert world.pemda.name in header
    assert reverse("core:pemda_emblem") not in header  # no emblem uploaded: no broken image
