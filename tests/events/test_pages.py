"""Public pages: upcoming and past lists, the month's calendar, one event, both languages,
publication, bad addresses, sharing, the sitemap and bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from lxml import html as lxml_html

from events.models import Event
from members.models import Association
from tests import factories
from tests.portal.test_sharing import assert_shareable
from tests.sitemaps import sitemap_paths
from unions.models import Union

from .conftest import local

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def url(name, language="vi", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def by_class(tree, name, tag="*"):
    """Elements of `tree` with the class `name` (what a CSS selector `.name` finds)."""
    return tree.xpath(f'.//{tag}[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_urls_are_translated():
    assert url("events:upcoming") == "/vi/su-kien/"
    assert url("events:upcoming", "en") == "/en/events/"
    assert url("events:past") == "/vi/su-kien/da-dien-ra/"
    assert url("events:past", "en") == "/en/events/past/"
    assert url("events:month", year=2026, month=1) == "/vi/su-kien/2026/01/"
    assert url("events:month", "en", year=2026, month=12) == "/en/events/2026/12/"
    assert url("events:event", slug="hoi-nghi") == "/vi/su-kien/hoi-nghi/"
    assert url("events:event", "en", slug="hoi-nghi") == "/en/events/hoi-nghi/"
    assert url("events:ics") == "/vi/su-kien/lich.ics"
    assert url("events:ics", "en") == "/en/events/calendar.ics"
    assert url("events:event_ics", slug="hoi-nghi") == "/vi/su-kien/hoi-nghi.ics"


def test_upcoming_lists_what_is_not_over_soonest_first(client, make_event, soon):
    later = make_event(soon + 3 * DAY, title_vi="Liên hoan tiếng hát", title_en="Song festival")
    running = make_event(soon - DAY, soon + DAY, title_vi="Triển lãm ảnh", title_en="Photo show")
    make_event(soon - 3 * DAY, soon - 2 * DAY, title_vi="Hội nghị cũ", title_en="Old meeting")
    make_event(soon + DAY, published=False, title_vi="Bản nháp", title_en="Draft")
    page = text(client.get("/vi/su-kien/"))
    assert page.index("Triển lãm ảnh") < page.index("Liên hoan tiếng hát")
    assert "Đang diễn ra" in page  # the running one says so
    assert "Hội nghị cũ" not in page and "Bản nháp" not in page
    en = text(client.get("/en/events/"))
    assert en.index("Photo show") < en.index("Song festival") and "Taking place now" in en
    assert later.get_absolute_url("en") in en and running.get_absolute_url("en") in en


def test_past_lists_what_is_over_latest_first_and_pages(client, make_event, soon):
    for n in range(22):
        make_event(soon - (n + 1) * DAY, soon - (n + 1) * DAY + HOUR, title_vi=f"Sự kiện {n:02d}")
    page = text(client.get("/vi/su-kien/da-dien-ra/"))
    assert page.index("Sự kiện 00") < page.index("Sự kiện 01") < page.index("Sự kiện 19")
    assert "Sự kiện 20" not in page and 'rel="next"' in page
    second = text(client.get("/vi/su-kien/da-dien-ra/?page=2"))
    assert "Sự kiện 21" in second and "Sự kiện 00" not in second
    for bad in ("?page=3", "?page=0", "?page=x", "?page=²", "?page=" + "9" * 12):
        assert client.get("/vi/su-kien/da-dien-ra/" + bad).status_code == 404, bad
    assert client.get("/vi/su-kien/?page=2").status_code == 404


def test_times_are_vietnam_time_in_both_languages(client, make_event):
    # 01:30 UTC is 08:30 in Hà Nội, whatever the reader's language.
    make_event(
        datetime.datetime(2025, 3, 10, 1, 30, tzinfo=datetime.UTC),
        datetime.datetime(2025, 3, 10, 4, 0, tzinfo=datetime.UTC),
        slug="hoi-nghi-thang-ba",
    )
    make_event(local(2025, 3, 1), local(2025, 3, 3), all_day=True, slug="ba-ngay")
    vi = text(client.get("/vi/su-kien/hoi-nghi-thang-ba/"))
    assert "Thứ hai - 10/03/2025, 08:30–11:00" in vi and "giờ Việt Nam, UTC+07:00" in vi
    en = text(client.get("/en/events/hoi-nghi-thang-ba/"))
    assert "Monday, 10 March 2025, 08:30–11:00" in en and "Vietnam time, UTC+07:00" in en
    assert 'datetime="2025-03-10T08:30:00+07:00"' in en
    three = text(client.get("/en/events/ba-ngay/"))
    assert "1 March 2025 – 3 March 2025" in three
    assert 'datetime="2025-03-01"' in three and "UTC+07:00" not in three
    assert "01/03/2025 – 03/03/2025" in text(client.get("/vi/su-kien/ba-ngay/"))


def test_the_month_is_a_calendar_of_weeks_from_monday(client, make_event):
    make_event(local(2026, 12, 7, 8, 0), local(2026, 12, 7, 11, 30), title_vi="Tập huấn")
    make_event(
        local(2026, 12, 30, 9, 0),
        local(2027, 1, 2, 16, 0),
        title_vi="Đón đoàn Lào",
        title_en="Lao delegation",
        kind=Event.Kind.DELEGATION,
    )
    page = text(client.get("/vi/su-kien/2026/12/"))
    tree = lxml_html.fromstring(page)
    headers = [
        th.text_content() for th in by_class(tree, "event-calendar")[0].xpath(".//thead//th")
    ]
    assert headers == ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
    assert "Sự kiện Tháng 12/2026" in tree.findtext(".//h1")
    days = [c.get("datetime") for c in by_class(tree, "event-calendar__date")]
    # 1 December 2026 is a Tuesday: the grid starts on Monday 30 November.
    assert days[0] == "2026-11-30" and days[-1] == "2027-01-03" and len(days) % 7 == 0
    cells = {
        by_class(c, "event-calendar__date")[0].get("datetime"): c.text_content()
        for c in by_class(tree, "event-calendar__cell")
    }
    assert "08:00" in cells["2026-12-07"] and "Tập huấn" in cells["2026-12-07"]
    # A delegation of four days is on each of them, the days after marked as continued.
    for day in ("2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02"):
        assert "Đón đoàn Lào" in cells[day], day
    assert "tiếp diễn" in cells["2026-12-31"] and "tiếp diễn" not in cells["2026-12-30"]
    # The phone layout: the month's days with events, as a list.
    # The phone layout: each event once, on its first day, with its dates.
    agenda = [h.xpath(".//time")[0].text for h in by_class(tree, "event-agenda__date")]
    assert agenda == ["Thứ hai - 07/12/2026", "Thứ tư - 30/12/2026"]
    assert (
        "30/12/2026, 09:00 – 02/01/2027, 16:00" in by_class(tree, "event-agenda")[0].text_content()
    )
    assert 'href="/vi/su-kien/2026/11/"' in page and 'href="/vi/su-kien/2027/01/"' in page

    en = lxml_html.fromstring(text(client.get("/en/events/2027/01/")))
    headers = [th.text_content() for th in by_class(en, "event-calendar")[0].xpath(".//thead//th")]
    assert headers[0] == "Monday" and headers[-1] == "Sunday"
    assert "Events of January 2027" in en.findtext(".//h1")
    assert "Lao delegation" in en.text_content()
    assert en.xpath('.//a[@rel="prev"]')[0].get("href") == "/en/events/2026/12/"
    # A delegation that began in December is on the first of January in the list.
    agenda = [h.xpath(".//time")[0].text for h in by_class(en, "event-agenda__date")]
    assert agenda == ["Friday, 1 January 2027"]


def test_bad_months_and_years_are_404(client, db):
    for path in (
        "/vi/su-kien/2026/13/",
        "/vi/su-kien/2026/00/",
        "/vi/su-kien/2026/1/",
        "/vi/su-kien/1989/12/",
        "/en/events/9999/01/",
        "/en/events/20261/01/",
        "/vi/su-kien/khong-co/",
        "/en/events/no-such-event.ics",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get("/vi/su-kien/1990/01/").status_code == 200
    # The range ends ten years ahead: the last month has no link to a next one.
    year = datetime.date.today().year + 10
    last = text(client.get(f"/en/events/{year}/12/"))
    assert 'rel="next"' not in last and client.get(f"/en/events/{year + 1}/01/").status_code == 404
    first = text(client.get("/en/events/1990/01/"))
    assert 'rel="prev"' not in first


def test_an_event_page_shows_its_facts_and_its_articles(client, make_event, home_union, category):
    english = factories.article(category, title_vi="Bài có tiếng Anh", title_en="An English story")
    vietnamese = factories.article(category, title_vi="Bài chỉ tiếng Việt", title_en="")
    draft = factories.article(
        category, title_vi="Bản nháp về hội nghị", title_en="A draft", status="draft"
    )
    event = make_event(
        local(2025, 3, 10, 8, 30),
        local(2025, 3, 10, 11, 0),
        title_vi="Hội nghị xúc tiến viện trợ",
        title_en="Aid conference",
        place_vi="Hội trường tỉnh",
        place_en="Provincial hall",
        articles=[english, vietnamese, draft],
    )
    vi = text(client.get(event.get_absolute_url("vi")))
    assert "Hội nghị xúc tiến viện trợ" in vi and "Hội trường tỉnh" in vi
    assert home_union.name_vi in vi and 'href="/vi/gioi-thieu/"' in vi
    assert "Bài có tiếng Anh" in vi and "Bài chỉ tiếng Việt" in vi
    assert "Bản nháp về hội nghị" not in vi
    assert 'href="/vi/su-kien/hoi-nghi-xuc-tien-vien-tro.ics"' in vi
    en = text(client.get(event.get_absolute_url("en")))
    assert "Aid conference" in en and "Provincial hall" in en and "An English story" in en
    # As in the news lists: an article without English is not offered to English readers.
    assert "Bài chỉ tiếng Việt" not in en and "A draft" not in en
    # The counterpart in the other language, and a canonical link, Open Graph and Twitter.
    assert 'hreflang="en" href="http://testserver/en/events/hoi-nghi-xuc-tien-vien-tro/"' in vi
    response = client.get(event.get_absolute_url("en"))
    meta = assert_shareable(response, "http://testserver/en/events/hoi-nghi-xuc-tien-vien-tro/")
    assert meta["og:title"] == ["Aid conference"]
    assert meta["og:description"] == ["Summary of the event"]


def test_an_untranslated_event_shows_its_vietnamese_text_marked_as_such(client, make_event, soon):
    event = make_event(
        soon + DAY, title_vi="Gặp mặt hội viên", title_en="", summary_en="", place_en=""
    )
    en = text(client.get(event.get_absolute_url("en")))
    assert '<h1 class="page-title" lang="vi">Gặp mặt hội viên</h1>' in en
    assert 'lang="vi">Thành phố Bắc Giang' in en
    listing = text(client.get("/en/events/"))
    assert 'lang="vi">Gặp mặt hội viên</a>' in listing
    vi = text(client.get(event.get_absolute_url("vi")))
    assert 'lang="vi">Gặp mặt' not in vi


def test_an_unpublished_event_is_only_a_staff_preview(client, make_event, staff, soon):
    event = make_event(soon + DAY, published=False, title_vi="Chưa công bố")
    assert client.get(event.get_absolute_url("vi")).status_code == 404
    assert client.get(event.get_ics_url("vi")).status_code == 404
    client.force_login(staff("Secretariat"))
    page = text(client.get(event.get_absolute_url("vi")))
    assert "Chưa công bố" in page and 'name="robots" content="noindex"' in page
    assert "Xem trước" in page and event.get_ics_url("vi") not in page


def test_an_article_says_which_event_it_is_about(client, make_event, category):
    article = factories.article(category, title_vi="Đón đoàn Lào", title_en="Lao delegation")
    event = make_event(
        local(2025, 3, 10, 8, 30), title_vi="Đón đoàn đại biểu Lào", title_en="Lao visit"
    )
    make_event(local(2025, 4, 1, 8, 0), published=False, title_vi="Ẩn", articles=[article])
    event.articles.add(article)
    vi = text(client.get(article.get_absolute_url("vi")))
    assert "Về sự kiện" in vi and f'href="{event.get_absolute_url("vi")}"' in vi
    assert "Đón đoàn đại biểu Lào" in vi and "10/03/2025" in vi and ">Ẩn<" not in vi
    en = text(client.get(article.get_absolute_url("en")))
    assert "About the event" in en and "Lao visit" in en and "10 March 2025" in en


def test_a_union_and_an_association_list_their_upcoming_events(client, make_event, soon):
    can_tho = Union.objects.get(slug="can-tho")
    make_event(soon + DAY, union=can_tho, title_vi="Cần Thơ đón đoàn", title_en="Can Tho visit")
    make_event(soon - 2 * DAY, soon - DAY, union=can_tho, title_vi="Đã qua", title_en="Gone")
    page = text(client.get("/en/network/can-tho/"))
    assert "Upcoming events" in page and "Can Tho visit" in page and "Gone" not in page
    association = Association.objects.create(
        name_vi="Hội hữu nghị Việt – Lào", name_en="Vietnam–Laos", slug="viet-lao", union=can_tho
    )
    make_event(soon + DAY, association=association, title_vi="Tết Bunpimay", title_en="Bunpimay")
    page = text(client.get("/vi/cac-hoi-huu-nghi/viet-lao/"))
    assert "Sự kiện sắp diễn ra" in page and "Tết Bunpimay" in page
    assert "Cần Thơ đón đoàn" not in page
    soc_trang = text(client.get("/en/network/soc-trang/"))
    assert "Upcoming events" not in soc_trang


def test_the_sitemap_lists_the_lists_and_every_published_event(client, make_event, soon):
    shown = make_event(soon + DAY, title_vi="Công khai")
    hidden = make_event(soon + DAY, published=False, title_vi="Ẩn")
    paths = sitemap_paths(client)
    for path in ("/vi/su-kien/", "/en/events/", "/vi/su-kien/da-dien-ra/", "/en/events/past/"):
        assert path in paths
    assert shown.get_absolute_url("vi") in paths and shown.get_absolute_url("en") in paths
    assert hidden.get_absolute_url("vi") not in paths
    for path in (p for p in paths if "/su-kien/" in p or "/events/" in p):
        assert_shareable(client.get(path), "http://testserver" + path)


def _add_events(make_event, soon, category, first, count):
    for n in range(first, first + count):
        # Days before and after now, so that every list and the month have some.
        start = soon + ((n * 7) % 20 - 10) * DAY + n * datetime.timedelta(minutes=5)
        make_event(start, start + HOUR, articles=[factories.article(category) for _ in range(2)])


def _count_queries(client, paths):
    client.get("/vi/su-kien/")  # the page frame's settings, cached
    counts = {}
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        counts[name] = len(queries)
    return counts


def test_queries_do_not_grow_with_the_events(client, make_event, soon, category):
    _add_events(make_event, soon, category, 0, 4)
    event = Event.objects.order_by("starts_at").first()
    paths = {
        "upcoming": "/vi/su-kien/",
        "past": "/en/events/past/",
        "month": f"/vi/su-kien/{soon.year}/{soon.month:02d}/",
        "event": event.get_absolute_url("en"),
        "feed": "/vi/su-kien/lich.ics",
        "event_ics": event.get_ics_url("en"),
        "union": "/en/network/can-tho/",
    }
    few = _count_queries(client, paths)
    _add_events(make_event, soon, category, 4, 36)
    many = _count_queries(client, paths)
    assert few == many, (few, many)
    # A list: its count, a page of ids, those rows with their organisers; a month: its events;
    # an event: itself with its organiser, its articles; a feed: its events (the page frame's
    # settings are cached).
    budget = {"upcoming": 3, "past": 3, "month": 1, "event": 2, "feed": 1, "event_ics": 1}
    assert all(many[name] <= n for name, n in budget.items()), many
    assert many["union"] <= 12, many
