import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError, call_command
from icalendar import Calendar

from kommplan.strategies.models import Strategy


@pytest.mark.parametrize(
    ("image_format", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")]
)
def test_arshjul_draws_a_strategy_to_a_file(demo, tmp_path, image_format, magic):
    target = tmp_path / f"arshjul.{image_format}"
    stderr = io.StringIO()
    call_command(
        "arshjul",
        "--org",
        "Innherred Samkommune",
        "--format",
        image_format,
        "-o",
        str(target),
        stderr=stderr,
    )
    assert target.read_bytes().startswith(magic)
    assert "7 tiltak i 2004, 1 uten tidspunkt" in stderr.getvalue()


def test_arshjul_takes_a_year_rings_and_a_strategy_id(demo, tmp_path):
    strategy = Strategy.objects.get(organisation__slug="askim-kommune")
    target = tmp_path / "askim.svg"
    call_command(
        "arshjul",
        "--org",
        "askim-kommune",
        "--strategy",
        str(strategy.pk),
        "--format",
        "svg",
        "-o",
        str(target),
        "--year",
        "2030",
        "--ring",
        "kanal",
        stderr=io.StringIO(),
    )
    root = ET.fromstring(target.read_bytes())
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "2030" in texts
    assert "Uten kanal" in texts


def test_arshjul_names_an_unknown_organisation(demo, tmp_path):
    with pytest.raises(CommandError, match="Fant ingen organisasjon"):
        call_command("arshjul", "--org", "Ingensteds", "--format", "svg", "-o", str(tmp_path / "x"))


def test_ical_writes_the_organisations_calendar(demo, tmp_path):
    target = tmp_path / "isk.ics"
    stderr = io.StringIO()
    call_command("ical", "--org", "Innherred Samkommune", "-o", str(target), stderr=stderr)
    calendar = Calendar.from_ical(target.read_bytes())
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert "Møte ansatte Verdal og Levanger" in summaries
    assert "6 hendelser" in stderr.getvalue()
    assert str(calendar["X-WR-CALNAME"]) == "Innherred Samkommune"
