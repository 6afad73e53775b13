"""Learning pages: my learning and calendar, team, compliance, external learning, exports, participant lists."""

from django.urls import path

from bina.training import views_learning as v

urlpatterns: list = [
    path("me/", v.my_learning, name="my_learning"),
    path("me/calendar.ics", v.my_calendar, name="my_calendar"),
    path("me/nominations/<int:pk>/", v.my_nomination_respond, name="my_nomination_respond"),
    path("team/", v.team, name="team"),
    path("compliance/", v.compliance, name="compliance"),
    path("external/", v.external_list, name="external_list"),
    path("external/new/", v.external_create, name="external_create"),
    path("external/review/", v.external_review, name="external_review"),
    path("external/<int:pk>/", v.external_detail, name="external_detail"),
    path("external/<int:pk>/file/", v.external_file, name="external_file"),
    path("exports/siasn/", v.export_siasn, name="export_siasn"),
    path("classes/<int:pk>/participants.xlsx", v.class_participants_xlsx, name="class_participants_xlsx"),
    path("classes/<int:pk>/participants.pdf", v.class_participants_pdf, name="class_participants_pdf"),
]
