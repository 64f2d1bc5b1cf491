"""Hostile uploads: refused with a clear message, nothing left on disk, no overwriting.

Every file is made here. Each is sent through the real forms: the rich-text editor's
image upload (news:editor_upload), an article's cover and a person's photo in the admin
(portal.images), and a congress's PDF documents (congresses.files). MEDIA_ROOT is a
fresh folder per test (tests/conftest.py); it is listed before and after each attempt.
"""

import io
import re
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse
from django.utils import translation
from PIL import Image

from portal.roles import EDITOR, SECRETARIAT
from tests.factories import image_bytes, staff_user
from tests.security.xss import admin_form_data

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
SAMPLE_PDF = (
    Path(__file__).resolve().parents[2] / "fixtures" / "congresses" / "sample-resolution.pdf"
).read_bytes()


def png_bomb(width=8000, height=6000):
    """A real PNG of 48 megapixels (over the 40 limit) that weighs ~50 KB."""

    def chunk(kind, data):
        return (
            len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
        )

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    compressor = zlib.compressobj(9)
    row = b"\0" * (width + 1)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf_bomb():
    """A valid PDF with one Flate stream that inflates to 320 MB."""
    compressor = zlib.compressobj(9)
    block = b"\0" * (16 * MB)
    bomb = b"".join(compressor.compress(block) for _ in range(20)) + compressor.flush()
    stream = b"9 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\nendobj\n"
    # Right after the header, so the cross-reference stays at the end as a PDF has it.
    return SAMPLE_PDF.replace(b"\n", b"\n" + stream % (len(bomb), bomb), 1)


def pdf_html_polyglot():
    # A PDF reader sees a PDF; a browser sniffing the start sees a page with a script.
    page = b"<html><body><script>alert(document.domain)</script></body></html>"
    return SAMPLE_PDF.replace(b"\n", b"\n%" + page + b"\n", 1)


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50 + b"PE\x00\x00" + b"\x90" * 400
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
    b'onload="alert(1)"><script>alert(1)</script><rect width="10" height="10"/></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
GIF_POLYGLOT = image_bytes("GIF", (10, 10)) + b"<script>alert(1)</script>"
JPEG_POLYGLOT = image_bytes("JPEG", (64, 64)) + b"<html><body onload=alert(1)></body></html>"
HUGE_IMAGE = b"\xff\xd8\xff\xe0" + b"\0" * (50 * MB)
HUGE_PDF = SAMPLE_PDF.replace(b"%%EOF", b"%" + b"0" * (50 * MB) + b"\n%%EOF")

NOT_AN_IMAGE = "The file is not an image or it is damaged."
WEB_PAGE = "The file also contains web page code (HTML or script); it cannot be uploaded."
IMAGE_TOO_LARGE = "The image is too large"
TOO_MANY_PIXELS = "The image has too many pixels"

# (name, file name, content type, bytes, the message the person reads)
# Image polyglots are not here: they are accepted, and re-encoding leaves nothing of the
# page in what is stored (test_image_polyglots_are_defused_by_re_encoding).
HOSTILE_IMAGES = [
    ("renamed executable", "anh-hoi-nghi.jpg", "image/jpeg", EXECUTABLE, NOT_AN_IMAGE),
    ("svg", "logo.svg", "image/svg+xml", SVG, NOT_AN_IMAGE),
    ("html", "trang.html", "text/html", HTML, NOT_AN_IMAGE),
    ("html named .jpg", "anh.jpg", "image/jpeg", HTML, NOT_AN_IMAGE),
    ("50 MB", "lon.jpg", "image/jpeg", HUGE_IMAGE, IMAGE_TOO_LARGE),
    ("decompression bomb", "bom.png", "image/png", None, TOO_MANY_PIXELS),
]
HOSTILE_PDFS = [
    ("renamed executable", "nghi-quyet.pdf", EXECUTABLE, "This file is not a PDF document."),
    ("svg", "nghi-quyet.svg", SVG, "This file is not a PDF document."),
    ("html", "nghi-quyet.html", HTML, "This file is not a PDF document."),
    ("pdf + html polyglot", "nghi-quyet.pdf", None, WEB_PAGE),
    ("50 MB", "nghi-quyet.pdf", HUGE_PDF, "the limit is 20"),
    ("decompression bomb", "nghi-quyet.pdf", None, "expands to an unreasonable size"),
]
IMAGE_IDS = [case[0] for case in HOSTILE_IMAGES]
PDF_IDS = [case[0] for case in HOSTILE_PDFS]


def _files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def editor(client):
    client.force_login(staff_user("up-editor", EDITOR))
    return client


@pytest.fixture
def secretariat(client):
    client.force_login(staff_user("up-secretariat", SECRETARIAT))
    return client


@pytest.fixture
def person(db):
    from congresses.models import Person

    return Person.objects.create(full_name="Nguyễn Văn Ảnh")


@pytest.fixture
def congress(home_union):
    import datetime

    from congresses.models import Congress

    return Congress.objects.create(
        union=home_union,
        ordinal=5,
        term_start_year=2023,
        term_end_year=2028,
        held_from=datetime.date(2023, 8, 8),
    )


def _editor_upload(client, name, content_type, data):
    with translation.override("en"):
        url = reverse("news:editor_upload")
    return client.post(url, {"upload": SimpleUploadedFile(name, data, content_type)})


def _cover(client, category, name, content_type, data):
    with translation.override("en"):
        url = reverse("admin:news_article_add")
    return client.post(
        url,
        {
            "title_vi": "Ảnh bìa",
            "title_en": "",
            "slug_vi": "",
            "slug_en": "",
            "summary_vi": "",
            "summary_en": "",
            "body_vi": "<p>x</p>",
            "body_en": "",
            "category": category.pk,
            "status": "draft",
            "author": "",
            "cover": SimpleUploadedFile(name, data, content_type),
        },
    )


def _photo(client, person, name, content_type, data):
    with translation.override("en"):
        url = reverse("admin:congresses_person_change", args=[person.pk])
    form = admin_form_data(client, url)
    form["photo"] = SimpleUploadedFile(name, data, content_type)
    return client.post(url, form)


def _document(client, congress, name, data):
    with translation.override("en"):
        url = reverse("admin:congresses_congress_change", args=[congress.pk])
    form = admin_form_data(client, url)
    prefix = next(k[: -len("-TOTAL_FORMS")] for k in form if re.match(r"documents.*-TOTAL", k))
    n = int(form[f"{prefix}-INITIAL_FORMS"])  # a new row after the documents already there
    form[f"{prefix}-TOTAL_FORMS"] = str(n + 1)
    form.update(
        {
            f"{prefix}-{n}-title_vi": "Nghị quyết",
            f"{prefix}-{n}-title_en": "Resolution",
            f"{prefix}-{n}-order": "0",
            f"{prefix}-{n}-congress": str(congress.pk),
            f"{prefix}-{n}-file": SimpleUploadedFile(name, data, "application/pdf"),
        }
    )
    return client.post(url, form)


@pytest.mark.parametrize(
    ("case", "name", "content_type", "data", "message"), HOSTILE_IMAGES, ids=IMAGE_IDS
)
def test_editor_upload_refuses(editor, case, name, content_type, data, message):
    before = _files()
    data = png_bomb() if data is None else data
    response = _editor_upload(editor, name, content_type, data)
    assert response.status_code == 400, case
    assert message in response.json()["error"]["message"], case
    assert _files() == before


@pytest.mark.parametrize(
    ("case", "name", "content_type", "data", "message"), HOSTILE_IMAGES, ids=IMAGE_IDS
)
def test_article_cover_refuses(editor, category, case, name, content_type, data, message):
    from news.models import Article

    before = _files()
    data = png_bomb() if data is None else data
    response = _cover(editor, category, name, content_type, data)
    assert response.status_code == 200, case  # the form again, with the message
    assert message in response.content.decode(), case
    assert not Article.objects.exists()
    assert _files() == before


@pytest.mark.parametrize(
    ("case", "name", "content_type", "data", "message"), HOSTILE_IMAGES, ids=IMAGE_IDS
)
def test_person_photo_refuses(secretariat, person, case, name, content_type, data, message):
    before = _files()
    data = png_bomb() if data is None else data
    response = _photo(secretariat, person, name, content_type, data)
    assert response.status_code == 200, case
    assert message in response.content.decode(), case
    person.refresh_from_db()
    assert not person.photo
    assert _files() == before


@pytest.mark.parametrize(("case", "name", "data", "message"), HOSTILE_PDFS, ids=PDF_IDS)
def test_congress_document_refuses(secretariat, congress, case, name, data, message):
    before = _files()
    if data is None:
        data = pdf_bomb() if case == "decompression bomb" else pdf_html_polyglot()
    response = _document(secretariat, congress, name, data)
    assert response.status_code == 200, case
    assert message in response.content.decode(), case
    assert not congress.documents.exists()
    assert _files() == before


def test_the_polyglots_are_what_they_claim_to_be():
    """Control: without the markup check each polyglot would pass as an image / a PDF."""
    from congresses.files import validate_pdf

    for data in (GIF_POLYGLOT, JPEG_POLYGLOT):
        Image.open(io.BytesIO(data)).verify()
    clean = pdf_html_polyglot().replace(b"<html><body><script>", b"").replace(b"</script>", b"")
    validate_pdf(SimpleUploadedFile("a.pdf", clean.replace(b"</body></html>", b"")))


def png_polyglot():
    """A PNG whose text chunk is an SVG document with a script."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SVG.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


IMAGE_POLYGLOTS = {
    "gif + script": ("anh.gif", "image/gif", GIF_POLYGLOT),
    "jpeg + html": ("anh.jpg", "image/jpeg", JPEG_POLYGLOT),
    "png + svg in a text chunk": ("anh.png", "image/png", png_polyglot()),
}
PAGE_MARKERS = re.compile(rb"<script|<html|<svg|<body|javascript:", re.I)


def _stored_files_are_images_only(client, markers=PAGE_MARKERS):
    """Every stored file: none of `markers` in its bytes, served as image/* and nosniff."""
    stored = _files()
    assert stored
    for name in stored:
        data = (Path(settings.MEDIA_ROOT) / name).read_bytes()
        assert not markers.search(data), name
        response = client.get(settings.MEDIA_URL + name)
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("image/"), (name, response["Content-Type"])
        assert response["X-Content-Type-Options"] == "nosniff"
        assert Image.open(io.BytesIO(b"".join(response.streaming_content))).format in (
            "JPEG",
            "PNG",
            "WEBP",
        )
    return stored


@pytest.mark.parametrize(
    ("name", "content_type", "data"), IMAGE_POLYGLOTS.values(), ids=IMAGE_POLYGLOTS.keys()
)
def test_image_polyglots_are_defused_by_re_encoding(
    editor, client, debug_media_urls, name, content_type, data
):
    """No byte scan: the image is decoded to pixels and encoded again, so the page that rode
    along in a comment, a text chunk or after the image's end is not in any stored file."""
    assert PAGE_MARKERS.search(data)
    response = _editor_upload(editor, name, content_type, data)
    assert response.status_code == 200, response.content
    stored = _stored_files_are_images_only(client)
    assert len(stored) == 3  # the original and its rendition in WebP and JPEG/PNG


def test_a_large_photo_with_page_like_bytes_is_accepted(editor, client, debug_media_urls):
    """A real photo's compressed bytes or its metadata may hold "<script"-like bytes by chance
    (about one 5 MB photo in 3,000): the upload no longer fails for it."""
    import os

    photo = Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3))
    exif = photo.getexif()
    exif[0x010E] = "<html><body onload=alert(1)>"  # ImageDescription
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=95, comment=b"<script>alert(1)</script>", exif=exif)
    data = buffer.getvalue()
    assert len(data) > 1_500_000 and PAGE_MARKERS.search(data)
    response = _editor_upload(editor, "anh-dai-hoi.jpg", "image/jpeg", data)
    assert response.status_code == 200, response.content
    # Megabytes of noise spell a short "<svg" by chance now and then: the planted markup is
    # what must be gone.
    planted = re.compile(re.escape(b"<script>alert(1)</script>") + b"|" + re.escape(b"<html><body"))
    assert len(_stored_files_are_images_only(client, planted)) == 1 + 2 * 5  # 320 … 1600 wide


def _inside_media(name):
    root = Path(settings.MEDIA_ROOT).resolve()
    return (root / name).resolve().is_relative_to(root)


def test_same_image_name_twice_gives_two_files_under_unguessable_names(editor, client):
    data = image_bytes(size=(800, 600))
    urls = []
    for _ in range(2):
        response = _editor_upload(editor, "../../../static/anh.jpg", "image/jpeg", data)
        assert response.status_code == 200, response.content
        urls.append(response.json()["url"])
    assert urls[0] != urls[1]
    for url in urls:
        assert url.startswith(settings.MEDIA_URL)
        name = url[len(settings.MEDIA_URL) :]
        # 128 random bits in the name; nothing of the name the file came with.
        assert re.search(r"/[0-9a-f]{32}-\d+x\d+\.jpg$", name), name
        assert "anh" not in name and ".." not in name
        assert _inside_media(name) and (Path(settings.MEDIA_ROOT) / name).is_file()
        # The application never serves uploads itself (the web server does, from media only).
        client.logout()
        assert client.get(url).status_code == 404
        assert client.get("/static/" + name.rsplit("/", 1)[-1]).status_code == 404


def test_same_pdf_name_twice_gives_two_files(secretariat, congress):
    for _ in range(2):
        response = _document(secretariat, congress, "../nghi-quyet.pdf", SAMPLE_PDF)
        assert response.status_code == 302, response.content.decode()[:3000]
    names = [d.file.name for d in congress.documents.all()]
    assert len(names) == 2 and names[0] != names[1]
    for name in names:
        assert re.fullmatch(r"congresses/documents/[0-9a-f]{32}\.pdf", name), name
        assert _inside_media(name) and (Path(settings.MEDIA_ROOT) / name).is_file()


def test_cover_and_photo_names_are_generated(editor, category, django_user_model):
    from news.models import Article

    for _ in range(2):
        response = _cover(editor, category, "bia.jpg", "image/jpeg", image_bytes(size=(800, 600)))
        assert response.status_code == 302
    names = [a.cover.name for a in Article.objects.all()]
    assert len(set(names)) == 2
    for name in names:
        assert re.fullmatch(r"news/\d{4}/\d{2}/[0-9a-f]{32}-800x600\.jpg", name), name
        assert _inside_media(name)


def _logo(client, union, name, content_type, data):
    with translation.override("en"):
        url = reverse("admin:unions_union_change", args=[union.pk])
    form = admin_form_data(client, url)
    form["logo"] = SimpleUploadedFile(name, data, content_type)
    return client.post(url, form)


@pytest.mark.parametrize(
    ("case", "name", "content_type", "data", "message"), HOSTILE_IMAGES, ids=IMAGE_IDS
)
def test_union_logo_refuses(secretariat, home_union, case, name, content_type, data, message):
    before = _files()
    data = png_bomb() if data is None else data
    response = _logo(secretariat, home_union, name, content_type, data)
    assert response.status_code == 200, case
    assert message in response.content.decode(), case
    home_union.refresh_from_db()
    assert not home_union.logo
    assert _files() == before


def test_video_files_get_generated_names():
    from news.video import video_upload_to

    first = video_upload_to(None, "../../phong-su.mp4")
    second = video_upload_to(None, "phong-su.mp4")
    assert first != second
    for name in (first, second):
        assert re.fullmatch(r"news/video/\d{4}/\d{2}/[0-9a-f]{32}\.mp4", name), name
    assert video_upload_to(None, "clip.WEBM").endswith(".webm")


def _nginx_blocks():
    text = (Path(settings.BASE_DIR) / "docs" / "operations.md").read_text()
    return re.findall(r"```nginx\n(.*?)```", text, re.S)


def _location(block, prefix):
    match = re.search(r"location\s+" + re.escape(prefix) + r"\s*\{(.*?)\}", block, re.S)
    if not match:
        return None
    body = re.sub(r"#[^\n]*", "", match[1])
    headers = dict(re.findall(r"add_header\s+(\S+)\s+(\S+?);", body))
    # Where the files come from: a folder, or a bucket of an object store (proxied).
    source = re.search(r"(?:alias|proxy_pass)\s+(\S+);", body)
    return {"headers": headers, "alias": source and source[1]}


def test_production_nginx_serves_pdfs_as_sandboxed_downloads():
    from congresses.files import DOCUMENTS_FOLDER

    blocks = [b for b in _nginx_blocks() if "location /media/" in b]
    assert len(blocks) == 3  # one server, several servers, media from an object store
    for block in blocks:
        media = _location(block, "/media/")
        documents = _location(block, f"/media/{DOCUMENTS_FOLDER}")
        assert documents, block
        # nginx picks the longest matching prefix: the PDFs' own location, on the same files.
        assert documents["alias"] == media["alias"] + DOCUMENTS_FOLDER
        assert documents["headers"] == {
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": "attachment",
            "Content-Security-Policy": "sandbox",
        }
        assert media["headers"] == {"X-Content-Type-Options": "nosniff"}


@pytest.fixture
def debug_media_urls(settings):
    """The root URLconf as DEBUG builds it (media served by the application)."""
    import importlib

    import portal.urls

    settings.DEBUG = True
    importlib.reload(portal.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(portal.urls)
    clear_url_caches()


def test_development_serves_pdfs_as_the_production_server_does(
    secretariat, congress, client, debug_media_urls
):
    assert _document(secretariat, congress, "nghi-quyet.pdf", SAMPLE_PDF).status_code == 302
    pdf = congress.documents.get().file
    image = _editor_upload(secretariat, "anh.png", "image/png", image_bytes("PNG", (40, 30)))
    client.logout()

    response = client.get(pdf.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SAMPLE_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    # The same file reached by another spelling of its path gets the same headers.
    detour = pdf.url.replace("/congresses/", "/news/../congresses/")
    response = client.get(detour)
    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment"

    response = client.get(image.json()["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")  # shown, not saved
    assert (
        not response.has_header("Content-Security-Policy")
        or "sandbox" not in response["Content-Security-Policy"]
    )


def test_media_headers_follow_the_path_as_nginx_normalises_it():
    from portal.media import headers_for

    for path in (
        "congresses/documents/a.pdf",
        "news/../congresses/documents/a.pdf",
        "congresses//documents/./a.pdf",
    ):
        assert headers_for(path)["Content-Disposition"] == "attachment", path
        assert headers_for(path)["Content-Security-Policy"] == "sandbox", path
    assert headers_for("news/2026/01/a.jpg") == {"X-Content-Type-Options": "nosniff"}
