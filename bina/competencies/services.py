"""Writes to the competency dictionary of a Pemda (PermenPANRB 38/2017 on ASN competency standards).

Every Pemda starts with the standard managerial and socio-cultural competencies (`data.py`); its BKPSDM
admin may reword them for local use but not change their code or type, and adds the technical
competencies its positions need. Every competency has exactly the five levels of the regulation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bina.competencies.data import STANDARD_COMPETENCIES
from bina.competencies.models import LEVELS, Competency, CompetencyKind, CompetencyLevel
from bina.competencies.permissions import can_manage_competencies
from bina.core.actor import Actor
from bina.core.audit import audit_changes, audit_record, track_changes
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import Pemda


@transaction.atomic
def competency_dictionary_load(*, pemda: Pemda) -> int:
    """Create the standard competencies and levels a Pemda is missing; return how many rows were created.

    Idempotent and never overwrites: a competency or level that exists (by code, or by name for a
    competency a Pemda created under the standard name) keeps the Pemda's wording.
    """
    created = 0
    existing = {c.code: c for c in Competency.objects.filter(pemda=pemda)}
    names = {c.name for c in existing.values()}
    for order, item in enumerate(STANDARD_COMPETENCIES, start=1):
        competency = existing.get(item["code"])
        if competency is None:
            if item["name"] in names:
                continue  # the Pemda already has a competency of that name; keep theirs
            competency = Competency.objects.create(
                pemda=pemda,
                code=item["code"],
                name=item["name"],
                kind=item["kind"],
                definition=item["definition"],
                is_standard=True,
                order=order,
            )
            created += 1
        have = set(competency.levels.values_list("level", flat=True))
        missing = [
            CompetencyLevel(competency=competency, level=level, title=text["title"], description=text["description"])
            for level, text in item["levels"].items()
            if level not in have
        ]
        CompetencyLevel.objects.bulk_create(missing)
        created += len(missing)
    if created:
        audit_record(action="competency.dictionary_load", pemda_id=pemda.pk, target=pemda, detail={"created": created})
    return created


def _require_admin(actor: Actor, pemda_id: int) -> None:
    if not (can_manage_competencies(actor) and actor.pemda_id == pemda_id):
        raise PermissionDenied(_("Only a BKPSDM admin can change the competency dictionary."))


def _clean_levels(levels: Mapping[int, str] | None, *, required: bool) -> dict[int, str]:
    cleaned: dict[int, str] = {}
    for key, text in (levels or {}).items():
        level = int(key)
        if level not in LEVELS:
            raise ValidationFailed(
                _("Level %(level)s does not exist; levels run from 1 to 5.") % {"level": key},
                details=[{"field": "levels"}],
            )
        cleaned[level] = (text or "").strip()
    if required:
        missing = [str(level) for level in LEVELS if not cleaned.get(level)]
        if missing:
            raise ValidationFailed(
                _("Describe every level 1-5 (missing: %(levels)s).") % {"levels": ", ".join(missing)},
                details=[{"field": f"level_{m}"} for m in missing],
            )
    elif any(not text for text in cleaned.values()):
        raise ValidationFailed(_("A level description cannot be empty."), details=[{"field": "levels"}])
    return cleaned


def _check_unique(*, pemda_id: int, code: str | None, name: str, exclude_pk: int | None = None) -> None:
    others = Competency.objects.filter(pemda_id=pemda_id).exclude(pk=exclude_pk)  # type: ignore[misc]
    if code is not None and others.filter(code__iexact=code).exists():
        raise Conflict(
            _("A competency with code %(code)s already exists; choose another code.") % {"code": code},
            details=[{"field": "code"}],
        )
    if others.filter(name__iexact=name).exists():
        raise Conflict(
            _("A competency named %(name)s already exists; choose another name.") % {"name": name},
            details=[{"field": "name"}],
        )


@transaction.atomic
def competency_create(
    *, actor: Actor, pemda: Pemda, code: str, name: str, definition: str = "", levels: Mapping[int, str]
) -> Competency:
    """Add a technical competency (kompetensi teknis, defined by the agency: PermenPANRB 38/2017 art. 4)."""
    _require_admin(actor, pemda.pk)
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise ValidationFailed(_("A competency needs a code and a name."), details=[{"field": "code"}])
    cleaned = _clean_levels(levels, required=True)
    _check_unique(pemda_id=pemda.pk, code=code, name=name)
    order = Competency.objects.filter(pemda=pemda, kind=CompetencyKind.TECHNICAL).count() + 1
    competency = Competency.objects.create(
        pemda=pemda,
        code=code,
        name=name,
        kind=CompetencyKind.TECHNICAL,
        definition=definition.strip(),
        is_standard=False,
        order=order,
    )
    CompetencyLevel.objects.bulk_create(
        CompetencyLevel(competency=competency, level=level, description=text) for level, text in cleaned.items()
    )
    audit_record(action="competency.create", actor=actor, pemda_id=pemda.pk, target=competency)
    return competency


@transaction.atomic
def competency_update(
    *,
    actor: Actor,
    competency: Competency,
    code: str | None = None,
    name: str | None = None,
    definition: str | None = None,
    levels: Mapping[int, str] | None = None,
    is_active: bool | None = None,
) -> Competency:
    """Reword a competency. Standard ones keep their code and type (they identify the regulation's entry).

    `is_active` (if given) retires or restores it as `competency_set_active` does, in the same transaction.
    """
    _require_admin(actor, competency.pemda_id)
    values: dict[str, Any] = {}
    if code is not None and code.strip() != competency.code:
        if competency.is_standard:
            raise ValidationFailed(
                _("%(name)s is a standard competency of PermenPANRB 38/2017; its code cannot change.")
                % {"name": competency.name},
                details=[{"field": "code"}],
            )
        code = code.strip()
        if not code:
            raise ValidationFailed(_("A competency needs a code."), details=[{"field": "code"}])
        values["code"] = code
    if name is not None and name.strip() != competency.name:
        if not name.strip():
            raise ValidationFailed(_("A competency needs a name."), details=[{"field": "name"}])
        values["name"] = name.strip()
    if definition is not None:
        values["definition"] = definition.strip()
    changes = track_changes(competency, values)
    if "code" in changes or "name" in changes:
        _check_unique(
            pemda_id=competency.pemda_id,
            code=competency.code if "code" in changes else None,
            name=competency.name,
            exclude_pk=competency.pk,
        )
    if changes:
        competency.save()
    cleaned = _clean_levels(levels, required=False)
    current = {lv.level: lv for lv in competency.levels.all()}
    old_levels: dict[str, str | None] = {}
    new_levels: dict[str, str] = {}
    for level, text in cleaned.items():
        row = current.get(level)
        if row is None:
            CompetencyLevel.objects.create(competency=competency, level=level, description=text)
        elif row.description != text:
            old_levels[str(level)] = row.description
            row.description = text
            row.save(update_fields=["description"])
        else:
            continue
        old_levels.setdefault(str(level), None)
        new_levels[str(level)] = text
    if new_levels:
        changes["levels"] = [old_levels, new_levels]
    audit_changes(action="competency.update", actor=actor, target=competency, changes=changes)
    if is_active is not None:
        competency_set_active(actor=actor, competency=competency, active=is_active)
    return competency


@transaction.atomic
def competency_set_active(*, actor: Actor, competency: Competency, active: bool) -> Competency:
    """Retire a competency from new courses without losing the courses and instructors that cite it."""
    _require_admin(actor, competency.pemda_id)
    if competency.is_active != active:
        competency.is_active = active
        competency.save(update_fields=["is_active", "updated_at"])
        audit_record(
            action="competency.activate" if active else "competency.deactivate", actor=actor, target=competency
        )
    return competency
