from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kommplan.actions.models import Action, ActionStatus, validate_rrule


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (date(2024, 1, 31), ActionStatus.PAGAR, True),
        (date(2024, 1, 31), ActionStatus.FULLFORT, False),
        (date(2024, 1, 31), ActionStatus.AVLYST, False),
        (date(2024, 2, 1), ActionStatus.IKKE_STARTET, False),
        (None, ActionStatus.FORSINKET, False),
    ],
)
def test_an_action_is_overdue_only_past_its_deadline_and_unfinished(due, status, overdue):
    action = Action(title="Statusrapport til kommunestyret", due_date=due, status=status)
    assert action.is_overdue(date(2024, 2, 1)) is overdue


def test_a_range_counts_as_overdue_after_its_end():
    action = Action(title="Uke 4", start_date=date(2004, 1, 19), end_date=date(2004, 1, 25))
    assert action.is_overdue(date(2004, 1, 26))
    assert not action.is_overdue(date(2004, 1, 25))


@pytest.mark.parametrize(
    "rule", ["FREQ=MONTHLY", "RRULE:FREQ=WEEKLY;BYDAY=FR", "FREQ=YEARLY;INTERVAL=1"]
)
def test_it_accepts_rfc5545_rules(rule):
    validate_rrule(rule)


@pytest.mark.parametrize("rule", ["", "hver fredag", "FREQ=FORTNIGHTLY", "BYDAY=FR"])
def test_it_refuses_what_is_not_an_rrule(rule):
    with pytest.raises(ValidationError):
        validate_rrule(rule)
