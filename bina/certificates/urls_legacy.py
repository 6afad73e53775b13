"""`/verify/<number>/`: the address in the QR codes of certificates printed before `/p/<slug>/verify/`.

Printed paper lives for decades: this URL must keep answering (a permanent redirect to the Pemda's page).
"""

from django.urls import path

from bina.certificates import views

app_name = "verify"
urlpatterns: list = [
    path("<path:number>/", views.verify_certificate_legacy, name="certificate"),
]
