"""Readings per day (news.readings): counted in the cache, written a batch at a time, the total
kept equal to the days' sum; the "most read" lists of the last 7 and 30 days on the home and
news pages, in the reader's language, in one query; old days pruned by apply_retention."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from lxml import html as lxml_html

from news import readings
from news.models import Article, ArticleReading
from portal.pagecache import VIEW_BATCH
from tests import factories

pytestmark = pytest.mark.django_db


def days_sum(article):
    return sum(ArticleReading.objects.filter(article=article).values_list("count", flat=True))


def read(article, times, language="vi"):
    path = article.get_absolute_url(language)
    for _ in range(times):
        assert Client().get(path).status_code == 200


def most_read_box(page):
    """{heading of a list: [titles]} of the page's "Most read" box."""
    tree = lxml_html.fromstring(page.content)
    boxes = tree.xpath("//section[contains(@class, 'news-most-read')]")
    if not boxes:
        return {}
    lists = {}
    for heading in boxes[0].xpath(".//h3"):
        items = heading.xpath("following-sibling::ol[1]/li")
        lists[heading.text_content().strip()] = [" ".join(i.text_content().split()) for i in items]
    return lists


def add_readings(article, counts):
    """counts: {days back from today: readings}."""
    today = readings.today()
    for back, count in counts.items():
        ArticleReading.objects.create(
            article=article, day=today - datetime.timedelta(days=back), count=count
        )


@pytest.fixture
def article(home_union):
    return factories.article(title_vi="Gặp mặt hữu nghị", title_en="A friendship meeting")


def test_readings_are_written_a_batch_at_a_time(article, django_assert_num_queries):
    read(article, VIEW_BATCH - 1)
    article.refresh_from_db()
    assert article.view_count == 0 and not ArticleReading.objects.exists()
    # The page shows the readings still waiting in the cache.
    page = Client().get(article.get_absolute_url("en"))
    assert f"{VIEW_BATCH} views" in page.text
    article.refresh_from_db()
    assert article.view_count == VIEW_BATCH
    row = ArticleReading.objects.get()
    assert (row.article, row.day, row.count) == (article, readings.today(), VIEW_BATCH)
    # A batch is two statements in one transaction (not counting its savepoint).
    with CaptureQueriesContext(connection) as queries:
        readings.write(article.pk, 3)
    written = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(written) == 2, written
    article.refresh_from_db()
    assert article.view_count == VIEW_BATCH + 3 == days_sum(article)


def test_the_upsert_adds_on_every_database(article):
    day = datetime.date(2025, 1, 31)
    readings.write(article.pk, 10, day)
    readings.write(article.pk, 10, day)
    readings.write(article.pk, 7, day + datetime.timedelta(days=1))
    assert dict(ArticleReading.objects.values_list("day", "count")) == {
        day: 20,
        day + datetime.timedelta(days=1): 7,
    }
    article.refresh_from_db()
    assert article.view_count == 27 == days_sum(article)
    # A batch for an article deleted meanwhile is dropped, not an error.
    readings.write(999999, 10)
    assert ArticleReading.objects.count() == 2


def test_a_day_is_a_day_in_vietnam():
    # 23:30 UTC on 31 December is 06:30 on 1 January in Hanoi.
    late = datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: late)
        assert readings.today() == datetime.date(2026, 1, 1)


def test_readings_of_cached_pages_count_too(article, settings):
    settings.PAGE_CACHE = True
    path = article.get_absolute_url("vi")
    assert "X-Page-Cache" not in Client().get(path)
    for _ in range(VIEW_BATCH - 1):
        assert Client().get(path)["X-Page-Cache"] == "hit"
    article.refresh_from_db()
    assert article.view_count == VIEW_BATCH == days_sum(article)
    # Readings do not drop the cached pages (they are not content).
    assert Client().get(path)["X-Page-Cache"] == "hit"


def test_most_read_lists_by_language_and_period(client, home_union, category):
    week = factories.article(category=category, title_vi="Tuần này", title_en="This week")
    month = factories.article(category=category, title_vi="Tháng này", title_en="This month")
    only_vi = factories.article(category=category, title_vi="Chỉ tiếng Việt", title_en="")
    draft = factories.article(
        category=category, title_vi="Bản nháp", title_en="Draft", status=Article.Status.DRAFT
    )
    old = factories.article(category=category, title_vi="Năm ngoái", title_en="Last year")
    add_readings(week, {0: 30, 3: 20})
    add_readings(month, {10: 100, 20: 100, 2: 5})
    add_readings(only_vi, {1: 40})
    add_readings(draft, {0: 1000})
    add_readings(old, {40: 5000})
    home = most_read_box(client.get("/vi/"))
    assert list(home.values()) == [
        ["Tuần này", "Chỉ tiếng Việt", "Tháng này"],
        ["Tháng này", "Tuần này", "Chỉ tiếng Việt"],
    ]
    english = most_read_box(client.get("/en/news/"))
    assert english == {
        "Last 7 days": ["This week", "This month"],
        "Last 30 days": ["This month", "This week"],
    }
    links = lxml_html.fromstring(client.get("/en/").content).xpath(
        "//section[contains(@class, 'news-most-read')]//a/@href"
    )
    assert links[0] == week.get_absolute_url("en")


def test_most_read_is_one_query_kept_for_the_content_generation(home_union, category):
    for n in range(12):
        item = factories.article(category=category, title_vi=f"Bài {n}", title_en=f"Item {n}")
        add_readings(item, {back: n + back for back in range(0, 30, 3)})
    with CaptureQueriesContext(connection) as queries, translation.override("en"):
        lists = readings.most_read()
    assert len(queries) == 1
    assert [len(items) for _days, items in lists] == [readings.MOST_READ] * 2
    assert lists[0][1][0]["title"] == "Item 11"
    with CaptureQueriesContext(connection) as queries:
        readings.most_read("vi")  # the other language from the same copy
    assert len(queries) == 0
    factories.article(category=category)  # a save: a new content generation
    with CaptureQueriesContext(connection) as queries:
        readings.most_read("vi")
    assert len(queries) == 1


def test_an_expired_article_leaves_the_kept_lists_at_its_time(home_union, category):
    soon = factories.article(
        category=category,
        title_vi="Sắp hết hạn",
        title_en="Expiring",
        expires_at=timezone.now() + datetime.timedelta(seconds=1),
    )
    add_readings(soon, {0: 50})
    assert readings.most_read("vi")[0][1][0]["title"] == "Sắp hết hạn"
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + datetime.timedelta(seconds=2)
        patch.setattr(readings.time, "time", lambda: later.timestamp())
        assert readings.most_read("vi") == [(7, []), (30, [])]


def test_no_box_without_readings(client, article):
    assert most_read_box(client.get("/vi/")) == {}
    assert "news-most-read" not in client.get(reverse("news:index")).text


def test_apply_retention_prunes_old_days(article):
    today = readings.today()
    add_readings(article, {0: 1, readings.KEEP_DAYS: 2, readings.KEEP_DAYS + 1: 3, 1000: 4})
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert f"article readings per day (older than {readings.KEEP_DAYS} days): 2" in out.getvalue()
    assert ArticleReading.objects.count() == 4
    call_command("apply_retention", stdout=io.StringIO())
    kept = set(ArticleReading.objects.values_list("day", flat=True))
    assert kept == {today, today - datetime.timedelta(days=readings.KEEP_DAYS)}
    # The total is what was read, whatever is pruned.
    article.refresh_from_db()
    assert article.view_count == 0
