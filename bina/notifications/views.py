"""The user's notification list: unread first; mark one or all as read."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bina.accounts.http import UserRequest
from bina.core.errors import NotFound
from bina.core.views import page, paginate
from bina.notifications.access import notifications_for
from bina.notifications.services import notification_mark_read


@page
def notification_list(request: UserRequest) -> HttpResponse:
    items = paginate(request, notifications_for(request.user.pk))
    return render(request, "notifications/list.html", {"items": items})


@page
@require_POST
def notification_read(request: UserRequest, pk: int) -> HttpResponse:
    if not notifications_for(request.user.pk).filter(pk=pk).exists():
        raise NotFound(_("Not found."))  # someone else's answers like a missing one: 404, not a redirect
    notification_mark_read(user=request.user, notification_id=pk)
    if getattr(request, "htmx", False):
        # htmx swaps just this row; someone else's notification is simply not found.
        n = notifications_for(request.user.pk).filter(pk=pk).first()
        if n is None:
            return HttpResponse(status=404)
        return render(request, "notifications/partials/_item.html", {"n": n})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@page
@require_POST
def notification_read_all(request: UserRequest) -> HttpResponse:
    notification_mark_read(user=request.user)
    return redirect("notifications:list")
