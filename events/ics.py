"""iCalendar (RFC 5545) files of events, written by the `icalendar` library (line folding at
75 octets, escaping, the VTIMEZONE).

Times are written in the portal's zone, `DTSTART;TZID=Asia/Ho_Chi_Minh:…`, with that zone's
VTIMEZONE in the file and X-WR-TIMEZONE naming it: the file says what the organisers said
(08:00 in Bắc Giang), Google Calendar, Apple Calendar, Outlook and Thunderbird all read a TZID
defined in the file (Outlook needs the VTIMEZONE there) and show the time in the reader's own
zone. Vietnam has kept UTC+07:00 without daylight saving since 13 June 1975, so the VTIMEZONE
is one STANDARD rule. All-day events are DATE values (DTEND the day after the last, as the RFC
counts). No ORGANIZER: with one, Outlook and Apple Calendar show a published event as a
meeting invitation with reply buttons; the organiser's name is in the description.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from portal.i18n import PathPattern
from portal.text import plain_text

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Vietnam's last change of offset (+08:00 to +07:00) was on 13 June 1975.
ZONE_STABLE_SINCE = datetime.date(1976, 1, 1)
ZONE_RULE_UNTIL = datetime.date(2100, 1, 1)
# How often calendar apps are asked to look again (Apple, Google and Outlook read one or the
# other of these).
REFRESH = datetime.timedelta(hours=6)
DESCRIPTION_WORDS = 150


def uid_host():
    """The site's host name from SITE_URL: an event's UID stays the same whichever address
    (www. or not, http or https) the feed was read from."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def uid(event):
    return f"event-{event.pk}@{uid_host()}"


def _zone(events):
    earliest = min((e.start_date for e in events), default=ZONE_STABLE_SINCE)
    zone = Timezone.from_tzid(
        settings.TIME_ZONE,
        first_date=min(earliest, ZONE_STABLE_SINCE),
        last_date=ZONE_RULE_UNTIL,
    )
    zone.pop("COMMENT", None)  # "This timezone only works from … to …": the rule is enough
    return zone


def _description(event, url):
    text = event.summary or Truncator(plain_text(event.description)).words(DESCRIPTION_WORDS)
    lines = [text] if text else []
    if event.organisation is not None:
        lines.append(_("Organiser: %(name)s") % {"name": event.organisation.name})
    lines.append(url)
    return "\n\n".join(lines)


def vevent(event, url, stamp):
    item = Event()
    item.add("uid", uid(event))
    item.add("dtstamp", stamp)
    if event.all_day:
        item.add("dtstart", event.start_date)
        item.add("dtend", event.end_date + datetime.timedelta(days=1))
    else:
        item.add("dtstart", event.local_start)
        if event.has_end_time:
            item.add("dtend", event.local_end)
    item.add("summary", event.title)
    item.add("description", _description(event, url))
    if event.place:
        item.add("location", event.place)
    item.add("url", url)
    item.add("categories", [event.get_kind_display()])
    # Readers subscribe to know, not because they attend: their free/busy time stays free.
    item.add("transp", "TRANSPARENT")
    item.add("created", event.created_at.astimezone(datetime.UTC))
    item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    return item


def calendar(request, events, name, language):
    """The iCalendar file of `events` (organisers loaded) in `language`, as bytes."""
    cal = Calendar()
    cal.add("prodid", f"-//Friendship portal//Events//{language.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # An X- property is written as text: its value spelled as a DURATION by hand.
    cal.add("x-published-ttl", vDuration(REFRESH).to_ical().decode())
    cal.add_component(_zone(events))
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    paths = PathPattern("events:event", "slug")
    for event in events:
        url = request.build_absolute_uri(paths(event.slug, language))
        cal.add_component(vevent(event, url, stamp))
    return cal.to_ical()
