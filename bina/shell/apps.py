from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    """The outermost layer: navigation, the home page and the API root, built from what apps register."""

    name = "bina.shell"
    label = "shell"
    verbose_name = _("Shell")

    def ready(self) -> None:
        from bina.shell import registration

        registration.register()
