from __future__ import annotations

from django import forms

from .models import ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    # Only the user's own choices: the user is never a form field.
    class Meta:
        model = ReminderSettings
        fields = ["days_before", "weekly_digest", "digest_weekday"]
