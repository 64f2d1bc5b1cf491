from django.urls import path, register_converter
from django.utils.translation import gettext_lazy as _

from . import views


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigitMonth:
    """01–12 in one spelling: /2026/1/ and /2026/01/ would be two addresses of one page."""

    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(FourDigitYear, "events_year")
register_converter(TwoDigitMonth, "events_month")

app_name = "events"

# The feed and the fixed pages before the event's own: an event's slug is never one of
# theirs (events.models.routes_to_event).
urlpatterns = [
    path(_("events/"), views.upcoming, name="upcoming"),
    path(_("events/past/"), views.past, name="past"),
    path(_("events/calendar.ics"), views.calendar_feed, name="ics"),
    path(_("events/<events_year:year>/<events_month:month>/"), views.month, name="month"),
    path(_("events/<slug:slug>/"), views.event_detail, name="event"),
    path(_("events/<slug:slug>.ics"), views.event_ics, name="event_ics"),
]
