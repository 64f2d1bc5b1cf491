"""When an event takes place, in the reader's language and always in Vietnam time; the events
of a union or an association for its page."""

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language

from events.models import Event
from portal.templatetags.portal import weekday_name

register = template.Library()


@register.filter
def day_label(value):
    """`Thứ hai - 07/12/2026` / `Monday, 7 December 2026`, as the datelines write a day."""
    separator = " - " if get_language() == "vi" else ", "
    return f"{weekday_name(value)}{separator}{formats.date_format(value, 'DATE_FORMAT')}"


def _date(value):
    return formats.date_format(value, "DATE_FORMAT")


def _time(value):
    return formats.time_format(value, "TIME_FORMAT")


@register.filter
def when(event):
    """The event's days and times in the portal's time zone, in the reader's language."""
    if event is None or event.starts_at is None:
        return ""
    start, end = event.local_start, event.local_end
    # One day with its weekday, as the datelines write it; a range of days by their dates.
    if event.all_day:
        if not event.is_multi_day:
            return day_label(start.date())
        return f"{_date(start)} – {_date(end)}"
    if not event.has_end_time:
        return f"{day_label(start.date())}, {_time(start)}"
    if not event.is_multi_day:
        return f"{day_label(start.date())}, {_time(start)}–{_time(end)}"
    return f"{_date(start)}, {_time(start)} – {_date(end)}, {_time(end)}"


@register.filter
def shown_in(event, field):
    """The language of the text shown for a translated field when it is not the page's (the
    Vietnamese text standing in for a missing translation), else "": for a lang attribute."""
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return ""
    if (getattr(event, f"{field}_{language}", "") or "").strip():
        return ""
    return settings.LANGUAGE_CODE if getattr(event, f"{field}_{settings.LANGUAGE_CODE}", "") else ""


@register.simple_tag
def upcoming_events_of(organisation, limit=5):
    """The organisation's next published events (running ones included), the soonest first."""
    return list(Event.objects.published().organised_by(organisation).for_list().upcoming()[:limit])
