"""API tokens: exchange a password for a bearer token, list and revoke one's own tokens.

The exchange goes through `django.contrib.auth.authenticate`, so django-axes counts failures
and locks out (AXES_FAILURE_LIMIT, AXES_COOLOFF_*), and the failed-login signal audits them.
"""

import math
from datetime import datetime

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from bina.accounts.backends import axes_username
from bina.accounts.models import ApiToken
from bina.accounts.scope import actor_for_user
from bina.accounts.selectors import lockout_retry_after, tokens_of
from bina.accounts.services import token_create, token_revoke
from bina.core.api import ERRORS, ErrorOut, actor_of
from bina.core.audit import client_ip
from bina.core.errors import AuthenticationFailed, BinaError

router = Router(tags=["auth"])


class LockedOut(BinaError):
    code = "locked_out"
    status = 429


class TokenRequest(Schema):
    username: str = Field(..., min_length=1, max_length=150, description="Username or 18-digit NIP.")
    password: str = Field(..., min_length=1, max_length=4096)
    name: str = Field("", max_length=100, description="A label to recognise the token by, e.g. 'SIASN sync'.")


class TokenCreated(Schema):
    token: str = Field(..., description="The secret; shown only once, store it safely.")
    id: int
    name: str
    prefix: str
    created_at: datetime


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool

    @staticmethod
    def resolve_revoked(obj: ApiToken) -> bool:
        return obj.revoked_at is not None


@router.post(
    "/token",
    auth=None,
    response={200: TokenCreated, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Exchange username (or NIP) and password for a bearer token",
)
def token_obtain(request: HttpRequest, payload: TokenRequest, response: HttpResponse) -> object:
    credentials = {"username": payload.username, "password": payload.password}
    user = authenticate(request, **credentials)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            # Answer the lockout in the API's own shape; AxesMiddleware would otherwise swap
            # this response for the HTML lockout page of the login form.
            request.axes_locked_out = False  # type: ignore[attr-defined]
            seconds = lockout_retry_after(axes_username(request, credentials))
            response["Retry-After"] = str(seconds)
            error = LockedOut(
                _(
                    "Too many failed logins: this account is locked for %(minutes)d more minutes (Retry-After). "
                    "Wait, or ask your BKPSDM admin to lift the lockout."
                )
                % {"minutes": math.ceil(seconds / 60)}
            )
            return Status(429, {"error": error.as_dict()})
        raise AuthenticationFailed(_("Wrong username/NIP or password. Note that the password is case-sensitive."))
    # Refused (403) for roles that hold no tokens, before it counts as a login.
    token, secret = token_create(actor=actor_for_user(user, ip=client_ip(request)), user=user, name=payload.name)
    # A token exchange is a login: audit it, update last_login, and let axes reset the failure count.
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return {"token": secret, "id": token.pk, "name": token.name, "prefix": token.prefix, "created_at": token.created_at}


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, summary="Your API tokens")
def token_list(request: HttpRequest) -> list[ApiToken]:
    return list(tokens_of(actor_of(request)))


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS}, summary="Revoke one of your tokens")
def token_delete(request: HttpRequest, token_id: int) -> Status[None]:
    token_revoke(actor=actor_of(request), token_id=token_id)
    return Status(204, None)
