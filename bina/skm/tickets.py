"""Per-ticket SKM links: signed (django.core.signing), expiring, one response per ticket.

The queue machine (or the record import) prints `ticket_url(...)` on the ticket; the token names the unit,
service, ticket number and day, so it cannot be edited into another ticket. Expiry:
`SKM_TICKET_MAX_AGE_DAYS` (settings). The response's `once_key` is the ticket's key, unique in the
database (`surveys.Response.response_once_per_key`): two submissions of one ticket, even at the same
instant on two servers, store one response.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from bina.core.errors import ValidationFailed

SALT = "bina.skm.ticket"


@dataclass(frozen=True)
class Ticket:
    unit_code: str
    service_code: str
    number: str
    day: dt.date

    @property
    def once_key(self) -> str:
        return f"t:{self.unit_code}:{self.day.isoformat()}:{self.number}"


def ticket_token(ticket: Ticket) -> str:
    return signing.dumps(
        {"u": ticket.unit_code, "s": ticket.service_code, "n": ticket.number, "d": ticket.day.isoformat()},
        salt=SALT,
        compress=True,
    )


def ticket_read(token: str) -> Ticket:
    """The ticket a token names; an edited, foreign or expired token is refused (422)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=dt.timedelta(days=settings.SKM_TICKET_MAX_AGE_DAYS))
        return Ticket(str(data["u"]), str(data["s"]), str(data["n"]), dt.date.fromisoformat(str(data["d"])))
    except signing.SignatureExpired:
        raise ValidationFailed(_("This survey link has expired."), code="ticket_expired") from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationFailed(_("This survey link is not valid."), code="ticket_invalid") from None


def ticket_url(pemda_slug: str, ticket: Ticket) -> str:
    """The link printed on the ticket (or sent by SMS): the unit's form with the signed ticket."""
    from django.urls import reverse

    path = reverse("public:skm:form", kwargs={"pemda_slug": pemda_slug, "unit_code": ticket.unit_code})
    return f"{settings.SITE_URL.rstrip('/')}{path}?t={ticket_token(ticket)}"
