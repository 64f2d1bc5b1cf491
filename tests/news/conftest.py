import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image


@pytest.fixture
def category(db):
    from news.models import Category

    return Category.objects.create(
        name_vi="Tin tức & Sự kiện",
        name_en="News & Events",
        slug_vi="tin-tuc-su-kien",
        slug_en="news-and-events",
    )


@pytest.fixture
def make_article(category):
    from news.models import Article

    counter = iter(range(1, 100000))

    def make(**kwargs):
        n = next(counter)
        defaults = {
            "title_vi": f"Bài viết số {n}",
            "title_en": f"Article number {n}",
            "summary_vi": "Tóm tắt",
            "summary_en": "Summary",
            "body_vi": "<p>Nội dung</p>",
            "body_en": "<p>Body</p>",
            "category": category,
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() - datetime.timedelta(days=n),
        }
        defaults.update(kwargs)
        return Article.objects.create(**defaults)

    return make


def _user(django_user_model, username, role):
    user = django_user_model.objects.create_user(
        username=username, password="x-pass-12345!", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def writer(db, django_user_model):
    return _user(django_user_model, "writer1", "Writer")


@pytest.fixture
def other_writer(db, django_user_model):
    return _user(django_user_model, "writer2", "Writer")


@pytest.fixture
def editor(db, django_user_model):
    return _user(django_user_model, "editor1", "Editor")


def image_bytes(fmt="JPEG", size=(1200, 800), mode="RGB", exif=False):
    buffer = io.BytesIO()
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None)
    kwargs = {}
    if exif:
        data = image.getexif()
        data[0x010F] = "SecretCamera"  # Make
        data[0x8825] = {2: (21.0, 1.0, 0.0)}  # GPS
        kwargs["exif"] = data
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


@pytest.fixture
def jpeg_upload():
    return SimpleUploadedFile("photo.jpg", image_bytes(exif=True), content_type="image/jpeg")
