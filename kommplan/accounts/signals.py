"""Failed log-ins go to the audit log: who was tried and from where, never the password."""

from __future__ import annotations

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from kommplan.audit.services import record_failed_login


@receiver(user_login_failed, dispatch_uid="kommplan.accounts.failed_login")
def _record_failed_login(sender, credentials, request=None, **kwargs):
    from .services import client_address

    record_failed_login(
        username=str(credentials.get("username", ""))[:150],
        address=client_address(request) if request is not None else "",
    )
