"""Staff screens: a document with its files in one form, uploads refused in the staff's
language with nothing left on disk, the roles, revisions, the article picker and search."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from documents.models import Document
from news.models import Article
from portal.models import Revision
from portal.roles import ADMINISTRATOR, EDITOR, LEADERSHIP, SECRETARIAT, WRITER
from tests import factories
from tests.security.xss import admin_form_data

from .conftest import DOCX_MAIN, docx_bytes, pdf_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def admin_url(name, language="vi", *args):
    with translation.override(language):
        return reverse(f"admin:documents_{name}", args=args or None)


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def document_form(client, issuer, upload=None, language="vi", **fields):
    data = admin_form_data(client, admin_url("document_add", language))
    date = "12/10/1998" if language == "vi" else "1998-10-12"
    data.update(
        {
            "number": "121/QĐ-UBND",
            "kind": "decision",
            "issuer": str(issuer.pk),
            "date_issued": date,
            "title_vi": "Quyết định thành lập Liên hiệp",
            "title_en": "Decision founding the Union",
            "is_published": "on",
        }
    )
    if upload is not None:
        data["files-0-file"] = upload
        data["files-0-order"] = "0"
    data.update(fields)
    return data


@pytest.fixture
def secretariat(client, staff):
    client.force_login(staff(SECRETARIAT))
    return client


def test_the_secretariat_adds_a_document_with_its_file(secretariat, issuer):
    upload = SimpleUploadedFile("Scan QĐ 121 (bản cuối).pdf", pdf_bytes(), "application/pdf")
    data = document_form(secretariat, issuer, upload)
    response = secretariat.post(admin_url("document_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    assert document.date_issued == datetime.date(1998, 10, 12)
    assert document.number_key == "121 qd ubnd" and document.published_at
    attached = document.files.get()
    assert attached.format == "pdf" and attached.size == len(pdf_bytes())
    # The upload's own name is nowhere.
    assert "Scan" not in attached.file.name and attached.file.name.endswith(".pdf")
    assert stored_files() == [attached.file.name]
    assert Revision.objects.filter(object_id=str(document.pk)).count() == 1


HOSTILE = [
    ("macros", "nghi-quyet.docx", docx_bytes(extra_parts=[("word/vbaProject.bin", b"VBA")])),
    ("renamed page", "trang.docx", HTML),
    ("wrong extension", "so-lieu.docx", xlsx_bytes()),
    ("executable", "cai-dat.exe", b"MZ\x90\x00" + b"\0" * 60),
    (
        "macro-enabled main part",
        "a.docx",
        docx_bytes(main_type=DOCX_MAIN.replace("officedocument.wordprocessingml", "ms-word")),
    ),
]
VIETNAMESE = {
    "macros": "Tệp này có chứa macro",
    "renamed page": "Tệp này không phải là văn bản Word (DOCX).",
    "wrong extension": "Tệp này là bảng tính Excel (XLSX), không phải văn bản Word (DOCX)",
    "executable": "Vui lòng tải lên tệp PDF, Word (DOCX) hoặc Excel (XLSX).",
    "macro-enabled main part": "Tệp này bị hỏng hoặc không đầy đủ",
}


@pytest.mark.parametrize(("case", "name", "data"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_uploads_are_refused_in_the_staff_language(secretariat, issuer, case, name, data):
    before = stored_files()
    upload = SimpleUploadedFile(name, data, "application/octet-stream")
    data = document_form(secretariat, issuer, upload)
    response = secretariat.post(admin_url("document_add"), data)
    assert response.status_code == 200, case  # the form again, with the message
    assert VIETNAMESE[case] in response.content.decode(), case
    assert not Document.objects.exists()
    assert stored_files() == before


def test_an_upload_refused_in_english_under_en(secretariat, issuer):
    upload = SimpleUploadedFile("a.docx", HTML, "text/html")
    data = document_form(secretariat, issuer, upload, language="en")
    response = secretariat.post(admin_url("document_add", "en"), data)
    assert "This file is not a Word document (DOCX)." in response.content.decode()


def test_a_duplicate_number_is_refused(secretariat, issuer, make_document):
    make_document()
    response = secretariat.post(admin_url("document_add"), document_form(secretariat, issuer))
    assert response.status_code == 200
    assert "Cơ quan này đã có văn bản với số và ngày ban hành này." in response.content.decode()


@pytest.mark.parametrize(
    ("role", "can_add"),
    [
        (WRITER, False),
        (LEADERSHIP, False),
        (EDITOR, True),
        (SECRETARIAT, True),
        (ADMINISTRATOR, True),
    ],
)
def test_who_edits_documents(client, staff, make_document, role, can_add):
    document = make_document()
    client.force_login(staff(role))
    assert client.get(admin_url("document_changelist")).status_code == 200
    assert client.get(admin_url("document_add")).status_code == (200 if can_add else 403)
    change = client.get(admin_url("document_change", "vi", document.pk))
    assert change.status_code == 200
    assert change.context["has_change_permission"] is can_add
    assert client.get(admin_url("issuer_add")).status_code == (200 if can_add else 403)


def test_admin_search_ignores_diacritics(secretariat, make_document):
    make_document()
    for query in ("121/QĐ", "121 qd ubnd", "thanh lap lien hiep"):
        page = secretariat.get(admin_url("document_changelist"), {"q": query})
        assert "121/QĐ-UBND" in page.content.decode(), query
    page = secretariat.get(admin_url("document_changelist"), {"q": "khong co"})
    assert "121/QĐ-UBND" not in page.content.decode()


def test_the_article_picker_lists_published_articles_for_document_editors(client, staff, category):
    published = factories.article(category, title_vi="Đại hội Liên hiệp hữu nghị")
    factories.article(
        category, title_vi="Đại hội bản nháp", status=Article.Status.DRAFT, published_at=None
    )
    client.force_login(staff(SECRETARIAT))  # no permission on articles in the admin
    response = client.get(admin_url("document_articles"), {"term": "dai hoi"})
    assert response.status_code == 200
    results = json.loads(response.content)["results"]
    assert [r["id"] for r in results] == [str(published.pk)]
    assert results[0]["text"].startswith("Đại hội Liên hiệp hữu nghị (")
    client.force_login(staff(WRITER, "writer-2"))
    assert client.get(admin_url("document_articles"), {"term": "dai"}).status_code == 403


def test_links_to_articles_and_congresses_are_saved_and_kept_in_revisions(
    secretariat, issuer, category, home_union
):
    from congresses.models import Congress

    article = factories.article(category)
    congress = Congress.objects.create(
        union=home_union,
        ordinal=5,
        term_start_year=2023,
        term_end_year=2028,
        held_from=datetime.date(2023, 8, 8),
        is_published=True,
    )
    page = secretariat.get(admin_url("document_add")).content.decode()
    assert admin_url("document_articles") in page  # the picker asks this admin's view
    data = document_form(secretariat, issuer, articles=[str(article.pk)])
    data["congresses"] = [str(congress.pk)]
    response = secretariat.post(admin_url("document_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    assert list(document.articles.all()) == [article]
    assert list(congress.official_documents.all()) == [document]
    revision = Revision.objects.get(object_id=str(document.pk))
    assert revision.data["articles"] == [article.pk]
    assert revision.data["congresses"] == [congress.pk]


def test_restoring_a_revision_puts_the_text_back(secretariat, issuer):
    upload = SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf")
    secretariat.post(admin_url("document_add"), document_form(secretariat, issuer, upload))
    document = Document.objects.get()
    url = admin_url("document_change", "vi", document.pk)
    data = admin_form_data(secretariat, url)
    data["title_vi"] = "Tiêu đề sai"
    assert secretariat.post(url, data).status_code == 302
    first = Revision.objects.filter(object_id=str(document.pk)).order_by("number").first()
    restore = admin_url("document_restore", "vi", document.pk, first.number)
    assert secretariat.post(restore).status_code == 302
    document.refresh_from_db()
    assert document.title_vi == "Quyết định thành lập Liên hiệp"
    assert document.files.count() == 1


def test_the_union_names_its_founding_document(secretariat, home_union, make_document):
    document = make_document()
    url = reverse("admin:unions_union_change", args=[home_union.pk])
    data = admin_form_data(secretariat, url)
    data["founding_document"] = str(document.pk)
    assert secretariat.post(url, data).status_code == 302
    home_union.refresh_from_db()
    assert home_union.founding_document == document
    # The document picker (Django's autocomplete) finds it by its number without diacritics.
    response = secretariat.get(
        reverse("admin:autocomplete"),
        {
            "term": "121 qd",
            "app_label": "unions",
            "model_name": "union",
            "field_name": "founding_document",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(document.pk)]
