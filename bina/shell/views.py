from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bina.core.views import page
from bina.shell.selectors import home_cards_for


@page
def home(request: HttpRequest) -> HttpResponse:
    cards = home_cards_for(request.actor, request.user)  # type: ignore[attr-defined]
    return render(request, "shell/home.html", {"cards": cards})
