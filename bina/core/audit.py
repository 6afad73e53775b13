"""Writing to the audit log. Every change to people data, import, login, role change and token goes here.

This module is the only writer of `AuditEvent` rows: `audit_record` for one event, `audit_record_many`
for the thousands an import writes at once. A change to an object is recorded in one shape,
`{"changes": {field: [old, new]}}`, built by `track_changes` (fields) and `track_m2m` (many-to-many
sets) and written by `audit_changes`; values are stored as JSON (`audit_value`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files import File
from django.db import models

from bina.core.models import AuditEvent

if TYPE_CHECKING:
    from django.http import HttpRequest

    from bina.core.actor import Actor


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Each trusted proxy appends the address it saw; anything left of those is what the client
    # claimed, so count hops from the right (README: deployment, TRUSTED_PROXY_COUNT).
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


Changes = dict[str, list[Any]]
"""`{field: [old, new]}`: what an update changed, as the audit log stores it under `"changes"`."""


def audit_value(value: Any) -> Any:
    """A value as the audit log stores it: objects by primary key, dates ISO, decimals and files as text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, File):
        return value.name or None
    if isinstance(value, list | tuple | set | frozenset):
        return [audit_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): audit_value(v) for k, v in value.items()}
    return value


def _comparable(instance: models.Model, name: str, value: Any) -> tuple[Any, Any]:
    """(old, new) to compare; a foreign key compares ids, so the old object is never fetched for it."""
    field = instance._meta.get_field(name)
    if field.many_to_one and field.concrete:
        return getattr(instance, field.attname), value.pk if isinstance(value, models.Model) else value
    return getattr(instance, name), value


def track_changes(instance: models.Model, data: Mapping[str, Any], fields: Iterable[str] | None = None) -> Changes:
    """Set on `instance` each field of `data` (only those in `fields`, when given) whose value differs.

    Returns the changes (`{field: [old, new]}`); the caller saves the instance and passes them to
    `audit_changes`. Cleaning the values (strip, dedupe) is the caller's rule and happens before.
    """
    changes: Changes = {}
    for name in fields if fields is not None else list(data):
        if name not in data:
            continue
        new = data[name]
        old_key, new_key = _comparable(instance, name, new)
        if old_key != new_key:
            changes[name] = [audit_value(getattr(instance, name)), audit_value(new)]
            setattr(instance, name, new)
    return changes


def track_m2m(
    changes: Changes,
    name: str,
    manager: Any,
    items: Iterable[models.Model],
    *,
    key: Callable[[Any], Any] = lambda obj: obj.pk,
) -> bool:
    """Replace a many-to-many set when it differs; record `[old keys, new keys]` (sorted) under `name`."""
    new = list(items)
    old = list(manager.all())
    if {o.pk for o in old} == {o.pk for o in new}:
        return False
    manager.set(new)
    changes[name] = [sorted(audit_value(key(o)) for o in old), sorted(audit_value(key(o)) for o in new)]
    return True


def audit_changes(
    *, action: str, actor: Actor | None, target: models.Model, changes: Changes, **kwargs: Any
) -> AuditEvent | None:
    """Record an update as `{"changes": changes}`; an update that changed nothing is not recorded."""
    if not changes:
        return None
    return audit_record(action=action, actor=actor, target=target, detail={"changes": changes}, **kwargs)


def _event_values(
    *,
    action: str,
    actor: Actor | None,
    pemda_id: int | None,
    target_type: str,
    target_id: str,
    target_label: str,
    detail: dict[str, Any] | None,
    ip: str | None,
    user_id: int | None,
    actor_label: str,
) -> dict[str, Any]:
    """The one mapping from who/what/where to an `AuditEvent` row (by field attname)."""
    if actor is not None:
        user_id = user_id or actor.user_id
        actor_label = actor_label or actor.username
        pemda_id = pemda_id if pemda_id is not None else (actor.pemda_id or actor.public_pemda_id)
        ip = ip or actor.ip
    # Nobody named: the platform itself (a task or command) acted.
    actor_label = actor_label or ("system" if actor is None and user_id is None else "")
    return {
        "pemda_id": pemda_id,
        "actor_id": user_id,
        "actor_label": actor_label[:150],
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "target_label": target_label[:255],
        "detail": detail or {},
        "ip_address": ip,
    }


def audit_record(
    *,
    action: str,
    actor: Actor | None = None,
    pemda_id: int | None = None,
    target: models.Model | None = None,
    target_label: str = "",
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
    user_id: int | None = None,
    actor_label: str = "",
) -> AuditEvent:
    values = _event_values(
        action=action,
        actor=actor,
        pemda_id=pemda_id,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=target_label or (str(target) if target is not None else ""),
        detail=detail,
        ip=ip,
        user_id=user_id,
        actor_label=actor_label,
    )
    if values["pemda_id"] is None and target is not None:
        values["pemda_id"] = getattr(target, "pemda_id", None)
    return AuditEvent.objects.create(**values)


BulkInsert = Callable[[type[models.Model], Iterable[dict[str, Any]]], object]


def audit_record_many(
    *,
    action: str,
    actor: Actor | None,
    pemda_id: int,
    model: type[models.Model],
    items: Iterable[tuple[Any, str, dict[str, Any]]],
    insert: BulkInsert | None = None,
    batch_size: int = 1000,
) -> None:
    """One event per `(pk, label, detail)` of `model`, the rows `audit_record` writes, in bulk.

    Imports write thousands at once: they pass their fast loader as `insert(model, rows)` (rows keyed
    by attname; COPY on PostgreSQL); without one, `bulk_create` in batches.
    """
    base = _event_values(
        action=action,
        actor=actor,
        pemda_id=pemda_id,
        target_type=model._meta.label_lower,
        target_id="",
        target_label="",
        detail=None,
        ip=None,
        user_id=None,
        actor_label="",
    )
    rows = (
        {**base, "target_id": str(pk), "target_label": label[:255], "detail": detail} for pk, label, detail in items
    )
    if insert is not None:
        insert(AuditEvent, rows)
        return
    batch: list[AuditEvent] = []
    for row in rows:
        batch.append(AuditEvent(**row))
        if len(batch) >= batch_size:
            AuditEvent.objects.bulk_create(batch)
            batch = []
    if batch:
        AuditEvent.objects.bulk_create(batch)
