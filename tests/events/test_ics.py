"""The iCalendar feed per language and each event's .ics file, read back with `icalendar`."""

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from events.models import Event
from members.models import Association

from .conftest import local

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def events(make_event, soon, home_union):
    association = Association.objects.create(
        name_vi="Hội hữu nghị Việt – Lào",
        name_en="Vietnam–Laos Friendship Association",
        slug="viet-lao",
        union=home_union,
    )
    timed = make_event(
        local(soon.year + 1, 3, 10, 8, 30),
        local(soon.year + 1, 3, 10, 11, 0),
        title_vi="Hội nghị tập huấn, thông tin đối ngoại; năm mới",
        title_en="Training conference, external information; new year",
        summary_vi="Tập huấn cho cán bộ hội cơ sở.",
        summary_en="Training for grassroots staff.",
        place_vi="Hội trường Liên hiệp, thành phố Bắc Giang",
        place_en="The union's hall, Bắc Giang City",
        slug="tap-huan",
    )
    all_day = make_event(
        local(soon.year + 1, 4, 14),
        local(soon.year + 1, 4, 16),
        all_day=True,
        association=association,
        title_vi="Tết Bunpimay",
        title_en="Bunpimay",
        summary_vi="",
        summary_en="",
        description_vi="<p>Gặp mặt <strong>sinh viên</strong> Lào.</p>",
        description_en="<p>Meeting <strong>Lao</strong> students.</p>",
        kind=Event.Kind.EXCHANGE,
        slug="bunpimay",
    )
    recent = make_event(soon - 200 * DAY, title_vi="Hội nghị gần đây", slug="gan-day")
    old = make_event(soon - 400 * DAY, title_vi="Hội nghị năm xưa", slug="nam-xua")
    draft = make_event(soon + DAY, published=False, title_vi="Bản nháp", slug="ban-nhap")
    return {"timed": timed, "all_day": all_day, "recent": recent, "old": old, "draft": draft}


def test_the_feed_is_a_published_calendar_in_vietnam_time(client, events):
    response = client.get("/vi/su-kien/lich.ics")
    calendar = read(response)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).endswith("//VI")
    assert str(calendar["CALSCALE"]) == "GREGORIAN" and str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]).startswith("Sự kiện – Liên hiệp các tổ chức hữu nghị")
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Ho_Chi_Minh"
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in response.content
    assert b"\r\nX-PUBLISHED-TTL:PT6H\r\n" in response.content
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Asia/Ho_Chi_Minh"]
    standard = zones[0].walk("STANDARD")[0]
    assert standard["TZOFFSETTO"].td == datetime.timedelta(hours=7)

    found = by_uid(calendar)
    timed = events["timed"]
    # The last year and everything ahead, published only.
    assert set(found) == {f"event-{events[k].pk}@{_host()}" for k in ("timed", "all_day", "recent")}
    item = found[f"event-{timed.pk}@{_host()}"]
    start = item.decoded("DTSTART")
    assert start == datetime.datetime(timed.local_start.year, 3, 10, 8, 30, tzinfo=HANOI)
    assert start.tzinfo.key == "Asia/Ho_Chi_Minh"
    assert item["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert item.decoded("DTEND") == datetime.datetime(start.year, 3, 10, 11, 0, tzinfo=HANOI)
    assert str(item["SUMMARY"]) == "Hội nghị tập huấn, thông tin đối ngoại; năm mới"
    assert str(item["LOCATION"]) == "Hội trường Liên hiệp, thành phố Bắc Giang"
    assert str(item["URL"]) == "http://testserver/vi/su-kien/tap-huan/"
    description = str(item["DESCRIPTION"])
    assert description.startswith("Tập huấn cho cán bộ hội cơ sở.")
    assert "Đơn vị tổ chức: Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang" in description
    assert "http://testserver/vi/su-kien/tap-huan/" in description
    assert item.decoded("LAST-MODIFIED") == timed.updated_at.replace(microsecond=0)
    assert item.decoded("DTSTAMP").tzinfo is not None
    assert str(item["TRANSP"]) == "TRANSPARENT"

    day = found[f"event-{events['all_day'].pk}@{_host()}"]
    # All day: DATE values, the end the day after the last (RFC 5545 counts it out).
    assert day.decoded("DTSTART") == datetime.date(start.year, 4, 14)
    assert day.decoded("DTEND") == datetime.date(start.year, 4, 17)
    assert "VALUE=DATE" in day.to_ical().decode()
    # Rich text becomes plain text.
    assert str(day["DESCRIPTION"]).startswith("Gặp mặt sinh viên Lào.")
    assert "<" not in str(day["DESCRIPTION"])
    assert "Đơn vị tổ chức: Hội hữu nghị Việt – Lào" in str(day["DESCRIPTION"])


def _host():
    from events.ics import uid_host

    return uid_host()


def test_the_english_feed_speaks_english_with_the_same_uids(client, events):
    vi = by_uid(read(client.get("/vi/su-kien/lich.ics")))
    calendar = read(client.get("/en/events/calendar.ics"))
    en = by_uid(calendar)
    assert set(en) == set(vi)
    assert str(calendar["PRODID"]).endswith("//EN")
    assert str(calendar["X-WR-CALNAME"]).startswith("Events – ")
    item = en[f"event-{events['timed'].pk}@{_host()}"]
    assert str(item["SUMMARY"]) == "Training conference, external information; new year"
    assert str(item["URL"]) == "http://testserver/en/events/tap-huan/"
    assert "Organiser: " in str(item["DESCRIPTION"])
    assert str(item["CATEGORIES"].cats[0]) == "Conference"


def test_lines_are_folded_at_75_octets_and_text_escaped(client, events):
    raw = client.get("/vi/su-kien/lich.ics").content
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    # Folding never cuts a character of Vietnamese in two.
    for line in lines:
        line.decode("utf-8")
    assert "SUMMARY:Hội nghị tập huấn\\, ".encode() in raw
    assert b"\\;" in raw  # the semicolon of the title, escaped


def test_each_event_has_its_own_file(client, events):
    response = client.get("/en/events/bunpimay.ics")
    assert response["Content-Disposition"] == 'attachment; filename="bunpimay.ics"'
    calendar = read(response)
    [item] = calendar.walk("VEVENT")
    assert str(item["SUMMARY"]) == "Bunpimay"
    assert str(calendar["X-WR-CALNAME"]) == "Bunpimay"
    assert client.get("/vi/su-kien/ban-nhap.ics").status_code == 404
    assert client.get("/vi/su-kien/nam-xua.ics").status_code == 200  # past a year, still its own


def test_an_event_without_an_end_time_has_no_dtend(client, make_event, soon):
    event = make_event(soon + DAY, slug="khong-gio-ket-thuc")
    [item] = read(client.get(event.get_ics_url("vi"))).walk("VEVENT")
    assert "DTEND" not in item and item.decoded("DTSTART") == soon + DAY


def test_the_feed_reads_its_events_in_one_query(client, events, django_assert_max_num_queries):
    client.get("/vi/su-kien/lich.ics")  # the site settings, cached
    with django_assert_max_num_queries(1):
        client.get("/vi/su-kien/lich.ics")
