"""Demo news: the five seed articles (with English translations) and marked sample articles.

Idempotent: categories, tags and articles are matched on their Vietnamese slug; a
cover image is only processed the first time (its renditions stay as they are).
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.utils import timezone
from django.utils.html import escape

from members.models import Association
from unions.demo import HOMES
from unions.models import SiteSettings, Union

from . import readings
from .demo_seeds import SEEDS
from .models import Article, ArticleReading, Category, Series, SeriesArticle, Tag

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "news"

# slug_vi, slug_en, name vi, name en, description vi, description en, is_video
CATEGORIES = [
    (
        "tin-tuc-su-kien",
        "news-and-events",
        "Tin tức & Sự kiện",
        "News & Events",
        "Hoạt động của Liên hiệp và các hội thành viên.",
        "The work of the union and its member associations.",
        False,
    ),
    (
        "doi-ngoai-nhan-dan",
        "people-to-people-diplomacy",
        "Đối ngoại nhân dân",
        "People-to-people diplomacy",
        "Hòa bình, đoàn kết, hữu nghị và hợp tác nhân dân.",
        "Peace, solidarity, friendship and people-to-people cooperation.",
        False,
    ),
    (
        "vien-tro-phi-chinh-phu-nuoc-ngoai",
        "foreign-ngo-aid",
        "Viện trợ phi chính phủ nước ngoài",
        "Foreign NGO aid",
        "Vận động và tiếp nhận viện trợ phi chính phủ nước ngoài.",
        "Mobilising and receiving foreign non-governmental aid.",
        False,
    ),
    (
        "nguoi-viet-nam-o-nuoc-ngoai",
        "overseas-vietnamese",
        "Người Việt Nam ở nước ngoài",
        "Overseas Vietnamese",
        "Kết nối kiều bào với quê hương.",
        "Connecting overseas Vietnamese with their homeland.",
        False,
    ),
    (
        "thong-tin-doi-ngoai",
        "external-information",
        "Thông tin đối ngoại",
        "External information",
        "Thông tin, tuyên truyền đối ngoại.",
        "External information and communication.",
        False,
    ),
    (
        "truyen-hinh",
        "video",
        "Truyền hình",
        "Video",
        "Phóng sự và video về đối ngoại nhân dân.",
        "Reports and videos on people-to-people diplomacy.",
        True,
    ),
]

TAGS = [
    ("dai-hoi", "congress", "Đại hội", "Congress"),
    ("bac-giang", "bac-giang", "Bắc Giang", "Bắc Giang"),
    ("hai-phong", "hai-phong", "Hải Phòng", "Hải Phòng"),
    ("cum-so-5", "cluster-no-5", "Cụm số 5", "Cluster No. 5"),
    ("vien-tro-pcpnn", "foreign-ngo-aid", "Viện trợ PCPNN", "Foreign NGO aid"),
    ("tong-ket-nam", "annual-review", "Tổng kết năm", "Annual review"),
    ("campuchia", "cambodia", "Campuchia", "Cambodia"),
    ("lao", "laos", "Lào", "Laos"),
]

SAMPLE_VI = "[Bài mẫu]"
SAMPLE_EN = "[Sample]"
SAMPLE_NOTE_VI = "<p><em>Đây là bài viết mẫu của trang demo, không phải tin thật.</em></p>"
SAMPLE_NOTE_EN = "<p><em>This is a sample article of the demo site, not real news.</em></p>"
# A seed's cover is a placeholder picture, not the newspaper's photo: its caption and credit
# (which name who is in the photo and who took it) would describe a photo that is not shown.
PLACEHOLDER_CAPTION_VI = "Ảnh minh họa (mẫu), không phải ảnh của bài gốc"
PLACEHOLDER_CAPTION_EN = "Placeholder picture (sample), not the original article's photo"

# (category slug, title vi, title en or None for Vietnamese only, image, association slugs)
SAMPLES = [
    (
        "tin-tuc-su-kien",
        "Hội hữu nghị Việt – Lào tỉnh tổ chức giao lưu văn hóa hữu nghị",
        "Provincial Vietnam–Laos Friendship Association holds a friendship cultural exchange",
        "meeting.png",
        ["viet-lao"],
    ),
    (
        "tin-tuc-su-kien",
        "Liên hiệp tổ chức tập huấn nghiệp vụ cho cán bộ hội cơ sở",
        "Union trains staff of its grassroots chapters",
        None,
        [],
    ),
    (
        "tin-tuc-su-kien",
        "Hội hữu nghị Việt – Nga tỉnh kỷ niệm ngày thành lập",
        "Provincial Vietnam–Russia Friendship Association marks its founding anniversary",
        "congress.png",
        ["viet-nga"],
    ),
    (
        "tin-tuc-su-kien",
        "Ban Thường vụ Liên hiệp họp phiên thường kỳ quý III",
        "The union's Standing Committee holds its third-quarter meeting",
        None,
        [],
    ),
    (
        "tin-tuc-su-kien",
        "Hội hữu nghị Việt – Đức tỉnh trao học bổng cho học sinh nghèo vượt khó",
        "Provincial Vietnam–Germany Friendship Association awards scholarships to needy pupils",
        "review.png",
        ["viet-duc"],
    ),
    (
        "tin-tuc-su-kien",
        "Liên hiệp phát động phong trào thi đua năm mới",
        "Union launches the new year's emulation movement",
        None,
        [],
    ),
    (
        "tin-tuc-su-kien",
        "Chi hội hữu nghị cấp xã ra mắt",
        "A commune friendship chapter is launched",
        "delegates.png",
        [],
    ),
    (
        "tin-tuc-su-kien",
        "Gặp mặt các hội viên tiêu biểu năm",
        "Meeting with the year's outstanding members",
        None,
        [],
    ),
    (
        "tin-tuc-su-kien",
        "Hội nghị Ban Chấp hành mở rộng bàn kế hoạch năm",
        "Enlarged Executive Committee meeting discusses the year's plan",
        "conference.png",
        [],
    ),
    (
        "tin-tuc-su-kien",
        "Liên hiệp thăm và tặng quà gia đình chính sách dịp Tết",
        "Union visits families of war invalids and martyrs for Tết",
        None,
        [],
    ),
    (
        "doi-ngoai-nhan-dan",
        "Giao lưu hữu nghị thanh niên Việt Nam – Hàn Quốc",
        "Vietnam–Korea youth friendship exchange",
        "conference.png",
        ["viet-han"],
    ),
    (
        "doi-ngoai-nhan-dan",
        "Đoàn đại biểu hữu nghị tỉnh bạn Lào thăm tỉnh",
        "A friendship delegation from a Lao partner province visits the province",
        None,
        ["viet-lao"],
    ),
    (
        "vien-tro-phi-chinh-phu-nuoc-ngoai",
        "Khởi công công trình nước sạch do tổ chức phi chính phủ nước ngoài tài trợ",
        "Work starts on a clean-water scheme funded by a foreign NGO",
        "delegates.png",
        [],
    ),
    (
        "vien-tro-phi-chinh-phu-nuoc-ngoai",
        "Hội nghị xúc tiến vận động viện trợ phi chính phủ nước ngoài",
        "Conference on mobilising foreign non-governmental aid",
        None,
        [],
    ),
    (
        "nguoi-viet-nam-o-nuoc-ngoai",
        "Liên hiệp gặp mặt kiều bào về quê ăn Tết",
        "The union meets overseas compatriots home for Tết",
        "overseas.png",
        [],
    ),
    (
        "nguoi-viet-nam-o-nuoc-ngoai",
        "Kiều bào giới thiệu nông sản của tỉnh tới thị trường châu Âu",
        "Overseas Vietnamese introduce the province's farm produce to European markets",
        None,
        [],
    ),
    (
        "thong-tin-doi-ngoai",
        "Phát hành bản tin thông tin đối ngoại số mới",
        "New issue of the external information newsletter",
        "review.png",
        [],
    ),
    (
        "thong-tin-doi-ngoai",
        "Tập huấn kỹ năng thông tin đối ngoại trên mạng xã hội",
        "Training in external information on social media",
        None,
        [],
    ),
    (
        "truyen-hinh",
        "Phóng sự: Một ngày cùng hội viên Hội hữu nghị Việt – Lào",
        "Report: a day with members of the Vietnam–Laos Friendship Association",
        "video.png",
        ["viet-lao"],
    ),
    (
        "truyen-hinh",
        "Video: Đêm văn nghệ giao lưu hữu nghị",
        "Video: a friendship arts evening",
        "video.png",
        [],
    ),
    # Vietnamese only: shows the language switcher's "no English version".
    ("tin-tuc-su-kien", "Thông báo lịch tiếp công dân của Liên hiệp", None, None, []),
]


# Series (Chuyên đề): the grouping is the demo's, so each is marked as a sample.
# (slug vi, slug en, title vi, title en, description vi, description en, article slugs in order)
SERIES = [
    (
        "mau-huu-nghi-viet-lao",
        "sample-vietnam-laos-friendship",
        "Hữu nghị Việt – Lào",
        "Vietnam–Laos friendship",
        "Chuyên đề mẫu của trang demo: các bài mẫu về quan hệ hữu nghị với tỉnh bạn Lào, "
        "theo thứ tự nên đọc.",
        "A sample series of the demo site: the sample articles on the friendship with a Lao "
        "partner province, in reading order.",
        ["bai-mau-01", "bai-mau-12", "bai-mau-19"],
    ),
    (
        "mau-van-dong-vien-tro-pcpnn",
        "sample-mobilising-foreign-ngo-aid",
        "Vận động viện trợ phi chính phủ nước ngoài",
        "Mobilising foreign NGO aid",
        "Chuyên đề mẫu của trang demo: một bài từ nguồn tin thật và hai bài mẫu về viện trợ "
        "phi chính phủ nước ngoài.",
        "A sample series of the demo site: one article from a real source and two sample "
        "articles on foreign non-governmental aid.",
        [
            "ngay-nhiem-ky-dau-van-dong-duoc-105-ty-dong-vien-tro-phi-chinh-phu-nuoc-ngoai",
            "bai-mau-14",
            "bai-mau-13",
        ],
    ),
]
SAMPLE_SERIES_VI = "[Mẫu]"
SAMPLE_SERIES_EN = "[Sample]"


def _paragraphs(lines):
    html = []
    for line in lines:
        if line.startswith("~"):
            html.append(f"<p><em>{escape(line[1:])}</em></p>")
        else:
            html.append(f"<p>{escape(line)}</p>")
    return "\n".join(html)


def _aware(value):
    return timezone.make_aware(value, timezone.get_default_timezone())


def _set_cover(article, image):
    if not image or article.cover:
        return
    with (FIXTURES / image).open("rb") as fh:
        article.cover = File(fh, name=image)
        article.save()


def _highlight(seed, home):
    """The home union's own seed leads the home page; a seed about the other demo home does
    not (its headline would read as the home union's news)."""
    slug = home.slug if home else None
    if slug in seed["unions"]:
        return True
    return seed["highlight"] and not any(s in HOMES for s in seed["unions"])


def load(stdout):
    categories = {}
    for position, (slug_vi, slug_en, name_vi, name_en, desc_vi, desc_en, is_video) in enumerate(
        CATEGORIES
    ):
        categories[slug_vi], _ = Category.objects.update_or_create(
            slug_vi=slug_vi,
            defaults={
                "slug_en": slug_en,
                "name_vi": name_vi,
                "name_en": name_en,
                "description_vi": desc_vi,
                "description_en": desc_en,
                "position": position,
                "is_video": is_video,
            },
        )
    tags = {}
    for slug_vi, slug_en, name_vi, name_en in TAGS:
        tags[slug_vi], _ = Tag.objects.update_or_create(
            slug_vi=slug_vi, defaults={"slug_en": slug_en, "name_vi": name_vi, "name_en": name_en}
        )
    unions = {u.slug: u for u in Union.objects.all()}
    # The sample articles are the home union's: unions/demo.py chose it (Bắc Giang by default).
    home = SiteSettings.current().home_union or unions.get("bac-giang")
    associations = {a.slug: a for a in Association.objects.filter(union=home)}

    for seed in SEEDS:
        article, _ = Article.objects.update_or_create(
            slug_vi=seed["slug_vi"],
            defaults={
                "slug_en": seed["slug_en"],
                "title_vi": seed["title_vi"],
                "title_en": seed["title_en"],
                "summary_vi": seed["summary_vi"],
                "summary_en": seed["summary_en"],
                "body_vi": _paragraphs(seed["body_vi"]),
                "body_en": _paragraphs(seed["body_en"]),
                "cover_caption_vi": PLACEHOLDER_CAPTION_VI if seed["image"] else "",
                "cover_caption_en": PLACEHOLDER_CAPTION_EN if seed["image"] else "",
                "cover_credit": "",
                "category": categories[seed["category"]],
                "author": seed["author"],
                "source_name": seed["source_name"],
                "source_url": seed["source_url"],
                "status": Article.Status.PUBLISHED,
                "published_at": _aware(seed["published_at"]),
                "is_highlight": _highlight(seed, home),
                "view_count": seed["view_count"],
            },
        )
        article.tags.set([tags[t] for t in seed["tags"]])
        article.unions.set([unions[s] for s in seed["unions"] if s in unions])
        article.associations.set(
            [associations[s] for s in seed["associations"] if s in associations]
        )
        _set_cover(article, seed["image"])

    start = _aware(datetime.datetime(2024, 3, 4, 8, 30))
    for index, (category, title_vi, title_en, image, assoc) in enumerate(SAMPLES):
        title_vi = f"{SAMPLE_VI} {title_vi}"
        summary_vi = "Bài viết mẫu minh hoạ chuyên mục và cách trình bày của cổng thông tin."
        article, _ = Article.objects.update_or_create(
            slug_vi=f"bai-mau-{index + 1:02d}",
            defaults={
                "slug_en": f"sample-{index + 1:02d}" if title_en else None,
                "title_vi": title_vi,
                "title_en": f"{SAMPLE_EN} {title_en}" if title_en else "",
                "summary_vi": summary_vi,
                "summary_en": (
                    "A sample article showing the portal's categories and layout."
                    if title_en
                    else ""
                ),
                "body_vi": SAMPLE_NOTE_VI
                + "<p>Nội dung mẫu: Liên hiệp các tổ chức hữu nghị tỉnh tiếp tục thực hiện phương châm “Chủ động, linh hoạt, sáng tạo, hiệu quả” trong công tác đối ngoại nhân dân.</p>",
                "body_en": (
                    SAMPLE_NOTE_EN
                    + "<p>Sample text: the provincial Union of Friendship Organizations keeps to the motto “Proactive, flexible, creative, effective” in its people-to-people diplomacy.</p>"
                    if title_en
                    else ""
                ),
                "category": categories[category],
                # A byline is printed as written, in both languages: a name, not a phrase.
                "author": "Hoàng Minh Anh",
                "status": Article.Status.PUBLISHED,
                "published_at": start + datetime.timedelta(days=23 * index, hours=index % 5),
                # Highlights (the ticker and the lead story) are the real articles.
                "is_highlight": False,
            },
        )
        article.unions.set([home] if home else [])
        article.associations.set([associations[s] for s in assoc if s in associations])
        _set_cover(article, image)

    _load_series()
    _load_readings()

    stdout.write(
        f"news: {Category.objects.count()} categories, "
        f"{Article.objects.count()} articles ({len(SEEDS)} from the seeds)"
    )


def _load_series():
    for slug_vi, slug_en, title_vi, title_en, desc_vi, desc_en, slugs in SERIES:
        series, _ = Series.objects.update_or_create(
            slug_vi=slug_vi,
            defaults={
                "slug_en": slug_en,
                "title_vi": f"{SAMPLE_SERIES_VI} {title_vi}",
                "title_en": f"{SAMPLE_SERIES_EN} {title_en}",
                "description_vi": desc_vi,
                "description_en": desc_en,
            },
        )
        articles = {a.slug_vi: a for a in Article.objects.filter(slug_vi__in=slugs)}
        for position, slug in enumerate(slugs, start=1):
            if slug in articles:
                SeriesArticle.objects.update_or_create(
                    series=series, article=articles[slug], defaults={"position": position * 10}
                )


def _load_readings():
    """Readings of the last 30 days for the sample articles only (the seeds keep the views
    their source counted): the "most read" lists list marked samples, never a real article
    ranked by invented numbers. Made again on every load, ending today; each sample's total
    is its days' sum."""
    samples = list(Article.objects.filter(slug_vi__startswith="bai-mau-").order_by("slug_vi"))
    ArticleReading.objects.filter(article__in=samples).delete()
    today = readings.today()
    rows = []
    for n, article in enumerate(samples):
        for back in range(30):
            # A few articles read a lot this week, others a few weeks ago: the two lists
            # differ.
            count = (n * 7 + back * 3) % 11
            if back < 7 and n < 5:
                count += 12 - n
            elif back >= 7 and 9 <= n < 14:
                count += 9 - n % 9
            if count:
                rows.append(
                    ArticleReading(
                        article=article, day=today - datetime.timedelta(days=back), count=count
                    )
                )
    ArticleReading.objects.bulk_create(rows)
    for article in samples:
        total = sum(r.count for r in rows if r.article_id == article.pk)
        Article.objects.filter(pk=article.pk).update(view_count=total)
