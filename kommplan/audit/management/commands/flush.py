"""Django's flush, which empties every table: the one way the audit log may be emptied."""

from django.core.management.commands.flush import Command as DjangoFlush

from kommplan.audit.db import whole_database_flush


class Command(DjangoFlush):
    def handle(self, **options):
        with whole_database_flush():
            return super().handle(**options)
