"""Reference data for the demo Pemda: their real kecamatan/kelurahan and main OPD.

A Pemda is described once as a flat, breadth-first list of `UnitSpec` (parents before
children), so the generator can create units and their heads in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bina.people.models import OrgUnitKind

# OrgUnit.code is at most 32 characters (bina.people.models.OrgUnit.code).
MAX_CODE_LENGTH = 32


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent: str | None  # code of the parent unit
    head_title: str  # the struktural position that leads the unit
    profile: str  # which staff positions work here (see bina.demo.generator.PROFILES)
    weight: float  # relative share of the staff


@dataclass(frozen=True)
class Opd:
    """An OPD and its sub-units, as written in the data modules (flattened by `flatten`)."""

    code: str
    name: str
    kind: str
    head_title: str
    profile: str
    weight: float
    children: tuple[Opd, ...] = ()


@dataclass(frozen=True)
class PemdaSpec:
    slug: str
    name: str
    kind: str
    bps_code: str
    timezone: str
    email_domain: str
    units: tuple[UnitSpec, ...]
    setda_code: str  # its head (Sekretaris Daerah) is the top of the org chart
    operator_unit_code: str  # reach of the demo operator account
    supervisor_unit_code: str  # head of this unit is the demo supervisor (direct and indirect reports)
    name_mix: dict[str, float] = field(default_factory=dict)  # name culture -> share (bina.demo.data.names)

    def unit(self, code: str) -> UnitSpec:
        for unit in self.units:
            if unit.code == code:
                return unit
        raise KeyError(code)


def code_part(name: str) -> str:
    """'Dr. Soetomo' -> 'DR-SOETOMO': readable, stable code fragments."""
    return re.sub(r"[^A-Z0-9]+", "-", name.upper()).strip("-")


def flatten(
    prefix: str, opds: list[Opd], kecamatan: dict[str, list[str]], *, kec_weight: float, kel_weight: float
) -> tuple[UnitSpec, ...]:
    """OPD trees plus kecamatan -> kelurahan, breadth first (parents before children)."""
    roots: list[tuple[Opd | None, UnitSpec]] = []
    for opd in opds:
        roots.append((opd, UnitSpec(opd.code, opd.name, opd.kind, None, opd.head_title, opd.profile, opd.weight)))
    kel_names = [kel for kels in kecamatan.values() for kel in kels]
    for kec in kecamatan:
        kec_code = f"{prefix}-KEC-{code_part(kec)}"
        roots.append(
            (None, UnitSpec(kec_code, f"Kecamatan {kec}", OrgUnitKind.KECAMATAN, None, "Camat", "region", kec_weight))
        )
    result: list[UnitSpec] = []
    level: list[tuple[Opd | None, UnitSpec]] = roots
    kel_level: list[tuple[Opd | None, UnitSpec]] = []
    for kec, kels in kecamatan.items():
        kec_code = f"{prefix}-KEC-{code_part(kec)}"
        for kel in kels:
            # Some kelurahan share a name across kecamatan (Wonorejo, Sukawana): the kecamatan disambiguates.
            suffix = f"-{code_part(kec)}" if kel_names.count(kel) > 1 else ""
            kel_code = f"{prefix}-KEL-{code_part(kel)}{suffix}"
            kel_level.append(
                (
                    None,
                    UnitSpec(
                        kel_code, f"Kelurahan {kel}", OrgUnitKind.KELURAHAN, kec_code, "Lurah", "region", kel_weight
                    ),
                )
            )
    first_children = True
    while level:
        result.extend(spec for _, spec in level)
        next_level: list[tuple[Opd | None, UnitSpec]] = []
        for node, spec in level:
            for child in node.children if node else ():
                next_level.append(
                    (
                        child,
                        UnitSpec(
                            child.code, child.name, child.kind, spec.code, child.head_title, child.profile, child.weight
                        ),
                    )
                )
        if first_children:
            next_level.extend(kel_level)
            first_children = False
        level = next_level
    return tuple(result)


def get_spec(slug: str) -> PemdaSpec:
    from bina.demo.data import serang, surabaya

    specs = {surabaya.SPEC.slug: surabaya.SPEC, serang.SPEC.slug: serang.SPEC}
    try:
        return specs[slug]
    except KeyError:
        raise KeyError(f"No demo data for Pemda {slug!r}; known: {', '.join(sorted(specs))}.") from None


DEMO_SLUGS = ("surabaya", "serang")
