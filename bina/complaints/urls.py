from django.urls import path

from bina.complaints import views
from bina.complaints.workflows import COMPLAINT_WORKFLOW

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="complaint_list"),
    path("new/", views.complaint_new, name="complaint_new"),
    path("figures/", views.complaint_figures, name="complaint_figures"),
    path("settings/", views.complaint_settings, name="complaint_settings"),
    path("<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("<int:pk>/notes/", views.complaint_note, name="complaint_note"),
    path("<int:pk>/files/<int:attachment_pk>/", views.complaint_attachment, name="complaint_attachment"),
    *[
        path(
            f"<int:pk>/{action}/",
            views.complaint_action,
            {"action": action},
            name=f"complaint_{action.replace('-', '_')}",
        )
        for action in COMPLAINT_WORKFLOW.actions
    ],
]
