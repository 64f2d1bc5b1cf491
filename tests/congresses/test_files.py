from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from congresses import files
from congresses.files import validate_pdf

SAMPLE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "congresses" / "sample-resolution.pdf"
).read_bytes()


def upload(data, name="nghi-quyet.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_a_real_pdf_passes():
    validate_pdf(upload(SAMPLE))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "not_pdf"),
        (b"\x89PNG\r\n\x1a\n" + SAMPLE, "not_pdf"),
        (b"MZ\x90\x00" + b"x" * 100, "not_pdf"),
        (b"%PDF-1.4\n" + b"garbage" * 20, "broken_pdf"),
        (SAMPLE[: len(SAMPLE) // 2], "broken_pdf"),
        (
            SAMPLE.replace(
                b"/Type /Catalog",
                b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
            ),
            "active_pdf",
        ),
    ],
)
def test_files_that_are_not_clean_pdfs_are_refused(data, code):
    with pytest.raises(ValidationError) as exc:
        validate_pdf(upload(data))
    assert exc.value.code == code


def test_a_pdf_name_does_not_make_a_pdf():
    with pytest.raises(ValidationError):
        validate_pdf(upload(b"just text", name="report.pdf"))


def test_size_limit(monkeypatch):
    monkeypatch.setattr(files, "PDF_MAX_BYTES", len(SAMPLE) - 1)
    with pytest.raises(ValidationError) as exc:
        validate_pdf(upload(SAMPLE))
    assert exc.value.code == "too_large"


def test_stored_under_a_generated_name():
    name = files.document_upload_to(None, "Nghị quyết của Ông A (bản mật).pdf")
    assert name.startswith("congresses/documents/") and name.endswith(".pdf")
    assert "Ông" not in name and len(Path(name).stem) == 32


def test_document_upload_through_the_admin(secretariat_client, congress):
    from django.urls import reverse
    from django.utils import translation

    from congresses.models import CongressDocument

    from .test_admin import congress_data, management

    def post(data_file):
        data = congress_data(congress.union, **management("documents", total=1))
        data.update(
            {
                "documents-0-title_vi": "Nghị quyết Đại hội",
                "documents-0-title_en": "Resolution",
                "documents-0-order": "0",
                "documents-0-file": data_file,
                "documents-0-congress": str(congress.pk),
            }
        )
        with translation.override("vi"):
            url = reverse("admin:congresses_congress_change", args=[congress.pk])
        return secretariat_client.post(url, data, follow=True)

    page = post(upload(b"not a pdf at all", name="fake.pdf")).content.decode()
    assert "Tệp này không phải là tài liệu PDF" in page
    assert not CongressDocument.objects.exists()
    assert post(upload(SAMPLE, name="Nghị quyết.pdf")).status_code == 200
    document = CongressDocument.objects.get()
    assert document.file.name.startswith("congresses/documents/")
    assert document.file.read().startswith(b"%PDF-")
