"""Public SKM submissions under load: `python -m bina.bench skm` (or `python -m bina.bench.run_skm`).

On PostgreSQL (DATABASE_URL if it points at PostgreSQL, else a fresh `bina_bench_skm` database next to
PG_URL): migrate, create a Pemda (which gets the SKM questionnaire and the service catalogue) with one
kelurahan; sign BENCH_SKM_RATE × BENCH_SKM_SECONDS ticket links; start gunicorn (as the enrolment rush
does, `bina.bench.run_enrol`); then submit the public form (`POST /p/<slug>/skm/<unit>/` with the ticket)
at a steady BENCH_SKM_RATE per second for BENCH_SKM_SECONDS, open loop (each submission is sent at its
scheduled time, whatever the server's speed, from a pool of client threads). Every BENCH_SKM_DOUBLE-th
ticket is submitted twice at the same instant by two threads (a double tap on two phones), which must
store one response. Each client thread first opens the form once (its CSRF cookie), as a phone does
before submitting.

Checked against the rows afterwards: errors (anything but the redirect to the thanks page, or the
"already answered" page for the second of a double submission), lost (a ticket without its response,
or a response without its nine answers) and duplicates (a ticket with two responses). Exits non-zero
unless all three are 0. Reports the achieved rate, p50/p95/max latency, the lag behind schedule and the
server's CPU per submission.

Environment: BENCH_SKM_RATE (100), BENCH_SKM_SECONDS (30), BENCH_SKM_DOUBLE (10), BENCH_SKM_CLIENTS
(96), BENCH_GUNICORN_WORKERS (4), BENCH_GUNICORN_THREADS (8).
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import json
import math
import os
import queue
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

from bina.bench.run_enrol import _cpu_seconds, _free_port, _server_pids, _start_server


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    from bina.bench.db import fresh_database_url

    return fresh_database_url("postgres", "bina_bench_skm")


def _setup(count: int) -> tuple[str, str, list[tuple[str, str]]]:
    """A Pemda with one kelurahan and `count` signed tickets: (slug, unit code, [(once key, token)])."""
    from bina.core.actor import Actor
    from bina.core.services import pemda_create
    from bina.people.factories import OrgUnitFactory
    from bina.people.models import OrgUnitKind
    from bina.skm.tickets import Ticket, ticket_token

    run_id = str(int(time.time()))
    pemda = pemda_create(
        actor=Actor.platform(label="bench"),
        slug=f"skm-{run_id}",
        name=f"Pemerintah SKM {run_id}",
        kind="kota",
        bps_code=f"{int(time.time() * 1000) % 10000:04d}",
    )
    unit_code = f"KEL-{run_id}"
    OrgUnitFactory(pemda=pemda, code=unit_code, name="Kelurahan Bench", kind=OrgUnitKind.KELURAHAN)
    today = dt.date.today()
    tickets = []
    for i in range(count):
        ticket = Ticket(unit_code, "KTP-EL", f"A{i:05d}", today)
        tickets.append((ticket.once_key, ticket_token(ticket)))
    return pemda.slug, unit_code, tickets


class Client:
    """One phone: a cookie jar, the CSRF token of the form it opened, no redirects followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    def __init__(self, url: str) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect)
        self.url = url
        with self.opener.open(url, timeout=60) as response:
            page = response.read().decode()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if match is None:
            raise SystemExit("the form has no CSRF token")
        self.csrf = match.group(1)

    def submit(self, token: str, values: dict[str, str]) -> int:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf, "t": token, **values}).encode()
        request = urllib.request.Request(
            f"{self.url}?t={urllib.parse.quote(token)}", data=body, method="POST", headers={"Referer": self.url}
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                response.read()
                return int(response.status)
        except urllib.error.HTTPError as exc:
            exc.read()
            return int(exc.code)


def _answers(i: int) -> dict[str, str]:
    from bina.skm.elements import ELEMENT_CODES

    values = {code: str(1 + (i + k) % 4) for k, code in enumerate(ELEMENT_CODES)}
    values["jenis_kelamin"] = "L" if i % 2 else "P"
    return values


def _load(url: str, tickets: list[tuple[str, str]], rate: int, double_every: int, clients: int) -> dict[str, object]:
    """Open loop: submission i is due at start + i / rate; a double is two threads on one ticket at once."""
    jobs: queue.Queue[tuple[float, int, str, int] | None] = queue.Queue()
    lock = threading.Lock()
    outcomes: Counter[str] = Counter()
    latencies: list[float] = []
    lags: list[float] = []
    per_ticket: dict[int, list[int]] = {}
    failures: list[str] = []
    phones = [Client(url) for _ in range(clients)]
    start = time.perf_counter() + 1.0
    for i, (_key, _token) in enumerate(tickets):
        due = start + i / rate
        jobs.put((due, i, _token, 0))
        if double_every and i % double_every == 0:
            jobs.put((due, i, _token, 1))

    def worker(phone: Client) -> None:
        while True:
            job = jobs.get()
            if job is None:
                return
            due, i, token, _copy = job
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            sent = time.perf_counter()
            try:
                status = phone.submit(token, _answers(i))
            except Exception as exc:  # a refused connection, a timeout: an error
                status = 0
                with lock:
                    failures.append(repr(exc))
            done = time.perf_counter()
            with lock:
                latencies.append(done - sent)
                lags.append(max(0.0, sent - due))
                per_ticket.setdefault(i, []).append(status)

    threads = [threading.Thread(target=worker, args=(phone,)) for phone in phones]
    for t in threads:
        t.start()
    for _ in threads:
        jobs.put(None)
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    for statuses in per_ticket.values():
        statuses.sort()
        if len(statuses) == 1:
            outcomes["ok" if statuses == [302] else f"error {statuses[0]}"] += 1
        elif statuses in ([200, 302], [302, 409]):  # the second sees "already answered" (page or race)
            outcomes["double_ok"] += 1
        else:
            outcomes[f"double_error {statuses}"] += 1
    latencies.sort()
    lags.sort()
    sent = sum(len(s) for s in per_ticket.values())
    return {
        "outcomes": outcomes,
        "failures": failures[:5],
        "submissions": sent,
        "wall_seconds": round(wall, 2),
        "submissions_per_s": round(sent / wall, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "p95_ms": round(latencies[math.ceil(len(latencies) * 0.95) - 1] * 1000, 1),
        "max_ms": round(latencies[-1] * 1000, 1),
        "lag_p95_ms": round(lags[math.ceil(len(lags) * 0.95) - 1] * 1000, 1),
    }


def main() -> None:
    rate = int(os.environ.get("BENCH_SKM_RATE", "100"))
    seconds = int(os.environ.get("BENCH_SKM_SECONDS", "30"))
    double_every = int(os.environ.get("BENCH_SKM_DOUBLE", "10"))
    clients = int(os.environ.get("BENCH_SKM_CLIENTS", "96"))
    db_url = _database_url()
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bina.settings.bench"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    slug, unit_code, tickets = _setup(rate * seconds)
    connections.close_all()
    port = _free_port()
    proc = _start_server(port, db_url)
    url = f"http://127.0.0.1:{port}/p/{slug}/skm/{unit_code}/"
    db_name = db_url.rsplit("/", 1)[1]
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                Client(url)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not answer") from None
                time.sleep(0.2)
        load = os.getloadavg()[0]
        before = {pid: _cpu_seconds([pid]) for pid in _server_pids(proc, db_name)}
        outcome = _load(url, tickets, rate, double_every, clients)
        used = sum(_cpu_seconds([pid]) - before.get(pid, 0.0) for pid in _server_pids(proc, db_name))
    finally:
        proc.terminate()
        proc.wait(timeout=30)

    from django.db.models import Count

    from bina.surveys.models import Answer, Response

    keys = [key for key, _token in tickets]
    rows = Response.objects.filter(once_key__in=keys)
    stored = rows.count()
    distinct = rows.values("once_key").distinct().count()
    short = (
        rows.annotate(n=Count("answers")).exclude(n=10).count()  # nine elements and the gender
    )
    counts: Counter[str] = outcome["outcomes"]  # type: ignore[assignment]
    errors = sum(n for k, n in counts.items() if k not in ("ok", "double_ok"))
    result: dict[str, object] = {
        "engine": "postgres",
        "rate_per_s": rate,
        "seconds": seconds,
        "tickets": len(tickets),
        "doubled_tickets": sum(1 for i in range(len(tickets)) if double_every and i % double_every == 0),
        **{k: v for k, v in outcome.items() if k != "outcomes"},
        "outcomes": dict(counts),
        "errors": errors,
        "lost": len(tickets) - distinct + short,
        "duplicates": stored - distinct,
        "answers_rows": Answer.objects.filter(response__in=rows).count(),
        "server_cpu_ms_per_submission": round(used * 1000 / max(1, int(outcome["submissions"])), 1),  # type: ignore[call-overload]
        "gunicorn": f"{os.environ.get('BENCH_GUNICORN_WORKERS', '4')}x{os.environ.get('BENCH_GUNICORN_THREADS', '8')}",
        "clients": clients,
        "cpus": os.cpu_count(),
        "load_average_1m_before": round(load, 1),
    }
    print(json.dumps(result))
    if result["errors"] or result["lost"] or result["duplicates"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
