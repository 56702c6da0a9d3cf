from django.conf import settings

from kommplan.lib.timing import schedule_fields
from kommplan.yearwheel.benchmark import timing_coverage


def test_every_timing_of_the_seed_plans_parses_but_one():
    rows = timing_coverage(settings.DEMO_PLANS_DIR)
    assert len(rows) == 100
    with_text = [r for r in rows if r["when"]]
    unparsed = [(r["plan"], r["when"]) for r in with_text if not r["parsed"].is_structured]
    assert unparsed == [("innherred-samkommune-2004", "F.møter")]
    assert sum(r["structured"] for r in rows) == 32  # docs/benchmarks.md says so


def test_the_parser_reproduces_the_schedules_written_in_the_plan_files():
    from kommplan.planfiles.reader import read_plan

    path = settings.DEMO_PLANS_DIR / "innherred-samkommune-2004.yaml"
    written = {a.id: a.schedule for a in read_plan(path.read_bytes()).actions if a.schedule}
    rows = {r["id"]: r for r in timing_coverage(settings.DEMO_PLANS_DIR) if r["stored"]}
    assert len(written) == 6
    for ref, schedule in written.items():
        fields = schedule_fields(rows[ref]["parsed"])
        assert (fields.due_date, fields.start_date, fields.end_date) == (
            schedule.due,
            schedule.start,
            schedule.end,
        ), rows[ref]["when"]
