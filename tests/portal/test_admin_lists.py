"""The admin's long change lists (issue 14): articles, members, aid transactions.

Their cost must not grow with the tables (portal.admin.LargeListPaginator, YearListFilter,
news.admin.ArticleAdmin.get_search_results): the same SQL queries, at most 12, with ten times
the rows; the article search folds diacritics; the pages still navigate when the count is
only "about" or "more than".
"""

import datetime
import io
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from portal import sampledata
from portal.admin import LargeListAdminMixin, LargeListPaginator
from tests import factories

pytestmark = pytest.mark.django_db

# More than one page (PER_PAGE rows) of each list, and of the search, at the small size.
SMALL = {
    "articles": 600,
    "associations": 3,
    "chapters": 6,
    "members": 150,
    "congresses": 1,
    "aid_projects": 10,
    "transactions": 150,
}
GROWTH = {  # added to SMALL: ten times the rows
    "articles": 5400,
    "associations": 6,
    "chapters": 24,
    "members": 1350,
    "congresses": 1,
    "aid_projects": 90,
    "transactions": 1350,
}
MAX_QUERIES = 12
PER_PAGE = LargeListAdminMixin.list_per_page


def generate(counts, seed):
    sampledata.generate(counts, seed=seed, batch=500, out=io.StringIO(), quiet=True, images=1)


@pytest.fixture
def admin_client(client, home_union):
    user = get_user_model().objects.create_superuser("lists-admin", "lists@example.org", None)
    client.force_login(user)  # past the second factor (tests/security/helpers.py)
    return client


def admin_pages(article):
    articles = reverse("admin:news_article_changelist")
    return {
        "articles": articles,
        "articles_deep": f"{articles}?p=3",
        "articles_search": f"{articles}?q=huu+nghi",
        "articles_search_page_2": f"{articles}?q=h%E1%BB%AFu+ngh%E1%BB%8B&p=2",
        "articles_published": f"{articles}?status__exact=published",
        "article_form": reverse("admin:news_article_change", args=[article.pk]),
        "members": reverse("admin:members_member_changelist"),
        "members_deep": f"{reverse('admin:members_member_changelist')}?p=2",
        "transactions": reverse("admin:aid_transaction_changelist"),
        "transactions_deep": f"{reverse('admin:aid_transaction_changelist')}?p=2",
    }


def measure(client, paths):
    counts = {}
    for name, path in paths.items():
        cache.clear()  # cold: what a page costs when nothing helps it
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200, (name, path, response.status_code)
        counts[name] = [q["sql"] for q in ctx.captured_queries]
    return counts


def test_admin_lists_run_the_same_queries_with_ten_times_the_rows(admin_client):
    generate(SMALL, seed=1)
    article = Article.objects.order_by("-published_at", "-id")[250]
    paths = admin_pages(article)
    small = measure(admin_client, paths)
    generate(GROWTH, seed=2)
    assert Article.objects.count() >= 10 * SMALL["articles"]
    large = measure(admin_client, paths)
    grown = {name: (len(small[name]), len(large[name])) for name in paths}
    details = "\n\n".join(
        f"{name}: {a} -> {b} queries\n" + "\n".join(large[name])
        for name, (a, b) in grown.items()
        if a != b or b > MAX_QUERIES
    )
    assert all(a == b <= MAX_QUERIES for a, b in grown.values()), details
    # Django's second count of the whole table and its date hierarchy's year scan are gone.
    for name, queries in large.items():
        text = "\n".join(queries)
        assert "DISTINCT" not in text.upper() or name == "article_form", (name, text)
        assert text.count("COUNT(") <= 1, (name, text)


def titles(response):
    return re.findall(r'<th class="field-title_vi"><a [^>]*>([^<]*)</a>', response.content.decode())


def test_article_search_folds_diacritics_and_reads_both_titles(admin_client, category):
    factories.article(category=category, title_vi="Hội hữu nghị Việt Nam – Lào", title_en="")
    factories.article(
        category=category, title_vi="Gặp mặt đầu xuân", title_en="Friendship meeting in spring"
    )
    factories.article(category=category, title_vi="Hữu ích cho sinh viên", title_en="")
    url = reverse("admin:news_article_changelist")
    for query in ("huu nghi", "hữu nghị", "HỮU NGHỊ", "nghi huu"):
        response = admin_client.get(url, {"q": query})
        assert titles(response) == ["Hội hữu nghị Việt Nam – Lào"], query
    assert titles(admin_client.get(url, {"q": "friendship"})) == ["Gặp mặt đầu xuân"]
    assert titles(admin_client.get(url, {"q": "Lào"})) == ["Hội hữu nghị Việt Nam – Lào"]
    assert titles(admin_client.get(url, {"q": "!!!"})) == []
    assert len(titles(admin_client.get(url, {"q": " "}))) == 3


def many_articles(category, count):
    now = timezone.now()
    for n in range(count):
        factories.article(
            category=category,
            title_vi=f"Bài số {n + 1:03d}",
            title_en="",
            published_at=now - datetime.timedelta(hours=n + 1),
        )


def test_pages_navigate_newest_first(admin_client, category):
    total = 2 * PER_PAGE + 30
    many_articles(category, total)
    url = reverse("admin:news_article_changelist")
    pages = [titles(admin_client.get(url, {"p": p})) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [PER_PAGE, PER_PAGE, 30]
    everything = [t for page in pages for t in page]
    assert everything == [f"Bài số {n:03d}" for n in range(1, total + 1)]
    html = admin_client.get(url, {"p": 2}).content.decode()
    assert f"{total} " in html and 'href="?p=3"' in html
    # Past the end: Django's error page, as before.
    assert admin_client.get(url, {"p": 4})["Location"].endswith("?e=1")


def test_a_list_longer_than_the_count_limit_says_so_and_still_navigates(
    admin_client, category, monkeypatch
):
    monkeypatch.setattr(LargeListPaginator, "count_limit", 120)
    many_articles(category, 250)
    url = reverse("admin:news_article_changelist")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE news_article")
    html = admin_client.get(url).content.decode()
    if connection.vendor == "postgresql":
        # Nothing filters the list: the table's estimate.
        assert re.search(r"(khoảng|about) 250 bài viết", html), html[-3000:]
    else:
        assert re.search(r"(hơn|more than) 120 bài viết", html), html[-3000:]
    # A filtered list is counted to the limit only.
    html = admin_client.get(url, {"q": "bai"}).content.decode()
    assert re.search(r"(hơn|more than) 120 bài viết", html), html[-3000:]
    # Every page opens by its number, past the counted ones too; past the end is an error.
    last = -(-250 // PER_PAGE)
    pages = [titles(admin_client.get(url, {"q": "bai", "p": p})) for p in range(1, last + 1)]
    assert [len(p) for p in pages] == [min(PER_PAGE, 250 - n * PER_PAGE) for n in range(last)]
    assert last * PER_PAGE > 120  # pages past the counted rows
    assert admin_client.get(url, {"q": "bai", "p": last + 1})["Location"].endswith("?e=1")


def test_year_filter_in_place_of_the_date_hierarchy(admin_client, category):
    for year in (2019, 2021, 2024):
        factories.article(
            category=category,
            title_vi=f"Tin năm {year}",
            title_en="",
            published_at=timezone.make_aware(datetime.datetime(year, 6, 1, 9)),
        )
    url = reverse("admin:news_article_changelist")
    html = admin_client.get(url).content.decode()
    assert "published_at__year=2024" in html and "published_at__year=2019" in html
    assert admin.site._registry[Article].date_hierarchy is None
    assert titles(admin_client.get(url, {"published_at__year": 2021})) == ["Tin năm 2021"]
    assert titles(admin_client.get(url, {"published_at__year": 2020})) == []


def test_comment_list_pages_without_reading_the_articles_text(admin_client, category):
    from news.models import Comment

    article = factories.article(category=category, title_vi="Bài có nhiều bình luận")
    Comment.objects.bulk_create(
        Comment(article=article, name=f"Bạn đọc {n}", body="Rất hay") for n in range(150)
    )
    url = reverse("admin:news_comment_changelist")
    for page in (1, 2):
        with CaptureQueriesContext(connection) as ctx:
            response = admin_client.get(url, {"p": page})
        assert response.status_code == 200
        assert len(ctx.captured_queries) <= MAX_QUERIES
        shown = response.content.decode().count("Bài có nhiều bình luận")
        assert shown >= min(PER_PAGE, 150 - (page - 1) * PER_PAGE)
        rows = [q["sql"] for q in ctx.captured_queries if '"news_comment"."id" IN' in q["sql"]]
        assert len(rows) == 1 and '"news_article"."body_vi"' not in rows[0]


def row_links(html):
    return re.findall(r'<th class="field-[^"]*"><a href="([^"]*)"', html)


@pytest.mark.parametrize(
    "model, query",
    [
        ("news_article", {}),
        ("news_article", {"p": 2}),
        ("news_article", {"status__exact": "published", "o": "-5"}),
        ("news_article", {"_popup": 1, "_to_field": "id"}),
        ("members_member", {"p": 2}),
        ("aid_transaction", {"p": 2}),
    ],
)
def test_row_links_are_djangos_built_once_a_page(admin_client, category, model, query, monkeypatch):
    """LargeListChangeList builds the rows' links from one reverse() and puts the preserved
    filters in itself: the page is the same as Django's ChangeList makes it, without a
    resolve() a row (Django's add_preserved_filters() resolves every link it is given)."""
    from django.contrib.admin.templatetags import admin_urls
    from django.contrib.admin.views.main import ChangeList

    generate({**SMALL, "articles": 220, "members": 120, "transactions": 120}, seed=3)
    url = reverse(f"admin:{model}_changelist")
    calls = []
    original = admin_urls.resolve

    def counted(path, urlconf=None):
        calls.append(path)
        return original(path, urlconf)

    monkeypatch.setattr(admin_urls, "resolve", counted)
    ours = admin_client.get(url, query).content.decode()
    resolved = len(calls)
    model_admin = admin.site._registry[
        next(m for m in admin.site._registry if m._meta.db_table == model)
    ]
    monkeypatch.setattr(type(model_admin), "get_changelist", lambda self, request: ChangeList)
    calls.clear()
    djangos = admin_client.get(url, query).content.decode()
    links = row_links(ours)
    assert len(links) >= 20
    assert links == row_links(djangos)
    if query and "_popup" not in query:
        assert all("?_changelist_filters=" in link for link in links)
        # Django resolves each row's link; the portal's list only its "add" link.
        assert resolved == 1 and len(calls) == len(links) + 1
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    assert strip.sub("", ours) == strip.sub("", djangos)
