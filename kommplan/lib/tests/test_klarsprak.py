"""LIX against hand-computed Norwegian examples, the same cases the JavaScript twin is tested on."""

import json
from pathlib import Path

import pytest

from kommplan.lib.klarsprak import analyse, band_for, letters, sentences

CASES = json.loads((Path(__file__).parent / "klarsprak_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda case: case["name"])
def test_it_counts_and_scores_the_hand_computed_examples(case):
    result = analyse(case["text"])
    assert (result.words, result.sentences, result.long_words) == (
        case["words"],
        case["sentences"],
        case["long_words"],
    )
    assert result.lix == (None if case["lix"] is None else pytest.approx(case["lix"]))
    assert result.score == case["score"]
    assert result.band == case["band"]
    assert [{"opening": s.opening, "words": s.words} for s in result.long_sentences] == case[
        "long_sentences"
    ]
    assert result.very_long_words == case["very_long_words"]


@pytest.mark.parametrize(("score", "band"), CASES["bands"])
def test_the_norwegian_bands_start_at_30_40_50_and_end_above_55(score, band):
    assert band_for(score) == band


def test_the_formula_is_words_per_sentence_plus_the_share_of_long_words():
    # 10 words in 2 sentences, 3 of them with more than six letters: 10/2 + 100*3/10 = 35.
    text = "Barnehagen åpner sju i dag. Foreldrene får beskjed på sms."
    result = analyse(text)
    assert (result.words, result.sentences, result.long_words) == (10, 2, 3)
    assert result.lix == 35
    assert result.band == "lettlest"


def test_a_word_of_exactly_six_letters_is_not_long_and_seven_is():
    assert analyse("Rådhus").long_words == 0
    assert analyse("Kommune").long_words == 1


def test_only_letters_count_towards_a_words_length():
    assert letters("Kommune-TV") == 9
    assert letters("30.000") == 0
    assert analyse("2023-2026").long_words == 0


def test_a_sentence_of_25_words_is_not_flagged_but_26_is():
    assert analyse(" ".join(["ord"] * 25) + ".").long_sentences == []
    flagged = analyse(" ".join(["ord"] * 26) + ".").long_sentences
    assert [s.words for s in flagged] == [26]
    assert flagged[0].opening == "ord ord ord ord ord ord ord ord …"


def test_a_word_of_20_letters_is_not_flagged_but_21_is():
    twenty, twentyone = "a" * 20, "b" * 21
    assert analyse(f"{twenty} {twentyone} {twentyone}.").very_long_words == [twentyone]


def test_an_abbreviation_before_a_capital_letter_ends_the_sentence():
    assert len(sentences("Vi møtes kl. 10. Alle er velkomne.")) == 2
    assert len(sentences("Vi kommer bl.a. fra Mo. Og fra Korgen.")) == 2


def test_question_and_exclamation_marks_end_sentences():
    assert [len(s) for s in sentences("Hva nå? Vi svarer! Takk")] == [2, 2, 1]


def test_empty_text_has_no_score():
    assert analyse("").score is None
    assert analyse("").band is None
    assert analyse(None).words == 0  # an empty optional field
