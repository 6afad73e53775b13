"""The pure rules on worked examples."""

from __future__ import annotations

import datetime as dt

from bina.evaluation import rules


def test_four_responses_show_nothing_five_show_results():
    assert not rules.results_visible(4, 5)
    assert rules.results_visible(5, 5)
    assert rules.results_visible(7, 7) and not rules.results_visible(6, 7)


def test_scale_summary_mean_and_top_two():
    # 1×2, 2×0, 3×1, 4×3, 5×4 = 10 answers; sum 2 + 3 + 12 + 20 = 37
    s = rules.scale_summary({1: 2, 3: 1, 4: 3, 5: 4, 9: 100}, 5)
    assert s.counts == (2, 0, 1, 3, 4)
    assert s.answered == 10
    assert s.mean == 3.7
    assert s.top_two_share == 0.7
    assert rules.scale_summary({}, 5).mean is None


def test_behaviour_compared_with_baseline():
    changes = rules.behaviour_changes({"KOM": [2, 3], "PP": [3]}, {"KOM": [4, 4], "INT": [5]})
    by = {c.key: c for c in changes}
    assert by["KOM"].baseline == 2.5 and by["KOM"].followup == 4 and by["KOM"].delta == 1.5
    assert by["PP"].followup is None and by["PP"].delta is None  # no follow-up yet
    assert by["INT"].baseline is None and by["INT"].delta is None  # no baseline: no change claimed


def test_testimony_byline_by_consent():
    name = "Rina Wulandari, S.Sos."
    assert rules.byline(name, "name") == "Rina Wulandari, S.Sos."
    assert rules.byline(name, "initials") == "R.W."
    assert rules.byline(name, "none") is None
    assert rules.initials("Dr. Ahmad bin Yusuf, M.Si.") == "D.A.B.Y."


def test_reminders_stop_when_answered_or_at_the_limit():
    opened = dt.datetime(2026, 12, 1, 8, 0)
    kw = {"opened_at": opened, "reminded_at": None, "reminders_sent": 0, "every_days": 3, "max_reminders": 3}
    assert not rules.reminder_due(answered=False, now=opened + dt.timedelta(days=2), **kw)
    assert rules.reminder_due(answered=False, now=opened + dt.timedelta(days=3), **kw)
    assert not rules.reminder_due(answered=True, now=opened + dt.timedelta(days=30), **kw)
    assert not rules.reminder_due(**{**kw, "reminders_sent": 3}, answered=False, now=opened + dt.timedelta(days=30))
    assert rules.followup_due_on(dt.date(2026, 1, 5), 12) == dt.date(2026, 3, 30)
