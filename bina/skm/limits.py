"""Abuse limits of the public SKM form, set so that no real citizen is ever turned away.

- Addresses are never stored: `client_hash` is an HMAC of the address and the Pemda (a counter's Wi-Fi
  or a phone operator's NAT put many citizens behind one address, so the limits are generous).
- Flood: from `SKM_SOFT_PER_HOUR` responses in the last hour from one address, further responses are
  kept but set aside (`excluded="flood"`, not counted, visible to staff); from `SKM_HARD_PER_HOUR` the form
  answers 429 for the rest of the hour. A kiosk tablet at an MPP serving one citizen a minute stays under
  the soft limit.
- Duplicate: the same answers for the same unit and service from the same address within
  `SKM_DUPLICATE_MINUTES` are kept but set aside (`excluded="duplicate"`): a double tap or a reload.
- Ticket links are limited by their ticket (one response each, a database constraint), not by address.
The thanks page is the same whether or not a response was set aside.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from bina.core.public import address_key


def client_hash(ip: str | None, pemda_id: int) -> str:
    return address_key(ip, f"skm:{pemda_id}")


def answers_fingerprint(unit_id: int, service_code: str, values: Mapping[str, Any]) -> str:
    payload = json.dumps({"u": unit_id, "s": service_code, "v": {k: str(v) for k, v in sorted(values.items())}})
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def exclusion_for(*, recent_hour: int, same_answers_recently: bool) -> str | None:
    """ "" (counted), "flood" or "duplicate" (kept, not counted), or None: refuse (the hard limit)."""
    if recent_hour >= settings.SKM_HARD_PER_HOUR:
        return None
    if same_answers_recently:
        return "duplicate"
    if recent_hour >= settings.SKM_SOFT_PER_HOUR:
        return "flood"
    return ""
