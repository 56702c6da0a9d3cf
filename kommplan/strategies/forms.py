"""Forms of the strategy editor. They validate input; the services in services.py write it.

Part forms take the strategy they belong to and offer only that strategy's goals and target
groups as choices, so an id from another strategy is an invalid choice. Fields nobody may set
here (strategy, organisation, ref, position) are not in any form.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .klarsprak import KlarsprakTextarea, KlarsprakTextInput
from .models import (
    Challenge,
    Channel,
    Goal,
    GoalStrategy,
    KeyMessage,
    NotificationEntry,
    Principle,
    Role,
    Rule,
    Strategy,
    TargetGroup,
)
from .services import ordered_parts

YEAR_MIN, YEAR_MAX = 1900, 2200  # as plan files allow
PHONE = re.compile(r"^\+?[0-9 ()-]{3,40}$")


def _textarea(rows: int = 4) -> KlarsprakTextarea:
    return KlarsprakTextarea(attrs={"rows": rows})


def _plain_textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _check_web_address(value: str) -> str:
    # Plan files accept only http(s) addresses; the URL field alone would also take ftp://.
    if value and not re.match(r"^https?://\S+$", value):
        raise ValidationError(_("Skriv en nettadresse som begynner med https:// eller http://."))
    return value


class PeriodMixin:
    """Years within what plan files allow, and a period that does not end before it starts."""

    def _clean_period(self, cleaned: dict[str, Any]) -> None:
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        for name, year in (("period_start", start), ("period_end", end)):
            if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
                self.add_error(  # type: ignore[attr-defined]
                    name,
                    _("Skriv et årstall mellom %(min)s og %(max)s.")
                    % {"min": YEAR_MIN, "max": YEAR_MAX},
                )
        if start is not None and end is not None and start > end:
            self.add_error(  # type: ignore[attr-defined]
                "period_end", _("Perioden kan ikke slutte før den begynner.")
            )


class StrategyForm(PeriodMixin, forms.ModelForm):
    """The strategy's own details (the "Om strategien" page)."""

    class Meta:
        model = Strategy
        fields = [
            "title",
            "kind",
            "status",
            "period_start",
            "period_end",
            "adopted_by",
            "adopted_date",
            "revision",
        ]
        widgets = {"revision": _plain_textarea(2)}
        help_texts = {
            "revision": _("Når og hvordan strategien skal rulleres."),
            "status": _("Utkast, vedtatt eller arkivert."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self._clean_period(cleaned)
        return cleaned


class NewStrategyForm(StrategyForm):
    class Meta(StrategyForm.Meta):
        fields = ["title", "kind", "period_start", "period_end"]


class PurposeForm(forms.ModelForm):
    """Hvorfor: the purpose of the communication and the vision."""

    class Meta:
        model = Strategy
        fields = ["purpose", "vision"]
        widgets = {"purpose": _textarea(6), "vision": _textarea(2)}
        help_texts = {
            "purpose": _("Hvorfor kommuniserer vi? Hva skal kommunikasjonen oppnå?"),
            "vision": _("En kort setning om hvor vi vil."),
        }


class CrisisNoteForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["crisis_note"]
        widgets = {"crisis_note": _textarea(6)}
        labels = {"crisis_note": _("Om krisekommunikasjon")}
        help_texts = {
            "crisis_note": _("Hvem leder kommunikasjonen i en krise, og hvor finnes planverket?")
        }


class RollOverForm(PeriodMixin, forms.Form):
    title = forms.CharField(label=_("Tittel på den nye strategien"), max_length=300)
    period_start = forms.IntegerField(label=_("Periode fra år"), required=False)
    period_end = forms.IntegerField(label=_("Periode til år"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self._clean_period(cleaned)
        return cleaned


# ---- parts ----


class PartForm(forms.ModelForm):
    """A form for one part of `strategy`; the instance is a copy the form may change freely."""

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        if kwargs.get("instance") is None:
            kwargs["instance"] = self._meta.model(strategy=strategy)
        super().__init__(*args, **kwargs)
        self.strategy = strategy


class GoalChoiceField(forms.ModelChoiceField):
    """Goals shown as a tree: sub-goals indented under their goal."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.depths: dict[int, int] = {}

    def label_from_instance(self, obj: Goal) -> str:
        text = " ".join(obj.text.split())
        if len(text) > 90:
            text = text[:89].rstrip() + "…"
        return "– " * self.depths.get(obj.pk, 0) + text


def _goal_choices(
    field: GoalChoiceField, goals: list[Goal], strategy: Strategy, exclude: set[int]
) -> None:
    """Offer `goals` (in tree order) except `exclude`; anything else is an invalid choice."""
    by_pk = {g.pk: g for g in goals}
    offered = [g for g in goals if g.pk not in exclude]
    for goal in offered:
        depth, parent = 0, goal.parent_id
        while parent in by_pk:
            depth, parent = depth + 1, by_pk[parent].parent_id
        field.depths[goal.pk] = depth
    field.queryset = Goal.objects.filter(strategy=strategy, pk__in=[g.pk for g in offered])
    # Rendered in tree order rather than the queryset's.
    field.choices = [("", field.empty_label)] + [
        (g.pk, field.label_from_instance(g)) for g in offered
    ]


class GoalForm(PartForm):
    parent = GoalChoiceField(
        queryset=Goal.objects.none(),
        required=False,
        label=_("Overordnet mål"),
        empty_label=_("Ingen – dette er et overordnet mål"),
        help_text=_("Velg et mål hvis dette er et delmål."),
    )

    class Meta:
        model = Goal
        fields = ["text", "description", "parent"]
        widgets = {"text": _textarea(2), "description": _textarea(5)}
        labels = {"text": _("Mål")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals = ordered_parts(self.strategy, Goal)
        exclude: set[int] = set()
        if self.instance.pk:
            # A goal cannot sit under itself or under one of its own sub-goals.
            exclude = {self.instance.pk}
            while more := {g.pk for g in goals if g.parent_id in exclude} - exclude:
                exclude |= more
        _goal_choices(self.fields["parent"], goals, self.strategy, exclude)


class DesiredResultsField(forms.CharField):
    """A list of desired results, one per line."""

    widget = KlarsprakTextarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class GoalStrategyForm(PartForm):
    goal = GoalChoiceField(
        queryset=Goal.objects.none(),
        required=False,
        label=_("Mål"),
        empty_label=_("Ikke knyttet til et mål"),
        help_text=_("Målet denne strategien skal bidra til."),
    )
    desired_results = DesiredResultsField(
        label=_("Ønskede resultater"),
        required=False,
        help_text=_("Ett resultat per linje."),
    )

    class Meta:
        model = GoalStrategy
        fields = ["goal", "title", "text", "description", "desired_results"]
        widgets = {
            "title": KlarsprakTextInput(),
            "text": _textarea(3),
            "description": _textarea(5),
        }
        labels = {"text": _("Strategi")}
        help_texts = {"text": _("Hvordan skal målet nås?")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _goal_choices(self.fields["goal"], ordered_parts(self.strategy, Goal), self.strategy, set())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("title") or cleaned.get("text")):
            raise ValidationError(_("Skriv en tittel eller selve strategien."))
        return cleaned


class TargetGroupForm(PartForm):
    priority = forms.IntegerField(
        label=_("Prioritet"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("1 er høyest prioritert. La feltet stå tomt hvis gruppen ikke er prioritert."),
    )

    class Meta:
        model = TargetGroup
        fields = ["name", "priority", "description"]
        widgets = {"description": _textarea(3)}


class KeyMessageForm(PartForm):
    target_groups = forms.ModelMultipleChoiceField(
        queryset=TargetGroup.objects.none(),
        required=False,
        label=_("Målgrupper"),
        help_text=_("Hvem budskapet er til. Ingen valgt betyr alle."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = KeyMessage
        fields = ["text", "core", "target_groups"]
        widgets = {"text": _textarea(3)}
        labels = {"core": _("Kjernebudskap (gjelder alle målgrupper)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(strategy=self.strategy)


def _url_field() -> forms.URLField:
    return forms.URLField(
        label=_("Adresse"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Nettadressen, med https://."),
    )


class ChannelForm(PartForm):
    url = _url_field()

    class Meta:
        model = Channel
        fields = ["name", "kind", "description", "url"]
        widgets = {"description": _textarea(3)}

    def clean_url(self) -> str:
        return _check_web_address(self.cleaned_data["url"])


class PrincipleForm(PartForm):
    class Meta:
        model = Principle
        fields = ["name", "text"]
        widgets = {"text": _textarea(3)}


class ChallengeForm(PartForm):
    class Meta:
        model = Challenge
        fields = ["title", "text"]
        widgets = {"text": _textarea(5)}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not (cleaned.get("title") or cleaned.get("text")):
            raise ValidationError(_("Skriv en tittel eller en tekst."))
        return cleaned


class RoleForm(PartForm):
    class Meta:
        model = Role
        fields = ["title", "responsibility"]
        widgets = {"responsibility": _textarea(4)}


class RuleForm(PartForm):
    url = _url_field()

    class Meta:
        model = Rule
        fields = ["name", "kind", "url"]

    def clean_url(self) -> str:
        return _check_web_address(self.cleaned_data["url"])


class NotificationEntryForm(PartForm):
    class Meta:
        model = NotificationEntry
        fields = ["role", "name", "phone", "email"]
        # No autocomplete tokens: these are other people's details, not the user's own.
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}
        help_texts = {"role": _("For eksempel ordfører, kommunedirektør eller beredskapsleder.")}

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(
                _("Bruk bare sifre, mellomrom, +, - og parenteser (3 til 40 tegn).")
            )
        return phone
