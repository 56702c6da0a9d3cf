"""Helpers for HTMX responses (django-htmx does the request side)."""

from __future__ import annotations

from django.http import HttpResponse
from django_htmx.http import trigger_client_event


def announce(response: HttpResponse, message: str) -> HttpResponse:
    """Have the page's live region read `message` aloud after the swap (see static app.js)."""
    return trigger_client_event(response, "announce", {"value": str(message)})
