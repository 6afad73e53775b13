"""Log-in, user and role management for admins, and the user's own account (API tokens, language)."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    LoginView,
    PasswordChangeView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from bina.accounts import access, permissions, selectors, services
from bina.accounts.backends import axes_username
from bina.accounts.forms import LanguageForm, RoleAssignForm, TokenCreateForm, UserCreateForm
from bina.accounts.http import UserRequest
from bina.accounts.models import User
from bina.accounts.scope import actor_for_user
from bina.core.audit import client_ip
from bina.core.http import AuthedRequest
from bina.core.notices import action_notice
from bina.core.views import FORM_ERRORS, add_service_error, page, paginate, require
from bina.people.access import employees_for

# --- log-in -------------------------------------------------------------------------------


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("Wrong username/NIP or password. Note that the password is case-sensitive."),
        "inactive": gettext_lazy("This account is inactive. Contact your BKPSDM admin."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = gettext_lazy("Username or NIP")


class BinaLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes calls this when an account is locked after repeated failures.

    It passes (request, original_response, credentials), or (request, credentials) in older versions.
    """
    credentials = kwargs.get("credentials", args[-1] if args else None)
    if not isinstance(credentials, dict):
        credentials = getattr(request, "axes_credentials", None) or {}
    seconds = selectors.lockout_retry_after(axes_username(request, credentials))
    response = render(request, "accounts/locked.html", {"minutes": math.ceil(seconds / 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


@page
def lockout_list(request: AuthedRequest) -> HttpResponse:
    actor = _require_user_admin(request)
    context = {"lockouts": selectors.lockouts_for(actor), "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/lockout_list.html", context)


@page
@require_POST
def lockout_lift(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _require_user_admin(request)
    lockout = selectors.get_lockout_for(actor, pk)
    services.lockout_lift(actor=actor, user=lockout.user)
    messages.success(
        request,
        _("The lockout of %(username)s was lifted; they can log in again.") % {"username": lockout.user.username},
    )
    return redirect("accounts:lockouts")


# --- users and roles (admins; the superadmin for any Pemda) ---------------------------------


def _require_user_admin(request: AuthedRequest) -> Any:
    actor = request.actor
    require(permissions.can_open_user_admin(actor), _("Only a BKPSDM admin can manage user accounts."))
    return actor


@page
def user_list(request: AuthedRequest) -> HttpResponse:
    actor = _require_user_admin(request)
    return render(request, "accounts/user_list.html", {"page_obj": paginate(request, access.users_for(actor))})


@page
@require_http_methods(["GET", "POST"])
def user_create(request: AuthedRequest) -> HttpResponse:
    actor = _require_user_admin(request)
    form = UserCreateForm(
        request.POST or None,
        pemdas=selectors.creatable_in(actor),
        employees=employees_for(actor),
        choose_pemda=actor.is_superadmin,
        initial={"pemda": request.GET.get("pemda")},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                user = services.user_create(actor=actor, **form.service_kwargs())
            except FORM_ERRORS as exc:
                add_service_error(form, exc)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("The account %(username)s was created. Now give it its roles.") % {"username": user.username},
                )
                return redirect("accounts:user_detail", pk=user.pk)
        else:
            status = 422
    return render(request, "accounts/user_create.html", {"form": form}, status=status)


def _user_page(
    request: AuthedRequest, user: User, role_form: RoleAssignForm | None = None, status: int = 200
) -> HttpResponse:
    actor = request.actor
    if role_form is None and user.pemda_id is not None:
        role_form = RoleAssignForm(
            units=access.assignable_units(actor, user), partners=access.assignable_partners(actor, user)
        )
    return render(request, "accounts/user_detail.html", {"account": user, "role_form": role_form}, status=status)


@page
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _require_user_admin(request)
    return _user_page(request, access.get_user_for(actor, pk))


@page
@require_POST
def role_assign(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _require_user_admin(request)
    user = access.get_user_for(actor, pk)
    form = RoleAssignForm(
        request.POST, units=access.assignable_units(actor, user), partners=access.assignable_partners(actor, user)
    )
    if not form.is_valid():
        return _user_page(request, user, form, status=422)
    try:
        services.role_assign(
            actor=actor,
            user=user,
            role=form.cleaned_data["role"],
            org_unit=form.cleaned_data["org_unit"],
            partner=form.cleaned_data["partner"],
        )
    except FORM_ERRORS as exc:
        add_service_error(form, exc)
        return _user_page(request, user, form, status=exc.status)
    messages.success(request, _("The role was assigned."))
    return redirect("accounts:user_detail", pk=user.pk)


@page
@require_POST
def role_revoke(request: AuthedRequest, pk: int, assignment_pk: int) -> HttpResponse:
    actor = _require_user_admin(request)
    user = access.get_user_for(actor, pk)
    assignment = selectors.get_assignment_for(user, assignment_pk)
    try:
        services.role_revoke(actor=actor, assignment=assignment)
    except FORM_ERRORS as exc:
        messages.error(request, str(exc.message))
    else:
        action_notice(request, _("The role was revoked."), level="warning")  # someone loses access
    return redirect("accounts:user_detail", pk=user.pk)


@page
@require_POST
def user_set_active(request: AuthedRequest, pk: int) -> HttpResponse:
    actor = _require_user_admin(request)
    user = access.get_user_for(actor, pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(actor=actor, user=user, active=active)
    except FORM_ERRORS as exc:
        messages.error(request, str(exc.message))
    else:
        if active:
            action_notice(request, _("The account was activated."))
        else:  # someone can no longer log in: never the success colour
            action_notice(request, _("The account was deactivated."), level="warning")
    return redirect("accounts:user_detail", pk=user.pk)


# --- my account: API tokens and language ------------------------------------------------------


def _account_page(
    request: UserRequest, *, form: TokenCreateForm | None = None, secret: str = "", status: int = 200
) -> HttpResponse:
    actor = request.actor
    context = {
        "tokens": selectors.tokens_of(actor),
        "token_form": form or TokenCreateForm(),
        "language_form": LanguageForm(initial={"language": request.user.language}),
        "secret": secret,
        "can_hold_tokens": permissions.can_hold_api_token(actor),
    }
    response = render(request, "accounts/tokens.html", context, status=status)
    if secret:
        # The secret is shown once: keep it out of every cache.
        add_never_cache_headers(response)
    return response


@page
@require_http_methods(["GET", "POST"])
def tokens(request: UserRequest) -> HttpResponse:
    if request.method != "POST":
        return _account_page(request)
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _account_page(request, form=form, status=422)
    _token, secret = services.token_create(actor=request.actor, user=request.user, name=form.cleaned_data["name"])
    return _account_page(request, secret=secret, status=201)


@page
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = services.token_revoke(actor=request.actor, token_id=pk)
    # Neutral news: the caller revoked their own token, but what used it stops working.
    action_notice(request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix}, level="info")
    return redirect("accounts:tokens")


@page
@require_POST
def language(request: UserRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _account_page(request, status=422)
    code = form.cleaned_data["language"]
    services.user_update_profile(actor=request.actor, user=request.user, data={"language": code})
    response = redirect("accounts:tokens")
    # An explicit language cookie wins over the saved preference (ActorMiddleware), so align it.
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, samesite="Lax")
    return response


# --- my password: change it, or reset it by email ------------------------------------------------


def _product_labels(form: Any) -> None:
    # The product says "kata sandi" everywhere (log-in form); Django's own Indonesian says "sandi".
    labels = {
        "old_password": gettext_lazy("Current password"),
        "new_password1": gettext_lazy("New password"),
        "new_password2": gettext_lazy("New password (again)"),
    }
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label


class ProductPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _product_labels(self)


class ProductSetPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _product_labels(self)


class BinaPasswordChangeView(PasswordChangeView):
    """Django's password change (old password, two new ones, the configured validators), in Bina's look."""

    template_name = "accounts/password_change.html"
    form_class = ProductPasswordChangeForm
    success_url = reverse_lazy("accounts:tokens")

    def form_valid(self, form: Any) -> HttpResponse:
        # The form checked the old password and the validators; the service sets and audits the new one.
        user = form.user  # the logged-in account (PasswordChangeForm(user=request.user))
        services.user_password_change(
            actor=self.request.actor,  # type: ignore[attr-defined]
            user=user,
            password=form.cleaned_data["new_password1"],
        )
        update_session_auth_hash(self.request, user)  # stay logged in here; other sessions end
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(self.get_success_url())


# How many reset emails one address, and one client, may ask for per hour: enough for a typo or a lost mail,
# too few to flood an inbox or to probe many accounts.
RESET_LIMIT_PER_HOUR = 5


class BinaPasswordResetView(PasswordResetView):
    """Ask for a reset link by email (settings.EMAIL_BACKEND). The answer is the same whether or not an
    account has that address, and over the hourly limit nothing is sent, with the same answer again."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        keys = [f"pwreset:email:{email}", f"pwreset:ip:{client_ip(self.request)}"]
        if any(cache.get(key, 0) >= RESET_LIMIT_PER_HOUR for key in keys):
            return HttpResponseRedirect(self.get_success_url())
        for key in keys:
            cache.add(key, 0, timeout=3600)
            cache.incr(key)
        return super().form_valid(form)


class BinaPasswordResetDoneView(PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class BinaPasswordResetConfirmView(PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = ProductSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.user
        services.user_password_change(
            actor=actor_for_user(user, ip=client_ip(self.request)),
            user=user,
            password=form.cleaned_data["new_password1"],
            by_email=True,
        )
        # What Django's view does after saving: the link is spent once the password changed.
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class BinaPasswordResetCompleteView(PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
