"""A test sitting under load: `python -m bina.bench sitting` (or `python -m bina.bench.run_sitting`).

On PostgreSQL (DATABASE_URL if it points at PostgreSQL, else a fresh `bina_bench_sitting` database next to
PG_URL): migrate, create a Pemda with one class of BENCH_SITTING_PEOPLE (200) enrolled participants, each
with a logged-in session, a bank of 2 × BENCH_SITTING_QUESTIONS questions and the class's pre-test drawn from
it (BENCH_SITTING_QUESTIONS, 40, items), and start every participant's sitting; start gunicorn (as the
enrolment rush does, `bina.bench.run_enrol`); each client opens its sitting page once (as the phone does:
the page and its CSRF cookie), then all are released together by a barrier and every participant answers
every question as the page's htmx does (`POST /assessments/sittings/<pk>/answer/` with `HX-Request`), one
after the other, with BENCH_SITTING_THINK seconds between two answers (uniform in "5-15" by default: a brisk
pace, a question every 10 s on average, so 200 people send about 20 answers/s; "0" sends as fast as the
server answers, which measures saturation, not the phone's wait), changing their mind on every fifth question
(the answer saved twice). Then every sitting is submitted through the page (confirmed).

Checked against the rows afterwards: errors (anything but 200 for an answer), lost (a sitting without an
answer row for each of its questions, or a row that does not hold the last choice sent) and the submitted
sittings' scores against the answers the clients chose. Exits non-zero unless errors and lost are 0.
Reports p50/p95/max latency of the autosave, requests/s and the server's CPU per answer.

Environment: BENCH_SITTING_PEOPLE (200), BENCH_SITTING_QUESTIONS (40), BENCH_SITTING_THINK (5-15),
BENCH_GUNICORN_WORKERS (4),
BENCH_GUNICORN_THREADS (8).
"""

from __future__ import annotations

import json
import math
import os
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, cast

from bina.bench.run_enrol import _cpu_seconds, _free_port, _server_pids, _start_server


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    from bina.bench.db import fresh_database_url

    return fresh_database_url("postgres", "bina_bench_sitting")


def _setup(people: int, questions: int) -> list[dict[str, Any]]:
    """The class, its bank and pre-test, and per participant: session cookie, sitting id, question -> choices."""
    from decimal import Decimal

    from django.conf import settings
    from django.test import Client

    from bina.accounts.services import user_create
    from bina.assessments import services
    from bina.assessments.models import Choice, Question
    from bina.assessments.services import TestsInput
    from bina.core.actor import Actor
    from bina.core.models import Pemda
    from bina.people.factories import EmployeeFactory, OrgUnitFactory
    from bina.people.models import Employee
    from bina.training.catalogue.models import Course
    from bina.training.classes.models import TrainingClass
    from bina.training.factories import CourseFactory, EnrolmentFactory, SessionFactory, TrainingClassFactory

    run_id = str(int(time.time()))
    pemda = Pemda.objects.create(
        slug=f"sit-{run_id}", name=f"Pemerintah Ujian {run_id}", bps_code=f"{int(time.time() * 1000) % 10000:04d}"
    )
    system = Actor.system(pemda.pk, label="bench")
    unit = OrgUnitFactory(pemda=pemda, code=f"SIT-{run_id}", name="Dinas Ujian")
    course = cast(Course, CourseFactory(pemda=pemda, has_post_test=True, min_post_test_score=60))
    klass = cast(TrainingClass, TrainingClassFactory(course=course, capacity=people, code=f"SIT-{run_id}"))
    SessionFactory(klass=klass)
    bank = Question.objects.bulk_create(
        [
            Question(pemda=pemda, course=course, kind="single", text=f"Soal {i}?", difficulty="medium", points=1)
            for i in range(2 * questions)
        ]
    )
    Choice.objects.bulk_create(
        [
            Choice(question=q, text=f"Pilihan {c}", fraction=Decimal(1 if c == 0 else 0), position=c)
            for q in bank
            for c in range(4)
        ]
    )
    tests = services.tests_create(actor=system, klass=klass, data=TestsInput({(0, "medium"): questions}, 60))
    items = list(tests.pre.items.values_list("question_id", flat=True))
    choices: dict[int, list[int]] = {}
    for question_id, choice_id in Choice.objects.filter(question_id__in=items).values_list("question_id", "pk"):
        choices.setdefault(question_id, []).append(choice_id)
    clients = []
    for i in range(people):
        employee = cast(Employee, EmployeeFactory(pemda=pemda, unit=unit, name=f"Peserta Ujian {i:04d}"))
        EnrolmentFactory(klass=klass, employee=employee)
        user = user_create(actor=system, pemda=pemda, username=f"sit{run_id}.{i:04d}", password=None, employee=employee)
        from bina.accounts.scope import actor_for_user

        sitting = services.test_start(actor=actor_for_user(user), test=tests.pre)
        client = Client()
        client.force_login(user, backend="bina.accounts.backends.NipOrUsernameBackend")
        clients.append(
            {
                "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "sitting": sitting.pk,
                "items": {q: sorted(choices[q]) for q in items},
            }
        )
    return clients


def _open(base: str, client: dict[str, Any]) -> None:
    """The sitting page once, as the phone opens it: it sets the CSRF cookie the answers carry."""
    req = urllib.request.Request(
        f"{base}/assessments/sittings/{client['sitting']}/", headers={"Cookie": f"sessionid={client['session']}"}
    )
    with urllib.request.urlopen(req, timeout=120) as response:
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("csrftoken="):
                client["csrf"] = header.split(";", 1)[0].split("=", 1)[1]
    if "csrf" not in client:
        raise SystemExit("the sitting page set no CSRF cookie")


def _post(base: str, client: dict[str, Any], path: str, data: dict[str, Any], htmx: bool) -> int:
    headers = {
        "Cookie": f"sessionid={client['session']}; csrftoken={client['csrf']}",
        "X-CSRFToken": client["csrf"],
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if htmx:
        headers["HX-Request"] = "true"
    req = urllib.request.Request(
        f"{base}{path}", data=urllib.parse.urlencode(data, doseq=True).encode(), method="POST", headers=headers
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=600) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _think() -> tuple[float, float]:
    """BENCH_SITTING_THINK "LO-HI" seconds between two answers of one participant (uniform); "0" hammers."""
    raw = os.environ.get("BENCH_SITTING_THINK", "5-15")
    lo, _, hi = raw.partition("-")
    return float(lo), float(hi or lo)


def _answer_all(base: str, clients: list[dict[str, Any]]) -> dict[str, Any]:
    barrier = threading.Barrier(len(clients) + 1)
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[str] = []

    def one(client: dict[str, Any]) -> None:
        rng = random.Random(client["sitting"])
        client["chosen"] = {}
        lo, hi = _think()
        barrier.wait()
        if hi:
            time.sleep(rng.uniform(0, hi))  # people open the test within the first moments, not in one tick
        for n, (question, options) in enumerate(client["items"].items()):
            if n and hi:
                time.sleep(rng.uniform(lo, hi))
            picks = [rng.choice(options)]
            if n % 5 == 0:
                picks.append(rng.choice(options))  # a change of mind: saved twice
            for choice in picks:
                started = time.perf_counter()
                status = _post(
                    base,
                    client,
                    f"/assessments/sittings/{client['sitting']}/answer/",
                    {"question": question, "choice": choice},
                    htmx=True,
                )
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if status != 200:
                        errors.append(f"{status} sitting {client['sitting']} question {question}")
            client["chosen"][question] = picks[-1]

    threading.stack_size(512 * 1024)
    threads = [threading.Thread(target=one, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "wall": wall,
        "p50": statistics.median(latencies) if latencies else 0.0,
        "p95": latencies[math.ceil(len(latencies) * 0.95) - 1] if latencies else 0.0,
        "max": latencies[-1] if latencies else 0.0,
    }


def _submit_all(base: str, clients: list[dict[str, Any]]) -> list[str]:
    errors: list[str] = []
    lock = threading.Lock()
    todo = iter(clients)

    def worker() -> None:
        while True:
            with lock:
                client = next(todo, None)
            if client is None:
                return
            status = _post(
                base, client, f"/assessments/sittings/{client['sitting']}/submit/", {"confirmed": "yes"}, htmx=False
            )
            if status != 302:
                with lock:
                    errors.append(f"submit {client['sitting']}: {status}")

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def _lost(clients: list[dict[str, Any]]) -> dict[str, int]:
    from bina.assessments.models import Answer, Choice, Sitting

    right = set(Choice.objects.filter(fraction__gt=0).values_list("pk", flat=True))
    stored: dict[tuple[int, int], list[int]] = {
        (s, q): c
        for s, q, c in Answer.objects.filter(sitting_id__in=[c["sitting"] for c in clients]).values_list(
            "sitting_id", "question_id", "choice_ids"
        )
    }
    scores = dict(Sitting.objects.filter(pk__in=[c["sitting"] for c in clients]).values_list("pk", "score"))
    lost = wrong_score = 0
    for client in clients:
        for question, choice in client["chosen"].items():
            if stored.get((client["sitting"], question)) != [choice]:
                lost += 1
        expected = sum(1 for choice in client["chosen"].values() if choice in right)
        wrong_score += scores.get(client["sitting"]) != expected
    return {"lost": lost, "sittings_with_a_wrong_score": wrong_score}


def main() -> None:
    people = int(os.environ.get("BENCH_SITTING_PEOPLE", "200"))
    questions = int(os.environ.get("BENCH_SITTING_QUESTIONS", "40"))
    db_url = _database_url()
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bina.settings.bench"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    clients = _setup(people, questions)
    connections.close_all()
    port = _free_port()
    proc = _start_server(port, db_url)
    base = f"http://127.0.0.1:{port}"
    db_name = db_url.rsplit("/", 1)[1]
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _open(base, clients[0])
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("gunicorn did not answer within 60 s") from None
                time.sleep(0.3)
        opener_threads = [threading.Thread(target=_open, args=(base, c)) for c in clients[1:]]
        for t in opener_threads:
            t.start()
        for t in opener_threads:
            t.join()
        load = os.getloadavg()[0]
        before = {pid: _cpu_seconds([pid]) for pid in _server_pids(proc, db_name)}
        outcome = _answer_all(base, clients)
        used = sum(_cpu_seconds([pid]) - before.get(pid, 0.0) for pid in _server_pids(proc, db_name))
        submit_errors = _submit_all(base, clients)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    checks = _lost(clients)
    errors: list[str] = outcome["errors"]
    result: dict[str, object] = {
        "engine": "postgres",
        "participants": people,
        "questions": questions,
        "answers_sent": outcome["requests"],
        "errors": len(errors),
        "submit_errors": len(submit_errors),
        **checks,
        "wall_seconds": round(outcome["wall"], 2),
        "requests_per_s": round(outcome["requests"] / outcome["wall"], 1),
        "p50_ms": round(outcome["p50"] * 1000, 1),
        "p95_ms": round(outcome["p95"] * 1000, 1),
        "max_ms": round(outcome["max"] * 1000, 1),
        "server_cpu_ms_per_answer": round(used * 1000 / max(1, outcome["requests"]), 1),
        "think_seconds": os.environ.get("BENCH_SITTING_THINK", "5-15"),
        "gunicorn": f"{os.environ.get('BENCH_GUNICORN_WORKERS', '4')}x{os.environ.get('BENCH_GUNICORN_THREADS', '8')}",
        "cpus": os.cpu_count(),
        "load_average_1m_before": round(load, 1),
    }
    if errors or submit_errors:
        print("first errors:", (errors + submit_errors)[:5], file=sys.stderr)
    print(json.dumps(result))
    if errors or submit_errors or checks["lost"] or checks["sittings_with_a_wrong_score"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
