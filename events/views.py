"""Public pages: upcoming and past events, a month's calendar, one event, iCalendar files.

Every page costs a fixed number of queries: the lists read a page of ids then those rows with
their organiser (portal.paginator), a month reads its events once (at most MONTH_LIMIT) and
lays them out on its days in Python.
"""

import calendar
import datetime
from collections import defaultdict

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.paginator import IdsFirstPaginator, requested_page
from portal.templatetags.portal import WEEKDAYS
from unions.models import SiteSettings

from . import ics
from .models import Event, local_zone

PER_PAGE = 20
ARTICLE_LIMIT = 20
# A month's grid (six weeks at most) never holds more: a bound on the page, not a real limit.
MONTH_LIMIT = 500
# The month pages that exist: from the first year of the network's records to ten years ahead.
FIRST_YEAR = 1990
YEARS_AHEAD = 10
# The feed: what happened in the last year and everything ahead, at most FEED_LIMIT events.
FEED_PAST = datetime.timedelta(days=365)
FEED_LIMIT = 1000


def _can_preview(user):
    return user.is_active and user.is_staff and user.has_perm("events.view_event")


def _paginate(request, queryset):
    return requested_page(request, IdsFirstPaginator(queryset, PER_PAGE))


def _this_month():
    """The current month, which the tabs link to."""
    today = timezone.localdate()
    return {"year": today.year, "month": today.month}


def upcoming(request):
    now = timezone.now()
    page = _paginate(request, Event.objects.published().for_list().upcoming(now))
    return render(
        request,
        "events/upcoming.html",
        {"page": page, "now": now, "this_month": _this_month()},
    )


def past(request):
    page = _paginate(request, Event.objects.published().for_list().past())
    return render(request, "events/past.html", {"page": page, "this_month": _this_month()})


def _year_range():
    return FIRST_YEAR, timezone.localdate().year + YEARS_AHEAD


def _neighbour(year, month, step):
    """The month before (step -1) or after (+1), or None past the range of years."""
    month += step
    if month == 0:
        year, month = year - 1, 12
    elif month == 13:
        year, month = year + 1, 1
    first, last = _year_range()
    if not first <= year <= last:
        return None
    return {"year": year, "month": month, "date": datetime.date(year, month, 1)}


def month(request, year, month):
    first, last = _year_range()
    if not (1 <= month <= 12 and first <= year <= last):
        raise Http404("no such month")
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    grid_first, grid_last = weeks[0][0], weeks[-1][-1]
    zone = local_zone()
    start = datetime.datetime.combine(grid_first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        grid_last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    events = list(
        Event.objects.published()
        .for_list()
        .between(start, end)
        .order_by("starts_at", "id")[:MONTH_LIMIT]
    )
    # An event lasting several days is shown on each of them.
    by_day = defaultdict(list)
    for event in events:
        day, final = max(event.start_date, grid_first), min(event.end_date, grid_last)
        while day <= final:
            by_day[day].append({"event": event, "starts": day == event.start_date})
            day += datetime.timedelta(days=1)
    today = timezone.localdate()
    # The phone layout: each event once, on its first day in the month, with its dates.
    month_first = datetime.date(year, month, 1)
    month_last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    agenda = defaultdict(list)
    for event in events:
        if event.start_date <= month_last and event.end_date >= month_first:
            agenda[max(event.start_date, month_first)].append(event)
    grid = [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "is_today": day == today,
                "entries": by_day.get(day, []),
            }
            for day in week
        ]
        for week in weeks
    ]
    return render(
        request,
        "events/month.html",
        {
            "month": month_first,
            "weeks": grid,
            "agenda": [
                {"date": day, "is_today": day == today, "events": agenda[day]}
                for day in sorted(agenda)
            ],
            "weekdays": WEEKDAYS,
            "previous": _neighbour(year, month, -1),
            "next": _neighbour(year, month, 1),
            "this_month": _this_month(),
        },
    )


def event_detail(request, slug):
    queryset = Event.objects.select_related("union", "association")
    if not _can_preview(request.user):
        queryset = queryset.published()
    event = queryset.filter(slug=slug).first()
    if event is None:
        raise Http404("no such event")
    language = translation.get_language()
    # Published in the reader's language, as the news lists show them: under /en/, an article
    # without an English version is left out.
    articles = list(
        event.articles.published(language)
        .for_list()
        .order_by("-published_at", "-id")[:ARTICLE_LIMIT]
    )
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "articles": articles,
            # Only staff reach an unpublished event: the page says it is a preview.
            "preview": not event.is_published,
            "now": timezone.now(),
        },
    )


def _ics_response(content, filename):
    response = HttpResponse(content, content_type=ics.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar_feed(request):
    """Every published event of the last year and ahead, for calendar apps, in the language of
    the address."""
    language = translation.get_language()
    since = timezone.now() - FEED_PAST
    events = list(
        Event.objects.published()
        .filter(ends_at__gte=since)
        .select_related("union", "association")
        .order_by("starts_at", "id")[:FEED_LIMIT]
    )
    union = SiteSettings.current().home_union
    name = _("Events – %(union)s") % {"union": union.name} if union else _("Events")
    content = ics.calendar(request, events, name, language)
    return _ics_response(content, request.path.rsplit("/", 1)[-1])


def event_ics(request, slug):
    event = (
        Event.objects.published().select_related("union", "association").filter(slug=slug).first()
    )
    if event is None:
        raise Http404("no such event")
    content = ics.calendar(request, [event], event.title, translation.get_language())
    return _ics_response(content, f"{event.slug}.ics")
