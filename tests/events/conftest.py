import datetime
import itertools

import pytest
from django.utils import timezone

from events.models import Event

ZONE = timezone.get_default_timezone()
_numbers = itertools.count(1)


def local(year, month, day, hour=0, minute=0):
    """A moment in Vietnam time (settings.TIME_ZONE)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ZONE)


@pytest.fixture
def make_event(home_union):
    """make_event(start, end=None, …): a published event of the home union (another organiser
    with union=… or association=…), in Vietnamese and English."""

    def make(start, end=None, *, published=True, articles=(), **extra):
        n = next(_numbers)
        fields = {
            "title_vi": f"Hội nghị số {n}",
            "title_en": f"Conference number {n}",
            "summary_vi": "Tóm tắt sự kiện",
            "summary_en": "Summary of the event",
            "place_vi": "Thành phố Bắc Giang",
            "place_en": "Bắc Giang City",
            "kind": Event.Kind.CONFERENCE,
            **extra,
        }
        if "association" not in fields:
            fields.setdefault("union", home_union)
        event = Event.objects.create(starts_at=start, ends_at=end, is_published=published, **fields)
        if articles:
            event.articles.set(articles)
        return event

    return make


@pytest.fixture
def soon():
    """Now, rounded to the minute, in Vietnam time: events are placed around it."""
    return timezone.localtime(timezone.now(), ZONE).replace(second=0, microsecond=0)
