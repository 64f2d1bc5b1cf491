import datetime
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from albums.models import Album, Photo, Video
from tests.factories import image_bytes

_numbers = itertools.count(1)


def upload(name="anh.jpg", fmt="JPEG", size=(640, 480), **kwargs):
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}.get(fmt, "")
    return SimpleUploadedFile(name, image_bytes(fmt, size, **kwargs), content_type=content_type)


@pytest.fixture
def make_album(db):
    """make_album(photos=3, **fields): an album (published, in both languages unless
    title_en="") with `photos` photos of 400×300 pixels, captioned in both languages."""

    def make(photos=0, captions=True, **fields):
        n = next(_numbers)
        values = {
            "title_vi": f"Album số {n}",
            "title_en": f"Album number {n}",
            "date": datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            "is_published": True,
            **fields,
        }
        album = Album.objects.create(**values)
        for i in range(1, photos + 1):
            Photo.objects.create(
                album=album,
                image=upload(f"anh-{i}.jpg", size=(400, 300), color=(10 * i % 255, 80, 120)),
                caption_vi=f"Chú thích ảnh {i}" if captions else "",
                caption_en=f"Caption of photo {i}" if captions and values["title_en"] else "",
                order=i * 10,
            )
        return album

    return make


@pytest.fixture
def video_album(make_album):
    album = make_album(kind=Album.Kind.VIDEO, title_vi="Phóng sự video", title_en="Video report")
    Video.objects.create(
        album=album,
        title_vi="Giao lưu",
        title_en="An exchange",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        order=10,
    )
    return album
