"""Branching practice scoring on worked examples (bina.simulations.branching)."""

import json

import pytest

from bina.simulations import branching
from bina.simulations.services import STARTER_FILE

WEIGHTS = {"komunikasi": 3, "pelayanan": 1}

GRAPH = {
    "start": "s1",
    "steps": {
        "s1": {"citizen": "?", "choices": [
            {"key": "good", "levels": {"komunikasi": 4}, "next": "r"},
            {"key": "bad", "levels": {"komunikasi": 1, "pelayanan": 2}, "next": "r"},
        ]},
        "r": {"route": {"below": 50, "low": "calm", "high": "s2"}},
        "calm": {"choices": [{"key": "x", "levels": {"komunikasi": 4}, "next": "s2"}]},
        "s2": {"choices": [{"key": "y", "levels": {"pelayanan": 4}, "next": "end"}]},
        "end": {"end": True},
    },
}  # fmt: skip


def test_rubric_score_maps_levels_and_weights():
    # komunikasi 4 → 100, pelayanan 1 → 0; weights 3:1 → 75
    assert branching.rubric_score({"komunikasi": 4, "pelayanan": 1}, WEIGHTS) == pytest.approx(75.0)
    assert branching.rubric_score({}, WEIGHTS) is None


def test_path_score_averages_each_criterion_then_weights():
    # komunikasi: (4 + 1) / 2 = 2.5 → 50; pelayanan: (2 + 4) / 2 = 3 → 66.67; (3·50 + 66.67) / 4 = 54.17
    score = branching.path_score([{"komunikasi": 4}, {"komunikasi": 1, "pelayanan": 2}, {"pelayanan": 4}], WEIGHTS)
    assert score == pytest.approx((3 * 50 + 200 / 3) / 4)


def test_a_good_start_skips_the_calming_step():
    path, scores = branching.walk(GRAPH, ["good", "y"], WEIGHTS)
    assert path == ["s1", "s2", "end"]
    assert scores == [pytest.approx(100.0), pytest.approx(100.0)]


def test_a_bad_start_branches_on_the_running_score():
    # after "bad": komunikasi 1 → 0, pelayanan 2 → 33.3; (0·3 + 33.3) / 4 = 8.3 < 50 → "calm"
    path, scores = branching.walk(GRAPH, ["bad", "x", "y"], WEIGHTS)
    assert path == ["s1", "calm", "s2", "end"]
    assert scores[0] == pytest.approx(100 / 3 / 4)
    # komunikasi (1 + 4) / 2 = 2.5 → 50, pelayanan (2 + 4) / 2 = 3 → 66.7: (150 + 66.7) / 4
    assert scores[-1] == pytest.approx((3 * 50 + 200 / 3) / 4)


def test_walk_refuses_choices_the_step_does_not_offer():
    with pytest.raises(ValueError):
        branching.walk(GRAPH, ["x"], WEIGHTS)
    with pytest.raises(ValueError):
        branching.walk(GRAPH, ["good", "y", "y"], WEIGHTS)


def test_graph_problems_finds_broken_graphs():
    assert branching.graph_problems(GRAPH, set(WEIGHTS)) == []
    cycle = {"start": "a", "steps": {"a": {"route": {"below": 50, "low": "b", "high": "b"}},
                                     "b": {"route": {"below": 50, "low": "a", "high": "a"}}}}  # fmt: skip
    assert branching.graph_problems(cycle, set()) != []
    unknown = json.loads(json.dumps(GRAPH))
    unknown["steps"]["s2"]["choices"][0]["levels"] = {"empati": 5}
    problems = branching.graph_problems(unknown, set(WEIGHTS))
    assert any("empati" in p for p in problems) and any("outside" in p for p in problems)
    orphan = json.loads(json.dumps(GRAPH))
    orphan["steps"]["lost"] = {"end": True}
    assert branching.graph_problems(orphan, set(WEIGHTS)) == ["lost: unreachable"]


def test_the_starter_library_is_eight_walkable_scenarios():
    items = json.loads(STARTER_FILE.read_text(encoding="utf-8"))
    assert len(items) >= 8
    assert {i["service_level"] for i in items} == {"kelurahan", "kecamatan", "dispendukcapil"}
    for item in items:
        keys = {c["key"] for c in item["criteria"]}
        assert all(len(c["levels"]) == 4 for c in item["criteria"])
        assert branching.graph_problems(item["practice"], keys) == []
    assert sum(1 for i in items if i["practice"]) >= 3
