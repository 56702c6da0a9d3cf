"""A bad plan file is refused with every problem located, and the database is left alone."""

from __future__ import annotations

import io
import time
from textwrap import dedent

import pytest
from django.core.management import CommandError, call_command

from kommplan.organisations.models import Organisation
from kommplan.planfiles.errors import PlanFileError
from kommplan.planfiles.reader import read_plan
from kommplan.planfiles.services import load_plan_file
from kommplan.strategies.models import Strategy

from .conftest import DEMO_DIR, problem_at, row_counts

HEAD = dedent(
    """\
    kommplan: 1
    organisation:
      name: Testby kommune
    strategy:
      title: Kommunikasjonsstrategi
    """
)  # five lines: whatever a test appends starts on line 6


def plan(body: str = "") -> str:
    """HEAD plus `body`, whose margin is the indentation of its closing quotes.

    That keeps strategy keys (two spaces in) apart from top-level keys such as `actions`.
    """
    lines = body.split("\n")
    margin = len(lines[-1]) if not lines[-1].strip() else 0
    return HEAD + "\n".join(line[margin:] for line in lines)


# --- Wrong types, unknown and missing keys -------------------------------------------------------


def test_it_reports_a_priority_that_is_not_a_number_with_line(refuse):
    error = refuse(
        plan(
            """\
              target_groups:
                - {id: tg1, name: Innbyggere, priority: 1}
                - {id: tg2, name: Ansatte, priority: "høy"}
            """
        )
    )
    problem = problem_at(error, "strategy.target_groups[1].priority")
    assert problem.line == 8
    assert problem.message == "forventet et heltall"


def test_it_reports_goals_that_are_not_a_list(refuse):
    error = refuse(plan("  goals: x\n"))
    problem = problem_at(error, "strategy.goals")
    assert problem.line == 6
    assert problem.message == "forventet en liste"


def test_it_reports_a_misspelt_key_instead_of_dropping_it(refuse):
    error = refuse(plan("  titel: Skrivefeil\n"))
    problem = problem_at(error, "strategy.titel")
    assert problem.line == 6
    assert problem.message == "ukjent nøkkel «titel»"


def test_it_reports_a_missing_strategy_title(refuse):
    content = dedent(
        """\
        kommplan: 1
        organisation:
          name: Testby kommune
        strategy:
          kind: plan
        """
    )
    error = refuse(content)
    problem = problem_at(error, "strategy.title")
    assert problem.line == 4
    assert problem.message == "mangler påkrevd nøkkel"


def test_it_reports_a_missing_organisation(refuse):
    error = refuse("kommplan: 1\nstrategy:\n  title: Strategi\n")
    problem = problem_at(error, "organisation")
    assert problem.line == 1
    assert "mangler påkrevd nøkkel" in problem.message


def test_it_reports_a_title_that_is_true_rather_than_text(refuse):
    error = refuse(HEAD.replace("title: Kommunikasjonsstrategi", "title: yes"))
    problem = problem_at(error, "strategy.title")
    assert problem.line == 5
    assert "forventet tekst" in problem.message
    assert "anførselstegn" in problem.message


def test_it_reports_a_public_flag_that_is_not_a_boolean(refuse):
    error = refuse(plan("actions:\n  - {title: Tiltak, public: kanskje}\n"))
    problem = problem_at(error, "actions[0].public")
    assert problem.line == 7
    assert problem.message == "forventet true eller false"


def test_it_reports_an_unknown_status_with_the_valid_values(refuse):
    error = refuse(plan("actions:\n  - {title: Tiltak, status: ferdig}\n"))
    problem = problem_at(error, "actions[0].status")
    assert problem.line == 7
    assert "ugyldig verdi 'ferdig'" in problem.message
    assert "'fullfort'" in problem.message


def test_it_reports_a_file_that_is_a_list_not_an_object(refuse):
    error = refuse("- kommplan: 1\n- organisation: x\n")
    assert [str(problem) for problem in error.problems] == [
        "(filen) (linje 1): planfilen må være et objekt med nøklene kommplan, organisation "
        "og strategy"
    ]


def test_it_reports_a_key_that_is_a_number_in_norwegian(refuse):
    error = refuse(plan("  2023: Årstall som nøkkel\n"))
    problem = problem_at(error, "strategy[2023]")
    assert problem.message == "nøkkelen 2023 må være tekst"


def test_it_reports_a_key_that_is_a_list_instead_of_crashing(refuse):
    error = refuse(plan("  ? [a, b]\n  : verdi\n"))
    assert len(error.problems) == 1
    assert error.problems[0].line == 6
    assert "en nøkkel må være tekst" in error.problems[0].message


# --- Ids and references --------------------------------------------------------------------------


def test_it_reports_a_duplicate_goal_id_naming_the_first_use(refuse):
    error = refuse(
        plan(
            """\
              goals:
                - {id: g1, text: Første}
                - {id: g1, text: Andre}
            """
        )
    )
    problem = problem_at(error, "strategy.goals[1].id")
    assert problem.line == 8
    assert problem.message == 'id "g1" er brukt før (også på strategy.goals[0])'


def test_it_reports_a_duplicate_action_id(refuse):
    error = refuse(
        plan(
            """\
            actions:
              - {id: a1, title: Første}
              - {id: a2, title: Andre}
              - {id: a1, title: Tredje}
            """
        )
    )
    problem = problem_at(error, "actions[2].id")
    assert problem.line == 9
    assert 'id "a1" er brukt før' in problem.message


def test_it_reports_unknown_goal_parent_with_line(refuse):
    error = refuse(
        plan(
            """\
              goals:
                - {id: g1, text: Hovedmål}
                - {id: g2, text: Delmål, parent: g1}
                - {id: g3, text: Delmål to, parent: g1}
                - {id: g4, text: Delmål tre, parent: g9}
            """
        )
    )
    problem = problem_at(error, "strategy.goals[3].parent")
    assert problem.line == 10
    assert 'ukjent id "g9"' in problem.message
    assert 'strategy.goals[3].parent (linje 10): ukjent id "g9"' in error.report()


def test_it_reports_unknown_references_from_actions_and_indicators(refuse):
    error = refuse(
        plan(
            """\
              target_groups:
                - {id: tg1, name: Innbyggere}
              indicators:
                - {id: i1, name: Saker, action: a7}
            actions:
              - id: a1
                title: Tiltak
                goal: g1
                strategy: s1
                target_groups: [tg1, tg2]
            """
        )
    )
    assert {problem.path: problem.line for problem in error.problems} == {
        "strategy.indicators[0].action": 9,
        "actions[0].goal": 13,
        "actions[0].strategy": 14,
        "actions[0].target_groups[1]": 15,
    }
    assert (
        'ukjent id "tg2" (ingen målgruppe har den)'
        in problem_at(error, "actions[0].target_groups[1]").message
    )
    assert "ingen tiltak har den" in problem_at(error, "strategy.indicators[0].action").message


def test_it_reports_goals_that_form_a_cycle(refuse):
    error = refuse(
        plan(
            """\
              goals:
                - {id: g1, text: Ett, parent: g3}
                - {id: g2, text: To, parent: g1}
                - {id: g3, text: Tre, parent: g2}
                - {id: g4, text: Fire}
            """
        )
    )
    assert [(problem.path, problem.line) for problem in error.problems] == [
        ("strategy.goals[0].parent", 7),
        ("strategy.goals[1].parent", 8),
        ("strategy.goals[2].parent", 9),
    ]
    assert 'målet "g1" ligger (indirekte) under seg selv' in error.problems[0].message


def test_it_reports_a_goal_that_is_its_own_parent(refuse):
    error = refuse(plan("  goals:\n    - {id: g1, text: Ett, parent: g1}\n"))
    problem = problem_at(error, "strategy.goals[0].parent")
    assert problem.line == 7
    assert "under seg selv" in problem.message


def test_it_reports_a_reference_listed_twice(refuse):
    error = refuse(
        plan(
            """\
              channels:
                - {id: c1, name: Nettsiden}
            actions:
              - title: Tiltak
                channels: [c1, c1]
            """
        )
    )
    problem = problem_at(error, "actions[0].channels[1]")
    assert problem.line == 10
    assert problem.message == '"c1" står to ganger i listen'


def test_it_reports_an_id_with_spaces(refuse):
    error = refuse(plan("  goals:\n    - {id: mål 1, text: Ett}\n"))
    problem = problem_at(error, "strategy.goals[0].id")
    assert problem.line == 7
    assert problem.message.startswith("ugyldig id 'mål 1'")


def test_it_reports_an_indicator_on_both_a_goal_and_an_action(refuse):
    error = refuse(
        plan(
            """\
              goals: [{id: g1, text: Mål}]
              indicators: [{name: Saker, goal: g1, action: a1}]
            actions: [{id: a1, title: Tiltak}]
            """
        )
    )
    problem = problem_at(error, "strategy.indicators[0]")
    assert problem.line == 7
    assert problem.message == "en indikator hører til et mål eller et tiltak, ikke begge"


def test_it_gives_items_without_id_the_first_free_ids_in_document_order():
    content = plan(
        """\
          goals:
            - {id: g2, text: To}
            - {text: Uten id}
            - {text: Også uten id}
        actions:
          - {title: Uten id}
        """
    )
    read = read_plan(content.encode())
    assert [goal.id for goal in read.strategy.goals] == ["g2", "g1", "g3"]
    assert [action.id for action in read.actions] == ["a1"]


def test_it_puts_reference_lists_in_document_order_of_their_targets():
    content = plan(
        """\
          target_groups: [{id: b, name: B}, {id: a, name: A}, {id: c, name: C}]
        actions:
          - {title: Tiltak, target_groups: [c, a, b]}
        """
    )
    assert read_plan(content.encode()).actions[0].target_groups == ["b", "a", "c"]


# --- Dates, schedules and periods ----------------------------------------------------------------


def test_it_reports_an_unquoted_date_that_is_not_in_the_calendar(refuse):
    # YAML itself reads 2023-02-30 as a date and fails; that must become a located problem.
    error = refuse(plan("actions:\n  - title: Tiltak\n    schedule: {due: 2023-02-30}\n"))
    problem = problem_at(error, "actions[0].schedule.due")
    assert problem.line == 8
    assert problem.message == "2023-02-30 finnes ikke i kalenderen"


def test_it_reports_a_quoted_date_that_is_not_in_the_calendar(refuse):
    error = refuse(
        plan(
            """\
              indicators:
                - name: Saker
                  measurements:
                    - {date: "2024-01-31", value: 2}
                    - {date: "2024-02-30", value: 3}
            """
        )
    )
    problem = problem_at(error, "strategy.indicators[0].measurements[1].date")
    assert problem.line == 10
    assert problem.message == "2024-02-30 finnes ikke i kalenderen"


def test_it_reports_a_norwegian_style_date_as_wrong_format(refuse):
    error = refuse(plan("actions:\n  - title: Tiltak\n    schedule: {due: '31.12.2023'}\n"))
    problem = problem_at(error, "actions[0].schedule.due")
    assert problem.line == 8
    assert problem.message == "forventet en dato på formen ÅÅÅÅ-MM-DD"


def test_it_reports_an_adoption_date_in_norwegian_style(refuse):
    error = refuse(plan("  adopted: {by: Bystyret, date: '31.12.2023'}\n"))
    problem = problem_at(error, "strategy.adopted.date")
    assert problem.line == 6
    assert "ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD" in problem.message


def test_it_reports_an_adoption_date_that_does_not_exist(refuse):
    error = refuse(plan("  adopted: {date: 2023-02-30}\n"))
    assert problem_at(error, "strategy.adopted.date").line == 6


def test_it_accepts_a_partial_adoption_date():
    read = read_plan(plan("  adopted: {by: Bystyret, date: 2014-04}\n").encode())
    assert read.strategy.adopted.date == "2014-04"


def test_it_reports_a_date_with_a_time_of_day(refuse):
    error = refuse(plan("actions:\n  - title: Tiltak\n    schedule: {due: 2024-01-01T10:00:00}\n"))
    problem = problem_at(error, "actions[0].schedule.due")
    assert problem.message == "forventet en dato (ÅÅÅÅ-MM-DD) uten klokkeslett"


def test_it_reports_a_date_given_as_a_number(refuse):
    error = refuse(plan("actions:\n  - title: Tiltak\n    schedule: {due: 20240101}\n"))
    assert problem_at(error, "actions[0].schedule.due").message == (
        "forventet en dato på formen ÅÅÅÅ-MM-DD"
    )


def test_it_reports_a_bad_rrule(refuse):
    error = refuse(plan("actions:\n  - title: Tiltak\n    schedule: {rrule: FREQ=SOMETIMES}\n"))
    problem = problem_at(error, "actions[0].schedule")
    assert problem.line == 8
    assert problem.message.startswith("ugyldig RRULE:")
    assert "SOMETIMES" in problem.message


def test_it_reports_an_rrule_without_freq(refuse):
    error = refuse(plan("actions:\n  - title: Tiltak\n    schedule: {rrule: BYDAY=MO}\n"))
    assert problem_at(error, "actions[0].schedule").message == "ugyldig RRULE: mangler FREQ"


def test_it_reports_a_period_that_starts_after_it_ends(refuse):
    error = refuse(plan("  period: {start: 2026, end: 2023}\n"))
    problem = problem_at(error, "strategy.period")
    assert problem.line == 6
    assert problem.message == "start (2026) er etter end (2023)"


def test_it_reports_a_schedule_that_starts_after_it_ends(refuse):
    error = refuse(
        plan("actions:\n  - title: Tiltak\n    schedule: {start: 2024-05-01, end: 2024-01-01}\n")
    )
    problem = problem_at(error, "actions[0].schedule")
    assert problem.message == "start (2024-05-01) er etter end (2024-01-01)"


def test_it_reports_a_schedule_with_both_due_and_start(refuse):
    error = refuse(
        plan("actions:\n  - title: Tiltak\n    schedule: {due: 2024-05-01, start: 2024-01-01}\n")
    )
    assert "bruk enten due" in problem_at(error, "actions[0].schedule").message


def test_it_reports_a_year_out_of_range(refuse):
    error = refuse(plan("  period: {start: 20230}\n"))
    assert problem_at(error, "strategy.period.start").message == "kan være høyst 2200"


# --- Versions ------------------------------------------------------------------------------------


def test_it_refuses_a_newer_format_version(refuse):
    error = refuse(HEAD.replace("kommplan: 1", "kommplan: 2"))
    assert [str(problem) for problem in error.problems] == [
        "kommplan (linje 1): ukjent versjon 2; denne kommplan leser planfiler av versjon 1"
    ]


def test_it_refuses_a_version_written_as_text(refuse):
    error = refuse(HEAD.replace("kommplan: 1", "kommplan: '1'"))
    assert "ukjent versjon '1'" in problem_at(error, "kommplan").message


def test_it_refuses_a_version_that_is_a_boolean(refuse):
    # In Python True == 1; the loader must not take `kommplan: true` for version 1.
    error = refuse(HEAD.replace("kommplan: 1", "kommplan: true"))
    assert "ukjent versjon True" in problem_at(error, "kommplan").message


def test_it_refuses_a_file_without_version(refuse):
    error = refuse(HEAD.replace("kommplan: 1\n", ""))
    problem = problem_at(error, "kommplan")
    assert problem.line == 1
    assert problem.message == "mangler påkrevd nøkkel (filformatets versjon, 1)"


# --- Encoding, size and emptiness ----------------------------------------------------------------


def test_it_reports_latin1_bytes_with_their_line(refuse):
    content = plan("  challenges:\n    - title: Målgrupper\n").encode("latin-1")
    error = refuse(content)
    assert [(problem.path, problem.line) for problem in error.problems] == [("", 7)]
    assert "filen er ikke UTF-8: byte 0xe5" in error.problems[0].message
    assert "lagre filen som UTF-8" in error.problems[0].message


def test_it_accepts_a_byte_order_mark():
    read = read_plan(b"\xef\xbb\xbf" + plan().encode())
    assert read.strategy.title == "Kommunikasjonsstrategi"


def test_it_refuses_an_empty_file(refuse):
    error = refuse(b"")
    assert [str(problem) for problem in error.problems] == ["(filen): filen er tom"]


def test_it_refuses_a_file_of_only_whitespace(refuse):
    error = refuse(b" \n\t\n   \r\n")
    assert [str(problem) for problem in error.problems] == ["(filen): filen er tom"]


def test_it_refuses_a_file_over_the_size_limit(refuse, settings):
    content = plan().encode()
    settings.PLAN_FILE_MAX_BYTES = len(content) - 1
    error = refuse(content)
    assert len(error.problems) == 1
    assert f"filen er {len(content)} byte" in error.problems[0].message
    assert f"største tillatte er {len(content) - 1} byte" in error.problems[0].message


def test_it_accepts_a_file_of_exactly_the_size_limit(settings):
    content = plan().encode()
    settings.PLAN_FILE_MAX_BYTES = len(content)
    assert read_plan(content).strategy.title == "Kommunikasjonsstrategi"


def test_it_checks_the_size_limit_before_parsing(settings):
    settings.PLAN_FILE_MAX_BYTES = 10
    with pytest.raises(PlanFileError) as info:
        read_plan(b"[" * 1000)  # too deep as well: size must be what is reported
    assert "største tillatte er 10 byte" in info.value.problems[0].message


# --- YAML and JSON syntax ------------------------------------------------------------------------


def test_it_reports_a_yaml_syntax_error_with_its_line(refuse):
    error = refuse(plan("  vision: [ikke lukket\n  purpose: Hvorfor\n"))
    assert len(error.problems) == 1
    assert error.problems[0].line == 7
    assert error.problems[0].message.startswith("YAML-syntaksfeil:")


def test_it_reports_a_tab_indentation_with_its_line(refuse):
    error = refuse(plan("\tvision: Visjon\n"))
    assert error.problems[0].line == 6
    assert error.problems[0].message.startswith("YAML-syntaksfeil:")


def test_it_refuses_a_second_yaml_document_with_its_line(refuse):
    error = refuse(plan() + "---\nkommplan: 1\n")
    assert len(error.problems) == 1
    assert error.problems[0].line == 6
    assert error.problems[0].message.startswith("YAML-syntaksfeil:")


def test_it_reports_a_duplicate_yaml_key_with_its_line(refuse):
    error = refuse(plan("  vision: En\n  purpose: Formål\n  vision: To\n"))
    assert [str(problem) for problem in error.problems] == [
        "(filen) (linje 8): YAML-syntaksfeil: nøkkelen «vision» står to ganger"
    ]


def test_it_reports_a_duplicate_json_key_with_its_line(refuse):
    content = dedent(
        """\
        {
          "kommplan": 1,
          "organisation": {"name": "Testby kommune"},
          "strategy": {
            "title": "Første",
            "title": "Andre"
          }
        }
        """
    )
    error = refuse(content, name="plan.json")
    assert [str(problem) for problem in error.problems] == [
        "(filen) (linje 6): JSON-syntaksfeil: nøkkelen «title» står to ganger"
    ]


def test_it_refuses_a_yaml_merge_key_that_would_hide_a_value(refuse):
    # `<<` lets the key beside it win silently: vision "To" would be dropped without a word.
    error = refuse(plan("  vision: En\n  <<: {vision: To}\n"))
    assert error.problems[0].line == 7
    assert "YAML-fletting (<<) er ikke tillatt" in error.problems[0].message


def test_it_reports_a_json_syntax_error_with_line_and_column(refuse):
    content = '{"kommplan": 1,\n "organisation": {"name": "A"},\n "strategy": {"title": "x",}\n}\n'
    error = refuse(content, name="plan.json")
    assert len(error.problems) == 1
    problem = error.problems[0]
    assert problem.line == 3
    assert problem.message.startswith("JSON-syntaksfeil:")
    assert "(kolonne 28)" in problem.message


def test_it_locates_json_validation_errors_by_line(refuse):
    content = '{\n  "kommplan": 1,\n  "organisation": {"name": "A"},\n  "strategy": {\n' + (
        '    "title": "x",\n    "titel": "y"\n  }\n}\n'
    )
    error = refuse(content, name="plan.json")
    problem = problem_at(error, "strategy.titel")
    assert problem.line == 6
    assert problem.message == "ukjent nøkkel «titel»"


def test_it_refuses_yaml_aliases_quickly(refuse):
    laughs = ["kommplan: 1", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        laughs.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    started = time.perf_counter()
    error = refuse("\n".join(laughs) + "\n")
    assert time.perf_counter() - started < 2
    assert [str(problem) for problem in error.problems] == [
        "(filen) (linje 3): YAML-syntaksfeil: YAML-aliaser (*navn) er ikke tillatt i planfiler"
    ]


def test_it_refuses_a_single_alias_in_an_otherwise_good_plan(refuse):
    error = refuse(plan("  vision: &v Visjonen\n  purpose: *v\n"))
    assert error.problems[0].line == 7
    assert "YAML-aliaser" in error.problems[0].message


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000,
        b'{"a": ' * 100_000,
        b"kommplan: " + b"[" * 100_000,
        b"a:\n" + b"- " * 50_000 + b"x\n",
    ],
    ids=["json-lists", "json-objects", "yaml-flow", "yaml-block"],
)
def test_it_refuses_deeply_nested_input_with_a_message(refuse, content):
    started = time.perf_counter()
    error = refuse(content)
    assert time.perf_counter() - started < 10
    assert [str(problem) for problem in error.problems] == ["(filen): filen er for dypt nøstet"]


def test_it_reports_an_integer_too_long_to_convert_in_yaml(refuse):
    error = refuse(plan("  period: {start: " + "9" * 5000 + "}\n"))
    problem = problem_at(error, "strategy.period.start")
    assert problem.line == 6
    assert problem.message == "tallet har for mange siffer"


def test_it_reports_an_integer_too_long_to_convert_in_json(refuse):
    content = '{"kommplan": 1, "organisation": {"name": "A"}, "strategy": {"title": ' + (
        "9" * 5000 + "}}"
    )
    error = refuse(content, name="plan.json")
    assert [str(problem) for problem in error.problems] == [
        "(filen): JSON-syntaksfeil: et tall har for mange siffer"
    ]


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e400"])
def test_it_refuses_numbers_that_are_not_finite(refuse, value):
    error = refuse(plan(f"  indicators:\n    - {{name: Saker, target: {value}}}\n"))
    assert problem_at(error, "strategy.indicators[0].target").message == (
        "forventet et endelig tall"
    )


# --- Control characters --------------------------------------------------------------------------


def test_it_refuses_a_raw_nul_byte_with_its_line(refuse):
    error = refuse(plan("  vision: før\x00etter\n"))
    assert [str(problem) for problem in error.problems] == [
        "(filen) (linje 6): ugyldig kontrolltegn U+0000 i teksten"
    ]


def test_it_refuses_a_raw_bell_character_with_its_line(refuse):
    error = refuse(plan("  purpose: |\n    linje én\n    pling\x07\n"))
    assert [str(problem) for problem in error.problems] == [
        "(filen) (linje 8): ugyldig kontrolltegn U+0007 i teksten"
    ]


def test_it_refuses_a_nul_escaped_in_json_naming_the_key(refuse):
    content = (
        '{"kommplan": 1,\n "organisation": {"name": "A"},\n'
        ' "strategy": {"title": "Strategi", "vision": "a\\u0000b"}}\n'
    )
    error = refuse(content, name="plan.json")
    assert [str(problem) for problem in error.problems] == [
        "strategy.vision (linje 3): ugyldig kontrolltegn U+0000 i teksten"
    ]


def test_it_keeps_tabs_and_newlines_in_texts():
    content = '{"kommplan": 1, "organisation": {"name": "A"}, "strategy": {"title": "a\\tb\\nc"}}'
    assert read_plan(content.encode()).strategy.title == "a\tb\nc"


# --- Norwegian identifiers and other patterns ----------------------------------------------------


def test_it_refuses_an_orgnr_with_a_wrong_check_digit(refuse):
    error = refuse(
        HEAD.replace("  name: Testby kommune\n", "  name: Testby\n  orgnr: '123456789'\n")
    )
    problem = problem_at(error, "organisation.orgnr")
    assert problem.line == 4
    assert problem.message == (
        "organisasjonsnummer må være 9 siffer med gyldig MOD11-kontrollsiffer"
    )


@pytest.mark.parametrize("orgnr", ["12345678", "1234567850", "12345678x", "123456785 "])
def test_it_refuses_an_orgnr_that_is_not_nine_digits(refuse, orgnr):
    error = refuse(HEAD.replace("  name: Testby kommune\n", f"  name: T\n  orgnr: '{orgnr}'\n"))
    assert "MOD11" in problem_at(error, "organisation.orgnr").message


def test_it_accepts_an_orgnr_with_a_right_check_digit():
    content = HEAD.replace("  name: Testby kommune\n", "  name: Testby\n  orgnr: '123456785'\n")
    assert read_plan(content.encode()).organisation.orgnr == "123456785"


@pytest.mark.parametrize("number", ["123", "12345", "0000", "00", "18x3"])
def test_it_refuses_an_invalid_kommunenummer(refuse, number):
    error = refuse(HEAD.replace("  name: Testby kommune\n", f"  name: T\n  number: '{number}'\n"))
    problem = problem_at(error, "organisation.number")
    assert problem.line == 4
    assert problem.message == "kommunenummer må være 4 siffer (fylkesnummer 2 siffer)"


@pytest.mark.parametrize("number", ["1833", "03", "5020"])
def test_it_accepts_kommune_and_fylke_numbers(number):
    content = HEAD.replace("  name: Testby kommune\n", f"  name: T\n  number: '{number}'\n")
    assert read_plan(content.encode()).organisation.number == number


def test_it_reports_bad_url_email_and_phone_in_norwegian(refuse):
    error = refuse(
        plan(
            """\
              channels: [{name: Nettsiden, url: rana.kommune.no}]
              crisis:
                notify: [{role: Ordfører, phone: ring meg, email: ordforer.rana.no}]
            """
        )
    )
    assert problem_at(error, "strategy.channels[0].url").message == (
        "må være en adresse som begynner med http:// eller https://"
    )
    assert problem_at(error, "strategy.crisis.notify[0].email").message == "ugyldig e-postadresse"
    assert problem_at(error, "strategy.crisis.notify[0].phone").line == 8
    assert "ugyldig telefonnummer" in problem_at(error, "strategy.crisis.notify[0].phone").message


def test_it_refuses_a_phone_number_longer_than_the_database_column(refuse):
    error = refuse(plan(f"  crisis:\n    notify: [{{role: Ordfører, phone: '+{'1' * 40}'}}]\n"))
    assert problem_at(error, "strategy.crisis.notify[0].phone").message == (
        "er for lang (høyst 40 tegn)"
    )


def test_it_refuses_a_strategy_item_title_longer_than_the_database_column(refuse):
    error = refuse(plan(f"  strategies: [{{title: {'x' * 301}}}]\n"))
    assert problem_at(error, "strategy.strategies[0].title").message == (
        "er for lang (høyst 300 tegn)"
    )


def test_it_refuses_an_empty_required_text(refuse):
    error = refuse(plan("  goals: [{id: g1, text: ''}]\n"))
    assert problem_at(error, "strategy.goals[0].text").message == "kan ikke være tom"


# --- Several problems, several files, refusals from the database ---------------------------------


def test_it_reports_every_field_problem_in_a_file(refuse):
    error = refuse(
        plan(
            """\
              titel: Skrivefeil
              status: ferdig
              period: {start: 2026, end: 2023}
              target_groups: [{name: Innbyggere, priority: høy}]
            actions:
              - {title: Tiltak, public: kanskje}
              - {description: Uten tittel}
            """
        )
    )
    assert [(problem.path, problem.line) for problem in error.problems] == [
        ("strategy.period", 8),
        ("strategy.status", 7),
        ("strategy.target_groups[0].priority", 9),
        ("strategy.titel", 6),
        ("actions[0].public", 11),
        ("actions[1].title", 12),
    ]


def test_it_reports_every_reference_problem_in_a_file(refuse):
    error = refuse(
        plan(
            """\
              goals:
                - {id: g1, text: Ett, parent: g9}
                - {id: g1, text: To}
              messages: [{text: Budskap, target_groups: [tg1]}]
            actions:
              - {id: a1, title: Tiltak, goal: g5, channels: [c1, c1]}
            """
        )
    )
    assert [(problem.path, problem.line, problem.message) for problem in error.problems] == [
        ("strategy.goals[1].id", 8, 'id "g1" er brukt før (også på strategy.goals[0])'),
        ("strategy.goals[0].parent", 7, 'ukjent id "g9" (ingen mål har den)'),
        ("strategy.messages[0].target_groups[0]", 9, 'ukjent id "tg1" (ingen målgruppe har den)'),
        ("actions[0].goal", 11, 'ukjent id "g5" (ingen mål har den)'),
        ("actions[0].channels[0]", 11, 'ukjent id "c1" (ingen kanal har den)'),
        ("actions[0].channels[1]", 11, 'ukjent id "c1" (ingen kanal har den)'),
        ("actions[0].channels[1]", 11, '"c1" står to ganger i listen'),
    ]
    assert all(problem.line is not None for problem in error.problems)


def test_it_stores_nothing_when_the_second_of_two_files_is_bad(db, tmp_path):
    good = tmp_path / "god.yaml"
    good.write_bytes((DEMO_DIR / "rana-2023-2026.yaml").read_bytes())
    bad = tmp_path / "feil.yaml"
    bad.write_text(plan("  goals: [{id: g1, text: Ett, parent: g9}]\n"), encoding="utf-8")

    with pytest.raises(CommandError) as info:
        call_command("load", str(good), str(bad), stdout=io.StringIO())

    message = str(info.value)
    assert f'{bad}: strategy.goals[0].parent (linje 6): ukjent id "g9"' in message
    assert message.endswith("Ingenting ble lagret.")
    assert str(good) not in message
    assert all(count == 0 for count in row_counts().values())


def test_it_stores_nothing_when_one_of_the_files_cannot_be_read(db, tmp_path):
    good = tmp_path / "god.yaml"
    good.write_bytes((DEMO_DIR / "rana-2023-2026.yaml").read_bytes())
    with pytest.raises(CommandError) as info:
        call_command("load", str(good), str(tmp_path / "finnes-ikke.yaml"), stdout=io.StringIO())
    assert "finnes-ikke.yaml: kan ikke leses" in str(info.value)
    assert Strategy.objects.count() == 0
    assert Organisation.objects.count() == 0


def test_a_refused_duplicate_strategy_leaves_its_organisation_unchanged(existing_plan):
    content = (DEMO_DIR / "osen-kommunikasjonsstrategi.yaml").read_text(encoding="utf-8")
    changed = content.replace("  number: '5020'\n", "  number: '5020'\n  orgnr: '123456785'\n")
    assert changed != content
    before = row_counts()

    with pytest.raises(PlanFileError) as info:
        load_plan_file(changed.encode(), source="osen.yaml")

    assert [problem.path for problem in info.value.problems] == ["strategy.title"]
    assert "--replace" in info.value.problems[0].message
    assert info.value.source == "osen.yaml"
    assert row_counts() == before
    assert Organisation.objects.get(name="Osen kommune").orgnr == ""


def test_it_reports_a_member_organisation_listed_twice(refuse):
    content = HEAD.replace(
        "  name: Testby kommune\n",
        "  name: Testby\n  members:\n    - Verdal kommune\n    - Levanger kommune\n"
        "    - Verdal kommune\n",
    )
    error = refuse(content)
    problem = problem_at(error, "organisation.members[2]")
    assert problem.line == 7
    assert problem.message == '"Verdal kommune" står to ganger i listen'


def test_it_reads_member_organisations_in_name_order_as_a_dump_writes_them():
    content = HEAD.replace(
        "  name: Testby kommune\n",
        "  name: Testby\n  members: [Verdal kommune, Levanger kommune]\n",
    )
    assert read_plan(content.encode()).organisation.members == [
        "Levanger kommune",
        "Verdal kommune",
    ]


def test_it_reads_a_yaml_file_written_in_flow_style():
    plan = read_plan(b"{kommplan: 1, organisation: {name: Osen kommune}, strategy: {title: Plan}}")
    assert plan.strategy.title == "Plan"


def test_it_still_reports_broken_json_in_a_json_file():
    with pytest.raises(PlanFileError) as excinfo:
        read_plan(b'{"kommplan": 1,,}', source="plan.json")
    assert "JSON-syntaksfeil" in str(excinfo.value)


def test_an_organisation_cannot_be_its_own_member():
    with pytest.raises(PlanFileError) as excinfo:
        read_plan(
            b"kommplan: 1\norganisation:\n  name: Osen kommune\n  members: [Osen kommune]\n"
            b"strategy: {title: Plan}\n"
        )
    assert "organisation.members[0]" in str(excinfo.value)
    assert "seg selv" in str(excinfo.value)
