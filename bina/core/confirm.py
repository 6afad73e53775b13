"""The confirmation step of an irreversible or mass action: what will happen, and to how many people.

Cancelling a class, withdrawing or rejecting a participant, revoking a certificate, rejecting a learning
claim and closing a unit cannot be undone with one click. Their view answers the first submit with
`confirm_page`: the consequence in words and the count from a selector ("12 peserta akan diberi tahu"), and
a form that posts the same fields again with `confirmed=yes`. Only that second post reaches the service, so
the write stays in the service and the step works without JavaScript. The API is not asked: a client that
calls `POST /classes/{id}/cancel` has already decided.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirmed"
CONFIRM_VALUE = "yes"


@dataclass(frozen=True)
class Confirmation:
    """What a confirmation page says. `people` names who is touched and how many ("12 peserta akan diberi
    tahu"); `details` are further consequences, one sentence each; `button` the danger button's label."""

    title: str
    consequence: str
    people: str
    button: str
    details: tuple[str, ...] = ()
    # A reason the service needs and the first form may not have asked for (name, label).
    reason_field: str = ""
    reason_label: str = ""
    # A choice the service takes and the first form may not have asked for (name, label, (value, label)s).
    choice_field: str = ""
    choice_label: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    choice_default: str = ""


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirm_page(request: HttpRequest, confirmation: Confirmation, *, back_url: str) -> HttpResponse:
    """The page that asks once more; it posts the fields of the first submit back to the same address."""
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in {"csrfmiddlewaretoken", CONFIRM_FIELD}
        for value in values
    ]
    reason = request.POST.get(confirmation.reason_field, "").strip() if confirmation.reason_field else ""
    if confirmation.reason_field and not reason:
        carried = [(n, v) for n, v in carried if n != confirmation.reason_field]
    return render(
        request,
        "core/confirm.html",
        {
            "confirmation": confirmation,
            "carried": carried,
            "reason": reason,
            "ask_reason": bool(confirmation.reason_field) and not reason,
            "ask_choice": bool(confirmation.choice_field) and not request.POST.get(confirmation.choice_field),
            "action_url": request.path,
            "back_url": back_url,
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
        },
    )
