import datetime
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests import factories


@pytest.fixture
def make_article(category):
    """Articles in `category`, numbered from 1 within the test, each a day older than the
    one before (tests rely on the titles "Bài viết số 1", "… số 2" and on that order)."""
    numbers = itertools.count(1)

    def make(**kwargs):
        n = next(numbers)
        defaults = {
            "title_vi": f"Bài viết số {n}",
            "title_en": f"Article number {n}",
            "published_at": timezone.now() - datetime.timedelta(days=n),
        }
        kwargs.setdefault("category", category)
        return factories.article(**{**defaults, **kwargs})

    return make


@pytest.fixture
def writer(db):
    return factories.staff_user("writer1", "Writer")


@pytest.fixture
def other_writer(db):
    return factories.staff_user("writer2", "Writer")


@pytest.fixture
def editor(db):
    return factories.staff_user("editor1", "Editor")


@pytest.fixture
def jpeg_upload():
    return SimpleUploadedFile(
        "photo.jpg", factories.image_bytes(exif=True), content_type="image/jpeg"
    )
