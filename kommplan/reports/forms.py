from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def default_period(today: date) -> tuple[date, date]:
    """The last half year up to today: what a council gets twice a year."""
    return today - relativedelta(months=6) + relativedelta(days=1), today


class StatusReportForm(forms.Form):
    fra = forms.DateField(label=_("Fra dato"), widget=DateInput)
    til = forms.DateField(label=_("Til dato"), widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("fra"), cleaned.get("til")
        if start and end and start > end:
            self.add_error("til", _("Til-datoen må være samme dag som eller etter fra-datoen."))
        return cleaned
