"""Writes to Pemda (tenants)."""

from __future__ import annotations

import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.audit import audit_changes, audit_record, track_changes
from bina.core.emblem import emblem_check, emblem_name
from bina.core.errors import Conflict, PermissionDenied, ValidationFailed
from bina.core.models import Pemda, PemdaKind, TimeZone
from bina.core.permissions import can_edit_pemda_settings
from bina.core.signals import pemda_created


def _validate(*, slug: str, kind: str, bps_code: str, timezone_name: str) -> None:
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,49}", slug):
        raise ValidationFailed(_("The slug must be 2-50 lower-case letters, digits or hyphens (e.g. kota-serang)."))
    if kind not in PemdaKind.values:
        raise ValidationFailed(_("Kind must be one of: %(choices)s.") % {"choices": ", ".join(PemdaKind.values)})
    # Kode wilayah BPS: 2 digits for a provinsi, 4 for a kabupaten/kota (Permendagri 72/2019 numbering).
    expected = 2 if kind == PemdaKind.PROVINSI else 4
    if not (bps_code.isdigit() and len(bps_code) == expected):
        raise ValidationFailed(
            _("The BPS code of a %(kind)s must have %(n)d digits (got %(code)s).")
            % {"kind": kind, "n": expected, "code": bps_code}
        )
    if timezone_name not in TimeZone.values:
        raise ValidationFailed(_("Time zone must be one of: %(choices)s.") % {"choices": ", ".join(TimeZone.values)})


@transaction.atomic
def pemda_create(
    *, actor: Actor, slug: str, name: str, kind: str, bps_code: str, timezone_name: str = TimeZone.WIB
) -> Pemda:
    if not actor.is_superadmin:
        raise PermissionDenied(_("Only the platform superadmin can create a Pemda."))
    _validate(slug=slug, kind=kind, bps_code=bps_code, timezone_name=timezone_name)
    if Pemda.objects.filter(slug=slug).exists():
        raise Conflict(_("A Pemda with slug %(slug)s already exists.") % {"slug": slug})
    if Pemda.objects.filter(bps_code=bps_code).exists():
        raise Conflict(_("A Pemda with BPS code %(code)s already exists.") % {"code": bps_code})
    pemda = Pemda.objects.create(slug=slug, name=name, kind=kind, bps_code=bps_code, timezone=timezone_name)
    audit_record(action="pemda.create", actor=actor, pemda_id=pemda.pk, target=pemda)
    # Apps set up what every new Pemda starts with (e.g. the competency dictionary), in this transaction.
    pemda_created.send(sender=Pemda, pemda=pemda)
    return pemda


@transaction.atomic
def pemda_update(*, actor: Actor, pemda: Pemda, name: str, timezone_name: str) -> Pemda:
    if not can_edit_pemda_settings(actor, pemda):
        raise PermissionDenied(_("You cannot change this Pemda's settings."))
    _validate(slug=pemda.slug, kind=pemda.kind, bps_code=pemda.bps_code, timezone_name=timezone_name)
    changes = track_changes(pemda, {"name": name, "timezone": timezone_name})
    if changes:
        pemda.save(update_fields=["name", "timezone"])
        audit_changes(action="pemda.update", actor=actor, pemda_id=pemda.pk, target=pemda, changes=changes)
    return pemda


@transaction.atomic
def pemda_emblem_set(*, actor: Actor, pemda: Pemda, data: bytes | None) -> Pemda:
    """Store a new emblem (bytes of a PNG or JPEG, checked by `emblem_check`), or remove it (`data=None`)."""
    if not can_edit_pemda_settings(actor, pemda):
        raise PermissionDenied(_("You cannot change this Pemda's settings."))
    old = pemda.emblem.name if pemda.emblem else ""
    if data is None:
        if not old:
            return pemda
        pemda.emblem = ""
    else:
        ext = emblem_check(data)
        pemda.emblem.save(emblem_name(pemda.slug, ext), ContentFile(data), save=False)
    pemda.save(update_fields=["emblem"])
    audit_record(
        action="pemda.emblem_remove" if data is None else "pemda.emblem_set",
        actor=actor,
        pemda_id=pemda.pk,
        target=pemda,
        target_label=pemda.name,
    )
    if old:
        # The old file goes only once the new name is committed; a rollback keeps it in use.
        transaction.on_commit(lambda: default_storage.delete(old))
    return pemda
