from __future__ import annotations

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from kommplan.organisations.models import Organisation

from .models import TokenScope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=200,
        help_text=_("Hva nøkkelen brukes til, for eksempel «Intranettet» eller «Power BI»."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisasjon"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("Nøkkelen gir bare tilgang til denne organisasjonens data."),
    )
    scope = forms.ChoiceField(
        label=_("Tilgang"),
        choices=[
            ("read", _("Bare lese")),
            ("write", _("Lese og skrive (så langt rollen din tillater)")),
        ],
        initial=TokenScope.READ,
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only organisations one is a member of: a token stands in for a membership.
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=user
        ).order_by("name")
