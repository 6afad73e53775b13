"""The refusal sweep (issue 8.7): every write operation of the API, refused, changes nothing.

Walked from the OpenAPI document like the isolation sweep (`bina/tests/test_isolation_sweep.py`, whose
victim objects, `FILL` table and URL builder are reused): every POST/PUT/PATCH/DELETE operation must have
at least one entry in `REFUSED` (a request a caller who may use the operation sends wrong: an unknown
reference, an out-of-range value, a state the object is not in), and every operation with a JSON body is
also sent a body of wrong types. Each refused request must answer its 4xx in the one error shape, and a
checksum of every row of every Bina table (`database_checksum`) must be the same after it as before.

A new write operation without an entry in `REFUSED` fails `test_every_write_operation_has_a_refused_case`.

What a refusal may legitimately write, and so is left out of the checksum (`VOLATILE`, `audit_kept`):
- `ApiToken.last_used_at`, `User.last_login`: the caller was authenticated, whatever it asked;
- `auth.login_failed` audit events: a wrong password is recorded for the lockout and the Pemda's admins;
- `import.<kind>` audit events of an import that wrote nothing: every attempt is recorded with its outcome
  (`bina.imports.service.import_file`), a rejected one too.
- the finished `ImportJob` (no file) that keeps a rejected synchronous run's report, so the full error list
  stays downloadable when the response shows only its first errors (issue 8.10).
Sessions and django-axes' attempts are not Bina tables.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client
from django.utils import timezone

from bina.accounts.services import token_create
from bina.core.audit import AuditEvent
from bina.imports.models import ImportJob
from bina.tests.test_isolation_sweep import (
    WRITE_METHODS,
    Sweep,
    _resolve,
    api_operations,
    api_spec,
    build_victim_objects,
    fill_entry,
    params_of,
)
from bina.training.classes.models import Enrolment, EnrolmentStatus, TrainingClass
from conftest import build_world, token_issuer

PERSONAS = ["admin", "operator", "leader", "instructor", "supervisor", "participant"]
NO_SUCH = 999_999_999

# --- what a refusal may write -----------------------------------------------------------------

VOLATILE: dict[str, set[str]] = {"accounts.ApiToken": {"last_used_at"}, "accounts.User": {"last_login"}}
KEPT_AUDIT_ACTIONS = {"auth.login_failed"}


def bina_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if m.__module__.startswith("bina.")]


def database_checksum() -> dict[str, str]:
    """label -> hash of every row (ordered by pk) of every Bina table, volatile columns left out."""
    out = {}
    for model in bina_models():
        skip = VOLATILE.get(model._meta.label, set())
        names = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
        qs = model._default_manager.all()
        if model is AuditEvent:
            qs = qs.exclude(action__in=KEPT_AUDIT_ACTIONS).exclude(action__startswith="import.", detail__written=False)
        if model is ImportJob:
            qs = qs.exclude(file="", result__status="rejected")
        rows = list(qs.order_by("pk").values_list(*names))
        out[model._meta.label] = f"{len(rows)}:{hashlib.sha256(repr(rows).encode()).hexdigest()}"
    return out


# --- the world ----------------------------------------------------------------------------------


@dataclass
class Refusals:
    sweep: Sweep  # the isolation sweep's victim objects: here they are the caller's own
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def o(self) -> dict[str, Any]:
        return self.sweep.objects

    @property
    def w(self):
        return self.sweep.victim

    @property
    def other(self):
        return self.sweep.attacker


@pytest.fixture(scope="module")
def refusals(django_db_setup, django_db_blocker):
    """One Pemda with the sweep's objects (and another Pemda, whose objects are unknown references)."""
    with django_db_blocker.unblock(), transaction.atomic():
        own, other = build_world("alfa", "9101"), build_world("beta", "9102")
        objects = build_victim_objects(own)
        objects["done_class"] = TrainingClass.objects.get(pemda=own.pemda, code="RHS-K0")
        objects["graduate"] = Enrolment.objects.get(klass=objects["done_class"], status=EnrolmentStatus.COMPLETED)
        result = Refusals(sweep=Sweep(victim=own, attacker=other, objects=objects, secrets=[]))
        for persona in PERSONAS:
            user = own.users[persona]
            result.tokens[persona] = token_create(actor=token_issuer(user), user=user)[1]
        yield result
        transaction.set_rollback(True)


# --- the refused requests -----------------------------------------------------------------------

Body = dict[str, Any] | Callable[[Refusals], dict[str, Any]] | None


@dataclass(frozen=True)
class Case:
    why: str
    body: Body = None
    status: int = 422
    persona: str = "admin"  # "anonymous": no credentials
    params: dict[str, Callable[[Refusals], Any]] = field(default_factory=dict)  # path parameters other than FILL's
    multipart: bool = False
    shape: str = "error"  # "error": {"error": {...}}; "report": an import report (`bina.imports.report`)


def day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


def at(offset: int, hour: int) -> str:
    return f"{day(offset)}T{hour:02d}:00:00+07:00"


def class_body(r: Refusals, **extra: Any) -> dict[str, Any]:
    return {
        "course_id": r.o["course"].pk,
        "code": "REF-NEW",
        "name": "Angkatan Baru",
        "starts_on": day(30),
        "ends_on": day(31),
        "capacity": 10,
        **extra,
    }


def employee_body(r: Refusals, **extra: Any) -> dict[str, Any]:
    return {"nip": "199001012015011001", "name": "Pegawai Baru", "unit": r.w.units["bidang"].code, **extra}


HISTORY_HEADER = "nip,nama_pelatihan,jenis,penyelenggara,nomor_sertifikat,tanggal_mulai,tanggal_selesai,jp,kode_kursus"


def csv_upload(text: str) -> Callable[[Refusals], dict[str, Any]]:
    return lambda r: {"file": SimpleUploadedFile("data.csv", text.encode(), content_type="text/csv")}


def external_body(r: Refusals, **extra: Any) -> dict[str, Any]:
    return {
        "certificate_file": SimpleUploadedFile("c.pdf", b"%PDF-1.4 claim", content_type="application/pdf"),
        "title": "Pelatihan Luar",
        "organiser": "LAN RI",
        "method": "elearning",
        "starts_on": day(-10),
        "ends_on": day(-9),
        "jp_claimed": "10",
        **extra,
    }


def levels(n: int = 5) -> dict[str, str]:
    return {str(i): f"Level {i}" for i in range(1, n + 1)}


DONE_CLASS = {"class_id": lambda r: r.o["done_class"].pk}
GRADUATE = {"enrolment_id": lambda r: r.o["graduate"].pk}
NOMINATION = {"enrolment_id": lambda r: r.o["nomination"].pk}
OTHER_UNIT = lambda r: r.other.units["bidang"].code  # noqa: E731 - exists, but in another Pemda

REFUSED: dict[str, list[Case]] = {
    # public-service quality (issue 10)
    "POST /api/v1/imports/service_types": [
        Case("header without its columns", csv_upload("nothing,here\n1,2\n"), multipart=True, shape="report"),
    ],
    "POST /api/v1/imports/service_types/jobs": [
        Case("no file", {}, multipart=True),
        Case(
            "read-only role", csv_upload("kode,nama,sla_menit,sla_hari_kerja\n"), 403, persona="leader", multipart=True
        ),
    ],
    "POST /api/v1/imports/holidays": [
        Case("header without its columns", csv_upload("nothing,here\n1,2\n"), multipart=True, shape="report"),
    ],
    "POST /api/v1/imports/holidays/jobs": [
        Case("no file", {}, multipart=True),
        Case("read-only role", csv_upload("tanggal,keterangan\n"), 403, persona="leader", multipart=True),
    ],
    "POST /api/v1/imports/service_records": [
        Case("header without its columns", csv_upload("nothing,here\n1,2\n"), multipart=True, shape="report"),
    ],
    "POST /api/v1/imports/service_records/jobs": [
        Case("no file", {}, multipart=True),
        Case(
            "read-only role",
            csv_upload(
                "nomor_tiket,kode_layanan,kode_unit,nip_petugas,waktu_datang,waktu_dipanggil,waktu_selesai,status\n"
            ),
            403,
            persona="leader",
            multipart=True,
        ),
    ],
    "POST /api/v1/imports/skm_responses": [
        Case("header without its columns", csv_upload("nothing,here\n1,2\n"), multipart=True, shape="report"),
    ],
    "POST /api/v1/imports/skm_responses/jobs": [
        Case("no file", {}, multipart=True),
        Case(
            "read-only role", csv_upload("tanggal,kode_unit,kode_layanan,u1\n"), 403, persona="leader", multipart=True
        ),
    ],
    "POST /api/v1/imports/lapor": [
        Case("header without its columns", csv_upload("nothing,here\n1,2\n"), multipart=True, shape="report"),
    ],
    "POST /api/v1/imports/lapor/jobs": [
        Case("no file", {}, multipart=True),
        Case("read-only role", csv_upload("uraian\n"), 403, persona="leader", multipart=True),
    ],
    # training history from before Bina (issue 11 §1): all or nothing, so a good row beside a bad one stays out
    "POST /api/v1/imports/training_history": [
        Case("header without its columns", csv_upload("nothing,here\n1,2\n"), multipart=True, shape="report"),
        Case(
            "another Pemda's employee beside a good row",
            lambda r: {
                "file": SimpleUploadedFile(
                    "riwayat.csv",
                    (
                        f"{HISTORY_HEADER}\n"
                        f"{r.w.employees['staff_bidang'].nip},Pelatihan A,Teknis,BKPSDM,,01-02-2024,02-02-2024,8,\n"
                        f"{r.other.employees['staff_bidang'].nip},Pelatihan B,Teknis,BKPSDM,,01-02-2024,02-02-2024,8,\n"
                    ).encode(),
                    content_type="text/csv",
                )
            },
            multipart=True,
            shape="report",
        ),
        Case("read-only role", csv_upload(f"{HISTORY_HEADER}\n"), 403, persona="leader", multipart=True),
    ],
    "POST /api/v1/imports/training_history/jobs": [
        Case("no file", {}, multipart=True),
        Case("read-only role", csv_upload(f"{HISTORY_HEADER}\n"), 403, persona="leader", multipart=True),
    ],
    # assessments (issue 12 §2): banks, test scores of classes run elsewhere, sittings
    "POST /api/v1/imports/questions": [
        Case("header without its columns", csv_upload("nothing,here\n1,2\n"), multipart=True, shape="report"),
        Case(
            "an unknown kind beside a good row",
            csv_upload(
                "kode_kursus,jenis,pertanyaan,jawaban\nRHS-01,Isian,Singkatan SKM?,SKM\nRHS-01,Terbang,Soal lain?,\n"
            ),
            multipart=True,
            shape="report",
        ),
        Case("read-only role", csv_upload("kode_kursus,jenis,pertanyaan\n"), 403, persona="leader", multipart=True),
    ],
    "POST /api/v1/imports/questions/jobs": [
        Case("no file", {}, multipart=True),
        Case("read-only role", csv_upload("kode_kursus,jenis,pertanyaan\n"), 403, persona="leader", multipart=True),
    ],
    "POST /api/v1/imports/test_scores": [
        Case("header without its columns", csv_upload("nothing,here\n1,2\n"), multipart=True, shape="report"),
        Case(
            "another Pemda's participant beside a good row",
            lambda r: {
                "file": SimpleUploadedFile(
                    "nilai.csv",
                    (
                        "nip,pre,post,max,kode_kelas\n"
                        f"{r.w.employees['kel_a1_staff'].nip},10,30,40,RHS-K1\n"
                        f"{r.other.employees['kel_a1_staff'].nip},10,30,40,RHS-K1\n"
                    ).encode(),
                    content_type="text/csv",
                )
            },
            multipart=True,
            shape="report",
        ),
        Case("read-only role", csv_upload("nip,pre,post,max\n"), 403, persona="leader", multipart=True),
    ],
    "POST /api/v1/imports/test_scores/jobs": [
        Case("no file", {}, multipart=True),
        Case("read-only role", csv_upload("nip,pre,post,max\n"), 403, persona="leader", multipart=True),
    ],
    "POST /api/v1/assessments/banks/{course_id}/import": [
        Case("not GIFT", {"format": "gift", "content": "no braces here"}),
        Case(
            "a competency the course does not target",
            {
                "format": "moodle_xml",
                "content": (
                    '<quiz><question type="essay"><questiontext><text>Jelaskan.</text></questiontext>'
                    "<tags><tag><text>competency:NOPE</text></tag></tags></question></quiz>"
                ),
            },
        ),
        Case("not a bank keeper", {"format": "gift", "content": "::A:: Benar? {T}"}, 404, persona="leader"),
    ],
    "POST /api/v1/assessments/classes/{class_id}/tests": [
        Case("bank too small", {"blueprint": [{"competency_id": 0, "difficulty": "easy", "count": 5}]}),
        Case("already has its tests", {"blueprint": [{"competency_id": 0, "difficulty": "easy", "count": 1}]}, 409),
        Case(
            "read-only role",
            {"blueprint": [{"competency_id": 0, "difficulty": "easy", "count": 1}]},
            403,
            persona="leader",
        ),
    ],
    "PUT /api/v1/assessments/answers/{answer_id}/grade": [
        Case("more than the question's points", {"score": 5}),
        Case("not a grader", {"score": 1}, 404, persona="leader"),
    ],
    "POST /api/v1/assessments/tests/{test_id}/start": [
        Case("not a participant", None, 403, persona="admin"),
        Case("already in progress", None, 409, persona="participant"),
    ],
    "PUT /api/v1/assessments/sittings/{sitting_id}/answers/{question_id}": [
        Case(
            "a question not on the test",
            {"choices": []},
            persona="participant",
            params={"question_id": lambda r: NO_SUCH},
        ),
        Case("someone else's test", {"text": "Jawaban"}, 403, persona="admin"),
    ],
    "POST /api/v1/assessments/sittings/{sitting_id}/actions/{action}": [
        Case("unknown action", None, persona="participant", params={"action": lambda r: "terbang"}),
        Case("time not up", None, 409, persona="admin", params={"action": lambda r: "expire"}),
    ],
    "POST /api/v1/service-types": [
        Case("two SLAs", {"code": "REF-S", "name": "Layanan", "sla_minutes": 10, "sla_working_days": 2}),
        Case("read-only role", {"code": "REF-S", "name": "Layanan", "sla_minutes": 10}, 403, persona="leader"),
    ],
    "PATCH /api/v1/service-types/{code}": [Case("read-only role", {"name": "Nama Baru"}, 403, persona="leader")],
    "POST /api/v1/holidays": [
        Case("read-only role", {"date": "2026-12-30", "description": "Libur"}, 403, persona="leader"),
    ],
    "PATCH /api/v1/holidays/{pk}": [Case("read-only role", {"description": "Libur baru"}, 403, persona="leader")],
    "DELETE /api/v1/holidays/{pk}": [Case("read-only role", None, 403, persona="leader")],
    "POST /api/v1/service-records": [
        Case(
            "read-only role",
            lambda r: {
                "records": [
                    {
                        "nomor_tiket": "REF-1",
                        "kode_layanan": "KK",
                        "kode_unit": r.w.units["bidang"].code,
                        "waktu_datang": "2026-11-02 08:00",
                        "status": "batal",
                    }
                ]
            },
            403,
            persona="leader",
        ),
    ],
    "POST /api/v1/public/{pemda_slug}/complaints": [
        Case("description too short", {"uraian": "antre"}, persona="anonymous"),
    ],
    "POST /api/v1/complaints": [
        Case("read-only role", {"uraian": "Antrean di loket terlalu lama."}, 403, persona="leader"),
    ],
    "POST /api/v1/complaints/{code}/actions": [Case("unknown action", {"action": "terbang"})],
    "POST /api/v1/auth/token": [
        Case("wrong password", lambda r: {"username": r.w.users["admin"].username, "password": "salah"}, 401),
    ],
    "DELETE /api/v1/auth/tokens/{token_id}": [Case("another user's token", persona="participant", status=404)],
    "POST /api/v1/org-units": [
        Case("unknown parent", {"code": "REF-U", "name": "Unit", "kind": "bidang", "parent": "NO-SUCH-UNIT"}),
        Case(
            "parent in another Pemda",
            lambda r: {"code": "REF-U", "name": "U", "kind": "bidang", "parent": OTHER_UNIT(r)},
        ),
        Case("code taken", lambda r: {"code": r.w.units["bidang"].code, "name": "U", "kind": "bidang"}, 409),
        Case("read-only role", {"code": "REF-U", "name": "Unit", "kind": "bidang"}, 403, persona="leader"),
    ],
    "POST /api/v1/employees": [
        Case("unknown unit", lambda r: employee_body(r, unit="NO-SUCH-UNIT")),
        Case("unknown supervisor", lambda r: employee_body(r, supervisor="199001012015011999")),
        Case("NIP taken", lambda r: employee_body(r, nip=r.o["employee"].nip), 409),
        Case("invalid NIP", lambda r: employee_body(r, nip="12345")),
    ],
    "PATCH /api/v1/employees/{nip}": [
        Case("unknown unit with a new name", {"name": "Nama Baru", "unit": "NO-SUCH-UNIT"}),
        Case("unit of another Pemda with a new name", lambda r: {"name": "Nama Baru", "unit": OTHER_UNIT(r)}),
        Case("own supervisor", lambda r: {"name": "Nama Baru", "supervisor": r.o["employee"].nip}),
    ],
    "POST /api/v1/imports/units/jobs": [
        Case("no file", {}, multipart=True),
        Case("read-only role", csv_upload("code,name\n"), 403, persona="leader", multipart=True),
    ],
    "POST /api/v1/imports/units": [
        Case("header without its columns", csv_upload("nothing,here\n1,2\n"), multipart=True, shape="report"),
        Case(
            "a row naming an unknown parent",
            csv_upload("code,name,kind,parent\nREF-X,Unit X,bidang,NO-SUCH\n"),
            multipart=True,
            shape="report",
        ),
    ],
    "POST /api/v1/imports/employees/jobs": [
        Case("no file", {}, multipart=True),
        Case("read-only role", csv_upload("code,name\n"), 403, persona="leader", multipart=True),
    ],
    "POST /api/v1/imports/employees": [
        Case("header without its columns", csv_upload("nothing,here\n1,2\n"), multipart=True, shape="report"),
        Case(
            "a row naming an unknown unit",
            csv_upload("nip,name,unit\n199001012015011001,Baru,NO-SUCH\n"),
            multipart=True,
            shape="report",
        ),
    ],
    "POST /api/v1/competencies": [
        Case("code taken", {"code": "RHS", "name": "Baru", "levels": levels()}, 409),
        Case("a level out of range", {"code": "REF-C", "name": "Baru", "levels": {**levels(), "9": "x"}}),
    ],
    "PATCH /api/v1/competencies/{pk}": [
        Case("a level out of range with a new name", {"name": "Nama Baru", "levels": {"7": "x"}}),
    ],
    "POST /api/v1/partners": [
        Case("unknown kind", {"name": "Mitra Baru", "kind": "no-such-kind"}),
        Case("no name", {"name": "", "kind": "university"}),
        Case("read-only role", {"name": "Mitra Baru", "kind": "university"}, 403, persona="leader"),
    ],
    "PATCH /api/v1/partners/{pk}": [
        Case("unknown kind with a new name", {"name": "Nama Baru", "kind": "no-such-kind"}),
        Case("read-only role", {"name": "Nama Baru"}, 403, persona="leader"),
    ],
    "POST /api/v1/partners/{pk}/agreements": [
        Case("ends before it starts", {"number": "PKS/REF/1", "title": "T", "starts_on": day(10), "ends_on": day(1)}),
        Case(
            "number taken", {"number": "PKS/RAHASIA/2026", "title": "T", "starts_on": day(1), "ends_on": day(10)}, 409
        ),
    ],
    "POST /api/v1/instructors": [
        Case("unknown employee", {"kind": "internal", "employee_nip": "199001012015011999"}),
        Case("unknown competency", {"kind": "external", "name": "Ahli", "competency_ids": [NO_SUCH]}),
        Case("unknown partner", {"kind": "partner", "name": "Ahli", "partner_id": NO_SUCH}),
    ],
    "PATCH /api/v1/instructors/{pk}": [
        Case("unknown competency with a new name", {"name": "Nama Baru", "competency_ids": [NO_SUCH]}),
        Case("unknown partner with a new name", {"name": "Nama Baru", "partner_id": NO_SUCH}),
    ],
    "POST /api/v1/programmes": [
        Case("ends before it starts", {"name": "P", "year": 2026, "starts_on": "2026-12-01", "ends_on": "2026-01-01"}),
        Case(
            "unknown target unit",
            {
                "name": "P",
                "year": 2026,
                "starts_on": "2026-01-01",
                "ends_on": "2026-12-01",
                "target_units": ["NO-SUCH-UNIT"],
            },
        ),
    ],
    "PATCH /api/v1/programmes/{pk}": [
        Case("unknown target unit with a new name", {"name": "Nama Baru", "target_units": ["NO-SUCH-UNIT"]}),
        Case("target unit of another Pemda", lambda r: {"name": "Nama Baru", "target_units": [OTHER_UNIT(r)]}),
        # Its course has an open class: back to draft is refused, and so is the new name sent with it.
        Case("back to draft with a new name", {"name": "Nama Baru", "status": "draft"}, 409),
    ],
    "POST /api/v1/courses": [
        Case(
            "unknown programme",
            {
                "programme_id": NO_SUCH,
                "code": "REF-K",
                "title": "K",
                "method": "workshop",
                "delivery_mode": "daring",
                "jp": 8,
            },
        ),
        Case(
            "unknown prerequisite",
            {
                "code": "REF-K",
                "title": "K",
                "method": "workshop",
                "delivery_mode": "daring",
                "jp": 8,
                "prerequisite_ids": [NO_SUCH],
            },
        ),
        Case(
            "code taken",
            {"code": "RHS-01", "title": "K", "method": "workshop", "delivery_mode": "daring", "jp": 8},
            409,
        ),
    ],
    "PATCH /api/v1/courses/{pk}": [
        Case("unknown prerequisite with a new title", {"title": "Judul Baru", "prerequisite_ids": [NO_SUCH]}),
        Case("itself as prerequisite", lambda r: {"title": "Judul Baru", "prerequisite_ids": [r.o["course"].pk]}),
    ],
    "POST /api/v1/classes": [
        Case("unknown unit in quotas", lambda r: class_body(r, quotas={"NO-SUCH-UNIT": 1})),
        Case("negative seats in quotas", lambda r: class_body(r, quotas={r.w.units["bidang"].code: -1})),
        Case("seats above capacity", lambda r: class_body(r, quotas={r.w.units["bidang"].code: 11})),
        Case("unknown course", lambda r: class_body(r, course_id=NO_SUCH)),
        Case("ends before it starts", lambda r: class_body(r, ends_on=day(29))),
        Case("code taken", lambda r: class_body(r, code="RHS-K1"), 409),
        Case("not an admin", lambda r: class_body(r), 403, persona="operator"),
    ],
    "PATCH /api/v1/classes/{class_id}": [
        Case("unknown unit in quotas with a new name", {"name": "Nama Baru", "quotas": {"NO-SUCH-UNIT": 1}}),
        Case("negative seats with a new name", lambda r: {"name": "Baru", "quotas": {r.w.units["bidang"].code: -1}}),
        Case("seats above capacity", lambda r: {"venue": "Aula", "quotas": {r.w.units["bidang"].code: 10_000}}),
        Case("unknown eligible unit", {"name": "Nama Baru", "eligible_units": ["NO-SUCH-UNIT"]}),
        Case("a completed class", {"name": "Nama Baru"}, 409, params=DONE_CLASS),
    ],
    "POST /api/v1/classes/{class_id}/open": [Case("already open", status=409)],
    "POST /api/v1/classes/{class_id}/close": [Case("a completed class", status=409, params=DONE_CLASS)],
    "POST /api/v1/classes/{class_id}/start": [Case("a completed class", status=409, params=DONE_CLASS)],
    "POST /api/v1/classes/{class_id}/cancel": [
        Case("no reason", {"reason": ""}),
        Case("a completed class", {"reason": "Anggaran"}, 409, params=DONE_CLASS),
    ],
    "POST /api/v1/classes/{class_id}/sessions": [
        Case("ends before it starts", {"starts_at": at(1, 10), "ends_at": at(1, 8), "topic": "T"}),
        Case(
            "unknown instructor", {"starts_at": at(1, 8), "ends_at": at(1, 10), "topic": "T", "instructor_id": NO_SUCH}
        ),
        Case("a completed class", {"starts_at": at(1, 8), "ends_at": at(1, 10), "topic": "T"}, 409, params=DONE_CLASS),
    ],
    "PATCH /api/v1/sessions/{session_id}": [
        Case("unknown instructor with a new topic", {"topic": "Topik Baru", "instructor_id": NO_SUCH}),
        Case(
            "outside the class dates with a new topic",
            {"topic": "Topik Baru", "starts_at": at(-400, 8), "ends_at": at(-400, 10)},
        ),
    ],
    "DELETE /api/v1/sessions/{session_id}": [Case("attendance already taken", status=409)],
    "POST /api/v1/classes/{class_id}/enrolments": [
        Case("already enrolled", persona="participant", status=409),
        Case("unknown NIP", {"nip": "199001012015011999"}),
        Case("a completed class", lambda r: {"nip": r.w.employees["setda_staff"].nip}, 409, params=DONE_CLASS),
    ],
    "POST /api/v1/enrolments/{enrolment_id}/approve": [Case("already enrolled", status=409)],
    "POST /api/v1/enrolments/{enrolment_id}/accept": [Case("not the nominee", status=403, params=NOMINATION)],
    "POST /api/v1/enrolments/{enrolment_id}/reject": [Case("already enrolled", {"reason": "Penuh"}, 409)],
    "POST /api/v1/enrolments/{enrolment_id}/withdraw": [Case("completed", {"reason": "Sakit"}, 409, params=GRADUATE)],
    "POST /api/v1/enrolments/{enrolment_id}/decline": [
        Case("not nominated", {"reason": "Sibuk"}, 409, persona="participant")
    ],
    "POST /api/v1/enrolments/{enrolment_id}/no-show": [Case("class not started", {"reason": "Absen"}, 409)],
    "POST /api/v1/enrolments/{enrolment_id}/{action}": [Case("unknown action", {}, params={"action": lambda r: "fly"})],
    # campaigns (issue 11, §3)
    "POST /api/v1/campaigns": [
        Case("a unit of no reach", {"name": "Ayo", "message": "Pesan", "signed_by": "Sekda", "unit_ids": [NO_SUCH]}),
        Case("a window of no week", {"name": "Ayo", "message": "Pesan", "signed_by": "Sekda", "window_weeks": 0}),
        Case("a leader's campaign", {"name": "Ayo", "message": "", "signed_by": "Sekda"}, persona="leader"),
    ],
    "POST /api/v1/campaigns/{campaign_id}/{action}": [
        Case("unknown action", {}, params={"action": lambda r: "fly"}),
        Case("closing a draft", {}, 409, params={"action": lambda r: "close"}),
        Case(
            "a participant (no campaign in reach)",
            {},
            404,
            persona="participant",
            params={"action": lambda r: "launch"},
        ),
    ],
    "PUT /api/v1/sessions/{session_id}/attendance": [
        Case("unknown enrolment", {"marks": [{"enrolment_id": NO_SUCH, "status": "present"}]}),
        Case(
            "another class's enrolment",
            lambda r: {"marks": [{"enrolment_id": r.o["graduate"].pk, "status": "present"}]},
        ),
    ],
    "POST /api/v1/sessions/{session_id}/check-in": [
        Case("not enrolled", {"code": "000000"}, persona="supervisor"),
        # the participant is already marked present on this session: a wrong code is still refused (issue 9.4)
        Case("already checked in, wrong code", {"code": "ZZZZZZ"}, persona="participant"),
    ],
    "POST /api/v1/classes/{class_id}/complete": [
        Case("not running", status=409),
        Case("not running, missing attendance allowed", {"allow_missing_attendance": True}, 409),
        Case("read-only role", {"allow_missing_attendance": True}, 403, persona="leader"),
    ],
    "POST /api/v1/classes/{class_id}/reopen": [
        Case("not completed", {"reason": "Koreksi presensi"}, 409),
        Case("no reason", {"reason": ""}, params=DONE_CLASS),
        Case("completed outside the reopen window", {"reason": "Koreksi presensi"}, 409, params=DONE_CLASS),
        Case("read-only role", {"reason": "Koreksi presensi"}, 403, persona="leader", params=DONE_CLASS),
        Case("not an admin", {"reason": "Koreksi presensi"}, 403, persona="operator", params=DONE_CLASS),
    ],
    "POST /api/v1/external-learning": [
        Case(
            "ends before it starts",
            lambda r: external_body(r, starts_on=day(-1), ends_on=day(-5)),
            multipart=True,
            persona="participant",
        ),
        Case("no JP claimed", lambda r: external_body(r, jp_claimed="0"), multipart=True, persona="participant"),
    ],
    "POST /api/v1/external-learning/{item_id}/approve": [
        Case("more JP than claimed", {"jp_approved": "500"}),
        Case("negative JP", {"jp_approved": "-1"}),
    ],
    "POST /api/v1/external-learning/{item_id}/reject": [Case("no note", {"note": ""})],
    "POST /api/v1/classes/{class_id}/certificates": [Case("class not completed")],
    "POST /api/v1/certificates/{number}/revoke": [Case("no reason", {"reason": ""})],
    "POST /api/v1/notifications/read-all": [Case("no credentials", status=401, persona="anonymous")],
    # evaluation (issue 12); the victim's admin is also the attendee who holds the invitation
    "POST /api/v1/evaluation/reaction/{invite_id}": [
        Case("a scale answer out of range, the rest missing", {"answers": [{"element": "relevance", "value": "9"}]}),
        Case("someone else's invitation", {"answers": []}, 404, persona="participant"),
    ],
    "POST /api/v1/evaluation/followups/{survey_id}": [
        Case("no answer for the course's competency", {"answers": []}),
        Case("a rating out of range", {"answers": [{"competency": 1, "value": 9}]}),
    ],
    "POST /api/v1/evaluation/testimonies/{testimony_id}/curate": [
        Case("unknown decision", {"status": "publish"}),
        Case("not the curator", {"status": "approved"}, 404, persona="participant"),
    ],
    "POST /api/v1/notifications/{notification_id}/read": [Case("someone else's", status=404)],
    # simulations (issue 12 §4)
    "POST /api/v1/simulations/classes/{pk}/performances": [
        Case(
            "officer not a participant of the class",
            lambda r: {
                "scenario_id": r.o["scenario"].pk,
                "round_no": 2,
                "officer_nip": r.o["employee"].nip,
                "citizen_actor": "Aktor",
            },
        ),
        Case(
            "a participant does not run the role-play",
            lambda r: {
                "scenario_id": r.o["scenario"].pk,
                "round_no": 2,
                "officer_nip": r.o["officer"].nip,
                "citizen_actor": "Aktor",
            },
            403,
            persona="participant",
        ),
    ],
    "POST /api/v1/simulations/performances/{pk}/transitions": [
        Case("debrief before scoring is closed", {"action": "debrief"}, 409),
        Case("close before every criterion is scored", {"action": "close"}, 409),
        Case("the officer does not start their own performance", {"action": "start"}, 403, persona="participant"),
    ],
    "PUT /api/v1/simulations/performances/{pk}/ratings": [
        Case("unknown criterion", {"ratings": [{"criterion_id": NO_SUCH, "level": 3}]}),
        Case(
            "nobody scores their own performance",
            lambda r: {"ratings": [{"criterion_id": r.o["criterion"].pk, "level": 4}]},
            403,
            persona="participant",
        ),
    ],
    "POST /api/v1/simulations/scenarios/{pk}/practice": [
        Case("an account without an employee", status=403, persona="instructor")
    ],
    "POST /api/v1/simulations/practice/{pk}/choices": [
        Case("a step already answered", {"step": "s2_tenang", "choice": "a"}, 409, persona="participant"),
        Case("a choice the step does not offer", {"step": "s1", "choice": "zz"}, persona="participant"),
    ],
}


# --- sending ------------------------------------------------------------------------------------

_CLIENT = Client()


def url_for(path: str, r: Refusals, case: Case) -> str:
    values: dict[str, str] = {}
    for segment, name in params_of(path):
        if name in case.params:
            values[name] = str(case.params[name](r))
            continue
        entry = fill_entry(segment, name)
        assert entry is not None, f"{path}: {name} is not in the isolation sweep's FILL"
        values[name] = str(entry[0](r.sweep))
    for name, value in values.items():
        path = path.replace("{" + name + "}", value).replace("{" + name + ":path}", value)
    return path


def send(r: Refusals, method: str, url: str, case: Case, body: Any):
    _CLIENT.cookies.clear()
    headers = {} if case.persona == "anonymous" else {"HTTP_AUTHORIZATION": f"Bearer {r.tokens[case.persona]}"}
    if case.multipart:
        return _CLIENT.post(url, body or {}, **headers)
    if body is None:
        return _CLIENT.generic(method, url, **headers)
    return _CLIENT.generic(method, url, json.dumps(body), content_type="application/json", **headers)


def wrong_value(spec: dict, schema: dict) -> Any:
    """A value of the wrong type for `schema`: a nested list for objects, an object for anything else."""
    schema = _resolve(spec, schema)
    kinds = {_resolve(spec, s).get("type") for s in schema.get("anyOf", [])} | {schema.get("type")}
    return [["x"]] if "object" in kinds else {"wrong": [1]}


def wrong_types_body(spec: dict, operation: dict) -> dict[str, Any] | None:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    schema = _resolve(spec, content["application/json"]["schema"])
    return {name: wrong_value(spec, sub) for name, sub in schema.get("properties", {}).items()}


def check_refused(response, case: Case) -> str | None:
    """None when the answer is the refusal expected, in its shape; else what is wrong."""
    if response.status_code != case.status:
        return f"answered {response.status_code}, expected {case.status}: {response.content[:300]!r}"
    body = response.json()
    if case.shape == "report":
        if body.get("status") not in ("rejected", "partial") or not body.get("errors"):
            return f"not an import report with errors: {body}"
        return None
    error = body.get("error") if isinstance(body, dict) else None
    if not (isinstance(error, dict) and error.get("code") and error.get("message") and "details" in error):
        return f"not the error shape: {body}"
    return None


# --- the tests ----------------------------------------------------------------------------------


def write_operations() -> list[str]:
    return [f"{method} {path}" for method, path in api_operations() if method in WRITE_METHODS]


def test_every_write_operation_has_a_refused_case() -> None:
    """A new write operation must say how it is refused (and the table names no operation that is gone)."""
    operations = set(write_operations())
    missing = sorted(operations - set(REFUSED))
    assert not missing, f"Add a refused request for each of {missing} to REFUSED in {__file__}"
    gone = sorted(set(REFUSED) - operations)
    assert not gone, f"REFUSED names operations the API no longer has: {gone}"
    assert len(operations) >= 40


@pytest.mark.parametrize("key", write_operations())
def test_a_refused_write_changes_nothing(key: str, refusals: Refusals, db) -> None:
    method, path = key.split(" ", 1)
    operation = api_spec()["paths"][path][method.lower()]
    cases = list(REFUSED.get(key, []))
    assert cases, f"{key} has no refused request in REFUSED"
    wrong = wrong_types_body(api_spec(), operation)
    if wrong:
        cases.append(Case("every field of the wrong type", wrong))
    problems: list[str] = []
    for case in cases:
        url = url_for(path, refusals, case)
        body = case.body(refusals) if callable(case.body) else case.body
        before = database_checksum()
        response = send(refusals, method, url, case, body)
        after = database_checksum()
        if problem := check_refused(response, case):
            problems.append(f"{case.why} ({case.persona}): {key} {problem}")
        changed = sorted(label for label in before if before[label] != after.get(label))
        if changed:
            problems.append(f"{case.why} ({case.persona}): {key} answered {response.status_code} but changed {changed}")
    assert not problems, "\n".join(problems)


def test_the_checksum_sees_a_write(refusals: Refusals, db) -> None:
    """The control: a write that succeeds changes the checksum (else every 'unchanged' above proves nothing)."""
    before = database_checksum()
    response = send(
        refusals, "PATCH", f"/api/v1/classes/{refusals.o['class'].pk}", Case("control"), {"venue": "Aula Baru"}
    )
    assert response.status_code == 200, response.content
    changed = {label for label in before if before[label] != database_checksum()[label]}
    assert {"training.TrainingClass", "core.AuditEvent"} <= changed
