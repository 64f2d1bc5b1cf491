"""Demo events, after the seeds in ../shared/seeds (loaded after unions, members and news).

From the seeds, each for the union it is about and linked to its seed article: Bắc Giang's 5th
Congress of Delegates (8–9 August 2023), the 2022 conference of Cluster No. 5 in Đồng Tháp
(27 May 2022, chaired by VUFO's Vice President and Secretary General, so VUFO is its organiser
here: the seed names no host), Tây Ninh's 2nd Congress of Delegates (18 August 2022), Hải
Phòng's 2022 annual review conference (morning of 9 January 2023) and Tuyên Quang's 2020 annual
review conference (afternoon of 13 January 2021). The seeds give days, not hours: these are
all-day events, and a place only where the seed names it.

Everything else is SAMPLE and says so in its title in both languages ("(mẫu)" / "(sample)"):
the home union's (unions.demo.home_slug) and its associations' events around the day the demo
is loaded (so that the upcoming list and this month's calendar always have something to show),
and past events dated just before the sample articles written about them (the home union's,
news.demo). Their places name only the home province; Tây Ninh's partners are Cambodian and
Lao, as in its seed and its sample associations (members.demo).

Idempotent: events are matched on their slug; the sample events move with the day of loading,
and each run removes the other home union's samples.
"""

import datetime

from django.utils import timezone

from members.models import Association
from news.models import Article
from unions.demo import home_slug
from unions.models import Union

from .models import Event, local_zone

SAMPLE_VI = "(mẫu)"
SAMPLE_EN = "(sample)"
SAMPLE_NOTE = "Dữ liệu mẫu (demo): sự kiện không có thật. Sample data: not a real event."
K = Event.Kind

# slug, kind, organiser ("union:slug" or "association:slug"), first and last day, title vi,
# title en, summary vi, summary en, place vi, place en, seed article slug
SEEDED = [
    (
        "dai-hoi-lien-hiep-huu-nghi-bac-giang-lan-thu-v",
        K.CONGRESS,
        "union:bac-giang",
        datetime.date(2023, 8, 8),
        datetime.date(2023, 8, 9),
        "Đại hội đại biểu Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang lần thứ V, nhiệm kỳ 2023–2028",
        "5th Congress of Delegates of the Bắc Giang Union of Friendship Organizations, term 2023–2028",
        "Đại hội tổng kết nhiệm kỳ qua và đề ra 6 nhóm nhiệm vụ, giải pháp cho nhiệm kỳ 2023–2028; ông Trần Công Thắng tiếp tục được bầu làm Chủ tịch Liên hiệp.",
        "The congress reviewed the past term and set six groups of tasks and solutions for the term 2023–2028; Mr Trần Công Thắng was re-elected President of the union.",
        "",
        "",
        "lien-hiep-huu-nghi-tinh-bac-giang-chu-dong-linh-hoat-sang-tao-hieu-qua",
    ),
    (
        "hoi-nghi-chia-se-kinh-nghiem-doi-ngoai-nhan-dan-cum-so-5-nam-2022",
        K.CONFERENCE,
        "union:vufo",
        datetime.date(2022, 5, 27),
        datetime.date(2022, 5, 27),
        "Hội nghị chia sẻ kinh nghiệm công tác đối ngoại nhân dân năm 2022 Cụm số 5",
        "2022 Cluster No. 5 conference on sharing people-to-people diplomacy experience",
        "Lãnh đạo 10 Liên hiệp các tổ chức hữu nghị tỉnh, thành Cụm số 5 chia sẻ kinh nghiệm công tác đối ngoại nhân dân và vận động viện trợ phi chính phủ nước ngoài; ông Phan Anh Sơn, Phó Chủ tịch – Tổng Thư ký VUFO, chủ trì.",
        "The leaders of the ten provincial and city Unions of Friendship Organizations of Cluster No. 5 shared their experience of people-to-people diplomacy and of mobilising foreign non-governmental aid; Mr Phan Anh Sơn, Vice President and Secretary General of VUFO, chaired.",
        "Đồng Tháp",
        "Đồng Tháp",
        "hoi-nghi-chia-se-kinh-nghiem-cong-tac-doi-ngoai-nhan-dan-cum-so-5",
    ),
    (
        "dai-hoi-lien-hiep-huu-nghi-tay-ninh-lan-thu-ii",
        K.CONGRESS,
        "union:tay-ninh",
        datetime.date(2022, 8, 18),
        datetime.date(2022, 8, 18),
        "Đại hội đại biểu Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh lần thứ II, nhiệm kỳ 2022–2027",
        "2nd Congress of Delegates of the Tây Ninh Union of Friendship Organizations, term 2022–2027",
        "Đại hội tổng kết nhiệm kỳ đầu tiên 2017–2022, trong đó Liên hiệp đã vận động được 105 tỷ đồng viện trợ phi chính phủ nước ngoài; ông Nguyễn Văn Doanh, Phó Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam, dự và phát biểu chỉ đạo.",
        "The congress reviewed the union's first term, 2017–2022, in which it mobilised VND 105 billion of foreign non-governmental aid; Mr Nguyễn Văn Doanh, Vice President of the Vietnam Union of Friendship Organizations, attended and addressed it.",
        "",
        "",
        "ngay-nhiem-ky-dau-van-dong-duoc-105-ty-dong-vien-tro-phi-chinh-phu-nuoc-ngoai",
    ),
    (
        "hoi-nghi-tong-ket-nam-2022-lien-hiep-huu-nghi-hai-phong",
        K.CONFERENCE,
        "union:hai-phong",
        datetime.date(2023, 1, 9),
        datetime.date(2023, 1, 9),
        "Hội nghị tổng kết hoạt động năm 2022, triển khai phương hướng, nhiệm vụ năm 2023",
        "2022 annual review conference and the directions and tasks for 2023",
        "Sáng 9/1/2023, Liên hiệp các tổ chức hữu nghị thành phố Hải Phòng tổng kết hoạt động năm 2022 và triển khai phương hướng, nhiệm vụ năm 2023.",
        "On the morning of 9 January 2023 the Hải Phòng City Union of Friendship Organizations reviewed its work in 2022 and set out its directions and tasks for 2023.",
        "",
        "",
        "doi-moi-manh-me-cong-tac-doi-ngoai-nhan-dan-hoan-thien-bo-may-chuyen-trach",
    ),
    (
        "hoi-nghi-tong-ket-nam-2020-lien-hiep-huu-nghi-tuyen-quang",
        K.CONFERENCE,
        "union:tuyen-quang",
        datetime.date(2021, 1, 13),
        datetime.date(2021, 1, 13),
        "Hội nghị tổng kết công tác năm 2020, triển khai nhiệm vụ năm 2021",
        "2020 annual review conference and the tasks for 2021",
        "Chiều 13/01/2021, Liên hiệp các tổ chức hữu nghị tỉnh Tuyên Quang tổng kết công tác năm 2020, triển khai phương hướng nhiệm vụ năm 2021 và kiện toàn nhân sự Ban Chấp hành.",
        "On the afternoon of 13 January 2021 the Tuyên Quang Union of Friendship Organizations reviewed its work in 2020, set out its tasks for 2021 and restructured its Executive Committee.",
        "",
        "",
        "lien-hiep-cac-to-chuc-huu-nghi-tinh-tuyen-quang-tong-ket-cong-tac-nam-2020",
    ),
]

# Sample events around the day of loading, per home union: slug, kind, organiser, start (days
# from today, hour, minute), end (days, hour, minute) or None for all-day events with (first,
# last) days, title vi, title en, place vi, place en.
AROUND_TODAY = {
    "bac-giang": [
        (
            "mau-trien-lam-anh-huu-nghi-viet-lao",
            K.EXCHANGE,
            "association:viet-lao",
            (-2, None, None),
            (4, None, None),
            "Triển lãm ảnh “Hữu nghị Việt – Lào”",
            "“Vietnam–Laos Friendship” photo exhibition",
            "Thành phố Bắc Giang",
            "Bắc Giang City",
        ),
        (
            "mau-tap-huan-thong-tin-doi-ngoai",
            K.CONFERENCE,
            "union:bac-giang",
            (6, 8, 0),
            (6, 11, 30),
            "Hội nghị tập huấn công tác thông tin đối ngoại",
            "Training conference on external information",
            "Thành phố Bắc Giang",
            "Bắc Giang City",
        ),
        (
            "mau-don-doan-huu-nghi-tinh-ban-lao",
            K.DELEGATION,
            "union:bac-giang",
            (13, 9, 0),
            (15, 16, 0),
            "Đón đoàn đại biểu hữu nghị tỉnh bạn Lào",
            "Welcoming a friendship delegation from a Lao partner province",
            "Bắc Giang",
            "Bắc Giang",
        ),
        (
            "mau-giao-luu-van-hoa-viet-han",
            K.EXCHANGE,
            "association:viet-han",
            (20, 19, 0),
            (20, 21, 30),
            "Giao lưu văn hóa Việt – Hàn",
            "Vietnam–Korea cultural exchange",
            "Nhà văn hóa thiếu nhi tỉnh Bắc Giang",
            "Bắc Giang Children's Cultural House",
        ),
        (
            "mau-lien-hoan-tieng-hat-hoa-binh",
            K.FESTIVAL,
            "union:bac-giang",
            (34, None, None),
            (35, None, None),
            "Liên hoan tiếng hát hòa bình",
            "Peace Song Festival",
            "Quảng trường 3/2, thành phố Bắc Giang",
            "3 February Square, Bắc Giang City",
        ),
        (
            "mau-hoi-nghi-ban-chap-hanh-mo-rong",
            K.CONFERENCE,
            "union:bac-giang",
            (-10, 8, 0),
            (-10, 11, 30),
            "Hội nghị Ban Chấp hành mở rộng",
            "Enlarged Executive Committee meeting",
            "Thành phố Bắc Giang",
            "Bắc Giang City",
        ),
    ],
    "tay-ninh": [
        (
            "mau-tay-ninh-trien-lam-anh-huu-nghi-viet-nam-campuchia",
            K.EXCHANGE,
            "association:tay-ninh-mau-viet-nam-campuchia",
            (-2, None, None),
            (4, None, None),
            "Triển lãm ảnh “Hữu nghị Việt Nam – Campuchia”",
            "“Vietnam–Cambodia Friendship” photo exhibition",
            "Tỉnh Tây Ninh",
            "Tây Ninh Province",
        ),
        (
            "mau-tay-ninh-tap-huan-thong-tin-doi-ngoai",
            K.CONFERENCE,
            "union:tay-ninh",
            (6, 8, 0),
            (6, 11, 30),
            "Hội nghị tập huấn công tác thông tin đối ngoại",
            "Training conference on external information",
            "Tỉnh Tây Ninh",
            "Tây Ninh Province",
        ),
        (
            "mau-tay-ninh-don-doan-huu-nghi-tinh-ban-campuchia",
            K.DELEGATION,
            "union:tay-ninh",
            (13, 9, 0),
            (15, 16, 0),
            "Đón đoàn đại biểu hữu nghị tỉnh bạn Campuchia",
            "Welcoming a friendship delegation from a Cambodian partner province",
            "Tỉnh Tây Ninh",
            "Tây Ninh Province",
        ),
        (
            "mau-tay-ninh-giao-luu-van-hoa-viet-nam-lao",
            K.EXCHANGE,
            "association:tay-ninh-mau-viet-nam-lao",
            (20, 19, 0),
            (20, 21, 30),
            "Giao lưu văn hóa Việt Nam – Lào",
            "Vietnam–Laos cultural exchange",
            "Tỉnh Tây Ninh",
            "Tây Ninh Province",
        ),
        (
            "mau-tay-ninh-lien-hoan-tieng-hat-hoa-binh",
            K.FESTIVAL,
            "union:tay-ninh",
            (34, None, None),
            (35, None, None),
            "Liên hoan tiếng hát hòa bình",
            "Peace Song Festival",
            "Tỉnh Tây Ninh",
            "Tây Ninh Province",
        ),
        (
            "mau-tay-ninh-hoi-nghi-ban-chap-hanh-mo-rong",
            K.CONFERENCE,
            "union:tay-ninh",
            (-10, 8, 0),
            (-10, 11, 30),
            "Hội nghị Ban Chấp hành mở rộng",
            "Enlarged Executive Committee meeting",
            "Tỉnh Tây Ninh",
            "Tây Ninh Province",
        ),
    ],
}

# Sample events before the sample articles about them (news/demo.py), per home union: slug,
# kind, organiser, days before the article, all day, article slug, title vi, title en.
BEFORE_ARTICLES = {
    "bac-giang": [
        (
            "mau-gap-mat-sinh-vien-lao-tet-bunpimay",
            K.EXCHANGE,
            "association:viet-lao",
            1,
            False,
            "bai-mau-01",
            "Gặp mặt sinh viên Lào nhân dịp Tết Bunpimay",
            "Meeting Lao students for Bunpimay",
        ),
        (
            "mau-giao-luu-thanh-nien-viet-han",
            K.EXCHANGE,
            "association:viet-han",
            1,
            True,
            "bai-mau-11",
            "Giao lưu hữu nghị thanh niên Việt Nam – Hàn Quốc",
            "Vietnam–Korea youth friendship exchange",
        ),
        (
            "mau-doan-dai-bieu-tinh-ban-lao-tham-bac-giang",
            K.DELEGATION,
            "union:bac-giang",
            3,
            True,
            "bai-mau-12",
            "Đoàn đại biểu hữu nghị tỉnh bạn Lào thăm Bắc Giang",
            "A friendship delegation from a Lao partner province visits Bắc Giang",
        ),
        (
            "mau-hoi-nghi-xuc-tien-van-dong-vien-tro",
            K.CONFERENCE,
            "union:bac-giang",
            1,
            False,
            "bai-mau-14",
            "Hội nghị xúc tiến vận động viện trợ phi chính phủ nước ngoài",
            "Conference on mobilising foreign non-governmental aid",
        ),
        (
            "mau-lien-hoan-tieng-hat-hoa-binh-2025",
            K.FESTIVAL,
            "union:bac-giang",
            1,
            True,
            "bai-mau-20",
            "Liên hoan tiếng hát hòa bình",
            "Peace Song Festival",
        ),
    ],
    "tay-ninh": [
        (
            "mau-tay-ninh-gap-mat-sinh-vien-lao-tet-bunpimay",
            K.EXCHANGE,
            "association:tay-ninh-mau-viet-nam-lao",
            1,
            False,
            "bai-mau-01",
            "Gặp mặt sinh viên Lào nhân dịp Tết Bunpimay",
            "Meeting Lao students for Bunpimay",
        ),
        (
            "mau-tay-ninh-giao-luu-thanh-nien-viet-han",
            K.EXCHANGE,
            "union:tay-ninh",
            1,
            True,
            "bai-mau-11",
            "Giao lưu hữu nghị thanh niên Việt Nam – Hàn Quốc",
            "Vietnam–Korea youth friendship exchange",
        ),
        (
            "mau-tay-ninh-doan-dai-bieu-tinh-ban-lao-tham-tay-ninh",
            K.DELEGATION,
            "union:tay-ninh",
            3,
            True,
            "bai-mau-12",
            "Đoàn đại biểu hữu nghị tỉnh bạn Lào thăm Tây Ninh",
            "A friendship delegation from a Lao partner province visits Tây Ninh",
        ),
        (
            "mau-tay-ninh-hoi-nghi-xuc-tien-van-dong-vien-tro",
            K.CONFERENCE,
            "union:tay-ninh",
            1,
            False,
            "bai-mau-14",
            "Hội nghị xúc tiến vận động viện trợ phi chính phủ nước ngoài",
            "Conference on mobilising foreign non-governmental aid",
        ),
        (
            "mau-tay-ninh-lien-hoan-tieng-hat-hoa-binh-2025",
            K.FESTIVAL,
            "union:tay-ninh",
            1,
            True,
            "bai-mau-20",
            "Liên hoan tiếng hát hòa bình",
            "Peace Song Festival",
        ),
    ],
}
# Where the home union's past samples took place.
PLACES = {
    "bac-giang": ("Thành phố Bắc Giang", "Bắc Giang City"),
    "tay-ninh": ("Tỉnh Tây Ninh", "Tây Ninh Province"),
}


def _moment(day, hour=0, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=local_zone())


def _organiser(key, unions, associations):
    kind, slug = key.split(":")
    if kind == "union":
        return {"union": unions.get(slug), "association": None}
    return {"union": None, "association": associations.get(slug)}


def _save(slug, organiser, articles=(), **fields):
    if organiser["union"] is None and organiser["association"] is None:
        return None  # its organiser's demo is not loaded
    event, _created = Event.objects.update_or_create(
        slug=slug, defaults={**fields, **organiser, "is_published": True}
    )
    event.articles.set([a for a in articles if a is not None])
    return event


def samples_of(home):
    """The slugs of the sample events the demo makes for `home`."""
    return {row[0] for row in AROUND_TODAY[home] + BEFORE_ARTICLES[home]}


def load(stdout):
    home = home_slug()
    others = set().union(*(samples_of(other) for other in AROUND_TODAY if other != home))
    Event.objects.filter(slug__in=others - samples_of(home)).delete()
    unions = {u.slug: u for u in Union.objects.all()}
    associations = {a.slug: a for a in Association.objects.all()}
    wanted = [row[-1] for row in SEEDED] + [row[5] for row in BEFORE_ARTICLES[home]]
    articles = {a.slug_vi: a for a in Article.objects.filter(slug_vi__in=wanted)}
    count = 0

    for (
        slug,
        kind,
        who,
        first,
        last,
        title_vi,
        title_en,
        sum_vi,
        sum_en,
        place_vi,
        place_en,
        article,
    ) in SEEDED:
        event = _save(
            slug,
            _organiser(who, unions, associations),
            [articles.get(article)],
            kind=kind,
            title_vi=title_vi,
            title_en=title_en,
            summary_vi=sum_vi,
            summary_en=sum_en,
            place_vi=place_vi,
            place_en=place_en,
            all_day=True,
            starts_at=_moment(first),
            ends_at=_moment(last),
            note="",
        )
        count += event is not None

    today = timezone.localdate()
    for slug, kind, who, start, end, title_vi, title_en, place_vi, place_en in AROUND_TODAY[home]:
        all_day = start[1] is None
        first = today + datetime.timedelta(days=start[0])
        last = today + datetime.timedelta(days=end[0])
        event = _save(
            slug,
            _organiser(who, unions, associations),
            kind=kind,
            title_vi=f"{title_vi} {SAMPLE_VI}",
            title_en=f"{title_en} {SAMPLE_EN}",
            summary_vi="Sự kiện mẫu minh họa lịch hoạt động của cổng thông tin.",
            summary_en="A sample event showing the portal's calendar.",
            place_vi=place_vi,
            place_en=place_en,
            all_day=all_day,
            starts_at=_moment(first) if all_day else _moment(first, start[1], start[2]),
            ends_at=_moment(last) if all_day else _moment(last, end[1], end[2]),
            note=SAMPLE_NOTE,
        )
        count += event is not None

    place_vi, place_en = PLACES[home]
    rows = BEFORE_ARTICLES[home]
    for slug, kind, who, days_before, all_day, article_slug, title_vi, title_en in rows:
        article = articles.get(article_slug)
        if article is None or article.published_at is None:
            continue  # the news demo is not loaded: nothing to date it by
        day = timezone.localtime(article.published_at).date() - datetime.timedelta(days=days_before)
        event = _save(
            slug,
            _organiser(who, unions, associations),
            [article],
            kind=kind,
            title_vi=f"{title_vi} {SAMPLE_VI}",
            title_en=f"{title_en} {SAMPLE_EN}",
            summary_vi="Sự kiện mẫu minh họa lịch hoạt động của cổng thông tin.",
            summary_en="A sample event showing the portal's calendar.",
            place_vi=place_vi,
            place_en=place_en,
            all_day=all_day,
            starts_at=_moment(day, 8, 0),
            ends_at=_moment(day, 11, 30),
            note=SAMPLE_NOTE,
        )
        count += event is not None

    stdout.write(f"events: {count} events ({len(SEEDED)} from the seeds, the samples {home}'s)")
