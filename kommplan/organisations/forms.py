from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MemberRole


class AddMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-postadresse"))
    first_name = forms.CharField(label=_("Fornavn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Etternavn"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Rolle"), choices=MemberRole.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=MemberRole.choices)
