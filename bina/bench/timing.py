"""Server time of a GET through the full Django stack (in-process test client), shared by the page benchmarks."""

from __future__ import annotations

import math
import statistics
import time
from typing import Any

LOGIN_BACKEND = "bina.accounts.backends.NipOrUsernameBackend"


def client_for(user: Any = None, token: str | None = None) -> tuple[Any, dict[str, str]]:
    """A test client logged in as USER (session), or a bare one with the Bearer TOKEN header to send."""
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user, backend=LOGIN_BACKEND)
        return client, {}
    return client, {"Authorization": f"Bearer {token}"}


def time_get(
    label: str, client: Any, path: str, params: dict[str, Any], headers: dict[str, str], repeat: int
) -> dict[str, Any]:
    """REPEAT timed GETs of PATH (after the caller's warm-up request): p50/p95 in ms and the SQL query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(path, params, headers=headers)
            timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (label, response.status_code)
        queries = len(ctx.captured_queries)
    timings.sort()
    return {
        "case": label,
        "p50_ms": round(statistics.median(timings), 1),
        # Nearest-rank p95: the smallest timing with at least 95% of the requests at or below it.
        "p95_ms": round(timings[math.ceil(0.95 * len(timings)) - 1], 1),
        "queries": queries,
    }
