"""Pages cost a bounded number of queries, however many articles there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, Comment, Tag
from tests import factories

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


@pytest.fixture
def thousand_articles(category, home_union):
    categories = [category] + [factories.category(position=i) for i in range(1, 6)]
    now = timezone.now()
    articles = []
    for i in range(1000):
        title_vi = f"Bài viết {i} về đối ngoại nhân dân Hải Phòng"
        article = Article(
            title_vi=title_vi,
            title_en=f"Article {i} on people-to-people diplomacy" if i % 3 else "",
            slug_vi=f"bai-viet-{i}",
            slug_en=f"article-{i}" if i % 3 else None,
            summary_vi="Tóm tắt",
            body_vi="<p>Công tác đối ngoại nhân dân của Liên hiệp</p>",
            category=categories[i % len(categories)],
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=i),
            is_highlight=i % 50 == 0,
            search_title_vi=f"bai viet {i} ve doi ngoai nhan dan hai phong",
            search_text_vi="tom tat cong tac doi ngoai nhan dan cua lien hiep",
            search_title_en=f"article {i} on people-to-people diplomacy" if i % 3 else "",
        )
        articles.append(article)
    Article.objects.bulk_create(articles)
    tag = Tag.objects.create(name_vi="Đại hội", name_en="Congress")
    first = Article.objects.get(slug_vi="bai-viet-1")
    first.tags.add(tag)
    for n in range(30):
        Comment.objects.create(
            article=first,
            name=f"Bạn đọc {n}",
            email="a@example.vn",
            body="Hay",
            status=Comment.Status.APPROVED,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE news_article")
    return first


@pytest.mark.parametrize(
    "url",
    [
        "/vi/",
        "/en/",
        "/vi/tin-tuc/",
        "/en/news/?page=20",
        "/vi/tin-tuc/chuyen-muc/tin-tuc-su-kien/?page=3",
        "/vi/tin-tuc/the/dai-hoi/",
        "/vi/tin-tuc/bai-viet-1/",
        "/en/news/article-1/",
        "/vi/tim-kiem/?q=doi+ngoai+hai+phong",
        "/en/search/?q=diplomacy&kind=articles&page=2",
        "/vi/tin-tuc/rss/",
    ],
)
def test_bounded_queries_with_a_thousand_articles(client, thousand_articles, url):
    client.get("/vi/tin-tuc/")  # warm the site-settings and archive-month caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    print("QUERIES", url, len(queries))
    assert len(queries) <= MAX_QUERIES, "\n".join(q["sql"][:200] for q in queries)


def test_list_and_search_use_their_indexes(thousand_articles):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN output is PostgreSQL's")
    from django.contrib.postgres.search import SearchQuery

    from news.search import StoredDocument
    from news.views import ranked_search

    # A list's page: its ids from the language's partial index (news.views.ArticlePaginator),
    # as the planner chooses it with the table's statistics (and some drafts, as every real
    # table has: without any, the index of all articles is the same size).
    others = Article.objects.exclude(pk=thousand_articles.pk).order_by("id")
    drafts = others.values_list("pk", flat=True)[:300]
    Article.objects.filter(pk__in=list(drafts)).update(status=Article.Status.DRAFT)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")
        # Here, in a table the earlier tests filled with dead rows (1,300 pages for 1,000
        # articles, none visible to an index-only scan), the status index and an incremental
        # sort cost the same within 2 %: the list index is what the planner takes once the
        # table is vacuumed (tests/news/test_expiry.py, at 20,000 articles).
        cursor.execute("SET LOCAL enable_incremental_sort = off")
    for language, index in (("vi", "news_article_list"), ("en", "news_article_list_en")):
        plan = Article.objects.published(language).values_list("pk")[120:132].explain()
        assert f"using {index} on" in plan, plan
    Article.objects.filter(pk=thousand_articles.pk).update(search_text_vi="hiem gap quyetthang")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")
        # At 1,000 rows walking the date index is as cheap as the GIN index; without the
        # plain scans the planner shows that the search expression can use its index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    query = SearchQuery("quyetthang", config="simple", search_type="raw")
    matches = Article.objects.annotate(document=StoredDocument("vi")).filter(document=query)
    assert "news_article_doc_vi" in matches.explain()
    # The ranked search is built on that same match.
    results = ranked_search(Article.objects.published("vi"), ["quyetthang"], "vi")
    assert results == [thousand_articles.pk]


def test_an_article_compiles_sql_only_for_the_queries_it_sends(client, make_article, monkeypatch):
    """The relations an article has none of are set empty without SQL: a none() queryset
    left for the template compiled its query (a millisecond each) before finding itself
    empty, on every article without unions or associations."""
    from django.db.models.sql.compiler import SQLCompiler

    article = make_article()
    path = article.get_absolute_url("vi")
    client.get(path)
    compiled = []
    execute_sql = SQLCompiler.execute_sql

    def counted(self, *args, **kwargs):
        compiled.append(self.query.model)
        return execute_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "execute_sql", counted)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert len(compiled) == len(queries), compiled
