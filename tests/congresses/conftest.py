import datetime

import pytest

from congresses.models import Congress, ElectedBody, Mandate, Person


@pytest.fixture
def make_congress(home_union):
    def make(ordinal=5, start=2023, end=2028, held=None, union=None, published=True, **extra):
        return Congress.objects.create(
            union=union or home_union,
            ordinal=ordinal,
            term_start_year=start,
            term_end_year=end,
            held_from=held or datetime.date(start, 8, 8),
            is_published=published,
            **extra,
        )

    return make


@pytest.fixture
def congress(make_congress):
    return make_congress()


@pytest.fixture
def body(congress):
    return ElectedBody.objects.create(congress=congress, kind=ElectedBody.Kind.EXECUTIVE, size=3)


def add_mandate(body, name, position=Mandate.Position.MEMBER, **extra):
    person = Person.objects.filter(full_name=name).first() or Person.objects.create(full_name=name)
    return Mandate.objects.create(body=body, person=person, position=position, **extra)


@pytest.fixture
def secretariat_client(client, staff):
    client.force_login(staff("Secretariat"))
    return client
