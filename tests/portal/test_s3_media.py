"""Media in an S3-compatible store (portal/storage.py), against a real one on a loopback port
(moto in server mode, tests/s3.py): the settings read from the environment, an image with its
renditions stored, served to an anonymous reader and deleted, public and signed URLs, the
headers of downloads, and the portal's own /media/ URLs sent on to the store.

The same storage shared by two gunicorn servers: tests/scale/test_two_servers.py.
"""

import html as html_lib
import itertools
import re
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory

from portal.images import delete_image, media_path, process_upload, rendition_widths
from portal.media import redirect_media
from portal.storage import CACHE_CONTROL, MediaStorage, s3_settings
from tests.factories import image_bytes
from tests.s3 import S3Server, fetch

BUCKETS = itertools.count()


@pytest.fixture(scope="module")
def s3(tmp_path_factory):
    server = S3Server(tmp_path_factory.mktemp("s3"))
    yield server
    server.stop()


def use_bucket(settings, s3, urls):
    bucket = s3.create_bucket(f"media-{next(BUCKETS)}", public=urls == "public")
    storage, origins = s3_settings(s3.environment(bucket, urls), page_cache_seconds=300)
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    return bucket, origins


def picture_urls(name):
    html = Template("{% load images %}{% picture image %}").render(Context({"image": name}))
    return re.findall(r'(?:src|srcset)="([^"]+)"', html), html


def urls_of(attributes):
    return {
        html_lib.unescape(part.strip().split(" ")[0])
        for value in attributes
        for part in value.split(",")
    }


@pytest.mark.parametrize("urls", ["public", "signed"])
def test_an_image_and_its_renditions_are_stored_served_and_deleted(settings, s3, urls):
    bucket, origins = use_bucket(settings, s3, urls)
    name = process_upload(SimpleUploadedFile("anh.jpg", image_bytes(size=(1000, 600))))
    assert isinstance(default_storage._wrapped, MediaStorage)

    stored = s3.keys(bucket)
    # The original and, per width, a WebP and a JPEG rendition.
    assert name in stored
    assert len(stored) == 1 + 2 * len(rendition_widths(1000))

    attributes, html = picture_urls(name)
    urls_in_page = urls_of(attributes)
    # (A signed URL carries its time: the same file may appear with two signatures.)
    assert len({urlsplit(url).path for url in urls_in_page}) == 2 * len(rendition_widths(1000))
    for url in urls_in_page:
        parts = urlsplit(url)
        # Served by the store itself, from an origin the Content-Security-Policy allows.
        assert f"{parts.scheme}://{parts.netloc}" in origins
        assert parts.path.startswith(f"/{bucket}/")
        assert ("X-Amz-Signature=" in parts.query) == (urls == "signed")
        status, headers, body = fetch(url)
        assert status == 200, url
        assert headers["Content-Type"] in ("image/webp", "image/jpeg")
        assert headers["Cache-Control"] == CACHE_CONTROL
        assert body[:4] in (b"RIFF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")
    unsigned = f"{s3.endpoint}/{bucket}/{name}"
    assert fetch(unsigned)[0] == (200 if urls == "public" else 403)

    delete_image(name)
    assert s3.keys(bucket) == []
    for url in urls_in_page:
        assert fetch(url)[0] in (403, 404)


def test_documents_are_stored_as_downloads(settings, s3):
    bucket, _origins = use_bucket(settings, s3, "public")
    name = default_storage.save(
        "congresses/documents/2026/nghi-quyet.pdf", ContentFile(b"%PDF-1.7")
    )
    head = s3.client().head_object(Bucket=bucket, Key=name)
    assert head["ContentDisposition"] == "attachment"
    assert head["ContentType"] == "application/pdf"
    # Everything else is shown in the page.
    other = default_storage.save("images/x.txt", ContentFile(b"x"))
    assert "ContentDisposition" not in s3.client().head_object(Bucket=bucket, Key=other)


@pytest.mark.parametrize("urls", ["public", "signed"])
def test_the_portals_media_urls_lead_to_the_store(settings, s3, urls):
    """An inline image of an article is linked under MEDIA_URL (it must outlive a signature);
    readers get the store's renditions, and the plain link is sent on to the store."""
    use_bucket(settings, s3, urls)
    name = process_upload(
        SimpleUploadedFile("p.jpg", image_bytes(size=(700, 400))), "images/editor"
    )
    body = f'<figure class="image"><img src="{media_path(name)}" alt="x"></figure>'
    html = Template("{% load images %}{{ body|responsive_images }}").render(Context({"body": body}))
    assert "<picture>" in html and 'alt="x"' in html
    for url in urls_of(re.findall(r'(?:src|srcset)="([^"]+)"', html)):
        assert url.startswith(s3.endpoint)
        assert fetch(url)[0] == 200

    response = redirect_media(RequestFactory().get(media_path(name)), name)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{s3.endpoint}/")
    assert fetch(response["Location"])[0] == 200
    seconds = int(response["Cache-Control"].removeprefix("max-age="))
    assert seconds <= (3600 if urls == "public" else 86400 // 2)


CONFIGURATIONS = {
    "MinIO, path style": {"DJANGO_S3_ENDPOINT_URL": "https://s3.example.vn:9000"},
    "a provider, host per bucket": {
        "DJANGO_S3_ENDPOINT_URL": "https://hn.ss.example.vn",
        "DJANGO_S3_ADDRESSING_STYLE": "virtual",
    },
    "AWS": {"DJANGO_S3_REGION": "ap-southeast-1"},
    "AWS, signed": {"DJANGO_S3_REGION": "ap-southeast-1", "DJANGO_S3_URLS": "signed"},
    "AWS, no region": {},
}


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_the_csp_allows_the_origin_of_the_stores_urls(configuration):
    """The origin is computed from the settings alone: every URL the storage makes is under it
    (nothing is sent to the store to make a URL)."""
    environ = {
        "DJANGO_S3_BUCKET": "portal-media",
        "DJANGO_S3_ACCESS_KEY_ID": "k",
        "DJANGO_S3_SECRET_ACCESS_KEY": "s",
        **CONFIGURATIONS[configuration],
    }
    storage, origins = s3_settings(environ, page_cache_seconds=300)
    url = MediaStorage(**storage["OPTIONS"]).url("images/2026/05/a.jpg")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" in origins
    assert ("X-Amz-Signature=" in url) == (environ.get("DJANGO_S3_URLS") == "signed")


def test_a_custom_domain_serves_public_urls():
    environ = {"DJANGO_S3_BUCKET": "b", "DJANGO_S3_CUSTOM_DOMAIN": "huunghi.example.vn/media"}
    storage, origins = s3_settings(environ, page_cache_seconds=300)
    url = MediaStorage(**storage["OPTIONS"]).url("images/a.jpg")
    assert url == "https://huunghi.example.vn/media/images/a.jpg"
    assert origins == ["https://huunghi.example.vn"]


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"DJANGO_S3_URLS": "private"}, "DJANGO_S3_URLS must be one of public, signed"),
        (
            {"DJANGO_S3_URLS": "signed", "DJANGO_S3_CUSTOM_DOMAIN": "media.example.vn"},
            "cannot be used with DJANGO_S3_URLS=signed",
        ),
        (
            {"DJANGO_S3_URLS": "signed", "DJANGO_S3_URL_SECONDS": "300"},
            "longer than DJANGO_PAGE_CACHE_SECONDS",
        ),
        ({"DJANGO_S3_URLS": "signed", "DJANGO_S3_URL_SECONDS": "700000"}, "at most 604800"),
    ],
)
def test_settings_that_cannot_work_are_refused(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        s3_settings({"DJANGO_S3_BUCKET": "b", **environ}, page_cache_seconds=300)
