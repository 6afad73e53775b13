"""Learning pages: my learning and calendar, team, compliance, exports, participant lists."""

from django.urls import path

from bina.training.learning import views as v

urlpatterns: list = [
    path("me/", v.my_learning, name="my_learning"),
    path("me/calendar.ics", v.my_calendar, name="my_calendar"),
    path("me/nominations/<int:pk>/", v.my_nomination_respond, name="my_nomination_respond"),
    path("team/", v.team, name="team"),
    path("compliance/", v.compliance, name="compliance"),
    path("compliance/below/", v.compliance_below, name="compliance_below"),
    path("exports/siasn/", v.export_siasn, name="export_siasn"),
    path("classes/<int:pk>/participants.xlsx", v.class_participants_xlsx, name="class_participants_xlsx"),
    path("classes/<int:pk>/participants.pdf", v.class_participants_pdf, name="class_participants_pdf"),
    path("classes/<int:pk>/attendance-sheet.pdf", v.class_attendance_sheet, name="class_attendance_sheet"),
]
