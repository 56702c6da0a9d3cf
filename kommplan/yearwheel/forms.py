"""Forms: the filters of the årshjul and the calendar list, the schedule editor, feed tokens."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kommplan.actions.models import Action, ActionStatus
from kommplan.lib.schedules import rrule_problem
from kommplan.lib.timing import (
    WEEKDAY_CODES,
    WORKING_DAYS,
    Kind,
    Schedule,
    ScheduleFields,
    build_rrule,
    rrule_parts,
    schedule_fields,
)
from kommplan.strategies.models import Strategy

from .models import FeedScope
from .selectors import (
    Filters,
    RingBy,
    action_schedule,
    moves_to_working_day,
    strategy_period,
)


class FilterForm(forms.Form):
    """GET parameters of the årshjul and the calendar list; bad values fall back to defaults."""

    ar = forms.IntegerField(label=_("År"), min_value=1900, max_value=2200, required=False)
    maned = forms.TypedChoiceField(
        label=_("Måned"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Hele året"))],
    )
    ring = forms.ChoiceField(
        label=_("Ringer etter"),
        required=False,
        choices=[
            (RingBy.GOAL.value, _("Mål")),
            (RingBy.CHANNEL.value, _("Kanal")),
            (RingBy.TARGET_GROUP.value, _("Målgruppe")),
        ],
    )
    mal = forms.ModelChoiceField(label=_("Mål"), queryset=None, required=False)
    malgruppe = forms.ModelChoiceField(label=_("Målgruppe"), queryset=None, required=False)
    kanal = forms.ModelChoiceField(label=_("Kanal"), queryset=None, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle"))] + ActionStatus.choices
    )

    def __init__(self, data, *, strategy: Strategy, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.fields["mal"].queryset = strategy.goals.order_by("position", "pk")
        self.fields["mal"].empty_label = _("Alle")
        self.fields["malgruppe"].queryset = strategy.target_groups.order_by("position", "pk")
        self.fields["malgruppe"].empty_label = _("Alle")
        self.fields["kanal"].queryset = strategy.channels.order_by("position", "pk")
        self.fields["kanal"].empty_label = _("Alle")
        self.fields["maned"].choices = [("", _("Hele året"))] + [
            (month, date_format(date(2000, month, 1), "F").capitalize()) for month in range(1, 13)
        ]
        self.is_valid()  # fills cleaned_data with the fields that are valid

    def value(self, name: str):
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None

    @property
    def filters(self) -> Filters:
        return Filters(
            goal=self.value("mal"),
            target_group=self.value("malgruppe"),
            channel=self.value("kanal"),
            status=self.value("status") or "",
        )

    @property
    def ring_by(self) -> RingBy:
        return RingBy(self.value("ring") or RingBy.GOAL)


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Uker")
    MONTHLY = "MONTHLY", _("Måneder")
    YEARLY = "YEARLY", _("År")


class ScheduleKind(models.TextChoices):
    NONE = "ingen", _("Ingen fast tid")
    ONCE = "dato", _("Én dato (frist)")
    RANGE = "periode", _("En periode (fra–til)")
    REPEAT = "gjentas", _("Gjentas (hver N. uke, måned eller år)")
    ONGOING = "lopende", _("Løpende i hele perioden")
    ADVANCED = "rrule", _("Avansert (egen RRULE)")


_WEEKDAY_LABELS = {
    "MO": _("mandag"),
    "TU": _("tirsdag"),
    "WE": _("onsdag"),
    "TH": _("torsdag"),
    "FR": _("fredag"),
    "SA": _("lørdag"),
    "SU": _("søndag"),
}


class ScheduleForm(forms.Form):
    """An action's schedule, structured: once, a period, every N weeks/months/years, ongoing.

    `to_fields()` gives what set_action_schedule stores. The form can be started from the stored
    schedule (`initial_for`) or from the plan's text read by the timing parser."""

    kind = forms.ChoiceField(
        label=_("Når skjer tiltaket?"), choices=ScheduleKind.choices, widget=forms.RadioSelect
    )
    due_date = forms.DateField(
        label=_("Dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_date = forms.DateField(
        label=_("Fra dato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For gjentakelser: første mulige dag."),
    )
    end_date = forms.DateField(
        label=_("Til dato"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Tom betyr uten slutt."),
    )
    interval = forms.IntegerField(
        label=_("Hver"),
        min_value=1,
        max_value=52,
        required=False,
        initial=1,
        help_text=_("Hver 6. måned er to ganger i året, hver 3. måned er kvartalsvis."),
    )
    frequency = forms.ChoiceField(
        label=_("Enhet"), choices=Frequency.choices, required=False, initial=Frequency.MONTHLY
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Ukedager"),
        choices=[(code, _WEEKDAY_LABELS[code]) for code in WEEKDAY_CODES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For uker: hvilke dager. For måneder og år: den første av disse dagene."),
    )
    first_working_day = forms.BooleanField(
        label=_("Første virkedag i måneden (for måneder og år)"), required=False, initial=True
    )
    rrule = forms.CharField(
        label=_("RRULE"),
        required=False,
        max_length=500,
        help_text=_("RFC 5545, for eksempel FREQ=MONTHLY;BYDAY=1MO"),
    )
    move_to_working_day = forms.BooleanField(
        label=_("Flytt forekomster på helligdager og i helger til neste virkedag"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        start, end = data.get("start_date"), data.get("end_date")
        if kind == ScheduleKind.ONCE and not data.get("due_date"):
            self.add_error("due_date", _("Velg en dato."))
        if kind in (ScheduleKind.RANGE,) and not (start and end):
            self.add_error("start_date" if not start else "end_date", _("Velg både fra og til."))
        if start and end and start > end:
            self.add_error("end_date", _("Til-datoen kan ikke være før fra-datoen."))
        if kind == ScheduleKind.REPEAT:
            if not data.get("frequency"):
                self.add_error("frequency", _("Velg uker, måneder eller år."))
            if not data.get("interval"):
                self.add_error("interval", _("Skriv et tall fra 1 til 52."))
        if kind == ScheduleKind.ADVANCED:
            problem = rrule_problem(data.get("rrule") or "")
            if problem:
                self.add_error("rrule", _("Ugyldig RRULE: %(problem)s") % {"problem": problem})
        return data

    def to_fields(self, *, period_start: date | None, period_end: date | None) -> ScheduleFields:
        data = self.cleaned_data
        kind = data["kind"]
        start, end = data.get("start_date"), data.get("end_date")
        if kind == ScheduleKind.ONCE:
            return ScheduleFields(due_date=data["due_date"])
        if kind == ScheduleKind.RANGE:
            return ScheduleFields(start_date=start, end_date=end)
        if kind == ScheduleKind.ONGOING:
            # Ongoing work is stored as a range over the period (the model has no flag for it).
            return ScheduleFields(start_date=start or period_start, end_date=end or period_end)
        if kind == ScheduleKind.REPEAT:
            return ScheduleFields(
                start_date=start or period_start,
                end_date=end or period_end,
                rrule=self.repeat_rule(),
            )
        if kind == ScheduleKind.ADVANCED:
            return ScheduleFields(
                start_date=start or period_start,
                end_date=end or period_end,
                rrule=data["rrule"].strip().removeprefix("RRULE:"),
            )
        return ScheduleFields()

    def repeat_rule(self) -> str:
        data = self.cleaned_data
        freq = data.get("frequency") or Frequency.MONTHLY
        interval = data.get("interval") or 1
        days = ",".join(code for code in WEEKDAY_CODES if code in (data.get("weekdays") or []))
        if freq == Frequency.WEEKLY:
            return build_rrule("WEEKLY", interval=interval, byday=days or "MO")
        month = (data.get("start_date") or date(2000, 1, 1)).month
        bymonth = month if freq == Frequency.YEARLY else None
        if days:
            return build_rrule(freq, interval=interval, bymonth=bymonth, byday=days, bysetpos=1)
        if data.get("first_working_day"):
            return build_rrule(
                freq, interval=interval, bymonth=bymonth, byday=WORKING_DAYS, bysetpos=1
            )
        return build_rrule(freq, interval=interval)

    @staticmethod
    def initial_for(schedule: Schedule, *, action: Action, move: bool) -> dict:
        """Initial values that show `schedule` (stored, or read from the plan's text)."""
        initial: dict = {
            "version": action.version,
            "move_to_working_day": move,
            "interval": 1,
            "frequency": Frequency.MONTHLY,
            "first_working_day": True,
        }
        fields = schedule_fields(schedule)
        if schedule.kind == Kind.UNPARSED:
            return initial | {"kind": ScheduleKind.NONE}
        if schedule.kind == Kind.DATE and fields.due_date:
            return initial | {"kind": ScheduleKind.ONCE, "due_date": fields.due_date}
        initial |= {"start_date": fields.start_date, "end_date": fields.end_date}
        if schedule.kind == Kind.CONTINUOUS:
            return initial | {"kind": ScheduleKind.ONGOING}
        if not fields.rrule:
            return initial | {"kind": ScheduleKind.RANGE}
        parts = rrule_parts(fields.rrule)
        simple = set(parts) <= {"FREQ", "INTERVAL", "BYDAY", "BYSETPOS", "BYMONTH"}
        byday = [d for d in parts.get("BYDAY", "").split(",") if d]
        plain_days = all(d in WEEKDAY_CODES for d in byday)
        if (
            simple
            and parts.get("FREQ") in Frequency.values
            and plain_days
            and parts.get("BYSETPOS", "1") == "1"
            and (parts.get("FREQ") == "YEARLY" or "BYMONTH" not in parts)
        ):
            working = ",".join(byday) == WORKING_DAYS and "BYSETPOS" in parts
            return initial | {
                "kind": ScheduleKind.REPEAT,
                "frequency": parts["FREQ"],
                "interval": int(parts.get("INTERVAL", "1")),
                "weekdays": [] if working else byday,
                "first_working_day": working,
            }
        return initial | {"kind": ScheduleKind.ADVANCED, "rrule": fields.rrule}


def period_dates(strategy: Strategy) -> tuple[date | None, date | None]:
    """1 January of the first and 31 December of the last year of the strategy's period."""
    first, last = strategy.period_start, strategy.period_end or strategy.period_start
    return (date(first, 1, 1) if first else None, date(last, 12, 31) if last else None)


def schedule_form_for(action: Action, data=None, *, prefix: str | None = None) -> ScheduleForm:
    """The schedule editor for `action`, filled from its stored schedule or its timing text.

    For another form to embed (the action form): give a prefix ("tidsplan") so the field names
    do not clash with the action's own due_date, start_date, end_date and version."""
    schedule, _source = action_schedule(action, strategy_period(action.strategy))
    initial = ScheduleForm.initial_for(schedule, action=action, move=moves_to_working_day(action))
    return ScheduleForm(data, initial=initial, prefix=prefix)


class FeedTokenForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Hva skal kalenderen vise?"), choices=FeedScope.choices, widget=forms.RadioSelect
    )
    strategy = forms.ModelChoiceField(
        label=_("Strategi"),
        queryset=None,
        required=False,
        help_text=_("Bare når kalenderen skal vise én strategi."),
    )

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        strategies = organisation.strategies.all()
        self.fields["strategy"].queryset = strategies
        self.fields["scope"].initial = FeedScope.STRATEGY
        if len(strategies) == 1:
            self.fields["strategy"].initial = strategies[0].pk

    def clean(self):
        data = super().clean()
        if data.get("scope") == FeedScope.STRATEGY and not data.get("strategy"):
            self.add_error("strategy", _("Velg strategien kalenderen skal vise."))
        if data.get("scope") != FeedScope.STRATEGY:
            data["strategy"] = None
        return data
