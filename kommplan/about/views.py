from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kommplan.organisations.models import MemberRole

from .test_record import read_test_record

# Change this when the statement's text changes (not when the tests run: that date comes
# from the test record).
STATEMENT_UPDATED = date(2026, 11, 22)

DEFAULT_CONTACT_EMAIL = "tilgjengelighet@kommplan.example"


def role_label(key: str) -> str:
    """A role as the test record names it ("redaktor", "anonymous"), in the user's language."""
    if key == "anonymous":
        return _("ikke innlogget")
    try:
        return str(MemberRole(key).label).lower()
    except ValueError:
        return key


@login_not_required  # the statement must be readable before logging in
@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    record = read_test_record()
    return render(
        request,
        "about/accessibility.html",
        {
            "contact_email": getattr(
                settings, "ACCESSIBILITY_CONTACT_EMAIL", DEFAULT_CONTACT_EMAIL
            ),
            "statement_updated": STATEMENT_UPDATED,
            "test_record": record,
            "test_record_roles": [role_label(key) for key in record.roles] if record else [],
        },
    )
