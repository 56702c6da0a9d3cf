"""Forms of the crisis pages. They only parse input; the services in services.py check the
rules (one active crisis, a closed log, phone numbers) and the views put their errors back on
the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import CrisisSettings, LogKind, Severity

PEOPLE_LOG_KINDS = [
    (LogKind.EVENT.value, LogKind.EVENT.label),
    (LogKind.DECISION.value, LogKind.DECISION.label),
    (LogKind.MESSAGE.value, LogKind.MESSAGE.label),
]


class StartCrisisForm(forms.Form):
    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        help_text=_("Kort og klart, for eksempel «Brann i Mo sentrum»."),
    )
    description = forms.CharField(
        label=_("Hva har skjedd"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    severity = forms.ChoiceField(
        label=_("Alvorlighet"), choices=Severity.choices, initial=Severity.HIGH
    )


class LogEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=PEOPLE_LOG_KINDS, initial=LogKind.EVENT)
    text = forms.CharField(
        label=_("Hva skjedde eller ble bestemt"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class RoleForm(forms.Form):
    role = forms.CharField(
        label=_("Rolle"), max_length=300, help_text=_("For eksempel «Rådmann» eller «Ordfører».")
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=300)
    phone = forms.CharField(
        label=_("Mobiltelefon"),
        max_length=40,
        required=False,
        help_text=_("Åtte siffer, eller med +landkode. Får varselet på SMS."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class CrisisSettingsForm(forms.ModelForm):
    class Meta:
        model = CrisisSettings
        fields = ["escalation_minutes", "max_rounds", "sms_enabled"]


class PersonDataForm(forms.Form):
    """Whose data to export or erase: found by e-mail address or phone number."""

    email = forms.EmailField(label=_("E-post"), required=False, max_length=254)
    phone = forms.CharField(label=_("Telefon"), required=False, max_length=40)

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and not self.errors:
            raise ValidationError(_("Oppgi e-postadresse eller telefonnummer."))
        return data
