import pytest
from hypothesis import given
from hypothesis import strategies as st

from kommplan.lib.dates import is_partial_iso_date
from kommplan.lib.norwegian import is_valid_kommunenummer, is_valid_orgnr, orgnr_check_digit


@pytest.mark.parametrize("orgnr", ["974760673", "872418032", "971524960"])
def test_it_accepts_registered_organisation_numbers(orgnr):
    assert is_valid_orgnr(orgnr)


@pytest.mark.parametrize(
    "orgnr",
    ["974760674", "97476067", "9747606733", "97476067a", "", " 974760673"],
)
def test_it_rejects_numbers_with_wrong_check_digit_or_shape(orgnr):
    assert not is_valid_orgnr(orgnr)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_every_valid_number_has_exactly_one_check_digit(first_eight):
    check = orgnr_check_digit(first_eight)
    valid = [d for d in "0123456789" if is_valid_orgnr(first_eight + d)]
    if check is None:  # remainder 1: no digit can complete it
        assert valid == []
    else:
        assert valid == [str(check)]


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("1833", True),
        ("0301", True),
        ("50", True),
        ("0000", False),
        ("183", False),
        ("18333", False),
    ],
)
def test_it_checks_kommunenummer_shape(number, valid):
    assert is_valid_kommunenummer(number) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2014", True),
        ("2014-04", True),
        ("2023-03-02", True),
        ("2023-02-30", False),
        ("2014-13", False),
        ("02.03.2023", False),
        ("", False),
    ],
)
def test_it_reads_reduced_precision_iso_dates(value, valid):
    assert is_partial_iso_date(value) is valid
