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


def pdf_bytes(catalog=b"", objects=(), packed=(), padding=0):
    """A real one-page PDF. `catalog` is added to the catalog's dictionary, `objects` are
    numbered from 6 on (1 catalog, 2 pages, 3 page, 4 font, 5 page content), and the
    objects numbered in `packed` go into one compressed object stream (/Type /ObjStm,
    PDF 1.5), listed by a cross-reference stream as producers write them today; `padding`
    MB of spaces after its objects make that stream a decompression bomb."""
    import zlib

    content = b"BT /F1 14 Tf 60 780 Td (Nghi quyet Dai hoi) Tj ET"
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        *objects,
    ]
    packed = sorted(packed)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in enumerate(bodies, 1):
        if number not in packed:
            offsets[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    if not packed:
        start = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
        out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, len(bodies) + 1))
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(bodies) + 1)
        return bytes(out + b"startxref\n%d\n%%%%EOF\n" % start)

    stream_number, xref_number = len(bodies) + 1, len(bodies) + 2
    head, payload = [], b""
    for number in packed:
        head.append(b"%d %d" % (number, len(payload)))
        payload += bodies[number - 1] + b"\n"
    head = b" ".join(head) + b"\n"
    compressor = zlib.compressobj(9)
    data = compressor.compress(head + payload)
    data += b"".join(compressor.compress(b" " * (1 << 20)) for _ in range(padding))
    data += compressor.flush()
    offsets[stream_number] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        stream_number,
        len(packed),
        len(head),
        len(data),
    )
    out += b"stream\n" + data + b"\nendstream\nendobj\n"
    rows = b"\x00\x00\x00\x00\x00\xff\xff"  # object 0: the head of the free list
    for number in range(1, xref_number + 1):
        if number in packed:
            rows += b"\x02" + stream_number.to_bytes(4, "big") + packed.index(number).to_bytes(2)
        elif number == xref_number:
            rows += b"\x01" + len(out).to_bytes(4, "big") + b"\x00\x00"
        else:
            rows += b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00"
    rows = zlib.compress(rows)
    start = len(out)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode " % (
        xref_number,
        xref_number + 1,
    )
    out += b"/Length %d >>\nstream\n" % len(rows) + rows + b"\nendstream\nendobj\n"
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % start)


def article_form_data(category, **extra):
    """What the admin's article form posts for a Vietnamese-only draft in `category`;
    `extra` sets or adds fields (status="published", cover=upload, title_en=…)."""
    return {
        "title_vi": "Hội hữu nghị Việt – Lào gặp mặt",
        "title_en": "",
        "slug_vi": "",
        "slug_en": "",
        "summary_vi": "Tóm tắt",
        "summary_en": "",
        "body_vi": "<p>Nội dung</p>",
        "body_en": "",
        "cover_caption_vi": "",
        "cover_caption_en": "",
        "cover_credit": "",
        "video_url": "",
        "category": category.pk,
        "author": "Phóng viên",
        "source_name": "",
        "source_url": "",
        "status": "draft",
        **extra,
    }
