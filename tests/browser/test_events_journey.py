"""A reader's way through the calendar with the demo data, on a phone and a desktop, in both
languages: the upcoming events, this month's calendar, the month before and back, an event,
the article written about it, and the .ics files a calendar app reads."""

import datetime
import io

import pytest
from icalendar import Calendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = {
    "vi": {
        "upcoming": "/vi/su-kien/",
        "month_view": "Lịch tháng",
        "exhibition": "Triển lãm ảnh “Hữu nghị Việt – Lào” (mẫu)",
        "article": "Khai mạc triển lãm ảnh “Hữu nghị Việt – Lào” (mẫu)",
        "articles": "Bài viết về sự kiện",
        "about_event": "Về sự kiện",
        "feed": "/vi/su-kien/lich.ics",
    },
    "en": {
        "upcoming": "/en/events/",
        "month_view": "Month view",
        "exhibition": "“Vietnam–Laos Friendship” photo exhibition (sample)",
        "article": "The “Vietnam–Laos Friendship” photo exhibition opens (sample)",
        "articles": "Articles about the event",
        "about_event": "About the event",
        "feed": "/en/events/calendar.ics",
    },
}


@pytest.fixture
def demo_calendar(db):
    from django.utils import timezone

    from events import demo as events_demo
    from events.models import Event
    from members import demo as members_demo
    from news import demo as news_demo
    from news.models import Category
    from tests import factories
    from unions import demo as unions_demo

    for module in (unions_demo, members_demo, news_demo, events_demo):
        module.load(io.StringIO())
    # An article about the running exhibition (the demo's articles are about past events).
    article = factories.article(
        Category.objects.get(slug_vi="tin-tuc-su-kien"),
        title_vi=LABELS["vi"]["article"],
        title_en=LABELS["en"]["article"],
        published_at=timezone.now() - datetime.timedelta(hours=2),
    )
    exhibition = Event.objects.get(slug="mau-trien-lam-anh-huu-nghi-viet-lao")
    exhibition.articles.add(article)
    return exhibition


def fits(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def month_path(language, day):
    prefix = "/vi/su-kien/" if language == "vi" else "/en/events/"
    return f"{prefix}{day.year}/{day.month:02d}/"


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_reader_goes_from_the_upcoming_events_to_an_article(
    live_server, page, artifacts, demo_calendar, language, width
):
    from django.utils import timezone

    labels = LABELS[language]
    shot = f"events-{language}-{width}"
    page.set_viewport_size({"width": width, "height": 900})
    today = timezone.localdate()

    response = page.goto(live_server.url + labels["upcoming"])
    assert response.status == 200 and fits(page)
    assert page.locator("h1").count() == 1
    assert page.get_by_role("link", name=labels["exhibition"]).first.is_visible()
    page.screenshot(path=artifacts / f"{shot}-upcoming.png", full_page=True)

    # The subscription link is an iCalendar feed in the page's language.
    feed = page.request.get(live_server.url + labels["feed"])
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(feed.body())
    titles = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert labels["exhibition"] in titles

    # This month's calendar: a grid on a desktop, a list of days on a phone.
    page.get_by_role("link", name=labels["month_view"]).click()
    page.wait_for_url(live_server.url + month_path(language, today))
    grid, agenda = page.locator(".event-calendar"), page.locator(".event-agenda")
    assert grid.is_visible() == (width >= 768) and agenda.is_visible() == (width < 768)
    assert fits(page)
    page.screenshot(path=artifacts / f"{shot}-month.png", full_page=True)

    # The month before, and back.
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    page.locator('a[rel="prev"]').click()
    page.wait_for_url(live_server.url + month_path(language, previous))
    page.locator('a[rel="next"]').click()
    page.wait_for_url(live_server.url + month_path(language, today))

    # The exhibition running today, from the layout the reader sees.
    layout = grid if width >= 768 else agenda
    layout.get_by_role("link", name=labels["exhibition"]).first.click()
    page.wait_for_url(f"{live_server.url}**/{demo_calendar.slug}/")
    assert page.locator("h1").inner_text() == labels["exhibition"]
    assert fits(page)
    page.screenshot(path=artifacts / f"{shot}-event.png", full_page=True)

    # Its own .ics file, for a calendar app.
    href = page.locator('a[href$=".ics"][download]').first.get_attribute("href")
    assert href == demo_calendar.get_ics_url(language)
    [item] = Calendar.from_ical(page.request.get(live_server.url + href).body()).walk("VEVENT")
    assert str(item["SUMMARY"]) == labels["exhibition"]
    assert item.decoded("DTSTART") == demo_calendar.start_date  # all day: a DATE

    # The article written about it, which points back to the event.
    articles = page.get_by_role("region", name=labels["articles"])
    articles.get_by_role("link", name=labels["article"]).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == labels["article"]
    about = page.locator(".news-article__events")
    assert labels["about_event"] in about.inner_text()
    assert fits(page)
    page.screenshot(path=artifacts / f"{shot}-article.png", full_page=True)
    about.get_by_role("link", name=labels["exhibition"]).click()
    page.wait_for_url(f"{live_server.url}**/{demo_calendar.slug}/")


def test_no_serious_axe_violation_on_the_calendar(live_server, browser, demo_calendar):
    """The month pages are not in the sitemap, which the portal's axe test walks: checked here
    with the lists and an event, in both languages, on a desktop and a phone."""
    from django.utils import timezone

    from tests.audit import browser as checks

    today = timezone.localdate()
    found = {}
    for width in (1280, 390):
        # bypass_csp: axe-core is injected as an inline script, which the portal's CSP refuses.
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        for language in ("vi", "en"):
            for path in (
                LABELS[language]["upcoming"],
                month_path(language, today),
                demo_calendar.get_absolute_url(language),
                "/vi/su-kien/da-dien-ra/" if language == "vi" else "/en/events/past/",
            ):
                page.goto(live_server.url + path)
                violations = checks.serious(checks.run_axe(page))
                if violations:
                    found[f"{path} at {width}px"] = checks.describe(violations)
        context.close()
    assert found == {}, "\n".join(f"{page}:\n{text}" for page, text in found.items())
