"""Events: the union's and its associations' delegation visits, conferences, congresses,
festivals and exchanges, with the articles written about them afterwards.

Times are stored as instants (UTC in the database) and always shown in settings.TIME_ZONE
(Asia/Ho_Chi_Minh), whatever the reader's language. An all-day event is stored from 00:00 of
its first day to 23:59:59 of its last day, local time, so the same range queries serve both
kinds and an event stays "upcoming" until its last day is over.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.i18n import reverse_in
from portal.models import InternalNote, Publishable, PublishedQuerySet
from portal.richtext import RichTextField
from portal.text import slug_from

END_OF_DAY = datetime.time(23, 59, 59)
# The address of an event's page and of its .ics file, in every language: a slug whose page
# another pattern of the calendar answers ("da-dien-ra", "lich") would be unreachable.
ROUTES = ("events:event", "events:event_ics")


def local_zone():
    return timezone.get_default_timezone()


def routes_to_event(slug):
    """Whether both addresses of an event with this slug reach it in every language."""
    for language, _name in settings.LANGUAGES:
        for name in ROUTES:
            path = reverse_in(language, name, slug=slug)
            with translation.override(language):
                try:
                    match = resolve(path)
                except Resolver404:
                    return False
            if match.view_name != name or match.kwargs.get("slug") != slug:
                return False
    return True


class EventQuerySet(PublishedQuerySet):
    def upcoming(self, now=None):
        """Not over yet (starting later or running now), the soonest first. An event never
        ends before it starts (a constraint), so its end alone says whether it is over."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now=None):
        """Over, the latest first."""
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-id")

    def between(self, start, end):
        """Events taking place at some moment of [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gte=start)

    def organised_by(self, organisation):
        """Events of a union or an association: each foreign key is named after its model."""
        return self.filter(**{organisation._meta.model_name: organisation})

    def for_list(self):
        """What a list of events shows, the organiser joined."""
        return self.select_related("union", "association").only(
            "id",
            "slug",
            "kind",
            "title_vi",
            "title_en",
            "summary_vi",
            "summary_en",
            "place_vi",
            "place_en",
            "starts_at",
            "ends_at",
            "all_day",
            "union__id",
            "union__slug",
            "union__name_vi",
            "union__name_en",
            "association__id",
            "association__slug",
            "association__name_vi",
            "association__name_en",
        )


class Event(Publishable, InternalNote, models.Model):
    class Kind(models.TextChoices):
        DELEGATION = "delegation", _("Delegation visit")
        CONFERENCE = "conference", _("Conference")
        CONGRESS = "congress", _("Congress")
        FESTIVAL = "festival", _("Festival")
        EXCHANGE = "exchange", _("Exchange")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CONFERENCE)
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=140,
        unique=True,
        blank=True,
        help_text=_("Made from the Vietnamese title when left empty; the same in both languages."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences of plain text, shown in the lists and in calendar apps."),
    )
    description = RichTextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"), help_text=_("Vietnam time (UTC+07:00)."))
    ends_at = models.DateTimeField(
        _("ends"),
        blank=True,
        help_text=_(
            "Vietnam time. Empty: the event ends when it starts, or at the end of its day if it "
            "lasts all day."
        ),
    )
    all_day = models.BooleanField(
        _("all day"),
        default=False,
        help_text=_("Whole days from the start date to the end date; the times are left out."),
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    union = models.ForeignKey(
        "unions.Union",
        verbose_name=_("union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    association = models.ForeignKey(
        "members.Association",
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    articles = models.ManyToManyField(
        "news.Article",
        verbose_name=_("articles about the event"),
        blank=True,
        related_name="events",
        help_text=_("Only published articles are shown, each in the languages it exists in."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(union__isnull=False, association__isnull=True)
                    | Q(union__isnull=True, association__isnull=False)
                ),
                name="event_one_organiser",
                violation_error_message=_(
                    "Choose the organiser: a union or an association, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
        ]
        indexes = [
            # Upcoming: not over yet (ends_at ≥ now), in the order they start.
            models.Index(
                fields=["ends_at", "starts_at"],
                condition=Q(is_published=True),
                name="event_upcoming",
            ),
            # Past (newest first) and a month's events (starting before the month ends).
            models.Index(
                fields=["-starts_at", "-id"], condition=Q(is_published=True), name="event_list"
            ),
        ]

    def __str__(self):
        return self.title_vi or self.title_en or "—"

    def save(self, *args, **kwargs):
        self.normalise_times()
        if not self.slug:
            self.slug = self.free_slug(slug_from(self.title_vi or self.title_en, 120))
        super().save(*args, **kwargs)

    def get_absolute_url(self, language=None):
        return reverse_in(language or translation.get_language(), "events:event", slug=self.slug)

    # Times ------------------------------------------------------------------------------------
    def normalise_times(self):
        """An all-day event from 00:00 of its first day to 23:59:59 of its last, local time;
        an event without an end ends when it starts (or with its day)."""
        if self.starts_at is None:
            return
        if self.all_day:
            zone = local_zone()
            first = timezone.localtime(self.starts_at, zone).date()
            last = timezone.localtime(self.ends_at, zone).date() if self.ends_at else first
            self.starts_at = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
            self.ends_at = datetime.datetime.combine(last, END_OF_DAY, tzinfo=zone)
        elif self.ends_at is None:
            self.ends_at = self.starts_at

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, local_zone())

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, local_zone())

    @property
    def start_date(self):
        return self.local_start.date()

    @property
    def end_date(self):
        return self.local_end.date()

    @property
    def is_multi_day(self):
        return self.end_date != self.start_date

    @property
    def has_end_time(self):
        return not self.all_day and self.ends_at != self.starts_at

    def is_running(self, now=None):
        now = now or timezone.now()
        return self.starts_at <= now <= self.ends_at

    def is_over(self, now=None):
        return self.ends_at < (now or timezone.now())

    # Names and addresses ----------------------------------------------------------------------
    @property
    def organisation(self):
        return self.union if self.union_id else self.association if self.association_id else None

    @property
    def has_english(self):
        """Whether the English title is written: without it /en/ shows the Vietnamese one."""
        return bool((self.title_en or "").strip())

    def get_ics_url(self, language=None):
        language = language or translation.get_language()
        return reverse_in(language, "events:event_ics", slug=self.slug)

    # Rules ------------------------------------------------------------------------------------
    def free_slug(self, base):
        base = base or "su-kien"
        others = Event.objects.exclude(pk=self.pk) if self.pk else Event.objects.all()
        candidate, n = base, 1
        while others.filter(slug=candidate).exists() or not routes_to_event(candidate):
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def clean(self):
        errors = {}
        if self.union_id and self.association_id:
            errors["association"] = _("Choose the organiser: a union or an association, not both.")
        elif not self.union_id and not self.association_id:
            errors["union"] = _("Choose the organiser: a union or an association.")
        self.normalise_times()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The event cannot end before it starts.")
        if self.slug and not routes_to_event(self.slug):
            errors["slug"] = _(
                "Another page of the calendar has this address; choose another slug."
            )
        if errors:
            raise ValidationError(errors)
