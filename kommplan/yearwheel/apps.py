from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YearwheelConfig(AppConfig):
    name = "kommplan.yearwheel"
    verbose_name = _("Årshjul og kalender")
