from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import STRATEGY_EVENTS


class LogFilterForm(forms.Form):
    hendelse = forms.ChoiceField(
        label=_("Hendelse"),
        required=False,
        choices=[("", _("Alle hendelser")), *((e.value, e.label) for e in STRATEGY_EVENTS)],
    )
