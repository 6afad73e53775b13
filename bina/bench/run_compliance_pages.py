"""The JP compliance reads on an existing bench database, without rebuilding it:
`DATABASE_URL=sqlite:///var/bench/bench_training_sqlite.sqlite3 python -m bina.bench.run_compliance_pages`.

Times the leader's home (`bench.leader`, whole Pemda), the admin's home and the JP compliance page
(`bench.admin`) through the in-process test client, and the two compliance aggregates alone; prints one JSON
line per case with the compliance figures, so runs of two versions of the code on the same file compare
(docs/benchmarks.md, "Yearly JP totals"). The database must be migrated to the code being measured.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import time
from collections.abc import Callable
from typing import Any


def _time_call(label: str, call: Callable[[], Any], repeat: int) -> dict[str, Any]:
    call()  # warm-up
    timings = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = call()
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    total = getattr(result, "total", result)
    return {
        "case": label,
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[math.ceil(0.95 * len(timings)) - 1], 1),
        "figures": [total.employees, total.compliant, str(total.jp_total)],
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bina.settings.bench")
    import django

    django.setup()
    from django.urls import reverse

    from bina.accounts.models import User
    from bina.accounts.scope import actor_for_user
    from bina.bench.timing import client_for, time_get
    from bina.training.learning.home import _compliance_total
    from bina.training.learning.selectors import unit_jp_compliance

    repeat = int(os.environ.get("BENCH_REPEAT", "15"))
    year = int(os.environ.get("BENCH_YEAR", "2026"))
    leader = User.objects.get(username="bench.leader")
    admin = User.objects.get(username="bench.admin")
    results = []
    for label, user, name in (
        ("page: home (leader, whole Pemda)", leader, "shell:home"),
        ("page: home (admin)", admin, "shell:home"),
        ("page: JP compliance (admin)", admin, "training:compliance"),
    ):
        client, headers = client_for(user)
        path = reverse(name)
        client.get(path, headers=headers)  # warm-up
        results.append(time_get(label, client, path, {}, headers, repeat))
    actor = actor_for_user(leader)
    results.append(_time_call(f"query: unit_jp_compliance({year})", lambda: unit_jp_compliance(actor, year), repeat))
    results.append(
        _time_call(f"query: _compliance_total({year - 1})", lambda: _compliance_total(actor, year - 1), repeat)
    )
    for row in results:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
