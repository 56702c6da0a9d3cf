from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min

from kommplan.actions.models import Action, StatusUpdate
from kommplan.audit.models import AuditEntry
from kommplan.lib.norwegian import is_valid_kommunenummer
from kommplan.national.organisations import national_organisations, sample
from kommplan.national.seeding import (
    PASSWORD,
    AlreadySeeded,
    add_generated_actions,
    seed_national,
)
from kommplan.organisations.models import Membership, Organisation, OrganisationKind
from kommplan.strategies.models import Strategy


def test_the_national_list_has_every_municipality_and_county_and_450_bodies():
    specs = national_organisations()
    kinds = [s.kind for s in specs]
    assert len(specs) == 450
    assert kinds.count(OrganisationKind.KOMMUNE) == 357
    assert kinds.count(OrganisationKind.FYLKESKOMMUNE) == 14
    assert len({s.name for s in specs}) == 450
    assert len({s.slug for s in specs}) == 450
    numbers = [s.number for s in specs if s.number]
    assert len(set(numbers)) == len(numbers) == 371
    assert all(is_valid_kommunenummer(n) for n in numbers)
    assert {"Oslo kommune", "Rana kommune", "Vardø kommune", "Trøndelag fylkeskommune"} <= {
        s.name for s in specs
    }
    # Herøy and Våler exist twice; the county tells them apart.
    assert "Herøy kommune (Nordland)" in {s.name for s in specs}


def test_every_regional_body_has_member_municipalities_of_its_county():
    specs = national_organisations()
    county_of = {s.number: s.county for s in specs if s.kind == OrganisationKind.KOMMUNE}
    regional = [s for s in specs if s.kind not in {"kommune", "fylkeskommune"}]
    assert len(regional) == 79
    for spec in regional:
        assert spec.members, spec.name
        assert {county_of[m] for m in spec.members} == {spec.county}


def test_a_tenth_keeps_the_mix_of_kinds():
    tenth = sample(national_organisations(), 0.1)
    kinds = {s.kind for s in tenth}
    assert len(tenth) == 45
    assert {"kommune", "fylkeskommune", "regionraad"} <= kinds
    assert sample(national_organisations(), 1) == national_organisations()


@pytest.fixture
def seeded(db):
    # round(4.5) = 4 organisations; short plans keep the tests quick.
    return seed_national(scale=0.01, seed=7, actions_per_strategy=20)


def test_seeding_makes_three_strategies_of_150_actions_with_10_updates_each(db):
    result = seed_national(scale=0.005)
    assert (result.organisations, result.strategies) == (2, 6)
    assert (result.actions, result.updates, result.users) == (900, 9000, 10)
    per_strategy = Strategy.objects.annotate(
        n=Count("actions"), first=Min("actions__position"), last=Max("actions__position")
    )
    assert {(s.n, s.first, s.last) for s in per_strategy} == {(150, 0, 149)}
    per_action = Action.objects.annotate(
        n=Count("updates"), first=Min("updates__position"), last=Max("updates__position")
    )
    assert {(a.n, a.first, a.last) for a in per_action} == {(10, 0, 9)}
    assert set(Action.objects.values_list("version", flat=True)) == {1}


def test_an_actions_status_is_its_last_reported_status(seeded):
    for action in Action.objects.order_by("?")[:50]:
        last = StatusUpdate.objects.filter(action=action).order_by("-position").first()
        assert action.status == last.status


def test_every_organisation_gets_members_in_every_role_who_can_log_in(seeded):
    for organisation in Organisation.objects.all():
        roles = set(
            Membership.objects.filter(organisation=organisation).values_list("role", flat=True)
        )
        assert roles == {"administrator", "redaktor", "bidragsyter", "leser"}
    user = User.objects.get(
        username__endswith="-redaktor", memberships__organisation__number="0301"
    )
    assert user.check_password(PASSWORD)
    # One hash for all: computed once, not per user.
    assert User.objects.values("password").distinct().count() == 1


def test_bidragsytere_are_responsible_for_a_fifth_of_each_plan(seeded):
    strategy = Strategy.objects.first()
    owners = strategy.actions.exclude(responsible_user=None).values_list(
        "responsible_user__username", flat=True
    )
    assert len(owners) == 4  # actions 1, 6, 11 and 16 of 20
    assert all(name.endswith(("-bidragsyter", "-bidragsyter2")) for name in owners)


def test_the_current_strategy_is_published_with_some_public_actions(seeded):
    published = Strategy.objects.filter(published=True)
    assert published.count() == 4
    assert all(s.status == "vedtatt" for s in published)
    assert Action.objects.filter(public=True, strategy__published=False).count() == 0
    assert 0 < Action.objects.filter(public=True).count() < 80


def test_seeding_writes_no_audit_entries(seeded):
    assert AuditEntry.objects.count() == 0


def test_seeding_again_is_refused_and_changes_nothing(seeded):
    before = (Organisation.objects.count(), Action.objects.count(), User.objects.count())
    with pytest.raises(AlreadySeeded):
        seed_national(scale=0.01)
    assert (Organisation.objects.count(), Action.objects.count(), User.objects.count()) == before


def test_replace_deletes_the_set_and_makes_it_again(seeded):
    old = set(Action.objects.values_list("pk", flat=True))
    result = seed_national(scale=0.01, seed=7, replace=True, actions_per_strategy=20)
    assert result.actions == Action.objects.count() == 240
    assert old.isdisjoint(Action.objects.values_list("pk", flat=True))
    assert User.objects.count() == 20


def test_the_command_reports_what_it_made(db, capsys):
    call_command("seed_national", "--scale", "0.003")
    out = capsys.readouterr().out
    assert "Laget 1 organisasjoner, 5 brukere, 3 strategier, 450 tiltak" in out
    assert "4500 statusoppdateringer" in out
    assert PASSWORD in out


def test_the_command_refuses_a_second_run_with_a_clear_message(seeded):
    with pytest.raises(CommandError, match="allerede organisasjoner fra datasettet.*--replace"):
        call_command("seed_national", "--scale", "0.01")
    assert Organisation.objects.count() == 4


@pytest.mark.parametrize("scale", ["0", "1.5", "-1", "mye"])
def test_the_command_refuses_a_bad_scale_and_writes_nothing(db, scale):
    with pytest.raises(CommandError, match="--scale må være"):
        call_command("seed_national", "--scale", scale)
    assert Organisation.objects.count() == 0


def test_a_plan_can_grow_after_its_own_actions(demo):
    strategy = Strategy.objects.get(organisation__name="Rana kommune")
    redaktor = User.objects.get(username="rana-redaktor")
    bidragsyter = User.objects.get(username="rana-bidragsyter")
    before = list(strategy.actions.order_by("position").values_list("position", flat=True))
    added = add_generated_actions(
        strategy=strategy, count=40, reporter=redaktor, responsible=bidragsyter
    )
    positions = list(strategy.actions.order_by("position").values_list("position", flat=True))
    assert positions == before + list(range(before[-1] + 1, before[-1] + 41))
    assert len(added) == 40
    assert strategy.actions.filter(responsible_user=bidragsyter).count() == 2 + 4
    assert StatusUpdate.objects.filter(action__in=added).count() == 400
    # Goals and channels come from the plan itself.
    assert set(strategy.actions.exclude(goal=None).values_list("goal__strategy", flat=True)) == {
        strategy.pk
    }
