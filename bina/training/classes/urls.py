from django.urls import path

from bina.training.classes import views
from bina.training.classes.workflows import ENROLMENT_WORKFLOW

urlpatterns = [
    path("classes/", views.class_list, name="classes"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("classes/<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("classes/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("classes/<int:pk>/participants/", views.class_participants, name="class_participants"),
    path("classes/<int:pk>/enrol/", views.class_enrol, name="class_enrol"),
    path("classes/<int:pk>/nominate/", views.class_nominate, name="class_nominate"),
    path("classes/<int:pk>/assign/", views.class_assign, name="class_assign"),
    path("classes/<int:pk>/quotas/", views.class_quotas, name="class_quotas"),
    # Explicit actions (not a catch-all slug): other page groups mount their own pages under classes/<pk>/.
    *[
        path(f"classes/<int:pk>/{action}/", views.class_lifecycle, {"action": action}, name=f"class_{action}")
        for action in ("open", "close", "start", "cancel")
    ],
    # One page URL per action of the enrolment workflow (`no-show` is named enrolment_no_show).
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    *[
        path(
            f"enrolments/<int:pk>/{action}/",
            views.enrolment_action,
            {"action": action},
            name=f"enrolment_{action.replace('-', '_')}",
        )
        for action in ENROLMENT_WORKFLOW.actions
    ],
]
