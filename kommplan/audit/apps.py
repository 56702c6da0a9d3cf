from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kommplan.audit"
    verbose_name = _("Endringslogg")

    def ready(self):
        from .db import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="kommplan.audit.sqlite")
