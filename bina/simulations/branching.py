"""Branching practice: a scenario as a graph of steps, and how a walk through it is scored (pure functions).

The graph (stored as JSON on the scenario, shipped in `data/scenarios.json`):
    {"start": "s1", "steps": {
        "s1": {"citizen": "...", "situation": "...",
               "choices": [{"key": "a", "label": "...", "consequence": "...",
                            "levels": {"<criterion key>": 1-4, ...}, "next": "s2"}]},
        "s2": {"route": {"below": 60, "low": "s2_calm", "high": "s3"}},   # branch on the running score
        "end_ok": {"end": true, "citizen": "..."}}}
A choice earns a rubric level (1-4) on the criteria it touches. The running score after each choice is the
rubric score of the levels so far: per criterion the mean of its levels, mapped to 0-100 as (level - 1) / 3,
then the criteria's weighted mean over the criteria touched (the same mapping as a role-play's observer
score, `rubric_score`). A route step sends the walker on by the running score: below `below` to `low`,
else to `high`; it shows nothing itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

MAX_ROUTES = 20  # a chain of route steps longer than this is a cycle


def level_to_percent(level: float) -> float:
    """Rubric level 1-4 → 0-100 (1 = 0, 4 = 100)."""
    return (level - 1.0) / 3.0 * 100.0


def rubric_score(levels: Mapping[str, float], weights: Mapping[str, int]) -> float | None:
    """The weighted score (0-100) of a level per criterion; criteria without a level are left out."""
    present = [(key, level) for key, level in levels.items() if key in weights]
    total = sum(weights[key] for key, _ in present)
    if not total:
        return None
    return sum(weights[key] * level_to_percent(level) for key, level in present) / total


def path_levels(choice_levels: Sequence[Mapping[str, int]]) -> dict[str, float]:
    """Per criterion, the mean level earned over the choices of a path."""
    sums: dict[str, list[int]] = {}
    for levels in choice_levels:
        for key, level in levels.items():
            sums.setdefault(key, []).append(level)
    return {key: sum(values) / len(values) for key, values in sums.items()}


def path_score(choice_levels: Sequence[Mapping[str, int]], weights: Mapping[str, int]) -> float | None:
    """The score (0-100) of a path: the rubric score of its per-criterion mean levels."""
    return rubric_score(path_levels(choice_levels), weights)


def resolve(graph: Mapping[str, Any], key: str, running_score: float | None) -> str:
    """The step a walker lands on at `key`: route steps followed by the running score (none yet counts as 0)."""
    steps = graph["steps"]
    for _ in range(MAX_ROUTES):
        route = steps[key].get("route")
        if not route:
            return key
        key = route["low"] if (running_score or 0.0) < route["below"] else route["high"]
    raise ValueError(f"route cycle at {key}")


def choice_of(graph: Mapping[str, Any], step_key: str, choice_key: str) -> Mapping[str, Any] | None:
    for choice in graph["steps"][step_key].get("choices", []):
        if choice["key"] == choice_key:
            return choice
    return None


def is_end(graph: Mapping[str, Any], key: str) -> bool:
    return bool(graph["steps"][key].get("end"))


def walk(
    graph: Mapping[str, Any], choices: Sequence[str], weights: Mapping[str, int]
) -> tuple[list[str], list[float | None]]:
    """Replay choice keys from the start: the steps shown (routes resolved) and the running score after each
    choice. Raises ValueError on a choice the step does not offer or a choice after the end."""
    path = [resolve(graph, graph["start"], None)]
    earned: list[Mapping[str, int]] = []
    scores: list[float | None] = []
    for key in choices:
        step = path[-1]
        if is_end(graph, step):
            raise ValueError(f"choice {key} after the end")
        choice = choice_of(graph, step, key)
        if choice is None:
            raise ValueError(f"step {step} offers no choice {key}")
        earned.append(choice.get("levels", {}))
        scores.append(path_score(earned, weights))
        path.append(resolve(graph, choice["next"], scores[-1]))
    return path, scores


def graph_problems(graph: Mapping[str, Any], criterion_keys: set[str]) -> list[str]:
    """What is wrong with a practice graph (empty list: it can be walked): unknown steps, criteria or levels,
    steps without choices that are not ends, route cycles, steps nobody can reach."""
    if not graph:
        return []
    problems: list[str] = []
    steps = graph.get("steps") or {}
    if graph.get("start") not in steps:
        return ["start step missing"]
    for key, step in steps.items():
        if step.get("route"):
            route = step["route"]
            for side in ("low", "high"):
                if route.get(side) not in steps:
                    problems.append(f"{key}: route {side} → unknown step")
            continue
        if step.get("end"):
            continue
        if not step.get("choices"):
            problems.append(f"{key}: no choices and not an end")
        for choice in step.get("choices", []):
            if choice.get("next") not in steps:
                problems.append(f"{key}/{choice.get('key')}: next → unknown step")
            for criterion, level in choice.get("levels", {}).items():
                if criterion not in criterion_keys:
                    problems.append(f"{key}/{choice.get('key')}: unknown criterion {criterion}")
                if level not in (1, 2, 3, 4):
                    problems.append(f"{key}/{choice.get('key')}: level {level} outside 1-4")
    if problems:
        return problems
    try:
        for key in steps:
            resolve(graph, key, 0.0)
            resolve(graph, key, 100.0)
    except ValueError as exc:
        return [str(exc)]
    seen, todo = set(), [graph["start"]]
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        step = steps[key]
        if step.get("route"):
            todo += [step["route"]["low"], step["route"]["high"]]
        todo += [c["next"] for c in step.get("choices", [])]
    problems += [f"{key}: unreachable" for key in steps if key not in seen]
    return problems
