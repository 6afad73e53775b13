from django.urls import path

from bina.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("reaction/<int:pk>/", views.reaction_answer, name="reaction_answer"),
    path("followup/<int:pk>/", views.behaviour_answer, name="behaviour_answer"),
    path("classes/", views.class_list, name="classes"),
    path("classes/<int:pk>/", views.class_results, name="class_results"),
    path("classes/<int:pk>/report.pdf", views.class_report_pdf, name="class_report_pdf"),
    path("classes/<int:pk>/report.xlsx", views.class_report_xlsx, name="class_report_xlsx"),
    path("courses/<int:pk>/", views.course_results, name="course_results"),
    path("courses/<int:pk>/report.pdf", views.course_report_pdf, name="course_report_pdf"),
    path("courses/<int:pk>/report.xlsx", views.course_report_xlsx, name="course_report_xlsx"),
    path("programmes/<int:pk>/", views.programme_results, name="programme_results"),
    path("programmes/<int:pk>/report.pdf", views.programme_report_pdf, name="programme_report_pdf"),
    path("programmes/<int:pk>/report.xlsx", views.programme_report_xlsx, name="programme_report_xlsx"),
    path("enrolments/<int:pk>/", views.enrolment_behaviour, name="enrolment_behaviour"),
    path("instructors/<int:pk>/", views.instructor_results, name="instructor_results"),
    path("partners/<int:pk>/", views.partner_results, name="partner_results"),
    path("testimonies/", views.testimonies, name="testimonies"),
    path("testimonies/<int:pk>/curate/", views.testimony_curate, name="testimony_curate"),
    path("settings/", views.settings_page, name="settings"),
    path("questionnaire/", views.instrument_page, name="instrument"),
]
