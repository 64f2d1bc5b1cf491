"""Demo albums: sample photos drawn here with Pillow, each marked as a sample on the picture
itself (in both languages) and in its caption (in the reader's language), in albums whose
titles say so too.

The one fact used is the home union's seed (unions.demo.home_slug): the date of its latest
congress, Bắc Giang's 5th Congress of Delegates on 8–9 August 2023 (seed 000) or Tây Ninh's 2nd
on 18 August 2022 (seed 003); that album links the congress and the seed article. Each run
removes the other home union's congress album. The other albums are wholly invented and
linked to sample articles only (the home union's, news.demo). There is no demo video album:
the demo's video articles carry no video link to reuse, and a link to someone else's video
would be a claim the demo cannot make.

Idempotent: albums are matched on their Vietnamese slug, and an album's photos are drawn and
processed only when it has none.
"""

import datetime
import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from congresses.models import Congress
from news.models import Article
from unions.demo import home_slug

from .models import Album, Photo

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
# The portal's font comes in two subsets (static/css/site.css): a character of the Vietnamese
# subset's ranges is drawn with it, any other with the Latin one.
VIETNAMESE_RANGES = (
    (0x0102, 0x0103),
    (0x0110, 0x0111),
    (0x0128, 0x0129),
    (0x0168, 0x0169),
    (0x01A0, 0x01A1),
    (0x01AF, 0x01B0),
    (0x0300, 0x0309),
    (0x0323, 0x0329),
    (0x1EA0, 0x1EF9),
    (0x20AB, 0x20AB),
)
LABEL = ("ẢNH MẪU", "SAMPLE PHOTO")
# Large enough for the viewer on a desktop, small enough that the demo draws and renders its
# photos in a few seconds (three renditions each).
WIDE, TALL = (960, 640), (640, 960)

BAC_GIANG_SEED = "lien-hiep-huu-nghi-tinh-bac-giang-chu-dong-linh-hoat-sang-tao-hieu-qua"
TAY_NINH_SEED = "ngay-nhiem-ky-dau-van-dong-duoc-105-ty-dong-vien-tro-phi-chinh-phu-nuoc-ngoai"

# An album: slug_vi, title_vi, title_en ("" for Vietnamese only), date, description vi, en,
# (background colours), photos (width, height), congress (union slug, ordinal), article slugs.
# The home union's congress album, after its seed:
CONGRESS_ALBUMS = {
    "bac-giang": {
        "slug_vi": "dai-hoi-lien-hiep-bac-giang-lan-thu-v-anh-mau",
        "title_vi": "Đại hội đại biểu Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang lần thứ V "
        "(ảnh mẫu)",
        "title_en": "5th Congress of Delegates of the Bắc Giang Union of Friendship "
        "Organizations (sample photos)",
        "date": datetime.date(2023, 8, 8),
        "description_vi": "Album mẫu của trang demo: các ảnh là hình minh hoạ do máy vẽ, không "
        "phải ảnh thật của Đại hội. Đại hội diễn ra trong hai ngày 8–9/8/2023.",
        "description_en": "A sample album of the demo site: the pictures are drawn by a "
        "computer, not real photos of the congress. The congress was held on 8–9 August 2023.",
        "colours": ((11, 79, 138), (179, 20, 31)),
        "photos": [WIDE] * 3 + [TALL, WIDE],
        "congress": ("bac-giang", 5),
        "articles": [BAC_GIANG_SEED],
    },
    "tay-ninh": {
        "slug_vi": "dai-hoi-lien-hiep-tay-ninh-lan-thu-ii-anh-mau",
        "title_vi": "Đại hội đại biểu Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh lần thứ II "
        "(ảnh mẫu)",
        "title_en": "2nd Congress of Delegates of the Tây Ninh Union of Friendship "
        "Organizations (sample photos)",
        "date": datetime.date(2022, 8, 18),
        "description_vi": "Album mẫu của trang demo: các ảnh là hình minh hoạ do máy vẽ, không "
        "phải ảnh thật của Đại hội. Đại hội diễn ra ngày 18/8/2022.",
        "description_en": "A sample album of the demo site: the pictures are drawn by a "
        "computer, not real photos of the congress. The congress was held on 18 August 2022.",
        "colours": ((8, 54, 94), (30, 122, 60)),
        "photos": [WIDE] * 2 + [TALL, WIDE],
        "congress": ("tay-ninh", 2),
        "articles": [TAY_NINH_SEED],
    },
}
# Every home union's: invented, and linked to sample articles only.
SAMPLE_ALBUMS = [
    {
        "slug_vi": "giao-luu-huu-nghi-album-mau",
        "title_vi": "Giao lưu hữu nghị (album mẫu)",
        "title_en": "A friendship exchange (sample album)",
        "date": datetime.date(2024, 3, 4),
        "description_vi": "Album mẫu minh hoạ cách trình bày thư viện ảnh của cổng thông tin; "
        "ảnh do máy vẽ, không phải ảnh thật.",
        "description_en": "A sample album showing how the portal's gallery looks; the pictures "
        "are drawn by a computer, not real photos.",
        "colours": ((30, 122, 60), (8, 54, 94)),
        "photos": [WIDE, WIDE, TALL, WIDE] * 2 + [WIDE, TALL],
        "congress": None,
        "articles": ["bai-mau-01"],
    },
    {
        "slug_vi": "tap-huan-nghiep-vu-album-mau",
        "title_vi": "Tập huấn nghiệp vụ cho cán bộ hội cơ sở (album mẫu)",
        "title_en": "",
        "date": datetime.date(2024, 3, 27),
        "description_vi": "Album mẫu chỉ có tiếng Việt; ảnh do máy vẽ, không phải ảnh thật.",
        "description_en": "",
        "colours": ((120, 60, 140), (255, 210, 74)),
        "photos": [WIDE] * 3,
        "congress": None,
        "articles": ["bai-mau-02"],
    },
]


def _fonts(size):
    try:
        return (
            ImageFont.truetype(str(FONTS / "be-vietnam-pro-latin-700-normal.woff2"), size),
            ImageFont.truetype(str(FONTS / "be-vietnam-pro-vietnamese-700-normal.woff2"), size),
        )
    except OSError:  # a FreeType without WOFF2: Pillow's own font (no Vietnamese marks)
        font = ImageFont.load_default(size=size)
        return font, font


def _is_vietnamese(char):
    return any(start <= ord(char) <= end for start, end in VIETNAMESE_RANGES)


def _draw_text(draw, centre_x, y, text, fonts, fill):
    """`text` centred on `centre_x`, each character in the subset that has it."""
    latin, vietnamese = fonts
    pieces = [(char, vietnamese if _is_vietnamese(char) else latin) for char in text]
    width = sum(font.getlength(char) for char, font in pieces)
    x = centre_x - width / 2
    for char, font in pieces:
        draw.text((x, y), char, font=font, fill=fill)
        x += font.getlength(char)


def sample_image(number, total, size, colours):
    """A JPEG: a gradient between the album's two colours, a few shapes, and the label
    "ẢNH MẪU / SAMPLE PHOTO" with the photo's number."""
    width, height = size
    first, second = colours
    shade = number / max(total, 1)
    mask = Image.linear_gradient("L").resize(size).rotate(30 * number, expand=False)
    image = Image.composite(
        Image.new("RGB", size, first), Image.new("RGB", size, second), mask
    ).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(5):
        radius = int(min(size) * (0.08 + 0.03 * i))
        cx = int(width * ((i * 0.21 + shade) % 1))
        cy = int(height * (0.25 + 0.12 * i))
        tone = tuple(min(255, c + 60) for c in (first if i % 2 else second))
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=tone, width=6)
    band = int(height * 0.34)
    top = (height - band) // 2
    draw.rectangle((0, top, width, top + band), fill=(255, 255, 255))
    big, small = _fonts(int(band * 0.3)), _fonts(int(band * 0.16))
    _draw_text(draw, width / 2, top + band * 0.08, LABEL[0], big, (179, 20, 31))
    _draw_text(draw, width / 2, top + band * 0.45, LABEL[1], small, (8, 54, 94))
    _draw_text(draw, width / 2, top + band * 0.7, f"{number} / {total}", small, (28, 36, 48))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _captions(number, total, title_en):
    vi = f"Ảnh mẫu {number}/{total}: hình minh hoạ do máy vẽ, không phải ảnh thật."
    en = (
        f"Sample photo {number} of {total}: a picture drawn by a computer, not a real photo."
        if title_en
        else ""
    )
    return vi, en


def albums_of(home):
    return [CONGRESS_ALBUMS[home], *SAMPLE_ALBUMS]


def load(stdout):
    home = home_slug()
    others = [spec["slug_vi"] for slug, spec in CONGRESS_ALBUMS.items() if slug != home]
    Album.objects.filter(slug_vi__in=others).delete()
    made = 0
    for spec in albums_of(home):
        congress = None
        if spec["congress"]:
            union_slug, ordinal = spec["congress"]
            congress = Congress.objects.filter(union__slug=union_slug, ordinal=ordinal).first()
        album, _created = Album.objects.update_or_create(
            slug_vi=spec["slug_vi"],
            defaults={
                "kind": Album.Kind.PHOTO,
                "title_vi": spec["title_vi"],
                "title_en": spec["title_en"],
                "description_vi": spec["description_vi"],
                "description_en": spec["description_en"],
                "date": spec["date"],
                "congress": congress,
                "is_published": True,
            },
        )
        album.articles.set(Article.objects.filter(slug_vi__in=spec["articles"]))
        if album.photos.exists():
            continue
        total = len(spec["photos"])
        for number, size in enumerate(spec["photos"], 1):
            caption_vi, caption_en = _captions(number, total, spec["title_en"])
            upload = SimpleUploadedFile(
                f"mau-{number:02d}.jpg",
                sample_image(number, total, size, spec["colours"]),
                content_type="image/jpeg",
            )
            Photo.objects.create(
                album=album,
                image=upload,
                caption_vi=caption_vi,
                caption_en=caption_en,
                order=number * 10,
            )
            made += 1
    stdout.write(f"albums: {Album.objects.count()} albums, {made} sample photos drawn")
