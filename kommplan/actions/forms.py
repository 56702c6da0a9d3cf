from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kommplan.strategies.models import Channel, Goal, Strategy, TargetGroup

from .models import Action, ActionStatus
from .selectors import ActionFilter, goal_subtree_ids, members_of_organisation
from .services import ActionData


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def user_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return user_label(obj)


def _goal_choices(goals: Sequence[Goal]) -> list[tuple[int, str]]:
    """Goals in tree order, sub-goals indented, so a select shows the hierarchy."""
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)
    known = {goal.pk for goal in goals}
    choices: list[tuple[int, str]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for goal in children.get(parent_id, []):
            choices.append((goal.pk, "– " * depth + str(goal)))
            walk(goal.pk, depth + 1)

    walk(None, 0)
    # A goal whose parent is missing from the list still gets a line.
    for goal in goals:
        if goal.parent_id is not None and goal.parent_id not in known:
            choices.append((goal.pk, str(goal)))
    return choices


class ActionFilterForm(forms.Form):
    """The action plan's filters: a plain GET form, so every filtered view has an address."""

    goal = forms.TypedChoiceField(label=_("Mål"), coerce=int, required=False, empty_value=None)
    target_group = forms.TypedChoiceField(
        label=_("Målgruppe"), coerce=int, required=False, empty_value=None
    )
    channel = forms.TypedChoiceField(label=_("Kanal"), coerce=int, required=False, empty_value=None)
    responsible = forms.CharField(label=_("Ansvarlig inneholder"), required=False, max_length=200)
    responsible_user = forms.TypedChoiceField(
        label=_("Ansvarlig bruker"), coerce=int, required=False, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle"))] + list(ActionStatus.choices),
    )
    due_from = forms.DateField(label=_("Frist fra"), required=False, widget=DateInput)
    due_to = forms.DateField(label=_("Frist til"), required=False, widget=DateInput)
    overdue = forms.BooleanField(label=_("Bare forfalte tiltak"), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        data,
        *,
        goals: Sequence[Goal],
        target_groups: Sequence[TargetGroup],
        channels: Sequence[Channel],
        members: Sequence[User] | None,
    ) -> None:
        super().__init__(data, auto_id="filter-%s")
        self.goals = goals
        everything = [("", _("Alle"))]
        self.fields["goal"].choices = everything + _goal_choices(goals)
        self.fields["target_group"].choices = everything + [(g.pk, g.name) for g in target_groups]
        self.fields["channel"].choices = everything + [(c.pk, c.name) for c in channels]
        if members is None:
            # Readers from a member organisation do not get the organisation's member list.
            del self.fields["responsible_user"]
        else:
            self.fields["responsible_user"].choices = everything + [
                (user.pk, user_label(user)) for user in members
            ]
        # A plan without goals (or channels...) has nothing to filter on there.
        for name in ("goal", "target_group", "channel"):
            if len(self.fields[name].choices) <= 1:
                del self.fields[name]

    def value(self, name: str):
        """The cleaned value of a field; an invalid or missing field filters nothing."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name)

    def filters(self) -> ActionFilter:
        goal = self.value("goal")
        return ActionFilter(
            goal_ids=goal_subtree_ids(self.goals, goal) if goal else (),
            target_group_id=self.value("target_group"),
            channel_id=self.value("channel"),
            responsible=(self.value("responsible") or "").strip(),
            responsible_user_id=self.value("responsible_user"),
            status=self.value("status") or "",
            due_from=self.value("due_from"),
            due_to=self.value("due_to"),
            overdue=bool(self.value("overdue")),
        )

    @property
    def is_filtered(self) -> bool:
        return any(self.value(name) for name in self.fields if name != "sort")


# Text fields an audience reads get the live klarspråk (LIX) hint.
_PLAIN_LANGUAGE = {"data-klarsprak": ""}


class ActionForm(forms.ModelForm):
    """Create or edit an action; every choice is limited to the action's own strategy."""

    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "purpose",
            "desired_result",
            "goal",
            "approach",
            "target_groups",
            "channels",
            "responsible",
            "responsible_user",
            "assigned_organisation",
            "financing",
            "timing",
            "due_date",
            "start_date",
            "end_date",
            "rrule",
            "status",
            "public",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2, **_PLAIN_LANGUAGE}),
            "description": forms.Textarea(attrs={"rows": 4, **_PLAIN_LANGUAGE}),
            "purpose": forms.Textarea(attrs={"rows": 3, **_PLAIN_LANGUAGE}),
            "desired_result": forms.Textarea(attrs={"rows": 3, **_PLAIN_LANGUAGE}),
            "target_groups": forms.CheckboxSelectMultiple,
            "channels": forms.CheckboxSelectMultiple,
            "due_date": DateInput,
            "start_date": DateInput,
            "end_date": DateInput,
        }
        field_classes = {"responsible_user": MemberChoiceField}
        help_texts = {
            "responsible": _("Slik planen skriver det, for eksempel en enhet eller en rolle."),
            "responsible_user": _("Brukeren som rapporterer status på tiltaket."),
            "rrule": _(
                "For tiltak som gjentas, for eksempel FREQ=MONTHLY eller FREQ=WEEKLY;BYDAY=FR."
            ),
            "public": _("Vises for alle, også utenfor organisasjonen."),
            "assigned_organisation": _("Medlemsorganisasjonen som har ansvaret for tiltaket."),
        }

    # The version the editor started from (optimistic locking); not a field they set.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, strategy: Strategy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        organisation = strategy.organisation
        self.fields["goal"].queryset = strategy.goals.order_by("position", "pk")
        self.fields["approach"].queryset = strategy.approaches.order_by("position", "pk")
        self.fields["target_groups"].queryset = strategy.target_groups.order_by("position", "pk")
        self.fields["channels"].queryset = strategy.channels.order_by("position", "pk")
        self.fields["responsible_user"].queryset = members_of_organisation(organisation.pk)
        members: QuerySet = organisation.members.order_by("name")
        if members.exists():
            self.fields["assigned_organisation"].queryset = members
        else:
            del self.fields["assigned_organisation"]
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.fields["version"].required = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", _("Til-datoen kan ikke være før fra-datoen."))
        return cleaned

    def to_data(self) -> ActionData:
        data = self.cleaned_data
        return ActionData(
            title=data["title"],
            description=data["description"],
            goal=data["goal"],
            approach=data["approach"],
            target_groups=list(data["target_groups"]),
            channels=list(data["channels"]),
            responsible=data["responsible"],
            responsible_user=data["responsible_user"],
            assigned_organisation=data.get("assigned_organisation"),
            financing=data["financing"],
            purpose=data["purpose"],
            desired_result=data["desired_result"],
            timing=data["timing"],
            due_date=data["due_date"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            rrule=data["rrule"],
            status=data["status"],
            public=data["public"],
        )


class StatusReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=ActionStatus.choices)
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hva er gjort, hva gjenstår, hva hindrer framdriften?"),
    )
    reported_on = forms.DateField(
        label=_("Dato"),
        required=False,
        widget=DateInput,
        help_text=_("Står den tom, brukes dagens dato."),
    )


class BulkEditForm(forms.Form):
    """Change several actions at once; a blank field leaves that field as it is."""

    actions = forms.ModelMultipleChoiceField(
        queryset=Action.objects.none(),
        error_messages={"required": _("Velg minst ett tiltak i tabellen.")},
    )
    status = forms.ChoiceField(
        label=_("Ny status"),
        required=False,
        choices=[("", _("Ikke endre"))] + list(ActionStatus.choices),
    )
    responsible = forms.CharField(label=_("Ny ansvarlig (tekst)"), required=False, max_length=500)
    responsible_user = MemberChoiceField(
        label=_("Ny ansvarlig bruker"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Ikke endre"),
    )
    due_date = forms.DateField(label=_("Ny frist"), required=False, widget=DateInput)
    start_date = forms.DateField(label=_("Ny periode fra"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("Ny periode til"), required=False, widget=DateInput)
    # The plan's query string, to come back to the same filtered page.
    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    CHANGES = ("status", "responsible", "responsible_user", "due_date", "start_date", "end_date")

    def __init__(self, *args, actions: QuerySet[Action], members: QuerySet[User], **kwargs):
        kwargs.setdefault("auto_id", "bulk-%s")
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions
        self.fields["responsible_user"].queryset = members

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in self.CHANGES):
            raise forms.ValidationError(_("Velg minst én endring."), code="nothing")
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", _("Til-datoen kan ikke være før fra-datoen."))
        return cleaned

    def changes(self) -> dict:
        """Keyword arguments for bulk_update_actions: None for what stays as it is."""
        data = self.cleaned_data
        return {
            "status": data["status"] or None,
            "responsible": data["responsible"] or None,
            "responsible_user": data["responsible_user"],
            "due_date": data["due_date"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
        }
