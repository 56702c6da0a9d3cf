import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommplan.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402 (after setup)

# Serving with DEBUG off is production: it needs its own secret key, never the checkout's.
if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENVIRONMENT:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment when DEBUG is off (production)."
    )
