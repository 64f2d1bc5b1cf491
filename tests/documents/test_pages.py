"""The public pages of official documents: the list with its filters and search, a document
with its files, the downloads, feeds, sitemap and the links between languages."""

import datetime
import re
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from documents.models import Document, DocumentFile, Issuer
from documents.search import fold_number
from tests import factories
from tests.sitemaps import sitemap_paths

from .conftest import docx_bytes, pdf_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def url(name, language="vi", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_urls_are_translated():
    assert url("documents:list") == "/vi/van-ban/"
    assert url("documents:list", "en") == "/en/documents/"
    assert url("documents:document", slug="121-qd-ubnd-1998") == "/vi/van-ban/121-qd-ubnd-1998/"
    assert url("documents:download", "vi", slug="x", pk=3) == "/vi/van-ban/x/tai-ve/3/"
    assert url("documents:download", "en", slug="x", pk=3) == "/en/documents/x/download/3/"
    assert url("documents:rss", "en") == "/en/documents/rss/"


def test_number_is_folded_and_kept_on_save(make_document):
    document = make_document(number=" 121/QĐ-UBND ")
    assert document.number == "121/QĐ-UBND"
    assert document.number_key == "121 qd ubnd" == fold_number("121/qđ–ubnd")
    assert document.slug == "121-qd-ubnd-1998"
    document.number = "121/QĐ-UBND bổ sung"
    document.save(update_fields=["number"])
    document.refresh_from_db()
    assert document.number_key == "121 qd ubnd bo sung"
    assert document.published_at is not None


def test_same_number_another_year_is_another_document(make_document):
    first = make_document()
    second = make_document(date=datetime.date(2005, 3, 1))
    assert {first.slug, second.slug} == {"121-qd-ubnd-1998", "121-qd-ubnd-2005"}


def test_search_finds_by_number_and_words_without_diacritics(make_document, issuer):
    founding = make_document()
    plan = make_document(
        number="01/KH-LHHN",
        date=datetime.date(2024, 1, 15),
        kind=Document.Kind.PLAN,
        title_vi="Kế hoạch hoạt động đối ngoại nhân dân năm 2024",
        title_en="Plan of people-to-people diplomacy activities for 2024",
        summary_vi="Quyết định giao nhiệm vụ cho các hội hữu nghị",
    )
    found = Document.objects.published().search
    assert list(found("121/QĐ-UBND")) == [founding]
    assert list(found("121 qd ubnd")) == [founding]
    assert list(found("doi ngoai nhan dan")) == [plan]
    assert list(found("people-to-people")) == [plan]
    # A word of both: the title hit first (on SQLite; PostgreSQL ranks the title's weight A).
    assert list(found("quyết định")) == [founding, plan]
    assert list(found("")) == []
    assert list(found("khong co dau")) == []


def test_the_list_shows_published_documents_newest_first(client, home_union, make_document):
    make_document()
    make_document(
        number="05/BC-LHHN",
        date=datetime.date(2023, 12, 20),
        kind=Document.Kind.REPORT,
        title_vi="Báo cáo tổng kết công tác năm 2023",
        title_en="",
    )
    make_document(number="99/TB", title_vi="Chưa công bố", is_published=False)
    page = client.get("/vi/van-ban/").content.decode()
    shown = re.findall(r'documents-list__number">([^<]+)<', page)
    assert shown == ["05/BC-LHHN", "121/QĐ-UBND"]
    assert "Chưa công bố" not in page
    assert "20/12/2023" in page and "12/10/1998" in page
    english = client.get("/en/documents/").content.decode()
    assert "20 December 2023" in english and "12 October 1998" in english
    # Without an English title the Vietnamese one shows, marked as Vietnamese.
    assert 'lang="vi">Báo cáo tổng kết công tác năm 2023</a>' in english
    assert "Decision founding the provincial Union" in english


@pytest.fixture
def several(make_document, issuer):
    union = Issuer.objects.create(name_vi="Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang")
    make_document()
    make_document(
        number="01/KH-LHHN",
        date=datetime.date(2024, 1, 15),
        kind=Document.Kind.PLAN,
        issuer=union,
        title_vi="Kế hoạch năm 2024",
    )
    make_document(
        number="05/BC-LHHN",
        date=datetime.date(2023, 12, 20),
        kind=Document.Kind.REPORT,
        issuer=union,
        title_vi="Báo cáo năm 2023",
    )
    return union


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("", ["01/KH-LHHN", "05/BC-LHHN", "121/QĐ-UBND"]),
        ("?kind=plan", ["01/KH-LHHN"]),
        ("?year=2023", ["05/BC-LHHN"]),
        ("?year=1998&kind=decision", ["121/QĐ-UBND"]),
        ("?issuer=lien-hiep-cac-to-chuc-huu-nghi-tinh-bac-giang", ["01/KH-LHHN", "05/BC-LHHN"]),
        ("?q=bao+cao", ["05/BC-LHHN"]),
        ("?q=121%2FQ%C4%90-UBND", ["121/QĐ-UBND"]),
        ("?year=2001", []),  # a year without documents: an empty list, not an error
    ],
)
def test_filters(client, home_union, several, query, numbers):
    response = client.get("/vi/van-ban/" + query)
    assert response.status_code == 200
    shown = re.findall(r'documents-list__number">([^<]+)<', response.content.decode())
    assert shown == numbers


def test_the_filter_offers_the_years_and_bodies_that_have_documents(client, home_union, several):
    page = client.get("/en/documents/").content.decode()
    years = re.findall(r'<option value="(\d{4})"', page)
    assert years == ["2024", "2023", "1998"]
    assert 'value="ubnd-tinh-bac-giang"' in page
    assert ">Decision</option>" in page
    vietnamese = client.get("/vi/van-ban/").content.decode()
    assert ">Quyết định</option>" in vietnamese and ">Công văn</option>" in vietnamese


@pytest.mark.parametrize(
    "query",
    ["?kind=law", "?year=abc", "?year=99999", "?issuer=nobody", "?kind=%00", "?q=a%00b"],
)
def test_bad_filters_are_400_with_the_form(client, home_union, several, query):
    response = client.get("/vi/van-ban/" + query)
    assert response.status_code == 400
    assert "Vui lòng sửa bộ lọc." in response.content.decode()


@pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?page=9", "?page=%C2%B2"])
def test_bad_pages_are_404(client, home_union, several, query):
    assert client.get("/vi/van-ban/" + query).status_code == 404


def test_pages_keep_the_filters(client, home_union, make_document):
    for n in range(25):
        make_document(number=f"{n}/QĐ", title_vi=f"Quyết định {n}")
    first = client.get("/vi/van-ban/?kind=decision").content.decode()
    assert 'href="?kind=decision&amp;page=2"' in first
    second = client.get("/vi/van-ban/?kind=decision&page=2")
    assert second.status_code == 200
    assert len(re.findall("documents-list__item", second.content.decode())) == 5


def test_the_list_costs_the_same_queries_for_many_documents(
    client, home_union, make_document, issuer, django_assert_max_num_queries
):
    for n in range(60):
        make_document(number=f"{n}/QĐ-UBND", title_vi=f"Quyết định số {n}")
    client.get("/vi/van-ban/")  # the page frame's settings, cached
    for path in ("/vi/van-ban/", "/en/documents/?page=2", "/vi/van-ban/?kind=decision&year=1998"):
        # Choices (years, bodies), count, the page's ids, its rows with their issuers.
        with django_assert_max_num_queries(5):
            assert client.get(path).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get("/vi/van-ban/?q=quyet+dinh").status_code == 200


def test_the_document_page(client, home_union, make_document):
    document = make_document(
        effective_date=datetime.date(1998, 10, 15),
        signer_vi="Chủ tịch UBND tỉnh",
        signer_en="Chairman of the Provincial People's Committee",
        summary_vi="Thành lập Liên hiệp.",
        files=[("toan-van.pdf", pdf_bytes()), ("phu-luc.xlsx", xlsx_bytes())],
    )
    DocumentFile.objects.filter(format="xlsx").update(label_vi="Phụ lục", label_en="Annex")
    page = client.get(document.get_absolute_url("vi")).content.decode()
    assert "Quyết định số 121/QĐ-UBND" in page
    assert "UBND tỉnh Bắc Giang" in page and "Chủ tịch UBND tỉnh" in page
    assert "12/10/1998" in page and "15/10/1998" in page
    first, annex = document.files.order_by("order")
    assert f'href="/vi/van-ban/121-qd-ubnd-1998/tai-ve/{first.pk}/"' in page
    assert "Tải về: Phụ lục" in page and "(XLSX," in page and "(PDF," in page
    english = client.get(document.get_absolute_url("en")).content.decode()
    assert "Decision No. 121/QĐ-UBND" in english
    assert "Chairman of the Provincial People&#x27;s Committee" in english
    assert "12 October 1998" in english
    assert 'lang="vi"' in english  # the summary has no English version
    assert "Download: Annex" in english


def test_hreflang_canonical_and_sharing(client, home_union, make_document):
    make_document()
    page = client.get("/vi/van-ban/121-qd-ubnd-1998/").content.decode()
    assert 'hreflang="en" href="http://testserver/en/documents/121-qd-ubnd-1998/"' in page
    assert '<link rel="canonical" href="http://testserver/vi/van-ban/121-qd-ubnd-1998/">' in page
    assert '<meta property="og:title" content="121/QĐ-UBND – Quyết định thành lập' in page
    assert 'href="/vi/van-ban/rss/"' in page
    listing = client.get("/en/documents/?kind=decision&page=1").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/documents/">' in listing
    assert 'hreflang="vi" href="http://testserver/vi/van-ban/?kind=decision&amp;page=1"' in listing


def test_unpublished_documents_are_not_public_but_staff_preview_them(
    client, home_union, make_document, staff
):
    document = make_document(is_published=False, files=[("a.pdf", pdf_bytes())])
    attached = document.files.get()
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(attached.get_absolute_url()).status_code == 404
    client.force_login(staff("Writer"))
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200
    assert '<meta name="robots" content="noindex">' in page.content.decode()
    assert client.get(attached.get_absolute_url()).status_code == 200


def _body(response):
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("name", "data", "ext", "content_type"),
    [
        ("a.pdf", pdf_bytes(), "pdf", "application/pdf"),
        ("b.docx", docx_bytes(), "docx", "wordprocessingml.document"),
        ("c.xlsx", xlsx_bytes(), "xlsx", "spreadsheetml.sheet"),
    ],
)
def test_downloads_are_named_after_the_document(
    client, home_union, make_document, name, data, ext, content_type
):
    document = make_document(files=[(name, data)])
    attached = document.files.get()
    assert re.fullmatch(rf"documents/files/[0-9a-f]{{32}}\.{ext}", attached.file.name)
    response = client.get(f"/vi/van-ban/{document.slug}/tai-ve/{attached.pk}/")
    assert response.status_code == 200
    assert _body(response) == data
    assert content_type in response["Content-Type"]
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="121-qd-ubnd - quyet dinh thanh lap')
    encoded = disposition.split("filename*=utf-8''")[1]
    assert unquote(encoded) == (
        f"121-QĐ-UBND – Quyết định thành lập Liên hiệp các tổ chức hữu nghị tỉnh.{ext}"
    )
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    english = client.get(f"/en/documents/{document.slug}/download/{attached.pk}/")
    assert "Decision%20founding%20the%20provincial%20Union" in english["Content-Disposition"]


def test_a_download_belongs_to_its_document(client, home_union, make_document):
    document = make_document(files=[("a.pdf", pdf_bytes())])
    other = make_document(number="2/QĐ")
    attached = document.files.get()
    assert client.get(f"/vi/van-ban/{other.slug}/tai-ve/{attached.pk}/").status_code == 404
    assert client.get(f"/vi/van-ban/{document.slug}/tai-ve/999999/").status_code == 404
    attached.file.storage.delete(attached.file.name)
    assert client.get(attached.get_absolute_url()).status_code == 404


def test_feeds_list_new_documents_in_each_language(client, home_union, make_document):
    make_document(summary_vi="Thành lập Liên hiệp.")
    make_document(number="9/QĐ", title_vi="Chưa công bố", is_published=False)
    rss = client.get("/vi/van-ban/rss/")
    assert rss.status_code == 200 and "rss" in rss["Content-Type"]
    text = rss.content.decode()
    assert "121/QĐ-UBND – Quyết định thành lập" in text
    assert "ban hành ngày 12/10/1998" in text and "Chưa công bố" not in text
    assert "/vi/van-ban/121-qd-ubnd-1998/" in text
    atom = client.get("/en/documents/atom/").content.decode()
    assert "<feed" in atom and "Decision founding the provincial Union" in atom
    assert "issued on 12 October 1998" in atom


def test_sitemap_lists_the_list_and_published_documents(client, home_union, make_document):
    make_document()
    make_document(number="9/QĐ", is_published=False)
    paths = sitemap_paths(client)
    assert "/vi/van-ban/" in paths and "/en/documents/" in paths
    assert "/vi/van-ban/121-qd-ubnd-1998/" in paths
    assert "/en/documents/121-qd-ubnd-1998/" in paths
    assert not any("9-qd" in path for path in paths)


def test_bad_addresses_are_404(client, home_union):
    assert client.get("/vi/van-ban/khong-co/").status_code == 404
    assert client.get("/en/documents/nothing/download/1/").status_code == 404
    assert client.get("/vi/van-ban/%E2%80%A6/").status_code == 404


@pytest.fixture
def page_cache(settings, home_union):
    settings.PAGE_CACHE = True


def test_the_list_is_cached_per_filter_and_dropped_when_a_document_changes(
    page_cache, make_document
):
    from django.test import Client

    document = make_document()
    reader = Client()
    assert "X-Page-Cache" not in reader.get("/vi/van-ban/?kind=decision")
    assert reader.get("/vi/van-ban/?kind=decision")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in reader.get("/vi/van-ban/?kind=plan")  # its own page
    document.title_vi = "Quyết định đã sửa"
    document.save()
    page = reader.get("/vi/van-ban/?kind=decision")
    assert "X-Page-Cache" not in page and "Quyết định đã sửa" in page.content.decode()
    # Downloads are never kept.
    attached = DocumentFile.objects.create(
        document=document, file=ContentFile(pdf_bytes(), name="a.pdf")
    )
    for _ in range(2):
        assert "X-Page-Cache" not in reader.get(attached.get_absolute_url())


def test_the_document_page_costs_the_same_queries_with_many_links(
    client, home_union, make_document, category, django_assert_max_num_queries
):
    document = make_document(files=[(f"{n}.pdf", pdf_bytes()) for n in range(5)])
    document.articles.set([factories.article(category) for _ in range(8)])
    home_union.founding_document = document
    home_union.save()
    client.get(document.get_absolute_url("vi"))  # the page frame's settings, cached
    # The document with its issuer, its files, articles, congresses, the unions it founded.
    with django_assert_max_num_queries(5):
        assert client.get(document.get_absolute_url("vi")).status_code == 200
