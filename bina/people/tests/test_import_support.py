"""Helpers shared by the import tests: writing real CSV/XLSX files and running the service."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl

from bina.core.actor import Actor
from bina.imports.service import import_file
from bina.people.models import Employee

EMPLOYEE_HEADER = [
    "nip", "nama", "jenis_kelamin", "tanggal_lahir", "jenis_asn", "golongan", "jabatan",
    "jenis_jabatan", "kode_unit", "nip_atasan", "pendidikan", "email", "telepon",
]  # fmt: skip
UNIT_HEADER = ["kode", "nama", "jenis", "kode_induk"]


def write_csv(
    path: Path, rows: list[list[Any]], *, header: list[str] | None = None, delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header or EMPLOYEE_HEADER)
    writer.writerows(["" if v is None else str(v) for v in row] for row in rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]], *, header: list[str] | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header or EMPLOYEE_HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def employee_row(
    nip: str,
    name: str,
    unit_code: str,
    *,
    gender: str = "",
    birth: str = "",
    asn: str = "",
    golongan: str = "",
    jabatan: str = "Analis",
    jenis_jabatan: str = "pelaksana",
    supervisor: str = "",
    pendidikan: str = "S1",
    email: str = "",
    phone: str = "",
) -> list[Any]:
    asn = asn or ("PPPK" if nip[12:13] == "2" else "PNS")
    golongan = golongan or ("IX" if asn == "PPPK" else "III/a")
    return [
        nip,
        name,
        gender,
        birth,
        asn,
        golongan,
        jabatan,
        jenis_jabatan,
        unit_code,
        supervisor,
        pendidikan,
        email,
        phone,
    ]


def run_import(world: Any, path: Path, *, kind: str = "employees", persona: str | None = "admin", **kwargs: Any):
    # No persona: the platform acting in the Pemda (the CLI), audited as `system`.
    actor = world.actor(persona) if persona else Actor.system(world.pemda.pk)
    return import_file(actor=actor, pemda=world.pemda, kind=kind, path=path, file_name=path.name, **kwargs)


def nips_of(world: Any) -> set[str]:
    return set(Employee.objects.filter(pemda=world.pemda).values_list("nip", flat=True))


def birth(nip: str) -> dt.date:
    return dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
