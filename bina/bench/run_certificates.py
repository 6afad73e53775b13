"""Certificate batch benchmark in its own process: `python -m bina.bench.run_certificates [COUNT]`.

Creates a completed class with COUNT (1,000) completed enrolments in a fresh SQLite database, then
runs the class's certificate batch through the real task (`generate_class_certificates`, in-process
backend): numbering under the sequence lock, snapshots, notifications, audit, PDF rendering and
storing. Target (issue "Completion and certificates"): 1,000 certificates in under 60 s.
Exits non-zero when over the target.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import date

TARGET_SECONDS = 60.0


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    from bina.bench.db import migrated_database

    media = tempfile.mkdtemp(prefix="bina-bench-media-")
    os.environ["MEDIA_ROOT"] = media  # read by the settings, so before Django is set up
    migrated_database("sqlite", "bench_certificates")
    from django.db import transaction

    from bina.accounts.models import Role
    from bina.accounts.scope import actor_for_user
    from bina.accounts.services import role_assign, user_create
    from bina.certificates.models import Certificate, CertificateBatch
    from bina.certificates.services import certificate_batch_create
    from bina.core.actor import Actor
    from bina.core.services import pemda_create
    from bina.people.factories import make_nip
    from bina.people.models import Employee
    from bina.people.services import org_unit_create, sort_name_for
    from bina.training.catalogue.models import METHOD_PATH, Course
    from bina.training.classes.models import ClassStatus, Enrolment, EnrolmentSource, EnrolmentStatus, TrainingClass

    pemda = pemda_create(
        actor=Actor.platform(label="bench"), slug="benchkota", name="Kota Bench", kind="kota", bps_code="9901"
    )
    unit = org_unit_create(
        actor=Actor.system(pemda.pk, label="bench"), pemda=pemda, code="B-DKP", name="Dinas Bench", kind="dinas"
    )
    employees = [
        Employee(
            pemda=pemda,
            unit=unit,
            nip=make_nip(birth=date(1975 + i % 20, i % 12 + 1, i % 28 + 1)),
            name=f"Pegawai Uji Sertifikat {i:04d}, S.Kom.",
            sort_name=sort_name_for(f"Pegawai Uji Sertifikat {i:04d}, S.Kom."),
            gender="L",
            birth_date=date(1975 + i % 20, i % 12 + 1, i % 28 + 1),
            asn_type="PNS",
        )
        for i in range(count)
    ]
    Employee.objects.bulk_create(employees, batch_size=500)
    course = Course.objects.create(
        pemda=pemda, code="CERT", title="Pelayanan Publik Prima", method="workshop",
        learning_path=METHOD_PATH["workshop"], delivery_mode="tatap_muka", jp=24,
    )  # fmt: skip
    klass = TrainingClass.objects.create(
        pemda=pemda, course=course, code="CERT-1", name="Angkatan I", starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 4), capacity=count, status=ClassStatus.COMPLETED,
    )  # fmt: skip
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                pemda=pemda, klass=klass, employee=e, status=EnrolmentStatus.COMPLETED, source=EnrolmentSource.SELF
            )
            for e in Employee.objects.filter(pemda=pemda)
        ],
        batch_size=500,
    )
    admin = user_create(actor=Actor.system(pemda.pk, label="bench"), pemda=pemda, username="bench.admin", password=None)
    role_assign(actor=Actor.system(pemda.pk, label="bench"), user=admin, role=Role.ADMIN)
    actor = actor_for_user(admin)

    started = time.perf_counter()
    with transaction.atomic():
        # The task is enqueued on commit and, with the in-process backend, runs right there.
        batch = certificate_batch_create(actor=actor, klass=klass)
    seconds = time.perf_counter() - started
    batch = CertificateBatch.objects.get(pk=batch.pk)
    issued = Certificate.objects.filter(pemda=pemda).exclude(pdf="").count()
    result = {
        "engine": "sqlite",
        "certificates": issued,
        "batch_status": batch.status,
        "seconds": round(seconds, 2),
        "certificates_per_s": round(issued / seconds, 1) if seconds else None,
        "target_seconds": TARGET_SECONDS,
        "ok": batch.status == "done" and issued == count and seconds < TARGET_SECONDS * count / 1000,
    }
    print(json.dumps(result))
    if not result["ok"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
