"""Search: diacritic-insensitive, per language, ranked, highlighted, never an error."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.text import excerpt, fold, query_terms, search_text

pytestmark = pytest.mark.django_db


def test_fold_keeps_length_and_maps_d_bar():
    for text in ("Hải Phòng", "đối ngoại", "ĐỐI NGOẠI", "Việt – Séc – Slovakia"):
        assert len(fold(text)) == len(text)
    assert fold("Hải Phòng") == "hai phong"
    assert fold("ĐỐI NGOẠI") == "doi ngoai"
    assert search_text("<p>Đối <b>ngoại</b></p>") == "doi ngoai"
    # CKEditor writes paragraphs back to back: their words must not run together.
    assert search_text("<p>tin thật.</p><p>Nội dung<br>mới &amp; cũ</p>") == (
        "tin that. noi dung moi & cu"
    )


def test_excerpt_shows_whole_words_around_the_match():
    body = "<p>" + "Liên hiệp " * 40 + "</p><p>Hội hữu nghị Việt – Lào</p><p>" + "tỉnh " * 80
    text = str(excerpt(body, ["huu"]))
    assert text.startswith("… Liên hiệp") or text.startswith("… hiệp")
    assert "hiệp Hội <mark>hữu</mark> nghị Việt – Lào tỉnh" in text
    assert text.endswith(" tỉnh …")
    assert str(excerpt("<p>Tin &amp; ảnh</p>", [])) == "Tin &amp; ảnh"


def test_query_terms_drop_the_absurd():
    assert query_terms("  !!! ??? ") == []
    assert query_terms("x" * 300) == []  # one 200-character "word" is no word
    assert query_terms("Hải   Phòng hải") == ["hai", "phong"]
    assert len(query_terms(" ".join(f"w{i}" for i in range(50)))) == 10


@pytest.fixture
def corpus(make_article):
    return {
        "haiphong": make_article(
            title_vi="Liên hiệp thành phố Hải Phòng tổng kết năm 2022",
            title_en="Hải Phòng city union reviews 2022",
            body_vi="<p>Công tác đối ngoại nhân dân</p>",
            body_en="<p>People-to-people diplomacy in the port city</p>",
        ),
        "doingoai": make_article(
            title_vi="Chỉ thị về đối ngoại nhân dân",
            title_en="Directive on people-to-people diplomacy",
            body_vi="<p>Tăng cường đối ngoại</p>",
        ),
        "other": make_article(title_vi="Tuyên Quang", title_en="Tuyên Quang"),
        "vi_only": make_article(title_vi="Hải Phòng chỉ tiếng Việt", title_en=""),
    }


def test_vietnamese_search_without_diacritics(client, corpus):
    html = client.get("/vi/tim-kiem/", {"q": "hai phong"}).content.decode()
    assert corpus["haiphong"].get_absolute_url("vi") in html
    assert corpus["vi_only"].get_absolute_url("vi") in html
    assert corpus["other"].get_absolute_url("vi") not in html
    assert "<mark>Hải</mark> <mark>Phòng</mark>" in html


def test_d_bar_is_found_without_diacritics_and_title_matches_rank_first(client, corpus):
    response = client.get("/vi/tim-kiem/", {"q": "doi ngoai", "kind": "articles"})
    results = response.context["page"].object_list
    assert [a.pk for a in results][0] == corpus["doingoai"].pk
    assert corpus["haiphong"].pk in [a.pk for a in results]
    assert "<mark>đối</mark> <mark>ngoại</mark>" in response.content.decode()


def test_english_search_only_searches_english_content(client, corpus):
    html = client.get("/en/search/", {"q": "hai phong"}).content.decode()
    assert corpus["haiphong"].get_absolute_url("en") in html
    assert "chỉ tiếng Việt" not in html
    assert "1 result for “hai phong”" in html


def test_empty_and_absurd_queries_get_a_helpful_page(client, corpus):
    for q in ("", "   ", "!!!???", "@" * 500):
        response = client.get("/vi/tim-kiem/", {"q": q})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Tin mới nhất" in html
    assert "Không nhận ra từ nào" in client.get("/vi/tim-kiem/", {"q": "!!!"}).content.decode()
    nothing = client.get("/vi/tim-kiem/", {"q": "zzzyyyxxx"}).content.decode()
    assert "Không tìm thấy kết quả" in nothing


def test_long_query_is_cut_not_refused(client, corpus):
    response = client.get("/vi/tim-kiem/", {"q": "hai phong " + "a" * 400})
    assert response.status_code == 200
    assert len(response.context["query"]) == 200
    assert "200 ký tự đầu" in response.content.decode()


def test_search_markup_is_escaped(client, make_article):
    make_article(title_vi="<script>alert(1)</script> Hải Phòng")
    html = client.get("/vi/tim-kiem/", {"q": "hai phong"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgres_ranks_the_stored_documents_which_follow_every_edit(client, corpus):
    from news.models import Article
    from news.views import ranked_search

    with CaptureQueriesContext(connection) as queries:
        ids = ranked_search(Article.objects.all(), ["doi", "ngoai"], "vi")
    (sql,) = [query["sql"] for query in queries.captured_queries]
    # The stored vector is read, not computed from the text for every article.
    assert "search_document_vi" in sql and "ts_rank" in sql and "to_tsvector" not in sql
    assert ids[0] == corpus["doingoai"].pk

    other = corpus["other"]
    other.title_vi = "Tuyên Quang đón đoàn Cu-ba"
    other.save()
    # Written without save() (a bulk load, a restore), the folded column is enough.
    Article.objects.filter(pk=corpus["haiphong"].pk).update(search_text_vi="doan cu ba")
    found = (
        client.get("/vi/tim-kiem/", {"q": "cu ba", "kind": "articles"}).context["page"].object_list
    )
    assert {a.pk for a in found} == {other.pk, corpus["haiphong"].pk}


def test_result_pages_are_indexable_under_one_canonical_url_empty_ones_are_not(client, corpus):
    html = client.get("/vi/tim-kiem/", {"q": "  Hải   Phòng ", "utm_source": "x"}).content.decode()
    assert 'name="robots"' not in html
    assert (
        '<link rel="canonical" href="http://testserver/vi/tim-kiem/?q=H%E1%BA%A3i+Ph%C3%B2ng">'
        in html
    )
    for params in ({"q": "zzzqqq"}, {}):
        html = client.get("/vi/tim-kiem/", params).content.decode()
        assert '<meta name="robots" content="noindex">' in html
        assert 'rel="canonical"' not in html


def test_a_common_word_ranks_the_newest_matches_and_says_there_may_be_more(
    client, make_article, monkeypatch
):
    monkeypatch.setattr("news.views.SEARCH_CANDIDATES", 3)
    items = [make_article(title_vi=f"Hữu nghị {n}", title_en=f"Friendship {n}") for n in range(4)]
    response = client.get("/vi/tim-kiem/", {"q": "huu nghi", "kind": "articles"})
    # make_article dates each article a day before the last: the oldest is left out.
    assert [a.pk for a in response.context["page"].object_list] == [a.pk for a in items[:3]]
    assert "Chỉ đếm 3 bài viết phù hợp mới nhất" in response.content.decode()
    english = client.get("/en/search/", {"q": "friendship"}).content.decode()
    assert "Only the newest 3 matching articles are counted" in english
