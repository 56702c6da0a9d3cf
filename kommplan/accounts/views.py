from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

# Choosing a language must work before logging in, too.
set_language = login_not_required(require_POST(django_set_language))
