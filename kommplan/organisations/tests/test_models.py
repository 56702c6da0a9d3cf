import pytest
from django.core.exceptions import ValidationError

from kommplan.organisations.models import Organisation


@pytest.mark.django_db
def test_it_refuses_an_organisation_number_with_a_wrong_check_digit():
    organisation = Organisation(name="Rana kommune", slug="rana", kind="kommune", orgnr="872418033")
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert "orgnr" in excinfo.value.message_dict
    assert "MOD11" in excinfo.value.message_dict["orgnr"][0]


@pytest.mark.django_db
def test_it_accepts_a_valid_organisation_number_and_kommunenummer():
    organisation = Organisation(
        name="Rana kommune", slug="rana", kind="kommune", orgnr="872418032", number="1833"
    )
    organisation.full_clean()  # does not raise
    organisation.save()
    assert Organisation.objects.get().orgnr == "872418032"


@pytest.mark.django_db
def test_a_samkommune_has_member_municipalities_without_being_their_member():
    samkommune = Organisation.objects.create(name="Innherred Samkommune", slug="isk")
    levanger = Organisation.objects.create(name="Levanger kommune", slug="levanger")
    samkommune.members.add(levanger)
    assert list(samkommune.members.all()) == [levanger]
    assert list(levanger.member_of.all()) == [samkommune]
    assert list(levanger.members.all()) == []
