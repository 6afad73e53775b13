"""Employee list/search benchmark in its own process: `python -m bina.bench.run_list ENGINE EMPLOYEES`.

Generates EMPLOYEES employees for Surabaya with the demo generator, then measures the server time of
the employee list page and API (full Django stack, in-process test client: no network in the figure)
for a set of realistic queries, and the number of SQL queries of each.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def main() -> None:
    engine, employees = sys.argv[1], int(sys.argv[2])
    repeat = int(os.environ.get("BENCH_REPEAT", "40"))
    from bina.bench.db import demo_database
    from bina.bench.timing import client_for, time_get

    generate_seconds = demo_database(engine, f"bench_list_{engine}", employees)
    from django.db import connection
    from django.urls import reverse

    if engine == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    from bina.accounts.models import Role
    from bina.accounts.services import role_assign, token_create, user_create
    from bina.core.actor import Actor
    from bina.core.models import Pemda
    from bina.people.models import Employee, OrgUnit

    pemda = Pemda.objects.get(slug="surabaya")
    admin = user_create(actor=Actor.system(pemda.pk, label="bench"), pemda=pemda, username="bench.admin", password=None)
    role_assign(actor=Actor.system(pemda.pk, label="bench"), user=admin, role=Role.ADMIN)
    dinas = OrgUnit.objects.filter(pemda=pemda, kind="dinas").order_by("pk").first()
    operator = user_create(
        actor=Actor.system(pemda.pk, label="bench"), pemda=pemda, username="bench.operator", password=None
    )
    role_assign(actor=Actor.system(pemda.pk, label="bench"), user=operator, role=Role.OPERATOR, org_unit=dinas)
    _, token = token_create(actor=Actor.system(pemda.pk, label="bench"), user=admin)
    sample = Employee.objects.filter(pemda=pemda).order_by("pk")[employees // 2]
    name_term = sample.sort_name.split()[0]
    kec = OrgUnit.objects.filter(pemda=pemda, kind="kecamatan").order_by("pk").first()
    assert kec is not None and dinas is not None

    page_url = reverse("people:employees")
    api_url = "/api/v1/employees"
    cases: list[tuple[str, Any, str, dict[str, Any]]] = [
        ("page: list, page 1", admin, page_url, {}),
        ("page: list, page 200", admin, page_url, {"page": 200}),
        ("page: search name", admin, page_url, {"q": name_term}),
        ("page: search NIP prefix", admin, page_url, {"q": sample.nip[:8]}),
        ("page: filter unit subtree + PNS", admin, page_url, {"unit": kec.code, "asn_type": "PNS"}),
        ("page: operator scope, search", operator, page_url, {"q": name_term}),
        ("api: list, page 1", None, api_url, {}),
        ("api: search name", None, api_url, {"search": name_term}),
    ]
    results = []
    for label, user, url, params in cases:
        client, headers = client_for(user, token)
        client.get(url, params, headers=headers)  # warm caches, compile templates
        results.append(time_get(label, client, url, params, headers, repeat))
    print(
        json.dumps(
            {
                "engine": engine,
                "employees": Employee.objects.filter(pemda=pemda).count(),
                "generate_seconds": round(generate_seconds, 1),
                "repeat": repeat,
                "cases": results,
            }
        )
    )


if __name__ == "__main__":
    main()
