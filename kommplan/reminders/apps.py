from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "kommplan.reminders"
    verbose_name = _("Påminnelser")
