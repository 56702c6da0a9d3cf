from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kommplan.accounts"
    verbose_name = _("Brukere")

    def ready(self):
        from . import checks, signals  # noqa: F401 (registers checks and signal receivers)
