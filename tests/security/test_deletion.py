"""Nothing with history can be deleted by mistake.

A donor with projects, a person with mandates, a category with articles and a union with
history (associations, congresses, a merged predecessor) are refused with an explanation:
in the admin the confirmation page says what protects the object and the object survives
even a forged POST; through the ORM, ProtectedError.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("root-deleter", password="x" * 20)
    client.force_login(user)
    return client


def _delete_url(obj):
    meta = obj._meta
    with translation.override("en"):
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])


def assert_refused(client, obj, protected_by):
    """The admin explains, the object survives a POST, the ORM raises ProtectedError."""
    model = type(obj)
    url = _delete_url(obj)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Cannot delete" in text
    assert "would require deleting the following protected related objects" in text
    # Each protecting record is listed as "<Its kind>: <it>".
    for protecting in protected_by:
        label = f"{capfirst(protecting._meta.verbose_name)}: "
        assert label in text, f"{label!r} missing from the refusal page"

    forced = client.post(url, {"post": "yes"}, HTTP_ACCEPT_LANGUAGE="en")
    assert forced.status_code == 200
    assert "Cannot delete" in forced.content.decode()
    assert model.objects.filter(pk=obj.pk).exists()

    with pytest.raises(ProtectedError):
        model.objects.get(pk=obj.pk).delete()
    assert model.objects.filter(pk=obj.pk).exists()


def test_donor_with_projects_is_kept(home_union, superuser_client):
    from aid import demo
    from aid.models import Donor, Participant

    demo.load(io.StringIO())
    donor = Donor.objects.filter(participant__isnull=False).distinct().first()
    assert donor is not None
    assert_refused(superuser_client, donor, [Participant])


def test_person_with_mandates_is_kept(home_union, superuser_client):
    from congresses import demo
    from congresses.models import Mandate, Person

    demo.load(io.StringIO())
    person = Person.objects.filter(mandates__isnull=False).distinct().first()
    assert person is not None
    assert_refused(superuser_client, person, [Mandate])


def test_category_with_articles_is_kept(home_union, superuser_client):
    from news import demo
    from news.models import Article, Category

    demo.load(io.StringIO())
    category = Category.objects.filter(articles__isnull=False).distinct().first()
    assert category is not None
    assert_refused(superuser_client, category, [Article])


def _not_the_home_union():
    # The home union is also held by the site settings (which nobody may delete); take
    # that reason away so that only the union's own history is left to protect it.
    from django.core.cache import cache

    from unions.models import SiteSettings

    SiteSettings.objects.update(home_union=None)
    cache.clear()


def test_union_with_associations_is_kept(home_union, superuser_client):
    from members import demo
    from members.models import Association

    demo.load(io.StringIO())
    assert home_union.associations.exists()
    _not_the_home_union()
    assert_refused(superuser_client, home_union, [Association])


def test_union_with_congresses_is_kept(home_union, superuser_client):
    from congresses import demo
    from congresses.models import Congress
    from unions.models import Union

    demo.load(io.StringIO())
    union = Union.objects.filter(congresses__isnull=False).distinct().first()
    assert union is not None
    _not_the_home_union()
    assert_refused(superuser_client, union, [Congress])


def test_successor_of_a_merged_union_is_kept(home_union, superuser_client):
    from unions.models import Union

    merged = Union.objects.filter(merged_into__isnull=False).select_related("merged_into").first()
    if merged is None:
        merged = Union.objects.create(
            name="Liên hiệp hữu nghị tỉnh cũ",
            slug="lien-hiep-cu",
            parent=home_union.parent,
            merged_into=home_union,
        )
    _not_the_home_union()
    assert_refused(superuser_client, merged.merged_into, [Union])


def test_merged_predecessor_is_kept(home_union, superuser_client):
    from unions.models import Union

    predecessor = Union.objects.create(
        name="Liên hiệp hữu nghị tỉnh cũ",
        slug="lien-hiep-cu-2",
        parent=home_union.parent,
        merged_into=home_union,
    )
    assert_refused(superuser_client, predecessor, [Union])
