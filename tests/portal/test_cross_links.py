"""Pages that bring two apps together: an association's leaders and news, a congress's news."""

import datetime

import pytest
from django.utils import timezone, translation

from congresses.models import Congress, ElectedBody, Mandate, Person
from members.models import Association
from tests.factories import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def association(home_union):
    return Association.objects.create(
        name_vi="Hội hữu nghị Việt – Lào tỉnh Bắc Giang",
        name_en="Bắc Giang Vietnam–Laos Friendship Association",
        slug="viet-lao",
        union=home_union,
    )


def test_association_page_shows_its_leaders_and_news(client, association, category):
    congress = Congress.objects.create(
        association=association,
        ordinal=3,
        term_start_year=2024,
        term_end_year=2029,
        held_from=datetime.date(2024, 5, 10),
        is_published=True,
    )
    body = ElectedBody.objects.create(congress=congress, kind=ElectedBody.Kind.EXECUTIVE, size=5)
    Mandate.objects.create(
        body=body,
        person=Person.objects.create(full_name="Nguyễn Thị Hoa"),
        position=Mandate.Position.PRESIDENT,
        start_date=datetime.date(2024, 5, 10),
    )
    article(
        category,
        title_vi="Hội Việt – Lào trao học bổng",
        title_en="Laos association grants",
        associations=[association],
    )
    article(category, title_vi="Chỉ có tiếng Việt", title_en="", associations=[association])
    article(category, title_vi="Bài không liên quan", title_en="Unrelated")

    html = client.get("/vi/cac-hoi-huu-nghi/viet-lao/").content.decode()
    assert "Nguyễn Thị Hoa" in html
    assert "Hội Việt – Lào trao học bổng" in html and "Chỉ có tiếng Việt" in html
    assert "Bài không liên quan" not in html

    html = client.get("/en/associations/viet-lao/").content.decode()
    assert "Laos association grants" in html
    assert "Chỉ có tiếng Việt" not in html  # no English version: not on the English page


def test_congress_page_lists_news_about_it(client, home_union, category):
    congress = Congress.objects.create(
        union=home_union,
        ordinal=5,
        term_start_year=2023,
        term_end_year=2028,
        held_from=datetime.date(2023, 8, 8),
        held_to=datetime.date(2023, 8, 9),
        is_published=True,
    )
    near = timezone.make_aware(datetime.datetime(2023, 8, 16, 5, 43))
    article(
        category,
        title_vi="Đại hội lần thứ V",
        title_en="The 5th Congress",
        published_at=near,
        unions=[home_union],
    )
    article(
        category,
        title_vi="Tin năm 2019",
        title_en="News of 2019",
        published_at=timezone.make_aware(datetime.datetime(2019, 1, 1)),
        unions=[home_union],
    )
    with translation.override("vi"):
        url = congress.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Đại hội lần thứ V" in html
    assert "Tin năm 2019" not in html
