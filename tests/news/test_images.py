"""portal.images: every upload checked by content, cleaned, renamed, resized."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from PIL import Image

from portal.images import parse_name, process_upload, validate_image
from tests.factories import image_bytes


def test_jpeg_is_stored_under_generated_name_without_exif_with_renditions(db):
    upload = SimpleUploadedFile("My Photo (1).jpg", image_bytes(size=(1500, 1000), exif=True))
    name = process_upload(upload)
    assert "My Photo" not in name
    assert parse_name(name) == (1500, 1000, "jpg")
    with default_storage.open(name) as fh:
        stored = Image.open(fh)
        stored.load()
        assert dict(stored.getexif()) == {}
        assert stored.size == (1500, 1000)
    folder, base = name.rsplit("/", 1)
    key = base.split("-")[0]
    for width in (320, 640, 960, 1280, 1500):
        for ext in ("webp", "jpg"):
            path = f"{folder}/r/{key}-{width}.{ext}"
            assert default_storage.exists(path), path
            with default_storage.open(path) as fh:
                assert Image.open(fh).size[0] == width
    # Never upscaled beyond the original.
    assert not default_storage.exists(f"{folder}/r/{key}-1920.webp")


def test_png_with_transparency_keeps_a_png_fallback(db):
    name = process_upload(SimpleUploadedFile("a.png", image_bytes("PNG", (400, 300), "RGBA")))
    assert name.endswith("-400x300.png")
    folder, base = name.rsplit("/", 1)
    key = base.split("-")[0]
    assert default_storage.exists(f"{folder}/r/{key}-320.png")
    assert default_storage.exists(f"{folder}/r/{key}-400.webp")


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_gif_and_webp_are_accepted(db, fmt):
    name = process_upload(SimpleUploadedFile("x.bin", image_bytes(fmt, (100, 80))))
    assert parse_name(name)[:2] == (100, 80)


def test_a_file_that_is_not_an_image_is_refused_even_with_an_image_name():
    with translation.override("vi"), pytest.raises(ValidationError) as info:
        validate_image(SimpleUploadedFile("evil.jpg", b"<?php echo 1; ?>" * 10))
    assert "không phải ảnh" in info.value.messages[0]


def test_other_formats_are_refused():
    with pytest.raises(ValidationError) as info:
        validate_image(SimpleUploadedFile("a.bmp", image_bytes("BMP", (10, 10))))
    assert info.value.code == "format"


def test_more_than_ten_megabytes_is_refused():
    upload = SimpleUploadedFile("big.jpg", image_bytes() + b"\0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as info:
        validate_image(upload)
    assert info.value.code == "too_large"


def test_more_than_forty_megapixels_is_refused():
    upload = SimpleUploadedFile("wide.png", image_bytes("PNG", (8000, 6000), "1"))
    assert upload.size < 1024 * 1024  # small on disk, huge in memory
    with pytest.raises(ValidationError) as info:
        validate_image(upload)
    assert info.value.code == "too_many_pixels"
    with translation.override("en"):
        assert "(8000 × 6000); the limit is 40 megapixels" in info.value.messages[0]


def test_decompression_bomb_is_a_clean_refusal():
    # 30,000 × 30,000 pixels: past Pillow's own bomb limit, a few kilobytes compressed.
    upload = SimpleUploadedFile("bomb.png", image_bytes("PNG", (30000, 30000), "1"))
    with pytest.raises(ValidationError) as info:
        validate_image(upload)
    assert info.value.code == "too_many_pixels"


def test_picture_tag_writes_webp_and_fallback_srcsets(db):
    name = process_upload(SimpleUploadedFile("p.jpg", image_bytes(size=(1000, 500))))
    html = Template('{% load images %}{% picture name alt="Đại hội" sizes="100vw" %}').render(
        Context({"name": name})
    )
    assert '<source type="image/webp" srcset="' in html
    assert "-320.webp 320w" in html and "-1000.webp 1000w" in html
    assert "-640.jpg 640w" in html
    assert 'alt="Đại hội"' in html and 'width="1000" height="500"' in html


def test_responsive_images_filter_rewrites_editor_images(db):
    name = process_upload(SimpleUploadedFile("p.jpg", image_bytes(size=(700, 400))))
    body = f'<figure class="image"><img src="{default_storage.url(name)}" alt="x"></figure>'
    html = Template("{% load images %}{{ body|responsive_images }}").render(Context({"body": body}))
    assert "<picture>" in html and "-640.webp 640w" in html and 'alt="x"' in html


class TestEditorUpload:
    def url(self):
        with translation.override("vi"):
            return reverse("news:editor_upload")

    def test_anonymous_and_non_staff_cannot_upload(self, client, django_user_model, jpeg_upload):
        assert client.post(self.url(), {"upload": jpeg_upload}).status_code == 403
        user = django_user_model.objects.create_user("reader", password="x-pass-12345!")
        client.force_login(user)
        assert client.post(self.url(), {"upload": jpeg_upload}).status_code == 403

    def test_staff_upload_answers_with_the_url_ckeditor_expects(self, client, writer, jpeg_upload):
        client.force_login(writer)
        response = client.post(self.url(), {"upload": jpeg_upload})
        assert response.status_code == 200
        url = json.loads(response.content)["url"]
        name = url.removeprefix("/media/")
        assert parse_name(name) == (1200, 800, "jpg")
        with default_storage.open(name) as fh:
            assert dict(Image.open(fh).getexif()) == {}

    def test_bad_upload_gets_a_localized_json_error(self, client, writer):
        client.force_login(writer)
        bomb = SimpleUploadedFile("bomb.png", image_bytes("PNG", (30000, 30000), "1"))
        response = client.post(self.url(), {"upload": bomb})
        assert response.status_code == 400
        assert "megapixel" in json.loads(response.content)["error"]["message"]

    def test_the_editor_widget_posts_to_the_portal_view(self, client, writer):
        client.force_login(writer)
        html = client.get("/vi/admin/news/article/add/").content.decode()
        assert f'data-upload-url="{self.url()}"' in html


def test_cover_upload_through_the_model_field_is_processed(make_article, jpeg_upload):
    article = make_article(cover=jpeg_upload)
    assert parse_name(article.cover.name) == (1200, 800, "jpg")
    assert article.cover.name.startswith("news/")
