"""Seeded generator of demo Pemda: their real org tree and any number of believable ASN.

Rules the data keeps (so every screen and report built on it looks real):
- NIPs follow `bina.people.nip` (PNS and NI PPPK layouts) and agree with gender, birth date,
  ASN type and TMT (`appointed_on`); they are unique per Pemda.
- Golongan matches the ASN type: PNS I/a..IV/e (PP 99/2000 ranks), PPPK grades I..XVII
  (Perpres 98/2020).
- Org chart: every unit has one struktural head; a head reports to the head of the parent unit,
  top units' heads to the Sekretaris Daerah; staff report to their unit's head.

Employee number *i* of a Pemda is drawn from its own `random.Random` seeded with
(Pemda, seed, i), so a run that tops 1,000 employees up to 2,000 creates exactly the
people a single run of 2,000 would have: re-running is idempotent and scaling is additive.
"""

from __future__ import annotations

import bisect
import itertools
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from bina.core.actor import Actor
from bina.core.models import Pemda
from bina.core.services import pemda_create
from bina.demo.data import PemdaSpec, UnitSpec, get_spec
from bina.demo.data.names import CULTURES
from bina.people.models import (
    PNS_GOLONGAN,
    AsnType,
    Employee,
    EmployeeStatus,
    EmploymentRecord,
    Gender,
    OrgUnit,
    OrgUnitKind,
    PositionKind,
)
from bina.people.services import org_unit_create, sort_name_for

# Demo data must not depend on the day it is generated: every date is before this one.
REFERENCE_DATE = date(2026, 1, 1)
BATCH_SIZE = 2000
SOURCE = "demo"


# Starting golongan by education (PP 99/2000 for the first appointment of a CPNS) and the highest
# golongan a non-structural position with that education usually reaches.
_PNS_ENTRY = {"SMA": "II/a", "D3": "II/c", "D4": "III/a", "S1": "III/a", "S2": "III/b", "S3": "III/c"}
_PNS_CAP = {"SMA": "III/b", "D3": "III/d", "D4": "IV/a", "S1": "IV/b", "S2": "IV/c", "S3": "IV/d"}
# PPPK grade by education (PermenPANRB on PPPK grades: SLTA V, D-III VII, S-1/D-IV IX, S-2 X).
_PPPK_GRADE = {"SMA": "V", "D3": "VII", "D4": "IX", "S1": "IX", "S2": "X", "S3": "XI"}


@dataclass(frozen=True)
class Position:
    name: str
    kind: str
    weight: float
    education: tuple[tuple[str, float], ...]
    degree: str = "general"  # which academic titles fit (see _DEGREES)


F, P = PositionKind.FUNGSIONAL, PositionKind.PELAKSANA
_ADMIN = Position("Pengadministrasi Umum", P, 3, (("SMA", 0.5), ("D3", 0.2), ("S1", 0.3)))
_OPERATOR = Position("Operator Layanan", P, 3, (("SMA", 0.55), ("D3", 0.3), ("S1", 0.15)))
_DATA = Position("Pengelola Data", P, 2, (("D3", 0.4), ("S1", 0.6)), "it")
_ANALYST = Position("Analis Kebijakan", F, 1.5, (("S1", 0.7), ("S2", 0.3)))
_PRAKOM = Position("Pranata Komputer", F, 1, (("D3", 0.35), ("S1", 0.6), ("S2", 0.05)), "it")
_ADMINDUK = Position("Administrator Kependudukan", F, 3, (("D3", 0.3), ("S1", 0.65), ("S2", 0.05)))
_PLANNER = Position("Perencana", F, 1, (("S1", 0.6), ("S2", 0.4)), "economics")

PROFILES: dict[str, tuple[Position, ...]] = {
    "general": (_ADMIN, _DATA, _ANALYST, _PLANNER, Position("Arsiparis", F, 1, (("D3", 0.5), ("S1", 0.5))),
                Position("Perancang Peraturan Perundang-undangan", F, 0.7, (("S1", 0.7), ("S2", 0.3)), "law")),
    "population": (_ADMINDUK, _OPERATOR, _DATA, _ADMIN, _PRAKOM),
    "hr": (Position("Analis Sumber Daya Manusia Aparatur", F, 4, (("S1", 0.75), ("S2", 0.25)), "hr"), _ADMIN, _DATA,
           _PRAKOM),
    "health": (Position("Epidemiolog Kesehatan", F, 1.5, (("S1", 0.6), ("S2", 0.4)), "health"),
               Position("Administrator Kesehatan", F, 2, (("S1", 0.7), ("S2", 0.3)), "health"), _DATA, _ADMIN,
               _PLANNER),
    "puskesmas": (Position("Dokter", F, 2, (("S1", 0.85), ("S2", 0.15)), "doctor"),
                  Position("Dokter Gigi", F, 0.6, (("S1", 1.0),), "dentist"),
                  Position("Perawat", F, 4, (("D3", 0.5), ("S1", 0.5)), "nurse"),
                  Position("Bidan", F, 3, (("D3", 0.7), ("D4", 0.3)), "midwife"),
                  Position("Apoteker", F, 0.5, (("S1", 1.0),), "pharmacist"),
                  Position("Pranata Laboratorium Kesehatan", F, 1, (("D3", 0.7), ("S1", 0.3)), "health"),
                  Position("Nutrisionis", F, 0.6, (("D3", 0.5), ("S1", 0.5)), "health"),
                  _ADMIN, _OPERATOR),
    "education": (Position("Pengawas Sekolah", F, 1.5, (("S1", 0.4), ("S2", 0.6)), "teacher"), _ANALYST, _DATA, _ADMIN),
    "school": (Position("Guru", F, 10, (("S1", 0.85), ("S2", 0.15)), "teacher"),
               Position("Pustakawan", F, 0.5, (("D3", 0.5), ("S1", 0.5))), _ADMIN, _DATA),
    "it": (Position("Pranata Komputer", F, 4, _PRAKOM.education, "it"), _DATA,
           Position("Pranata Hubungan Masyarakat", F, 1, (("S1", 1.0),), "communication"),
           Position("Statistisi", F, 1, (("D3", 0.3), ("S1", 0.7)), "it"),
           Position("Sandiman", F, 0.5, (("D3", 0.5), ("S1", 0.5)), "it"), _ANALYST, _ADMIN),
    "planning": (Position("Perencana", F, 4, _PLANNER.education, "economics"),
                 Position("Peneliti", F, 1, (("S1", 0.4), ("S2", 0.6))), _ANALYST, _DATA, _ADMIN),
    "audit": (Position("Auditor", F, 4, (("S1", 0.75), ("S2", 0.25)), "economics"),
              Position("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah", F, 2, (("S1", 0.7), ("S2", 0.3))),
              _ADMIN),
    "satpol": (Position("Polisi Pamong Praja", F, 7, (("SMA", 0.6), ("D3", 0.15), ("S1", 0.25)), "law"), _ADMIN,
               _OPERATOR),
    "social": (Position("Pekerja Sosial", F, 3, (("D4", 0.3), ("S1", 0.6), ("S2", 0.1)), "social"),
               Position("Penyuluh Sosial", F, 1, (("S1", 1.0),), "social"), _ADMIN, _DATA),
    "region": (_OPERATOR, _ADMIN, _DATA, Position("Administrator Kependudukan", F, 1, _ADMINDUK.education),
               Position("Analis Kebijakan", F, 0.5, _ANALYST.education)),
}  # fmt: skip

# Share of PPPK among the staff of a profile: most PPPK are teachers and health workers.
_PPPK_SHARE = {"school": 0.5, "puskesmas": 0.35}
_DEFAULT_PPPK_SHARE = 0.14

# Golongan ranges of struktural heads by title (eselon II..IV practice).
_HEAD_GOLONGAN = {
    "Sekretaris Daerah": ("IV/d", "IV/e"),
    "Kepala Dinas": ("IV/c", "IV/d"),
    "Kepala Badan": ("IV/c", "IV/d"),
    "Inspektur": ("IV/c", "IV/d"),
    "Kepala Satuan": ("IV/b", "IV/c"),
    "Kepala Bidang": ("IV/a", "IV/b"),
    "Kepala Bagian": ("IV/a", "IV/b"),
    "Camat": ("IV/a", "IV/b"),
    "Lurah": ("III/d", "IV/a"),
    "Kepala Puskesmas": ("III/d", "IV/b"),
    "Kepala Sekolah": ("III/d", "IV/b"),
    "Sekretaris Kecamatan": ("III/d", "IV/a"),
    "Sekretaris Kelurahan": ("III/b", "III/d"),
}
_HEAD_DEGREE = {"Kepala Puskesmas": "doctor", "Kepala Sekolah": "teacher", "Camat": "governance", "Lurah": "governance"}
# Kecamatan and kelurahan also have a secretary, the second struktural post of the unit.
_SECRETARY = {OrgUnitKind.KECAMATAN: "Sekretaris Kecamatan", OrgUnitKind.KELURAHAN: "Sekretaris Kelurahan"}

# Academic titles by field: bachelor (suffix), master (suffix), D-III (suffix).
_DEGREES: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "general": (
        ("S.Sos.", "S.E.", "S.H.", "S.AP.", "S.IP.", "S.Kom.", "S.T.", "S.Psi."),
        ("M.M.", "M.Si.", "M.AP."),
        "A.Md.",
    ),
    "governance": (("S.STP.", "S.IP.", "S.Sos.", "S.H."), ("M.Si.", "M.AP.", "M.M."), "A.Md."),
    "it": (("S.Kom.", "S.T.", "S.Si."), ("M.Kom.", "M.T."), "A.Md.Kom."),
    "economics": (("S.E.", "S.Ak.", "S.T."), ("M.M.", "M.Ak.", "M.E."), "A.Md."),
    "law": (("S.H.",), ("M.H.", "M.Kn."), "A.Md."),
    "hr": (("S.Psi.", "S.AP.", "S.Sos."), ("M.Psi.", "M.AP.", "M.M."), "A.Md."),
    "health": (("S.KM.", "S.Gz.", "S.Si."), ("M.Kes.", "M.KM."), "A.Md.Kes."),
    "teacher": (("S.Pd.",), ("M.Pd.",), "A.Md.Pd."),
    "nurse": (("S.Kep., Ns.",), ("M.Kep.",), "A.Md.Kep."),
    "midwife": (("S.Tr.Keb.",), ("M.Keb.",), "A.Md.Keb."),
    "pharmacist": (("S.Farm., Apt.",), ("M.Farm.",), "A.Md.Farm."),
    "social": (("S.Sos.", "S.Tr.Sos."), ("M.Si.", "M.Kesos."), "A.Md."),
    "communication": (("S.I.Kom.", "S.Sos."), ("M.I.Kom.", "M.Si."), "A.Md."),
    "doctor": (("",), ("M.Kes.", "M.KM."), ""),
    "dentist": (("",), ("M.Kes.",), ""),
}
_PHONE_PREFIXES = ("811", "812", "813", "821", "822", "852", "853", "857", "858", "877", "878", "881", "895", "896")


@dataclass
class GenerationResult:
    pemda: Pemda
    pemda_created: bool
    units_created: int
    units_total: int
    employees_created: int
    employees_total: int
    seconds: float


def generate(pemda_slug: str, *, employees: int, seed: int = 2026) -> GenerationResult:
    """Create the Pemda, its org tree and employees up to `employees` in total; add only what is missing."""
    if employees < 0:
        raise ValueError("The number of employees cannot be negative.")
    spec = get_spec(pemda_slug)
    started = time.perf_counter()
    with transaction.atomic():
        pemda, pemda_created = _ensure_pemda(spec)
        units, units_created = _ensure_units(pemda, spec)
        employees_created, employees_total = _ensure_employees(pemda, spec, units, target=employees, seed=seed)
    return GenerationResult(
        pemda=pemda,
        pemda_created=pemda_created,
        units_created=units_created,
        units_total=len(units),
        employees_created=employees_created,
        employees_total=employees_total,
        seconds=time.perf_counter() - started,
    )


def _ensure_pemda(spec: PemdaSpec) -> tuple[Pemda, bool]:
    pemda = Pemda.objects.filter(slug=spec.slug).first()
    if pemda is not None:
        return pemda, False
    pemda = pemda_create(
        actor=Actor.platform(label="demo"),
        slug=spec.slug,
        name=spec.name,
        kind=spec.kind,
        bps_code=spec.bps_code,
        timezone_name=spec.timezone,
    )
    return pemda, True


def _ensure_units(pemda: Pemda, spec: PemdaSpec) -> tuple[dict[str, OrgUnit], int]:
    """Create missing units through the service, so paths, depths and the audit log are the real ones."""
    units = {unit.code: unit for unit in OrgUnit.objects.filter(pemda=pemda)}
    created = 0
    for unit in spec.units:  # parents come before their children
        if unit.code in units:
            continue
        parent = units[unit.parent] if unit.parent else None
        units[unit.code] = org_unit_create(
            actor=Actor.system(pemda.pk, label="demo"),
            pemda=pemda,
            code=unit.code,
            name=unit.name,
            kind=unit.kind,
            parent=parent,
        )
        created += 1
    return units, created


# --- employees --------------------------------------------------------------------------


class _State:
    """What already exists in the Pemda and matters for the next person drawn."""

    def __init__(self, pemda: Pemda, units: dict[str, OrgUnit]):
        self.units = units
        self.used_nips: set[str] = set(Employee.objects.filter(pemda=pemda).values_list("nip", flat=True))
        # The first struktural employee of a unit is its head (heads are created before anyone else).
        self.heads: dict[int, int] = {}
        self.secretaries: set[int] = set()
        rows = (
            Employee.objects.filter(pemda=pemda, position_kind=PositionKind.STRUKTURAL)
            .order_by("id")
            .values_list("unit_id", "id", "position_name")
        )
        for unit_id, employee_id, position_name in rows:
            self.heads.setdefault(unit_id, employee_id)
            if position_name in _SECRETARY.values():
                self.secretaries.add(unit_id)


def _ensure_employees(
    pemda: Pemda, spec: PemdaSpec, units: dict[str, OrgUnit], *, target: int, seed: int
) -> tuple[int, int]:
    existing = Employee.objects.filter(pemda=pemda).count()
    if existing >= target:
        return 0, existing
    state = _State(pemda, units)
    order = spec.units
    created = 0

    # Heads first, parents before children, so each head's supervisor already has an id.
    pending: list[Employee] = []
    for index in range(existing, min(target, len(order))):
        unit_spec = order[index]
        supervisor_unit = _supervisor_unit(spec, unit_spec)
        if supervisor_unit is not None and units[supervisor_unit].pk not in state.heads:
            created += _save(pemda, pending, state)
            pending = []
        supervisor_id = state.heads.get(units[supervisor_unit].pk) if supervisor_unit else None
        rng = _rng(spec, seed, index)
        pending.append(_draft_head(rng, spec, unit_spec, units[unit_spec.code], supervisor_id, state, index))
    created += _save(pemda, pending, state)

    # Then staff, streamed in batches so 100,000 people never sit in memory at once.
    staff_units = [units[u.code] for u in order]
    cumulative = list(itertools.accumulate(u.weight for u in order))
    profiles = {units[u.code].pk: u.profile for u in order}
    for chunk in _chunks(range(max(existing, len(order)), target), BATCH_SIZE):
        batch = []
        for index in chunk:
            rng = _rng(spec, seed, index)
            unit = staff_units[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
            batch.append(_draft_staff(rng, spec, unit, profiles[unit.pk], state, index))
        created += _save(pemda, batch, state)
    return created, existing + created


def _supervisor_unit(spec: PemdaSpec, unit: UnitSpec) -> str | None:
    """Whose head the head of `unit` reports to: the parent's, or the Sekretaris Daerah for top units."""
    if unit.code == spec.setda_code:
        return None
    return unit.parent or spec.setda_code


def _rng(spec: PemdaSpec, seed: int, index: int) -> random.Random:
    # A string seed is hashed with SHA-512, so the stream is the same in every process and Python run.
    return random.Random(f"{spec.slug}:{seed}:{index}")


def _chunks(values: range, size: int) -> Iterator[range]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _save(pemda: Pemda, employees: list[Employee], state: _State) -> int:
    if not employees:
        return 0
    Employee.objects.bulk_create(employees, batch_size=BATCH_SIZE)
    records = []
    for employee in employees:
        if employee.position_kind == PositionKind.STRUKTURAL:
            state.heads.setdefault(employee.unit_id, employee.pk)
        assert employee.appointed_on is not None  # always drawn with the NIP
        records.append(
            EmploymentRecord(
                pemda_id=pemda.pk,
                employee_id=employee.pk,
                unit_id=employee.unit_id,
                position_name=employee.position_name,
                position_kind=employee.position_kind,
                golongan=employee.golongan,
                valid_from=employee.appointed_on,
                source=SOURCE,
            )
        )
    EmploymentRecord.objects.bulk_create(records, batch_size=BATCH_SIZE)
    return len(employees)


def _draft_head(
    rng: random.Random,
    spec: PemdaSpec,
    unit_spec: UnitSpec,
    unit: OrgUnit,
    supervisor_id: int | None,
    state: _State,
    index: int,
) -> Employee:
    title = unit_spec.head_title
    education = (
        "S3" if title == "Sekretaris Daerah" and rng.random() < 0.3 else _pick(rng, (("S1", 0.25), ("S2", 0.75)))
    )
    low, high = _HEAD_GOLONGAN.get(title, ("IV/a", "IV/b"))
    golongan = PNS_GOLONGAN[rng.randint(PNS_GOLONGAN.index(low), PNS_GOLONGAN.index(high))]
    # Heads have served long enough to hold their rank: born 1968-1985, CPNS at 23-28.
    return _employee(
        rng,
        spec,
        index,
        used=state.used_nips,
        unit=unit,
        supervisor_id=supervisor_id,
        asn_type=AsnType.PNS,
        birth_year=(1968, 1985),
        position_name=title,
        position_kind=PositionKind.STRUKTURAL,
        education=education,
        degree=_HEAD_DEGREE.get(title, "general"),
        golongan=golongan,
        service_age=(23, 28),
    )


def _draft_staff(
    rng: random.Random, spec: PemdaSpec, unit: OrgUnit, profile: str, state: _State, index: int
) -> Employee:
    supervisor_id = state.heads.get(unit.pk)
    secretary = _SECRETARY.get(OrgUnitKind(unit.kind))
    if secretary and unit.pk not in state.secretaries:
        state.secretaries.add(unit.pk)
        low, high = _HEAD_GOLONGAN[secretary]
        return _employee(
            rng,
            spec,
            index,
            used=state.used_nips,
            unit=unit,
            supervisor_id=supervisor_id,
            asn_type=AsnType.PNS,
            birth_year=(1970, 1990),
            position_name=secretary,
            position_kind=PositionKind.STRUKTURAL,
            education=_pick(rng, (("S1", 0.7), ("S2", 0.3))),
            degree="governance",
            golongan=PNS_GOLONGAN[rng.randint(PNS_GOLONGAN.index(low), PNS_GOLONGAN.index(high))],
            service_age=(22, 30),
        )
    positions = PROFILES[profile]
    position = rng.choices(positions, weights=[p.weight for p in positions])[0]
    education = _pick(rng, position.education)
    is_pppk = rng.random() < _PPPK_SHARE.get(profile, _DEFAULT_PPPK_SHARE)
    return _employee(
        rng,
        spec,
        index,
        used=state.used_nips,
        unit=unit,
        supervisor_id=supervisor_id,
        asn_type=AsnType.PPPK if is_pppk else AsnType.PNS,
        birth_year=(1972, 2001) if is_pppk else (1969, 2002),
        position_name=position.name,
        position_kind=position.kind,
        education=education,
        degree=position.degree,
        golongan=None,
        service_age=(22, 35),
    )


def _employee(
    rng: random.Random,
    spec: PemdaSpec,
    index: int,
    *,
    used: set[str],
    unit: OrgUnit,
    supervisor_id: int | None,
    asn_type: str,
    birth_year: tuple[int, int],
    position_name: str,
    position_kind: str,
    education: str,
    degree: str,
    golongan: str | None,
    service_age: tuple[int, int],
) -> Employee:
    gender = Gender.MALE if rng.random() < 0.52 else Gender.FEMALE
    birth = date(rng.randint(*birth_year), rng.randint(1, 12), rng.randint(1, 28))
    if asn_type == AsnType.PNS:
        # CPNS TMT is usually 1 January or 1 March (the yearly intake); never after the reference date.
        year = min(birth.year + rng.randint(*service_age), REFERENCE_DATE.year - 1)
        appointed = date(year, rng.choice((1, 1, 1, 3, 3, 4, 12)), 1)
        prefix = f"{birth:%Y%m%d}{appointed:%Y%m}"
        jenjang_years = REFERENCE_DATE.year - appointed.year
        golongan = golongan or _pns_golongan(education, jenjang_years, position_kind)
    else:
        # PPPK intakes began with the 2019 selection (first TMT 2021).
        year = rng.randint(max(2021, birth.year + 20), REFERENCE_DATE.year - 1)
        appointed = date(year, 1, 1)
        prefix = f"{birth:%Y%m%d}{year}2{rng.randint(1, 3)}"
        jenjang_years = 0
        grade = _PPPK_GRADE[education]
        if position_name == "Dokter":
            grade = "XI"  # doctors enter one grade above other graduates
        golongan = golongan or grade
    nip = _unique_nip(prefix, "1" if gender == Gender.MALE else "2", rng, used)
    if position_kind == PositionKind.FUNGSIONAL:
        position_name = f"{position_name} {_jenjang(education, golongan, asn_type, jenjang_years)}"
    name = _full_name(rng, spec, gender, education, degree, birth)
    return Employee(
        pemda_id=unit.pemda_id,
        nip=nip,
        name=name,
        sort_name=sort_name_for(name),
        gender=gender,
        birth_date=birth,
        asn_type=asn_type,
        golongan=golongan,
        position_name=position_name,
        position_kind=position_kind,
        unit=unit,
        supervisor_id=supervisor_id,
        education=education,
        status=EmployeeStatus.CUTI if rng.random() < 0.03 else EmployeeStatus.AKTIF,
        email=_email(name, spec, index),
        phone=f"0{rng.choice(_PHONE_PREFIXES)}{rng.randint(0, 10**8 - 1):08d}"[: rng.choice((11, 12))],
        appointed_on=appointed,
    )


def _unique_nip(prefix: str, gender_digit: str, rng: random.Random, used: set[str]) -> str:
    """The drawn serial, or the next free one: same birth date, TMT and gender happen at scale."""
    serial = rng.randint(1, 999)
    for step in range(999):
        nip = f"{prefix}{gender_digit}{(serial + step - 1) % 999 + 1:03d}"
        if nip not in used:
            used.add(nip)
            return nip
    raise RuntimeError(f"No free NIP serial left for {prefix}{gender_digit}.")


def _pns_golongan(education: str, years: int, position_kind: str) -> str:
    """Regular promotion every 4 years from the entry golongan, up to what the education usually allows."""
    entry = PNS_GOLONGAN.index(_PNS_ENTRY[education])
    cap = PNS_GOLONGAN.index(_PNS_CAP[education])
    if position_kind == PositionKind.PELAKSANA:
        cap = min(cap, PNS_GOLONGAN.index("III/d"))  # pelaksana posts top out at III/d
    return PNS_GOLONGAN[min(entry + years // 4, cap)]


def _jenjang(education: str, golongan: str, asn_type: str, years: int) -> str:
    """Jenjang of a functional position (PermenPANRB 1/2023): ahli for graduates, keterampilan otherwise."""
    graduate = education in ("S1", "S2", "S3", "D4")
    if asn_type == AsnType.PPPK:
        return "Ahli Pertama" if graduate else "Terampil"
    rank = PNS_GOLONGAN.index(golongan)
    if graduate:
        if rank >= PNS_GOLONGAN.index("IV/a"):
            return "Ahli Madya"
        return "Ahli Muda" if rank >= PNS_GOLONGAN.index("III/c") else "Ahli Pertama"
    if rank >= PNS_GOLONGAN.index("III/c"):
        return "Penyelia"
    return "Mahir" if rank >= PNS_GOLONGAN.index("III/a") else "Terampil"


def _pick(rng: random.Random, choices: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _full_name(rng: random.Random, spec: PemdaSpec, gender: str, education: str, degree: str, birth: date) -> str:
    cultures = list(spec.name_mix)
    culture = CULTURES[rng.choices(cultures, weights=[spec.name_mix[c] for c in cultures])[0]]
    male = gender == Gender.MALE
    given = culture.male if male else culture.female
    last = culture.male_last if male else culture.female_last
    if rng.random() < culture.single_name:
        core = rng.choice(given)
    elif rng.random() < 0.3:
        first, middle = rng.sample(given, 2)
        core = f"{first} {middle} {rng.choice(last)}"
    else:
        core = f"{rng.choice(given)} {rng.choice(last)}"
    prefixes: list[str] = []
    if birth.year < 1980 and rng.random() < 0.08 and culture in (CULTURES["islamic"], CULTURES["madurese"]):
        prefixes.append("H." if male else "Hj.")
    bachelors, masters, diploma = _DEGREES[degree]
    suffixes: list[str] = []
    if education in ("S1", "D4", "S2", "S3"):
        bachelor = rng.choice(bachelors)
        if degree == "doctor":
            prefixes.insert(0, "dr.")
        elif degree == "dentist":
            prefixes.insert(0, "drg.")
        elif bachelor == "S.T." and birth.year < 1975:
            prefixes.insert(0, "Ir.")  # engineers of that generation carry the old Ir. title instead
        elif bachelor:
            suffixes.append(bachelor)
        if education in ("S2", "S3"):
            suffixes.append(rng.choice(masters))
        if education == "S3":
            prefixes.insert(0, "Dr.")
    elif education == "D3" and diploma:
        suffixes.append(diploma)
    name = " ".join([*prefixes, core])
    return f"{name}, {', '.join(suffixes)}" if suffixes else name


def _email(name: str, spec: PemdaSpec, index: int) -> str:
    words = [w for w in sort_name_for(name).split() if w.isalpha()]
    local = ".".join(words[:1] + words[1:][-1:]) or "pegawai"
    return f"{local}{index}@{spec.email_domain}"


def employee_snapshot(pemda: Pemda) -> list[tuple[Any, ...]]:
    """The generated people by natural keys (no ids), to compare runs."""
    return list(
        Employee.objects.filter(pemda=pemda)
        .order_by("nip")
        .values_list("nip", "name", "unit__code", "position_name", "golongan", "supervisor__nip", "status")
    )
