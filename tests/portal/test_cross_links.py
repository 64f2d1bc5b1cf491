"""Pages that bring two apps together: an association's leaders and news, a congress's news."""

import datetime

import pytest
from django.utils import timezone, translation

from congresses.models import Congress, ElectedBody, Mandate, Person
from members.models import Association
from news.models import Article, Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def association(home_union):
    return Association.objects.create(
        name_vi="Hội hữu nghị Việt – Lào tỉnh Bắc Giang",
        name_en="Bắc Giang Vietnam–Laos Friendship Association",
        slug="viet-lao",
        union=home_union,
    )


@pytest.fixture
def category(db):
    return Category.objects.create(
        name_vi="Tin tức", name_en="News", slug_vi="tin-tuc-su-kien", slug_en="news-and-events"
    )


def article(category, title_vi, title_en=None, when=None, **links):
    item = Article.objects.create(
        title_vi=title_vi,
        title_en=title_en,
        summary_vi="Tóm tắt",
        summary_en="Summary" if title_en else "",
        body_vi="<p>Nội dung</p>",
        category=category,
        status=Article.Status.PUBLISHED,
        published_at=when or timezone.now() - datetime.timedelta(days=1),
    )
    for field, values in links.items():
        getattr(item, field).set(values)
    return item


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
        "Hội Việt – Lào trao học bổng",
        "Laos association grants",
        associations=[association],
    )
    article(category, "Chỉ có tiếng Việt", associations=[association])
    article(category, "Bài không liên quan", "Unrelated")

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
    article(category, "Đại hội lần thứ V", "The 5th Congress", when=near, unions=[home_union])
    article(
        category,
        "Tin năm 2019",
        "News of 2019",
        when=timezone.make_aware(datetime.datetime(2019, 1, 1)),
        unions=[home_union],
    )
    with translation.override("vi"):
        url = congress.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Đại hội lần thứ V" in html
    assert "Tin năm 2019" not in html
