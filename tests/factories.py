"""The objects many tests need, made one way: staff with a role, news categories,
published articles, images as bytes.

Plain functions on the real ORM. Defaults are unique per call where the database demands it
(slugs); a test that asserts a value passes it explicitly rather than relying on a default.
Models are imported inside the functions: conftest files import this module before Django
is set up.
"""

import datetime
import io
import itertools

DEFAULT_PASSWORD = "a-long-test-password"

_numbers = itertools.count(1)


def staff_user(username, role=None, password=DEFAULT_PASSWORD, **extra):
    """A staff account in the group `role` (a name from portal.roles; None: no group).
    `password=None` gives an unusable password, for tests that only force_login().
    `extra` goes to create_user (is_superuser=True, is_staff=False, email=…)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    extra.setdefault("is_staff", True)
    user = get_user_model().objects.create_user(username, password=password, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def category(**overrides):
    """A news category in both languages, with slugs no other call gives."""
    from news.models import Category

    n = next(_numbers)
    fields = {
        "name_vi": f"Chuyên mục {n}",
        "name_en": f"Category {n}",
        "slug_vi": f"chuyen-muc-{n}",
        "slug_en": f"category-{n}",
        **overrides,
    }
    return Category.objects.create(**fields)


_category = category  # `article` takes a parameter of that name


ARTICLE_RELATIONS = ("tags", "unions", "associations")


def article(category=None, **overrides):
    """A published article, dated a day ago, in Vietnamese and English (a new category
    unless one is given). Many-to-many relations go by name: unions=[…], associations=[…],
    tags=[…]. For a Vietnamese-only article pass title_en=""."""
    from django.utils import timezone

    from news.models import Article

    n = next(_numbers)
    fields = {
        "title_vi": f"Bài viết số {n}",
        "title_en": f"Article number {n}",
        "summary_vi": "Tóm tắt",
        "summary_en": "Summary",
        "body_vi": "<p>Nội dung</p>",
        "body_en": "<p>Body</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - datetime.timedelta(days=1),
        **overrides,
    }
    relations = {name: fields.pop(name) for name in ARTICLE_RELATIONS if name in fields}
    item = Article.objects.create(category=category or _category(), **fields)
    for name, values in relations.items():
        getattr(item, name).set(values)
    return item


def image_bytes(fmt="JPEG", size=(1200, 800), mode="RGB", exif=False, color=(200, 30, 30)):
    """A real image file's bytes. `exif=True` adds a camera make and a GPS position (what
    the upload processing must strip)."""
    from PIL import Image

    buffer = io.BytesIO()
    image = Image.new(mode, size, color if mode == "RGB" else None)
    kwargs = {}
    if exif:
        data = image.getexif()
        data[0x010F] = "SecretCamera"  # Make
        data[0x8825] = {2: (21.0, 1.0, 0.0)}  # GPS
        kwargs["exif"] = data
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()
