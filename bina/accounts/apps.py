from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bina.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from bina.accounts import registration

        registration.register()
        from bina.accounts import signals  # noqa: F401  (login/failed-login audit)
