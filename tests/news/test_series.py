"""Topic series (Chuyên đề): an ordered set of articles with its own page, feed and sitemap
entries, and a box on each of its articles; edited by Editors, with revisions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from lxml import html as lxml_html

from news import views
from news.models import Article, Series, SeriesArticle
from portal import revisions
from tests import factories
from tests.sitemaps import sitemap_paths, sitemap_xml

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def make_series(articles, **fields):
    fields = {"title_vi": "Hữu nghị Việt – Lào", "title_en": "Vietnam–Laos friendship", **fields}
    series = Series.objects.create(**fields)
    for position, article in enumerate(articles, start=1):
        SeriesArticle.objects.create(series=series, article=article, position=position * 10)
    return series


@pytest.fixture
def parts(make_article, home_union):
    """Four articles, published newest first, put in a series in the opposite order (the
    series' order is the editors', not the dates'), plus a draft in the series."""
    articles = [make_article() for _ in range(4)]  # "số 1" newest … "số 4" oldest
    draft = make_article(title_vi="Bản nháp trong chuyên đề", status=Article.Status.DRAFT)
    ordered = [articles[3], draft, articles[1], articles[2], articles[0]]
    return make_series(ordered, description_vi="Mô tả", description_en="About it"), articles


def find(node, path):
    """Elements by a path of class names and tags ("news-series ol li"; ".x" is a class)."""
    xpath = "."
    for step in path.split():
        if step.startswith("."):
            xpath += f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {step[1:]} ')]"
        elif step.startswith("["):
            xpath += step
        else:
            xpath += f"//{step}"
    return node.xpath(xpath)


def text(element):
    return " ".join(element.text_content().split())


def titles(page, path):
    return [text(e) for e in find(lxml_html.fromstring(page.content), path)]


def test_slugs_follow_the_titles_and_english_is_optional():
    series = Series.objects.create(title_vi="Đối ngoại nhân dân", title_en="People's diplomacy")
    assert (series.slug_vi, series.slug_en) == ("doi-ngoai-nhan-dan", "peoples-diplomacy")
    only_vi = Series.objects.create(title_vi="Đối ngoại nhân dân", title_en="")
    assert only_vi.slug_vi == "doi-ngoai-nhan-dan-2" and only_vi.slug_en is None
    assert only_vi.get_absolute_url("en") is None
    assert series.get_absolute_url("en") == url("news:series", "en", slug="peoples-diplomacy")


def test_the_series_page_lists_its_published_articles_in_order(client, parts):
    series, articles = parts
    for language in ("vi", "en"):
        path = series.get_absolute_url(language)
        page = client.get(path)
        assert page.status_code == 200, path
        shown = titles(page, ".news-series-page .news-card__title")
        field = f"title_{language}"
        assert shown == [getattr(articles[i], field) for i in (3, 1, 2, 0)]
        assert "Bản nháp" not in page.text
        tree = lxml_html.fromstring(page.content)
        assert find(tree, ".news-series-page")[0].get("start") == "1"
        # Canonical, shareable, in the other language by its hreflang.
        assert f'<link rel="canonical" href="{HOST}{path}">' in page.text
        assert '<meta property="og:title" content="' in page.text
        other = "en" if language == "vi" else "vi"
        assert f'hreflang="{other}" href="{HOST}{series.get_absolute_url(other)}"' in page.text
        # Its own feeds, linked in the head.
        assert url("news:series_rss", language, slug=series.slug_for(language)) in page.text
    english = client.get(series.get_absolute_url("en")).text
    assert "Vietnam–Laos friendship" in english and "About it" in english
    assert "4 articles, in reading order" in english


def test_a_series_with_nothing_to_read_in_a_language_is_not_found(client, make_article):
    only_vi = make_article(title_vi="Chỉ tiếng Việt", title_en="")
    series = make_series([only_vi])
    assert client.get(series.get_absolute_url("vi")).status_code == 200
    # It has an English title, but no English article: no English page, and no link to one.
    assert client.get(series.get_absolute_url("en")).status_code == 404
    assert 'hreflang="en"' not in client.get(series.get_absolute_url("vi")).text
    empty = make_series([], title_vi="Trống", title_en="Empty")
    assert client.get(empty.get_absolute_url("vi")).status_code == 404
    assert client.get(url("news:series", "vi", slug="khong-co")).status_code == 404
    assert client.get(url("news:series", "en", slug=series.slug_vi)).status_code == 404
    assert client.get(series.get_absolute_url("vi") + "?page=2").status_code == 404
    assert client.get(series.get_absolute_url("vi") + "?page=x").status_code == 404


def test_the_index_lists_the_series_with_something_to_read(client, parts, make_article):
    series, _articles = parts
    only_vi = make_series(
        [make_article(title_vi="Chỉ tiếng Việt", title_en="")],
        title_vi="Chuyên đề tiếng Việt",
        title_en="",
    )
    make_series([], title_vi="Chuyên đề trống", title_en="Empty series")
    vi = client.get(url("news:series_index", "vi"))
    # The series with the newest article first.
    assert titles(vi, ".news-card__title") == [series.title_vi, only_vi.title_vi]
    en = client.get(url("news:series_index", "en"))
    assert titles(en, ".news-card__title") == ["Vietnam–Laos friendship"]
    assert "4 articles" in en.text
    assert f'<link rel="canonical" href="{HOST}{url("news:series_index", "en")}">' in en.text


def test_an_article_shows_its_series_with_itself_marked(client, parts):
    series, articles = parts
    page = client.get(articles[1].get_absolute_url("en"))
    tree = lxml_html.fromstring(page.content)
    box = find(tree, ".news-series")[0]
    assert find(box, "h2 a")[0].get("href") == series.get_absolute_url("en")
    items = find(box, "ol li")
    assert [text(i) for i in items] == [
        articles[3].title_en,
        f"{articles[1].title_en} (you are reading it)",
        articles[2].title_en,
        articles[0].title_en,
    ]
    assert items[1].get("aria-current") == "page" and not find(items[1], "a")
    assert find(items[0], "a")[0].get("href") == articles[3].get_absolute_url("en")
    assert "article 2 of 4" in box.text_content()
    assert "The whole series: 4 articles" in box.text_content()
    # An article in no series has no box.
    alone = factories.article(category=articles[0].category)
    assert "news-series" not in client.get(alone.get_absolute_url("vi")).text


def test_a_long_series_shows_a_window_around_the_article(client, make_article, monkeypatch):
    articles = [make_article() for _ in range(30)]
    make_series(articles)
    page = client.get(articles[20].get_absolute_url("vi"))
    tree = lxml_html.fromstring(page.content)
    ordered = find(tree, ".news-series ol")[0]
    items = find(ordered, "li")
    assert len(items) == views.SERIES_BOX
    assert ordered.get("start") == str(21 - views.SERIES_BOX // 2)
    assert items[views.SERIES_BOX // 2].get("aria-current") == "page"
    # Past what is read of a series, the box still lists its beginning, and no false total.
    monkeypatch.setattr(views, "SERIES_BOX_READ", 10)
    page = client.get(articles[20].get_absolute_url("vi"))
    tree = lxml_html.fromstring(page.content)
    assert find(tree, ".news-series ol")[0].get("start") == "1"
    assert not find(tree, ".news-series li[@aria-current]")


def test_the_article_page_reads_its_series_in_one_query(client, make_article):
    articles = [make_article() for _ in range(12)]
    for n in range(3):
        make_series(articles[n:], title_vi=f"Chuyên đề {n}", title_en=f"Series {n}")
    path = articles[5].get_absolute_url("vi")
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path)
    assert page.text.count('class="news-series card') == 3
    # (The article's own query asks whether it is in a series: an EXISTS, not a read.)
    series_queries = [
        q
        for q in queries
        if "news_seriesarticle" in q["sql"] and not q["sql"].startswith('SELECT "news_article"')
    ]
    assert len(series_queries) == 1, [q["sql"][:120] for q in series_queries]
    assert len(queries) <= 12


def test_feeds_of_a_series(client, parts):
    series, articles = parts
    for language, name in (("vi", "news:series_rss"), ("en", "news:series_atom")):
        feed = client.get(url(name, language, slug=series.slug_for(language)))
        assert feed.status_code == 200
        for article in articles:
            assert f"{HOST}{article.get_absolute_url(language)}" in feed.text
        assert "ban-nhap" not in feed.text
    assert client.get(url("news:series_rss", "vi", slug="khong-co")).status_code == 404


def test_sitemap_lists_the_series_in_their_languages(client, parts, make_article):
    series, _articles = parts
    only_vi = make_series(
        [make_article(title_vi="Chỉ tiếng Việt", title_en="")], title_vi="Tiếng Việt thôi"
    )
    paths = sitemap_paths(client)
    for path in (
        url("news:series_index", "vi"),
        url("news:series_index", "en"),
        series.get_absolute_url("vi"),
        series.get_absolute_url("en"),
        only_vi.get_absolute_url("vi"),
    ):
        assert path in paths, path
    assert only_vi.get_absolute_url("en") not in paths
    xml = sitemap_xml(client)
    assert f'hreflang="en" href="{HOST}{series.get_absolute_url("en")}"' in xml


def test_editors_make_series_in_the_admin_with_revisions(client, staff, parts, writer):
    series, articles = parts
    editor = staff("Editor")
    client.force_login(editor)
    add = reverse("admin:news_series_add")
    assert client.get(add).status_code == 200
    data = {
        "title_vi": "Chuyên đề mới",
        "title_en": "A new series",
        "slug_vi": "",
        "slug_en": "",
        "description_vi": "",
        "description_en": "",
        "entries-TOTAL_FORMS": "2",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        "entries-0-position": "2",
        "entries-0-article": str(articles[0].pk),
        "entries-1-position": "1",
        "entries-1-article": str(articles[1].pk),
    }
    response = client.post(add, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    made = Series.objects.get(slug_vi="chuyen-de-moi")
    assert list(made.articles.order_by("series_entries__position")) == [articles[1], articles[0]]
    assert revisions.history(made).count() == 1
    # The articles are picked by autocomplete (the Editor sees every article).
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "seriesarticle", "field_name": "article", "term": ""},
    )
    assert autocomplete.status_code == 200 and autocomplete.json()["results"]
    # The order changed, then restored from the first revision.
    SeriesArticle.objects.filter(series=made, article=articles[0]).update(position=0)
    revisions.record(made, editor)
    first = revisions.history(made).get(number=1)
    revisions.restore(first, editor)
    assert list(made.articles.order_by("series_entries__position")) == [articles[1], articles[0]]
    # Writers do not reach series.
    client.force_login(writer)
    assert client.get(reverse("admin:news_series_changelist")).status_code == 403


def test_deleting_an_article_takes_it_out_of_its_series(parts):
    series, articles = parts
    articles[0].delete()
    assert series.entries.count() == 4


def test_the_order_of_a_series_is_its_positions_not_the_dates(client, make_article):
    old = make_article(published_at=timezone.now() - datetime.timedelta(days=400))
    new = make_article()
    series = make_series([new, old])
    page = client.get(series.get_absolute_url("vi"))
    assert titles(page, ".news-series-page .news-card__title") == [new.title_vi, old.title_vi]
