from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanfilesConfig(AppConfig):
    name = "kommplan.planfiles"
    verbose_name = _("Planfiler")
