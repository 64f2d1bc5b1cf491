"""The event model: times in Vietnam time, all-day events, one organiser, addresses."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Event
from members.models import Association

from .conftest import local

pytestmark = pytest.mark.django_db


def test_an_all_day_event_takes_its_whole_days_in_vietnam_time(make_event):
    event = make_event(local(2026, 12, 7, 15, 30), local(2026, 12, 9, 2, 0), all_day=True)
    event.refresh_from_db()
    assert event.local_start == local(2026, 12, 7)
    assert event.local_end == local(2026, 12, 9, 23, 59) + datetime.timedelta(seconds=59)
    # Stored as instants: 00:00 in Hà Nội is 17:00 UTC the day before.
    assert event.starts_at == datetime.datetime(2026, 12, 6, 17, 0, tzinfo=datetime.UTC)
    assert (event.start_date, event.end_date, event.is_multi_day) == (
        datetime.date(2026, 12, 7),
        datetime.date(2026, 12, 9),
        True,
    )
    # Saving again changes nothing.
    event.save()
    event.refresh_from_db()
    assert event.local_start == local(2026, 12, 7)


def test_an_event_without_an_end_ends_when_it_starts_or_with_its_day(make_event):
    timed = make_event(local(2026, 12, 7, 8, 0))
    assert timed.ends_at == timed.starts_at and not timed.has_end_time
    day = make_event(local(2026, 12, 7, 8, 0), all_day=True)
    assert day.end_date == datetime.date(2026, 12, 7) and day.local_end.hour == 23


def test_an_event_cannot_end_before_it_starts(make_event, home_union):
    event = Event(
        title_vi="Hội nghị",
        union=home_union,
        starts_at=local(2026, 12, 7, 10, 0),
        ends_at=local(2026, 12, 7, 9, 0),
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "ends_at" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_an_event_has_exactly_one_organiser(home_union):
    association = Association.objects.create(
        name="Hội Việt – Lào", slug="viet-lao", union=home_union
    )
    both = Event(
        title_vi="Giao lưu",
        union=home_union,
        association=association,
        starts_at=local(2026, 12, 7, 8, 0),
    )
    with pytest.raises(ValidationError) as error:
        both.full_clean()
    assert "association" in error.value.message_dict
    neither = Event(title_vi="Giao lưu", starts_at=local(2026, 12, 7, 8, 0))
    with pytest.raises(ValidationError) as error:
        neither.full_clean()
    assert "union" in error.value.message_dict
    for event in (both, neither):
        with pytest.raises(IntegrityError), transaction.atomic():
            event.save()
    by_association = Event.objects.create(
        title_vi="Giao lưu", association=association, starts_at=local(2026, 12, 7, 8, 0)
    )
    assert by_association.organisation == association
    assert list(Event.objects.organised_by(association)) == [by_association]
    assert not Event.objects.organised_by(home_union).exists()


def test_the_slug_drops_diacritics_and_never_takes_another_pages_address(make_event):
    first = make_event(local(2026, 12, 7, 8, 0), title_vi="Đón đoàn đại biểu tỉnh bạn Lào")
    second = make_event(local(2027, 1, 7, 8, 0), title_vi="Đón đoàn đại biểu tỉnh bạn Lào")
    assert first.slug == "don-doan-dai-bieu-tinh-ban-lao"
    assert second.slug == "don-doan-dai-bieu-tinh-ban-lao-2"
    # "Đã diễn ra" would be the past list's address, "Lịch" the feed's (lich.ics).
    assert make_event(local(2026, 12, 8, 8, 0), title_vi="Đã diễn ra").slug == "da-dien-ra-2"
    assert make_event(local(2026, 12, 8, 8, 0), title_vi="Lịch").slug == "lich-2"
    assert make_event(local(2026, 12, 8, 8, 0), title_vi="Past", title_en="Past").slug == "past-2"
    taken = Event(slug="calendar", title_vi="x", union=first.union, starts_at=first.starts_at)
    with pytest.raises(ValidationError) as error:
        taken.full_clean()
    assert "slug" in error.value.message_dict


def test_upcoming_holds_what_is_not_over_and_past_what_is(make_event, soon):
    hour = datetime.timedelta(hours=1)
    over = make_event(soon - 3 * hour, soon - 2 * hour)
    running = make_event(soon - hour, soon + hour)
    later = make_event(soon + 2 * hour, soon + 3 * hour)
    make_event(soon + hour, published=False)
    published = Event.objects.published()
    assert list(published.upcoming()) == [running, later]
    assert list(published.past()) == [over]
    assert running.is_running() and not later.is_running() and over.is_over()
