from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ReminderSettingsForm
from .services import settings_for, update_reminder_settings


@require_http_methods(["GET", "HEAD", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    """The logged-in user's own reminder choices; whose they are comes from the session only."""
    current = settings_for(request.user)
    form = ReminderSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        update_reminder_settings(
            user=request.user,
            days_before=form.cleaned_data["days_before"],
            weekly_digest=form.cleaned_data["weekly_digest"],
            digest_weekday=form.cleaned_data["digest_weekday"],
        )
        messages.success(request, _("Valgene for påminnelser er lagret."))
        return redirect("reminders:settings")
    return render(
        request,
        "reminders/settings.html",
        {
            "form": form,
            "breadcrumbs": [
                (_("Organisasjoner"), reverse("organisations:list")),
                (_("Påminnelser"), None),
            ],
        },
    )
