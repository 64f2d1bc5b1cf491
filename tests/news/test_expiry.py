"""An article with an expiry leaves, at its time, everywhere readers found it: the home page
(its sections and the most read), the news list, its category, tag and month, the feeds,
search, the sitemap, its series and the related articles of another; its own address then
answers 410 with a short notice. In both languages, with the page cache on too (a kept page
or sitemap file expires at the next expiry: portal.pagecache.keep_until)."""

import datetime
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from news import readings
from news.models import Article, ArticleReading, Series, SeriesArticle, Tag
from portal import revisions
from tests import factories

pytestmark = pytest.mark.django_db

EXPIRES_IN = 8  # seconds from now: long enough to look everywhere first (26 pages)


@pytest.fixture
def expiring(home_union, category):
    tag = Tag.objects.create(name_vi="Hết hạn", name_en="Expiring")
    neighbour = factories.article(category=category, title_vi="Tin đã đăng", title_en="Published")
    article = factories.article(
        category=category,
        title_vi="Thông báo tuyển dụng quyetthang",
        title_en="A quyetthang vacancy notice",
        tags=[tag],
        expires_at=timezone.now() + datetime.timedelta(seconds=EXPIRES_IN),
    )
    series = Series.objects.create(title_vi="Tuyển dụng", title_en="Vacancies")
    for position, item in enumerate((neighbour, article)):
        SeriesArticle.objects.create(series=series, article=item, position=position)
    ArticleReading.objects.create(article=article, day=readings.today(), count=99)
    return article, neighbour, tag, series


def places(expiring, language):
    """{where: (path, what shows the article there)}."""
    article, neighbour, tag, series = expiring
    published = timezone.localtime(article.published_at)
    with translation.override(language):
        link = article.get_absolute_url(language)
        month = {"year": published.year, "month": published.month}
        return {
            "home": (reverse("home"), link),
            "most read": (reverse("news:index"), 'class="card news-most-read"'),
            "news list": (reverse("news:index"), f'<a href="{link}">'),
            "category": (article.category.get_absolute_url(language), link),
            "tag": (tag.get_absolute_url(language), link),
            "month": (reverse("news:archive", kwargs=month), link),
            "feed": (reverse("news:rss"), link),
            "series feed": (
                reverse("news:series_rss", kwargs={"slug": series.slug_for(language)}),
                link,
            ),
            "search": (f"{reverse('search:results')}?q=quyetthang", link),
            "sitemap": ("/sitemap-news.xml", link),
            "series": (series.get_absolute_url(language), link),
            "related and series box": (neighbour.get_absolute_url(language), link),
        }


def shown(client, expiring):
    """{(where, language): whether the article shows there}, and its own page's status."""
    article = expiring[0]
    found = {}
    for language in ("vi", "en"):
        for where, (path, needle) in places(expiring, language).items():
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (where, language, path)
            found[(where, language)] = needle in response.content.decode()
        own = client.get(article.get_absolute_url(language)).status_code
        assert own in (200, 410), own
        found[("own page", language)] = own == 200
    return found


def wait_until(moment):
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.1)


def test_an_expiring_article_leaves_everywhere_at_its_time(expiring):
    article = expiring[0]
    client = Client()
    before = shown(client, expiring)
    assert all(before.values()), {where: seen for where, seen in before.items() if not seen}
    assert timezone.now() < article.expires_at, "looked too slowly: the test proves nothing"
    wait_until(article.expires_at)
    after = shown(client, expiring)
    assert not any(after.values()), {where: seen for where, seen in after.items() if seen}


def test_with_the_page_cache_on_too(expiring, settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_SECONDS = 60  # far longer than the wait for the article to expire
    article = expiring[0]
    client = Client()
    before = shown(client, expiring)  # every page now kept, the sitemap's files too
    assert all(before.values()), {where: seen for where, seen in before.items() if not seen}
    assert client.get(article.get_absolute_url("vi"))["X-Page-Cache"] == "hit"
    assert timezone.now() < article.expires_at, "looked too slowly: the test proves nothing"
    # Kept pages and files expire within a second of the article's time (their lifetime is
    # rounded up to whole seconds).
    wait_until(article.expires_at + datetime.timedelta(seconds=1))
    after = shown(client, expiring)
    assert not any(after.values()), {where: seen for where, seen in after.items() if seen}


def test_the_address_of_an_expired_article_says_it_is_gone(client, home_union):
    article = factories.article(
        title_vi="Hết hạn",
        title_en="Expired",
        published_at=timezone.now() - datetime.timedelta(days=3),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert article.is_expired and not article.is_public
    response = client.get(article.get_absolute_url("en"))
    assert response.status_code == 410
    page = response.content.decode()
    assert "This article is no longer available" in page
    assert '<meta name="robots" content="noindex">' in page
    assert "og:title" not in page and 'rel="canonical"' not in page
    assert ">Expired<" not in page  # what was withdrawn is not shown, only when
    assert f'hreflang="vi" href="http://testserver{article.get_absolute_url("vi")}"' in page
    assert client.get(article.get_absolute_url("vi")).status_code == 410
    # Its comment form is gone too, and an unknown slug is still a 404.
    with translation.override("vi"):
        comment = reverse("news:comment", kwargs={"slug": article.slug_vi})
    assert client.post(comment, {"name": "A", "body": "B"}).status_code == 404
    assert client.get("/vi/tin-tuc/khong-co-bai-nay/").status_code == 404
    # A draft with a past expiry is not public either, and is a 404, not a 410.
    article.status = Article.Status.DRAFT
    article.save()
    assert client.get(article.get_absolute_url("vi")).status_code == 404


def test_the_expiry_comes_after_the_publication(home_union):
    now = timezone.now()
    article = factories.article(published_at=now)
    article.expires_at = now - datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "expires_at" in error.value.message_dict
    article.expires_at = now + datetime.timedelta(days=30)
    article.full_clean()


def test_an_editor_sets_an_expiry_and_a_writer_cannot(client, staff, category, home_union):
    from tests.factories import article_form_data

    editor = staff("Editor")
    client.force_login(editor)
    expires = (timezone.localtime() + datetime.timedelta(days=7)).replace(second=0, microsecond=0)
    data = article_form_data(
        category,
        status=Article.Status.PUBLISHED,
        expires_at_0=expires.strftime("%d/%m/%Y"),
        expires_at_1=expires.strftime("%H:%M"),
    )
    response = client.post(reverse("admin:news_article_add"), data)
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get()
    assert article.expires_at == expires
    # Writers see it, read-only.
    writer = staff("Writer")
    client.force_login(writer)
    page = client.get(reverse("admin:news_article_add")).content.decode()
    assert 'name="expires_at_0"' not in page


def test_restoring_a_revision_keeps_the_expiry(home_union, staff):
    editor = staff("Editor")
    article = factories.article(title_vi="Bản đầu")
    revisions.record(article, editor)
    article.title_vi = "Bản sau"
    article.expires_at = timezone.now() + datetime.timedelta(days=2)
    article.save()
    revisions.record(article, editor)
    revisions.restore(revisions.history(article).get(number=1), editor)
    article.refresh_from_db()
    assert article.title_vi == "Bản đầu" and article.expires_at is not None


def test_publishing_again_clears_a_passed_expiry(client, staff, home_union):
    article = factories.article(
        published_at=timezone.now() - datetime.timedelta(days=3),
        expires_at=timezone.now() - datetime.timedelta(days=1),
        status=Article.Status.DRAFT,
    )
    future = factories.article(expires_at=timezone.now() + datetime.timedelta(days=5))
    client.force_login(staff("Editor"))
    response = client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk, future.pk]},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    future.refresh_from_db()
    assert article.expires_at is None and article.is_public
    assert future.expires_at is not None  # published already: left as it was


def test_next_change_is_the_next_publication_or_expiry(home_union):
    assert Article.objects.next_change() is None
    now = timezone.now()
    factories.article(published_at=now - datetime.timedelta(days=2), expires_at=now)  # passed
    expiry = now + datetime.timedelta(hours=2)
    factories.article(expires_at=expiry)
    assert Article.objects.next_change() == expiry
    due = now + datetime.timedelta(hours=1)
    factories.article(published_at=due)
    assert Article.objects.next_change() == due
    factories.article(published_at=now + datetime.timedelta(minutes=1), status="draft")
    assert Article.objects.next_change() == due


@pytest.mark.django_db(transaction=True)
def test_lists_read_their_ids_from_the_index_alone(category):
    """The expiry is tested on the list indexes' entries (expires_at is their last column):
    a page's ids and a list's count stay index-only scans, which read no row of the table
    where the visibility map (autovacuum's) says the page's rows are visible."""
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN output is PostgreSQL's")
    now = timezone.now()
    rows = [
        Article(
            title_vi=f"Bài {n}",
            slug_vi=f"bai-{n}",
            slug_en=f"item-{n}" if n % 3 else None,
            category=category,
            status=Article.Status.PUBLISHED if n % 10 else Article.Status.DRAFT,
            published_at=now - datetime.timedelta(hours=n),
            expires_at=now + datetime.timedelta(days=1) if n % 50 == 0 else None,
        )
        for n in range(20000)
    ]
    Article.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        # VACUUM marks a page all-visible only when no transaction of the cluster may still
        # need its old rows: tests of other workers hold such transactions for a moment, and
        # without the visibility map the planner rightly prefers another index.
        for _attempt in range(40):
            cursor.execute("VACUUM ANALYZE news_article")
            cursor.execute(
                "SELECT relallvisible >= relpages FROM pg_class WHERE relname = 'news_article'"
            )
            if cursor.fetchone()[0]:
                break
            time.sleep(0.25)
    for language, index in (("vi", "news_article_list"), ("en", "news_article_list_en")):
        published = Article.objects.published(language)
        for deep in (0, 6000):
            plan = published.values_list("pk")[deep : deep + 12].explain()
            assert f"Index Only Scan using {index} on" in plan, plan
    with connection.cursor() as cursor:
        sql, params = Article.objects.published("vi").values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN SELECT count(*) FROM ({sql}) AS listed", params)  # noqa: S608
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using news_article_list on" in plan, plan
