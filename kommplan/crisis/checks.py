"""System checks: an SMS backend that cannot be loaded, or a gateway without an address."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.utils.module_loading import import_string


@register()
def sms_backend_check(app_configs, **kwargs) -> list:
    try:
        backend = import_string(settings.SMS_BACKEND)
    except ImportError as exc:
        return [
            Error(
                f"SMS_BACKEND {settings.SMS_BACKEND!r} cannot be imported: {exc}",
                id="crisis.E001",
            )
        ]
    from .sms import HttpJsonGateway

    if issubclass(backend, HttpJsonGateway) and not settings.SMS_GATEWAY_URL:
        return [
            Warning(
                "SMS_BACKEND is the HTTP gateway but SMS_GATEWAY_URL is empty: every SMS fails.",
                id="crisis.W001",
            )
        ]
    return []
