"""The demo calendar: the seeds' events for the unions they are about, marked samples around
the day of loading, the same site however often it is loaded."""

import datetime
import io

import pytest
from django.utils import timezone
from django.utils.html import escape

from events import demo
from events.models import Event
from news.demo_seeds import SEEDS
from portal.registry import app_modules

pytestmark = pytest.mark.django_db


def load_all(home="bac-giang"):
    from members import demo as members_demo
    from news import demo as news_demo
    from unions import demo as unions_demo

    unions_demo.load(io.StringIO(), home=home)
    for module in (members_demo, news_demo, demo):
        module.load(io.StringIO())
    return list(
        Event.objects.order_by("slug").values_list(
            "slug", "starts_at", "ends_at", "union__slug", "association__slug", "is_published"
        )
    )


def test_load_demo_loads_the_events_after_the_congresses():
    # Its organisers and articles come from these (load_demo: in the order of INSTALLED_APPS).
    order = [config.label for config, _module in app_modules("demo")]
    for label in ("unions", "members", "news", "congresses"):
        assert order.index("events") > order.index(label), label


def test_the_demo_calendar_tells_the_truth(client):
    first = load_all()
    assert load_all() == first
    assert Event.objects.count() == len(demo.SEEDED) + len(demo.samples_of("bac-giang"))
    # The seeds' events, each for the union it is about, with the seed's article.
    seeded = {row[0]: row for row in demo.SEEDED}
    for event in Event.objects.filter(slug__in=seeded).prefetch_related("articles"):
        row = seeded[event.slug]
        assert f"union:{event.union.slug}" == row[2]
        assert (event.start_date, event.end_date, event.all_day) == (row[3], row[4], True)
        assert [a.slug_vi for a in event.articles.all()] == [row[-1]]
        assert "mẫu" not in event.title_vi and "sample" not in event.title_en
    bac_giang = Event.objects.get(slug="dai-hoi-lien-hiep-huu-nghi-bac-giang-lan-thu-v")
    assert bac_giang.start_date == datetime.date(2023, 8, 8)
    # Everything invented says so, in both languages, and belongs to the home union.
    samples = Event.objects.exclude(slug__in=seeded)
    for event in samples.select_related("union", "association"):
        assert event.title_vi.endswith("(mẫu)") and event.title_en.endswith("(sample)")
        assert event.note == demo.SAMPLE_NOTE
        organiser_union = event.union or event.association.union
        assert organiser_union.slug == "bac-giang", event.slug
    # Past samples come before the articles written about them.
    for event in samples.filter(articles__isnull=False).prefetch_related("articles"):
        for article in event.articles.all():
            assert event.ends_at <= article.published_at

    today = timezone.localdate()
    upcoming = client.get("/vi/su-kien/").content.decode()
    assert "Đang diễn ra" in upcoming and "(mẫu)" in upcoming
    month = client.get(f"/en/events/{today.year}/{today.month:02d}/").content.decode()
    assert "(sample)" in month
    past = client.get("/vi/su-kien/da-dien-ra/").content.decode()
    assert "Đại hội đại biểu Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang lần thứ V" in past
    page = client.get(bac_giang.get_absolute_url("en")).content.decode()
    assert "Articles about the event" in page
    assert escape(SEEDS[0]["title_en"]) in page


def test_the_samples_follow_the_home_union():
    """With Tây Ninh as home its samples replace Bắc Giang's, and back again."""
    load_all()
    load_all("tay-ninh")
    seeded = {row[0] for row in demo.SEEDED}
    samples = Event.objects.exclude(slug__in=seeded).select_related("union", "association")
    assert {event.slug for event in samples} == demo.samples_of("tay-ninh")
    for event in samples:
        assert (event.union or event.association.union).slug == "tay-ninh", event.slug
        assert "Bắc Giang" not in f"{event.title_vi} {event.title_en} {event.place_vi}"
        assert event.title_vi.endswith("(mẫu)") and event.title_en.endswith("(sample)")
    # The seeds' events stay, each with the union it is about.
    assert set(Event.objects.filter(slug__in=seeded).values_list("slug", flat=True)) == seeded

    load_all()
    samples = Event.objects.exclude(slug__in=seeded)
    assert set(samples.values_list("slug", flat=True)) == demo.samples_of("bac-giang")
