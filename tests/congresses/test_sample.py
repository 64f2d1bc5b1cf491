"""Invented people, congresses and committee sizes carry their mark in the reader's language."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from congresses.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_sample_person_is_named_in_the_readers_language(language):
    person = Person.objects.create(full_name="BG-01", is_sample=True)
    real = Person.objects.create(full_name="Trần Công Thắng", honorific=Person.Honorific.MR)
    with translation.override(language):
        label = gettext("Sample member %(code)s") % {"code": "BG-01"}
        assert person.public_name == person.display_name == str(person) == label
        assert real.public_name == "Trần Công Thắng"
        assert real.display_name.endswith(" Trần Công Thắng")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_sample_congress_says_so_in_its_name(client, home_union, language):
    from congresses.models import Congress

    congress = Congress.objects.create(
        union=home_union,
        ordinal=4,
        term_start_year=2018,
        term_end_year=2023,
        held_from="2018-07-26",
        is_published=True,
        is_sample=True,
    )
    with translation.override(language):
        name = congress.name
        assert name.endswith(" " + gettext("(sample)"))
        page = client.get(congress.get_absolute_url()).content.decode()
    assert f"{name}</h1>" in page
