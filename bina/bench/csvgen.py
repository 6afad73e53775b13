"""Synthetic employee files for benchmarks: valid, unique NIPs over a real unit list."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

HEADER = [
    "nip",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "jenis_asn",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "kode_unit",
    "nip_atasan",
    "pendidikan",
    "email",
    "telepon",
]
FIRST = [
    "Budi",
    "Siti",
    "Agus",
    "Dewi",
    "Rudi",
    "Wahyu",
    "Sri",
    "Eko",
    "Nur",
    "Dian",
    "Rina",
    "Hendra",
    "Yuli",
    "Ahmad",
]
LAST = [
    "Santoso",
    "Wahyuni",
    "Prasetyo",
    "Lestari",
    "Hidayat",
    "Kurniawan",
    "Rahmawati",
    "Saputra",
    "Susanti",
    "Gunawan",
]


def employee_rows(n: int, unit_codes: list[str], seed: int = 7) -> Iterator[list[str]]:
    """`n` rows; every 50th is a head whom the next 49 report to (so supervisors are in the file)."""
    rng = random.Random(seed)
    today = date.today()
    head_nip = ""
    for i in range(n):
        # Decompose i into (serial, TMT month, birth day, birth month, birth year): unique up to 10^8 rows.
        j, serial = divmod(i, 999)
        j, tmt_month = divmod(j, 12)
        j, day = divmod(j, 28)
        j, month = divmod(j, 12)
        birth = date(1965 + j % 33, month + 1, day + 1)
        gender = "1" if i % 2 == 0 else "2"
        tmt_year = min(birth.year + 25, today.year - 1)
        nip = f"{birth:%Y%m%d}{tmt_year}{tmt_month + 1:02d}{gender}{serial + 1:03d}"
        is_head = i % 50 == 0
        supervisor = "" if is_head else head_nip
        if is_head:
            head_nip = nip
        yield [
            nip,
            f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}, S.Kom.",
            "L" if gender == "1" else "P",
            f"{birth:%d-%m-%Y}",
            "PNS",
            "III/a",
            "Kepala Seksi" if is_head else "Pengadministrasi Umum",
            "struktural" if is_head else "pelaksana",
            unit_codes[(i // 50) % len(unit_codes)],
            supervisor,
            "S1",
            f"pegawai{i}@bench.go.id",
            f"0812{i:08d}",
        ]


def write_employee_csv(path: Path, n: int, unit_codes: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(employee_rows(n, unit_codes))
    return path
