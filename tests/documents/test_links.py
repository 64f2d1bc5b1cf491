"""Documents linked from the rest of the portal: an article's and a congress's "Related
documents" (one query however many), the about page's founding decision, and the demo."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congresses.models import Congress
from documents.models import Document
from tests import factories

from .conftest import pdf_bytes

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    client.get(path)  # the page frame's settings and caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_an_article_shows_its_published_documents_in_one_query(
    client, home_union, category, make_document
):
    article = factories.article(category)
    path = article.get_absolute_url("vi")
    _page, before = queries_for(client, path)
    make_document(number="0/QĐ", title_vi="Quyết định 0").articles.add(article)
    _page, one = queries_for(client, path)
    # An article without documents reads none (its own query says so); with some, one query.
    assert one == before + 1
    for n in range(1, 5):
        make_document(number=f"{n}/QĐ", title_vi=f"Quyết định {n}").articles.add(article)
    make_document(number="9/QĐ", title_vi="Chưa công bố", is_published=False).articles.add(article)
    page, after = queries_for(client, path)
    assert after == one
    assert "Văn bản liên quan" in page
    assert 'href="/vi/van-ban/4-qd-1998/">4/QĐ – <span>Quyết định 4</span></a>' in page
    assert "Chưa công bố" not in page
    english, _count = queries_for(client, article.get_absolute_url("en"))
    assert "Related documents" in english and "/en/documents/4-qd-1998/" in english


def test_an_article_without_documents_shows_no_section(client, home_union, category):
    article = factories.article(category)
    assert "Văn bản liên quan" not in client.get(article.get_absolute_url("vi")).content.decode()


def test_a_congress_shows_its_documents_in_one_query(client, home_union, make_document):
    congress = Congress.objects.create(
        union=home_union,
        ordinal=5,
        term_start_year=2023,
        term_end_year=2028,
        held_from=datetime.date(2023, 8, 8),
        is_published=True,
    )
    path = congress.get_absolute_url()
    _page, before = queries_for(client, path)
    for n in range(4):
        make_document(
            number=f"{n}/NQ", kind=Document.Kind.RESOLUTION, title_vi=f"Nghị quyết {n}"
        ).congresses.add(congress)
    page, after = queries_for(client, path)
    assert after == before
    assert "Văn bản liên quan" in page and "3/NQ – <span>Nghị quyết 3</span>" in page
    document = congress.official_documents.first()
    detail = client.get(document.get_absolute_url()).content.decode()
    assert congress.get_absolute_url() in detail


def test_the_about_page_links_the_founding_decision(client, home_union, make_document):
    document = make_document()
    page = client.get("/vi/gioi-thieu/").content.decode()
    assert "/vi/van-ban/121-qd-ubnd-1998/" not in page  # not linked yet
    home_union.founding_document = document
    home_union.save()
    page = client.get("/vi/gioi-thieu/").content.decode()
    assert '<a href="/vi/van-ban/121-qd-ubnd-1998/">' in page
    english = client.get("/en/about/").content.decode()
    assert '<a href="/en/documents/121-qd-ubnd-1998/">' in english
    detail = client.get(document.get_absolute_url("vi")).content.decode()
    assert "Tổ chức được thành lập theo quyết định này" in detail
    assert home_union.name in detail
    # An unpublished decision is not linked.
    Document.objects.filter(pk=document.pk).update(is_published=False)
    assert "/vi/van-ban/121-qd-ubnd-1998/" not in client.get("/vi/gioi-thieu/").content.decode()


def test_the_about_page_costs_no_more_with_a_founding_decision(client, home_union, make_document):
    _page, before = queries_for(client, "/vi/gioi-thieu/")
    home_union.founding_document = make_document()
    home_union.save()
    _page, after = queries_for(client, "/vi/gioi-thieu/")
    assert after == before


def load_demo(home="bac-giang"):
    from congresses import demo as congresses_demo
    from documents import demo as documents_demo
    from members import demo as members_demo
    from news import demo as news_demo
    from unions import demo as unions_demo

    unions_demo.load(io.StringIO(), home=home)
    for module in (members_demo, news_demo, congresses_demo, documents_demo):
        module.load(io.StringIO())


def test_demo_has_the_founding_decision_from_the_seed(client):
    load_demo()
    load_demo()  # twice: the same site
    founding = Document.objects.get(number="121/QĐ-UBND")
    assert founding.date_issued == datetime.date(1998, 10, 12)
    assert founding.kind == Document.Kind.DECISION
    assert founding.issuer.name_vi == "UBND tỉnh Bắc Giang"
    assert founding.signer_vi == "Chủ tịch UBND tỉnh"
    assert not founding.is_sample and founding.is_published
    assert founding.files.count() == 1 and founding.files.get().is_sample
    assert founding.founded_unions.get().slug == "bac-giang"
    assert founding.articles.count() == 1
    assert Document.objects.count() == 6
    assert Document.objects.filter(is_sample=True).count() == 4
    resolution = Document.objects.get(number="30-NQ/TW")
    assert resolution.date_issued == datetime.date(2022, 11, 23)
    assert resolution.congresses.get().ordinal == 5
    about = client.get("/vi/gioi-thieu/").content.decode()
    assert '<a href="/vi/van-ban/121-qd-ubnd-1998/">' in about
    page = client.get("/vi/van-ban/121-qd-ubnd-1998/").content.decode()
    assert "(mẫu)" in page  # the file is a sample, and says so
    attached = founding.files.get()
    response = client.get(attached.get_absolute_url())
    assert "%28m%E1%BA%ABu%29.pdf" in response["Content-Disposition"]  # "(mẫu).pdf"
    samples = client.get("/en/documents/?kind=plan").content.decode()
    assert "Plan of people-to-people diplomacy activities for 2024" in samples
    assert "(sample)" in samples


def test_tay_ninhs_demo_has_only_its_own_samples(client):
    """No seed gives Tây Ninh's founding decision: its about page names none, and Bắc Giang's
    documents leave the library while Tây Ninh is home (and come back with Bắc Giang)."""
    from unions.models import Union

    load_demo()
    load_demo("tay-ninh")
    assert not Document.objects.filter(number__in=["121/QĐ-UBND", "30-NQ/TW"]).exists()
    assert Document.objects.count() == 4
    assert not Document.objects.filter(is_sample=False).exists()
    assert {d.issuer.slug for d in Document.objects.select_related("issuer")} == {
        "lien-hiep-huu-nghi-tinh-tay-ninh"
    }
    notice = Document.objects.get(kind=Document.Kind.NOTICE)
    assert notice.congresses.get().union.slug == "tay-ninh"
    assert Union.objects.get(slug="bac-giang").founding_document is None
    for language, word in (("vi", "Quyết định thành lập"), ("en", "Founding decision")):
        about = client.get(f"/{language}/{'gioi-thieu' if language == 'vi' else 'about'}/")
        assert word not in about.content.decode()
        listing = client.get(f"/{language}/{'van-ban' if language == 'vi' else 'documents'}/")
        assert "Bắc Giang" not in listing.content.decode()
        assert "Tây Ninh" in listing.content.decode()

    load_demo()
    assert Document.objects.count() == 6
    founding = Document.objects.get(number="121/QĐ-UBND")
    assert founding.founded_unions.get().slug == "bac-giang"


def test_demo_files_are_real_pdfs():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents.demo import FIXTURES
    from documents.files import validate_document_file

    for path in FIXTURES.glob("*.pdf"):
        validate_document_file(SimpleUploadedFile(path.name, path.read_bytes()))
    validate_document_file(SimpleUploadedFile("a.pdf", pdf_bytes()))
