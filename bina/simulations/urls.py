from django.urls import path

from bina.simulations import views
from bina.simulations.workflows import BUTTON_ACTIONS

# The address of each performance action (`simulations:performance_<action>`), in the page's language.
_ACTION_PATHS = {"start": "mulai", "close": "tutup", "debrief": "debriefing"}

app_name = "simulations"
urlpatterns = [
    path("", views.scenario_list, name="scenario_list"),
    path("skenario/muat/", views.library_load, name="library_load"),
    path("skenario/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("skenario/<int:pk>/ubah/", views.scenario_edit, name="scenario_edit"),
    path("skenario/<int:pk>/latihan/", views.practice_start, name="practice_start"),
    path("kelas/<int:pk>/", views.class_roleplay, name="class_roleplay"),
    path("kelas/<int:pk>/tugaskan/", views.performance_assign, name="performance_assign"),
    path("kelas/<int:pk>/peserta/<int:employee_pk>/", views.debrief, name="debrief"),
    *[
        path(
            f"penampilan/<int:pk>/{_ACTION_PATHS[action]}/",
            views.performance_action,
            {"action": action},
            name=f"performance_{action}",
        )
        for action in BUTTON_ACTIONS
    ],
    path("penampilan/<int:pk>/nilai/", views.performance_rate, name="performance_rate"),
    path("latihan/", views.practice_list, name="practice_list"),
    path("latihan/<int:pk>/", views.practice, name="practice"),
    path("bukti/", views.evidence_mine, name="evidence_mine"),
    path("bukti/<int:pk>/", views.evidence, name="evidence"),
]
