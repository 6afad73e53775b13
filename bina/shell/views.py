from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from bina.accounts.http import UserRequest
from bina.core.views import page
from bina.shell.selectors import home_cards_for


@page
def home(request: UserRequest) -> HttpResponse:
    cards = home_cards_for(request.actor, request.user)
    return render(request, "shell/home.html", {"cards": cards})
