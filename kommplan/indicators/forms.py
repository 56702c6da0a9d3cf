"""Forms for indicators and measurements. Only the fields a user may set are here: the
strategy, id and order come from the URL and the services, whatever a request posts."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kommplan.actions.models import Action
from kommplan.strategies.models import Goal, Strategy

from .models import Direction, Indicator

WHOLE_STRATEGY = ""


class NumberField(forms.FloatField):
    """A number with a decimal comma or point, whatever the page's language.

    Django's localized parsing reads "66,5" as 665 on an English page (the comma is a thousands
    separator there); people in Norway write decimal commas on any page. Spaces group thousands.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(localize=True, **kwargs)

    def to_python(self, value) -> float | None:
        if value in self.empty_values:
            return None
        text = "".join(str(value).split()).replace("\u2212", "-")
        if "," in text and "." in text:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return float(text.replace(",", "."))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def owner_key(indicator: Indicator) -> str:
    """The owner choice that stands for the indicator's goal or action."""
    if indicator.goal_id:
        return f"goal-{indicator.goal_id}"
    if indicator.action_id:
        return f"action-{indicator.action_id}"
    return WHOLE_STRATEGY


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=300)
    owner = forms.ChoiceField(
        label=_("Hører til"),
        required=False,
        help_text=_("Målet eller tiltaket indikatoren viser fremdriften for."),
    )
    unit = forms.CharField(
        label=_("Enhet"),
        max_length=100,
        required=False,
        help_text=_("For eksempel «saker per måned» eller «prosent»."),
    )
    target = NumberField(label=_("Målverdi"), required=False)
    direction = forms.ChoiceField(
        label=_("Retning"), choices=Direction.choices, initial=Direction.INCREASE
    )
    period = forms.CharField(
        label=_("Periode"),
        max_length=300,
        required=False,
        help_text=_("Når målverdien skal være nådd, slik planen sier det."),
    )

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.goals = {goal.pk: goal for goal in strategy.goals.order_by("position", "pk")}
        self.actions = {
            action.pk: action
            # strategy_id too: the related manager reads it on every row (a query each if deferred).
            for action in strategy.actions.order_by("position", "pk").only(
                "pk", "title", "strategy"
            )
        }
        self.fields["owner"].choices = [
            (WHOLE_STRATEGY, _("Hele strategien")),
            (
                _("Mål"),
                [
                    (f"goal-{pk}", Truncator(goal.text).chars(100))
                    for pk, goal in self.goals.items()
                ],
            ),
            (
                _("Tiltak"),
                [
                    (f"action-{pk}", Truncator(action.title).chars(100))
                    for pk, action in self.actions.items()
                ],
            ),
        ]

    def chosen_owner(self) -> tuple[Goal | None, Action | None]:
        """The goal or action chosen (after validation); (None, None) for the whole strategy."""
        key = self.cleaned_data["owner"]
        kind, _sep, pk = key.partition("-")
        if kind == "goal":
            return self.goals[int(pk)], None
        if kind == "action":
            return None, self.actions[int(pk)]
        return None, None

    def indicator_values(self) -> dict:
        """What the create and update services take, from the validated form."""
        goal, action = self.chosen_owner()
        data = self.cleaned_data
        return {
            "name": data["name"],
            "unit": data["unit"],
            "target": data["target"],
            "direction": data["direction"],
            "period": data["period"],
            "goal": goal,
            "action": action,
        }


class MeasurementForm(forms.Form):
    date = forms.DateField(
        label=_("Dato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    value = NumberField(label=_("Verdi"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("En måling kan ikke ha dato fram i tid."))
        return day
