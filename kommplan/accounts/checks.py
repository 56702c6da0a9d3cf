"""System checks for a production deployment (`kommplan check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    # The fallback key lives in var/ of one checkout; production must bring its own.
    if settings.DEBUG or getattr(settings, "SECRET_KEY_FROM_ENVIRONMENT", True):
        return []
    return [
        Error(
            "SECRET_KEY is not set in the environment.",
            hint="Set SECRET_KEY to a long random value (kommplan generates one per checkout "
            "for development only).",
            id="kommplan.E001",
        )
    ]
