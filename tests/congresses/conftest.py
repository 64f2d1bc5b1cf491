import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from congresses.models import Congress, ElectedBody, Mandate, Person
from portal.roles import sync_role_permissions


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
def staff(db):
    def make(role, username=None):
        sync_role_permissions()
        user = get_user_model().objects.create_user(
            username or role.lower(), password="a-long-test-password", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def secretariat_client(client, staff):
    client.force_login(staff("Secretariat"))
    return client
