"""Class evaluation report benchmark: `python -m bina.bench.run_evaluation_report [PARTICIPANTS]`.

In a fresh SQLite database: a class of PARTICIPANTS (40) attendees with two sessions, every attendee's
reaction survey answered (with instructor ratings and a comment), baseline and follow-up behaviour
questionnaires answered by each participant and a supervisor on three target competencies, and ten approved
testimonies; then renders the class evaluation report (`evaluation.class_report`) as PDF and as XLSX through
the report registry, five times each. Target (issue 12): under 3 s for a class of 40. Prints one JSON line;
exits non-zero when over the target.
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
from typing import Any

TARGET_SECONDS = 3.0


def main() -> None:
    participants = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    from bina.bench.db import migrated_database

    migrated_database("sqlite", "bench_evaluation")
    from django.utils import timezone

    from bina.competencies.models import Competency, CompetencyLevel
    from bina.core.actor import Actor
    from bina.core.services import pemda_create
    from bina.evaluation import services
    from bina.evaluation.factories import ended_class
    from bina.evaluation.models import BehaviourSurvey, Rater, Stage, Testimony
    from bina.people.factories import EmployeeFactory, OrgUnitFactory
    from bina.reports.registry import report_file
    from bina.training.catalogue.models import CourseCompetency
    from bina.training.factories import CourseFactory

    pemda = pemda_create(
        actor=Actor.platform(label="bench"), slug="benchkota", name="Kota Bench", kind="kota", bps_code="9902"
    )
    unit = OrgUnitFactory(pemda=pemda, code="B-DKP", name="Dinas Bench", kind="dinas")
    course: Any = CourseFactory(pemda=pemda, title="Pelayanan Prima")
    for i, name in enumerate(("Komunikasi", "Pelayanan Publik", "Integritas")):
        c = Competency.objects.create(pemda=pemda, code=f"BK{i}", name=f"Bench {name}", kind="sosial_kultural")
        CompetencyLevel.objects.bulk_create(
            CompetencyLevel(competency=c, level=lv, description=f"Indikator {name} {lv}") for lv in range(1, 6)
        )
        CourseCompetency.objects.create(course=course, competency=c, target_level=3)
    boss: Any = EmployeeFactory(pemda=pemda, unit=unit, name="Kepala Bidang Bench")
    people: list[Any] = [EmployeeFactory(pemda=pemda, unit=unit, supervisor=boss) for _ in range(participants)]
    ec = ended_class(pemda, unit, attendees=participants, employees=people, course=course)
    values = {
        "relevance": "5",
        "material": "4",
        "method": "4",
        "facilities": "3",
        "organisation": "4",
        "overall": "5",
        "recommend": "ya",
    }
    for i, e in enumerate(people):
        actor = Actor(user_id=None, username="b", pemda_id=pemda.pk, employee_id=e.pk, roles=frozenset({"participant"}))
        services.reaction_answer(
            actor=actor, invite=ec.invites[e.pk], values={**values, "comment": f"Komentar {i}"},
            session_ratings={s.pk: 1 + i % 5 for s in ec.sessions},
        )  # fmt: skip
    competencies = list(CourseCompetency.objects.filter(course=course).values_list("competency_id", flat=True))
    for enrolment in ec.enrolments:
        for stage in (Stage.BASELINE, Stage.FOLLOWUP):
            for rater, respondent in ((Rater.SELF, enrolment.employee), (Rater.SUPERVISOR, boss)):
                survey = BehaviourSurvey.objects.create(
                    pemda=pemda,
                    enrolment=enrolment,
                    stage=stage,
                    rater=rater,
                    respondent=respondent,
                    due_on=timezone.localdate(),
                )
                actor = Actor(
                    user_id=None,
                    username="b",
                    pemda_id=pemda.pk,
                    employee_id=respondent.pk,
                    roles=frozenset({"participant"}),
                )
                services.behaviour_answer(
                    actor=actor, survey=survey, values={c: 3 if stage == Stage.BASELINE else 4 for c in competencies}
                )
    for e in people[:10]:
        Testimony.objects.create(
            pemda=pemda,
            klass=ec.klass,
            employee=e,
            text="Lebih percaya diri melayani warga.",
            consent="initials",
            status="approved",
        )
    admin = Actor.system(pemda.pk, label="bench")
    timings: dict[str, list[float]] = {"pdf": [], "xlsx": []}
    sizes: dict[str, int] = {}
    for _ in range(5):
        for fmt in ("pdf", "xlsx"):
            out = io.BytesIO()
            t0 = time.perf_counter()
            report_file("evaluation.class_report", actor=admin, fmt=fmt, output=out, params={"klass": ec.klass.pk})
            timings[fmt].append(time.perf_counter() - t0)
            sizes[fmt] = len(out.getvalue())
    result = {
        "participants": participants,
        "pdf_median_s": round(statistics.median(timings["pdf"]), 3),
        "pdf_max_s": round(max(timings["pdf"]), 3),
        "xlsx_median_s": round(statistics.median(timings["xlsx"]), 3),
        "xlsx_max_s": round(max(timings["xlsx"]), 3),
        "pdf_bytes": sizes["pdf"],
        "xlsx_bytes": sizes["xlsx"],
        "target_s": TARGET_SECONDS,
    }
    print(json.dumps(result))
    if max(result["pdf_max_s"], result["xlsx_max_s"]) > TARGET_SECONDS:
        sys.exit(1)


if __name__ == "__main__":
    main()
