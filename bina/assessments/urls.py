from django.urls import path

from bina.assessments import views
from bina.assessments.selectors import PAGE_ACTIONS

app_name = "assessments"
urlpatterns = [
    path("", views.my_tests, name="my_tests"),
    path("banks/", views.bank_list, name="bank_list"),
    path("banks/<int:pk>/", views.bank_detail, name="bank_detail"),
    path("banks/<int:pk>/moodle.xml", views.bank_export, name="bank_export"),
    path("questions/<int:pk>/deactivate/", views.question_deactivate, name="question_deactivate"),
    path("classes/<int:pk>/", views.class_tests, name="class_tests"),
    path("classes/<int:pk>/results/", views.class_results, name="class_results"),
    path("tests/<int:pk>/start/", views.test_start, name="test_start"),
    path("tests/<int:pk>/open/", views.test_open_toggle, name="test_open_toggle"),
    path("sittings/<int:pk>/", views.sitting_detail, name="sitting_detail"),
    path("sittings/<int:pk>/answer/", views.sitting_answer, name="sitting_answer"),
    *[
        path(f"sittings/<int:pk>/{action}/", views.sitting_action, {"action": action}, name=f"sitting_{action}")
        for action in PAGE_ACTIONS
    ],
    path("grading/", views.grading_queue, name="grading_queue"),
    path("answers/<int:pk>/grade/", views.answer_grade, name="answer_grade"),
]
