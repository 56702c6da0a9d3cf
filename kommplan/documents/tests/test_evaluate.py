"""Scoring proposed plans against gold: matching, per-kind counts, field agreement, averaging."""

from __future__ import annotations

from kommplan.documents.importer.evaluate import (
    Counts,
    DocScore,
    SetScore,
    format_set,
    match,
    normalise,
    score_plan,
    similarity,
)
from kommplan.planfiles.schema import PlanFile


def _plan(*, goals=(), groups=(), actions=()) -> PlanFile:
    return PlanFile.model_validate(
        {
            "kommplan": 1,
            "organisation": {"name": "Testkommune"},
            "strategy": {
                "title": "Strategi",
                "goals": [{"text": g} for g in goals],
                "target_groups": [{"name": n} for n in groups],
            },
            "actions": [a if isinstance(a, dict) else {"title": a} for a in actions],
        }
    )


def test_texts_are_compared_without_case_punctuation_or_extra_spaces():
    assert normalise("  Befolkningen i  Osen. ") == "befolkningen i osen"
    assert similarity("Befolkningen i Osen.", "befolkningen i osen") == 1.0


def test_similarity_takes_the_better_of_sequence_ratio_and_word_overlap():
    # Same words in another order: the sequence ratio is low, the word overlap is full.
    assert similarity("kanaler og budskap", "budskap og kanaler") == 1.0
    assert similarity("direkte kontakt", "direkte kontakten") >= 0.9
    assert similarity("Facebook", "Twitter") < 0.8


def test_items_match_one_to_one_and_only_above_the_threshold():
    gold = [["Møte med ansatte"], ["Nyhetsbrev"]]
    pred = [["Møte med ansatte"], ["Møte med de ansatte"], ["Plakater"]]
    matches = match(gold, pred)
    assert [(i, j) for i, j, _s in matches] == [(0, 0)]


def test_a_kind_empty_in_gold_and_proposal_gets_no_score():
    score = score_plan(_plan(goals=["Bygge omdømme"]), _plan(goals=["Bygge omdømme"]))
    assert set(score.kinds) == {"goals"}
    assert score.kinds["goals"].f1 == 1.0


def test_a_proposal_where_gold_has_nothing_counts_as_false_positives():
    score = score_plan(_plan(), _plan(groups=["Innbyggere", "Media"]))
    counts = score.kinds["target_groups"]
    assert (counts.tp, counts.fp, counts.fn) == (0, 2, 0)
    assert counts.f1 == 0.0


def test_action_fields_agree_only_where_gold_has_them():
    gold = _plan(
        actions=[
            {
                "title": "Ukentlig nyhetsbrev",
                "responsible": "Kommunikasjonsenheten",
                "when": "ukentlig",
            },
            {"title": "Folkemøte om budsjettet", "financing": "Drift"},
        ]
    )
    pred = _plan(
        actions=[
            {
                "title": "Ukentlig nyhetsbrev",
                "responsible": "kommunikasjonsenheten.",
                "when": "månedlig",
            },
            {"title": "Folkemøte om budsjettet"},
        ]
    )
    score = score_plan(gold, pred)
    assert (score.fields["responsible"].agree, score.fields["responsible"].total) == (1, 1)
    assert (score.fields["when"].agree, score.fields["when"].total) == (0, 1)
    assert (score.fields["financing"].agree, score.fields["financing"].total) == (0, 1)


def test_set_scores_are_micro_averaged_over_documents():
    one = DocScore("a", kinds={"goals": Counts(tp=9, fp=0, fn=1)})
    two = DocScore("b", kinds={"goals": Counts(tp=0, fp=1, fn=0)})
    result = SetScore("set", [one, two])
    goals = result.kinds()["goals"]
    assert (goals.tp, goals.fp, goals.fn) == (9, 1, 1)
    assert round(goals.f1, 3) == 0.9
    table = format_set(result)
    assert "goals" in table and "0.90" in table
