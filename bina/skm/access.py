"""Scoped entry points to SKM data.

- Results of a unit (its subtree) are read by actors whose read reach covers the unit; the unit is
  fetched here, and a unit outside the reach answers 404 like a missing one.
- Campaigns are seen within the read reach and written within the write reach.
- The public actor reads, through `public_*`, only the open units and active services of the Pemda of
  the URL (`actor.public_pemda_id`): what the counter poster already shows.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from bina.core.actor import Actor
from bina.core.errors import NotFound
from bina.people.access import get_org_unit_for_user, reach_q
from bina.people.models import OrgUnit
from bina.quality.access import service_types_for
from bina.quality.models import ServiceType
from bina.skm.elements import INSTRUMENT_CODE
from bina.skm.models import SkmSetting, WeightMode
from bina.surveys.models import Campaign, CampaignStatus, Instrument, InstrumentVersion, Question, Response
from bina.surveys.selectors import version_questions

T = TypeVar("T")


def get_skm_unit_for_user(actor: Actor, code: str, *, write: bool = False) -> OrgUnit:
    """A unit whose SKM the actor may read (or run, with `write`): 404 when missing or out of reach."""
    unit = get_org_unit_for_user(actor, code)
    reach = actor.write_reach() if write else actor.read_reach()
    if not reach.covers(unit.path):
        raise NotFound(_("No unit %(code)s was found.") % {"code": code})
    return unit


def skm_units_for(actor: Actor, *, write: bool = False) -> QuerySet[OrgUnit]:
    if actor.pemda_id is None:
        return OrgUnit.objects.none()
    reach = actor.write_reach() if write else actor.read_reach()
    if reach.is_empty:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(reach_q("path", reach), pemda_id=actor.pemda_id)


def skm_responses_in_reach(actor: Actor) -> QuerySet[Response]:
    """SKM answers received by the units the actor reads SKM results of (one queryset, grouped by callers)."""
    if actor.pemda_id is None:
        return Response.objects.none()
    return Response.objects.filter(
        pemda_id=actor.pemda_id, instrument__code=INSTRUMENT_CODE, unit_id__in=skm_units_for(actor).values("pk")
    )


def skm_responses_of_unit(unit: OrgUnit) -> QuerySet[Response]:
    """The SKM responses of a unit's subtree; `unit` comes from `get_skm_unit_for_user` (already in reach)."""
    return Response.objects.filter(
        pemda_id=unit.pemda_id, instrument__code=INSTRUMENT_CODE, unit__path__startswith=unit.path
    )


def skm_version_current(pemda_id: int) -> InstrumentVersion:
    """The Pemda's current SKM questionnaire (configuration every face of the Pemda shares)."""
    version = (
        InstrumentVersion.objects.select_related("instrument")
        .filter(instrument__pemda_id=pemda_id, instrument__code=INSTRUMENT_CODE, is_current=True)
        .first()
    )
    if version is None:
        raise NotFound(_("This Pemda has no SKM questionnaire."))
    return version


def skm_instrument_of(pemda_id: int) -> Instrument | None:
    return Instrument.objects.filter(pemda_id=pemda_id, code=INSTRUMENT_CODE).first()


def skm_weight_of(pemda_id: int) -> str:
    setting = SkmSetting.objects.filter(pemda_id=pemda_id).first()
    return setting.weight if setting else WeightMode.EXACT


def campaigns_for(actor: Actor, *, write: bool = False) -> QuerySet[Campaign]:
    if actor.pemda_id is None:
        return Campaign.objects.none()
    reach = actor.write_reach() if write else actor.read_reach()
    if reach.is_empty:
        return Campaign.objects.none()
    return Campaign.objects.filter(
        reach_q("unit__path", reach), pemda_id=actor.pemda_id, version__instrument__code=INSTRUMENT_CODE
    )


def get_campaign_for_user(actor: Actor, pk: int, *, write: bool = False) -> Campaign:
    campaign = campaigns_for(actor, write=write).select_related("unit", "version").filter(pk=pk).first()
    if campaign is None:
        raise NotFound(_("No survey campaign %(id)s was found.") % {"id": pk})
    return campaign


def campaign_for_population(unit: OrgUnit, service_code: str, start: object, end: object) -> Campaign | None:
    """The campaign of exactly this unit (and service) overlapping the period with a population entered by hand
    (a cancelled one's is not used)."""
    return (
        Campaign.objects.exclude(status=CampaignStatus.CANCELLED)
        .filter(
            pemda_id=unit.pemda_id,
            unit=unit,
            subject=service_code,
            start__lte=end,
            end__gte=start,
            expected__isnull=False,
        )
        .order_by("-start")
        .first()
    )


_PUBLIC_CACHE: dict[tuple[Any, ...], tuple[float, Any]] = {}
_PUBLIC_CACHE_LOCK = threading.Lock()
_PUBLIC_CACHE_MAX = 2_000


def _public_cached(key: tuple[Any, ...], build: Callable[[], T]) -> T:
    """`build()`, kept `SKM_PUBLIC_CACHE_SECONDS` per process (read-only values; a failure is not kept)."""
    seconds = settings.SKM_PUBLIC_CACHE_SECONDS
    if seconds <= 0:
        return build()
    now = time.monotonic()
    hit = _PUBLIC_CACHE.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = build()
    with _PUBLIC_CACHE_LOCK:
        if len(_PUBLIC_CACHE) >= _PUBLIC_CACHE_MAX:
            _PUBLIC_CACHE.clear()
        _PUBLIC_CACHE[key] = (now + seconds, value)
    return value


def public_cache_clear() -> None:
    with _PUBLIC_CACHE_LOCK:
        _PUBLIC_CACHE.clear()


def public_unit(actor: Actor, code: str) -> OrgUnit:
    """An open unit of the URL's Pemda, for the public form (404 otherwise)."""
    pemda_id = actor.public_pemda_id
    unit = None
    if pemda_id is not None:
        unit = _public_cached(
            ("unit", pemda_id, code),
            lambda: OrgUnit.objects.filter(pemda_id=pemda_id, code=code, closed_on__isnull=True).first(),
        )
    if unit is None:
        raise NotFound(_("No service unit %(code)s was found.") % {"code": code})
    return unit


def public_units(actor: Actor) -> QuerySet[OrgUnit]:
    """The open units of the URL's Pemda that serve the public (kelurahan, kecamatan, dinas, MPP...)."""
    if actor.public_pemda_id is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(pemda_id=actor.public_pemda_id, closed_on__isnull=True).order_by("path")


def public_services(actor: Actor) -> QuerySet[ServiceType]:
    if actor.public_pemda_id is None:
        return ServiceType.objects.none()
    return ServiceType.objects.filter(pemda_id=actor.public_pemda_id, is_active=True)


def public_service_list(actor: Actor) -> list[ServiceType]:
    """`public_services` as a list, kept like the rest of the public form's configuration."""
    if actor.public_pemda_id is None:
        return []
    return _public_cached(("services", actor.public_pemda_id), lambda: list(public_services(actor)))


def public_version(actor: Actor) -> InstrumentVersion:
    pemda_id = actor.public_pemda_id
    if pemda_id is None:
        raise NotFound(_("This Pemda has no SKM questionnaire."))
    return _public_cached(("version", pemda_id), lambda: skm_version_current(pemda_id))


def public_questions(version: InstrumentVersion) -> list[Question]:
    """The questions of a version (fixed once the version exists: a change makes a new version)."""
    return list(_public_cached(("questions", version.pk, version.created_at), lambda: version_questions(version)))


def skm_services_for(actor: Actor) -> QuerySet[ServiceType]:
    return service_types_for(actor)
