from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisConfig(AppConfig):
    name = "kommplan.crisis"
    verbose_name = _("Krise og varsling")

    def ready(self) -> None:
        from . import checks  # noqa: F401 (registers the system checks)
