"""`/p/<pemda-slug>/…`: the landing page and every public page the apps registered (`bina.core.public`)."""

from django.urls import path

from bina.core import views_public
from bina.core.public import public_page_urls

app_name = "public"
urlpatterns = [
    path("", views_public.pemda_home, name="home"),
    path("lambang/", views_public.pemda_emblem, name="emblem"),
    *public_page_urls(),
]
