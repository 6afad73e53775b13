"""File downloads shared by the pages and the API: training's registered reports (`bina.training.learning.exports`)."""

from __future__ import annotations

from typing import Any

from django.http.response import HttpResponseBase

from bina.core.actor import Actor
from bina.reports.registry import report_response


def riwayat_download(actor: Actor, *, year: int, unit: Any, fmt: str) -> HttpResponseBase:
    """The SIASN file itself (CSV streamed, or XLSX); the rows check the permission and log the export."""
    return report_response("training.riwayat_diklat", actor=actor, fmt=fmt, params={"year": year, "unit": unit})


def participants_response(actor: Actor, pk: int, fmt: str) -> HttpResponseBase:
    return report_response("training.class_participants", actor=actor, fmt=fmt, params={"class_id": pk})


def compliance_download(actor: Actor, *, year: int, unit: Any) -> HttpResponseBase:
    return report_response("training.jp_compliance", actor=actor, fmt="csv", params={"year": year, "unit": unit})


def below_target_download(actor: Actor, *, year: int, unit: Any, fmt: str) -> HttpResponseBase:
    """The below-target list as a file (XLSX or CSV; another format answers 422)."""
    return report_response("training.below_target", actor=actor, fmt=fmt, params={"year": year, "unit": unit})
