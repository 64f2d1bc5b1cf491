"""Another union's page lists its congresses and the articles about it, in the reader's
language (issue 15, part 7)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from congresses.models import Congress
from tests import factories
from unions.models import Union

pytestmark = pytest.mark.django_db


def union_url(union, language):
    with translation.override(language):
        return reverse("unions:union", kwargs={"slug": union.slug})


@pytest.fixture
def other_union(home_union):
    union = Union.objects.get(slug="can-tho")
    for ordinal, start, published in ((3, 2017, True), (4, 2022, True), (5, 2027, False)):
        Congress.objects.create(
            union=union,
            ordinal=ordinal,
            term_start_year=start,
            term_end_year=start + 5,
            held_from=datetime.date(start, 6, 1),
            is_published=published,
        )
    factories.article(
        title_vi="Cần Thơ đón đoàn Cu-ba", title_en="Can Tho welcomes Cuba", unions=[union]
    )
    factories.article(title_vi="Tin chỉ tiếng Việt về Cần Thơ", title_en="", unions=[union])
    factories.article(title_vi="Tin về tỉnh khác", title_en="About another province")
    return union


def test_a_union_page_lists_its_congresses_and_the_news_about_it(client, other_union):
    html = client.get(union_url(other_union, "en")).content.decode()
    assert "Congresses and terms" in html
    # Published congresses only, the latest first.
    assert html.index("4th Congress") < html.index("3rd Congress")
    assert "5th Congress" not in html
    assert "Can Tho welcomes Cuba" in html
    assert "Tin chỉ tiếng Việt" not in html and "About another province" not in html
    html = client.get(union_url(other_union, "vi")).content.decode()
    assert "Cần Thơ đón đoàn Cu-ba" in html and "Tin chỉ tiếng Việt về Cần Thơ" in html
    assert "Đại hội" in html and "Tin về tỉnh khác" not in html


def test_a_union_without_congresses_or_news_has_neither_section(client, home_union):
    html = client.get(union_url(Union.objects.get(slug="soc-trang"), "en")).content.decode()
    assert "Congresses and terms" not in html and "News about the union" not in html
