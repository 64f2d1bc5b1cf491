"""Congresses, their terms, the bodies they elect, the people elected and their mandates."""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.i18n import reverse_in
from portal.images import PortalImageField
from portal.models import (
    InternalNote,
    Publishable,
    PublishedQuerySet,
    SampleMarked,
    sample_marked,
)
from portal.richtext import RichTextField

from .files import document_upload_to, validate_pdf

ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(number):
    out = []
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def english_ordinal(number):
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def ordinal_label(number, language=None):
    """ "V" in Vietnamese ("lần thứ V"), "5th" in English."""
    language = language or get_language() or "vi"
    return roman(number) if language.startswith("vi") else english_ordinal(number)


def congress_name(ordinal, of_delegates, is_sample):
    """“Đại hội đại biểu lần thứ V” / “5th Congress of Delegates”; an invented congress
    carries its mark wherever its name is shown."""
    params = {"ordinal": ordinal_label(ordinal or 0)}
    if of_delegates:
        name = gettext("%(ordinal)s Congress of Delegates") % params
    else:
        name = gettext("%(ordinal)s Congress") % params
    return sample_marked(name, is_sample)


def congress_term(start, end):
    return gettext("term %(start)s–%(end)s") % {"start": start, "end": end}


def congress_title(ordinal, of_delegates, is_sample, start, end):
    """The name and the term: what lists of congresses show. Functions of the columns, so
    that a long list can be made from values() rather than model instances."""
    return f"{congress_name(ordinal, of_delegates, is_sample)}, {congress_term(start, end)}"


def fold(text):
    """Lower case, no diacritics, single spaces: how names and positions are compared."""
    text = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text).strip().casefold()


def name_key(full_name):
    """Names are matched with their diacritics (Thắng is not Thang), ignoring case and spacing."""
    text = unicodedata.normalize("NFC", full_name or "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def unique_slug(model, base, instance_pk=None, max_length=120):
    base = slugify(fold(base))[: max_length - 4] or "x"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=instance_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class PublishedCongressQuerySet(PublishedQuerySet):
    def held_by(self, organisation):
        """Congresses of a union or an association: each foreign key is named after its model."""
        return self.filter(**{organisation._meta.model_name: organisation})


class Congress(Publishable, SampleMarked, InternalNote, models.Model):
    """A congress of a union or an association, which opens a term and elects its bodies."""

    union = models.ForeignKey(
        "unions.Union",
        verbose_name=_("union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="congresses",
    )
    association = models.ForeignKey(
        "members.Association",
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="congresses",
    )
    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"), help_text=_("5 for the 5th congress (“lần thứ V”).")
    )
    of_delegates = models.BooleanField(
        _("congress of delegates"),
        default=True,
        help_text=_("“Đại hội đại biểu”; untick for a congress of all members (“Đại hội”)."),
    )
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, blank=True, help_text=_("Filled in if left empty.")
    )
    term_start_year = models.PositiveSmallIntegerField(_("term starts (year)"))
    term_end_year = models.PositiveSmallIntegerField(_("term ends (year)"))
    held_from = models.DateField(_("held from"))
    held_to = models.DateField(
        _("held until"), null=True, blank=True, help_text=_("Last day, if it lasted several days.")
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    delegates_count = models.PositiveIntegerField(_("number of delegates"), null=True, blank=True)
    guests = models.TextField(
        _("distinguished guests"),
        blank=True,
        help_text=_(
            "One per line: name and title, e.g. “Ông Nguyễn Văn Doanh – Phó Chủ tịch VUFO”."
        ),
    )
    summary = RichTextField(_("summary"), blank=True)
    directions = RichTextField(_("directions adopted"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PublishedCongressQuerySet.as_manager()

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["-term_start_year", "-held_from"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(union__isnull=False, association__isnull=True)
                    | Q(union__isnull=True, association__isnull=False)
                ),
                name="congress_one_organisation",
                violation_error_message=_(
                    "Choose the organisation that held the congress: a union or an association, "
                    "not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(term_end_year__gt=models.F("term_start_year")),
                name="congress_term_ends_after_start",
                violation_error_message=_("The term must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["union", "ordinal"],
                condition=Q(union__isnull=False),
                name="congress_union_ordinal_unique",
                violation_error_message=_("This union already has a congress with this ordinal."),
            ),
            models.UniqueConstraint(
                fields=["association", "ordinal"],
                condition=Q(association__isnull=False),
                name="congress_association_ordinal_unique",
                violation_error_message=_(
                    "This association already has a congress with this ordinal."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["is_published", "-term_start_year"], name="congress_pub_year"),
        ]

    def __str__(self):
        return f"{self.title} – {self.organisation}" if self.organisation else self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            org = self.organisation
            base = f"{org.slug if org else 'congress'}-{self.ordinal}"
            self.slug = unique_slug(Congress, base, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_in(get_language(), "congresses:congress", slug=self.slug)

    # Names and labels -------------------------------------------------------------------------
    @property
    def organisation(self):
        return self.union if self.union_id else self.association if self.association_id else None

    @property
    def ordinal_label(self):
        return ordinal_label(self.ordinal or 0)

    @property
    def name(self):
        return congress_name(self.ordinal, self.of_delegates, self.is_sample)

    @property
    def term_label(self):
        return congress_term(self.term_start_year, self.term_end_year)

    @property
    def title(self):
        return congress_title(
            self.ordinal,
            self.of_delegates,
            self.is_sample,
            self.term_start_year,
            self.term_end_year,
        )

    @property
    def term_years(self):
        return (self.term_end_year or 0) - (self.term_start_year or 0)

    @property
    def term_start_date(self):
        return self.held_from or datetime.date(self.term_start_year, 1, 1)

    @property
    def term_end_date(self):
        # The next congress is held some time in the term's last year.
        return datetime.date(self.term_end_year, 12, 31)

    def guest_list(self):
        return [line.strip() for line in (self.guests or "").splitlines() if line.strip()]

    # Rules ------------------------------------------------------------------------------------
    def siblings(self):
        if self.union_id:
            qs = Congress.objects.filter(union_id=self.union_id)
        elif self.association_id:
            qs = Congress.objects.filter(association_id=self.association_id)
        else:
            return Congress.objects.none()
        return qs.exclude(pk=self.pk) if self.pk else qs

    def clean(self):
        errors = {}
        if self.union_id and self.association_id:
            errors["association"] = _(
                "Choose the organisation that held the congress: a union or an association, "
                "not both."
            )
        elif not self.union_id and not self.association_id:
            errors["union"] = _(
                "Choose the organisation that held the congress: a union or an association."
            )
        start, end = self.term_start_year, self.term_end_year
        if start is not None and end is not None and end <= start:
            errors["term_end_year"] = _("The term must end after it starts (%(start)s).") % {
                "start": start
            }
        if self.held_from and self.held_to and self.held_to < self.held_from:
            errors["held_to"] = _("The congress cannot end before it begins.")
        if self.ordinal is not None and self.ordinal < 1:
            errors["ordinal"] = _("The ordinal starts at 1.")
        if not errors and start is not None and end is not None and self.ordinal:
            for other in self.siblings().only("ordinal", "term_start_year", "term_end_year"):
                if other.term_start_year < end and start < other.term_end_year:
                    errors["term_start_year"] = _(
                        "This term overlaps the term %(start)s–%(end)s of the same organisation."
                    ) % {"start": other.term_start_year, "end": other.term_end_year}
                    break
                if other.ordinal != self.ordinal and (other.ordinal < self.ordinal) != (
                    other.term_start_year < start
                ):
                    errors["ordinal"] = _(
                        "Ordinals rise with time: the congress of the term %(start)s–%(end)s "
                        "is number %(ordinal)s."
                    ) % {
                        "start": other.term_start_year,
                        "end": other.term_end_year,
                        "ordinal": other.ordinal,
                    }
                    break
        if errors:
            raise ValidationError(errors)


class ElectedBody(SampleMarked, models.Model):
    """A body elected by a congress (Executive / Standing / Inspection Committee, Presidium)."""

    class Kind(models.TextChoices):
        # Declared in the order a page lists them.
        PRESIDIUM = "presidium", _("Presidium")
        STANDING = "standing", _("Standing Committee")
        EXECUTIVE = "executive", _("Executive Committee")
        INSPECTION = "inspection", _("Inspection Committee")

    congress = models.ForeignKey(
        Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="bodies"
    )
    kind = models.CharField(_("elected body"), max_length=20, choices=Kind)
    size = models.PositiveSmallIntegerField(
        _("elected size"), help_text=_("Number of members the congress elected.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0, editable=False)

    class Meta:
        verbose_name = _("elected body")
        verbose_name_plural = _("elected bodies")
        ordering = ["congress", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "kind"],
                name="elected_body_once_per_congress",
                violation_error_message=_("This congress already has this body."),
            ),
        ]

    def __str__(self):
        congress = self.congress if self.congress_id else None
        if congress is None:
            return str(self.get_kind_display())
        return f"{self.get_kind_display()} – {congress}"

    def save(self, *args, **kwargs):
        self.position = list(self.Kind.values).index(self.kind)
        super().save(*args, **kwargs)


class Person(SampleMarked, InternalNote, models.Model):
    """Someone elected to a body; only the public facts of an office holder are kept."""

    class Honorific(models.TextChoices):
        MR = "mr", _("Mr")
        MS = "ms", _("Ms")

    full_name = models.CharField(
        _("full name"), max_length=120, help_text=_("With diacritics, e.g. Trần Công Thắng.")
    )
    name_key = models.CharField(max_length=120, editable=False, db_index=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    honorific = models.CharField(_("honorific"), max_length=4, choices=Honorific, blank=True)
    photo = PortalImageField(_("photo"), folder="congresses/people", blank=True)
    titles = models.TextField(
        _("titles held elsewhere"),
        blank=True,
        help_text=_("One per line, e.g. “Phó Chủ tịch thường trực UBND tỉnh”."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]

    def __str__(self):
        return self.public_name

    def save(self, *args, **kwargs):
        self.full_name = re.sub(r"\s+", " ", unicodedata.normalize("NFC", self.full_name)).strip()
        self.name_key = name_key(self.full_name)
        if not self.slug:
            self.slug = unique_slug(Person, self.full_name, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_in(get_language(), "congresses:person", slug=self.slug)

    def title_list(self):
        return [line.strip() for line in (self.titles or "").splitlines() if line.strip()]

    @property
    def public_name(self):
        """The full name; for an invented person, “Sample member BG-01” in the reader's
        language (the full name is then only the code, “BG-01”)."""
        if self.is_sample:
            return _("Sample member %(code)s") % {"code": self.full_name}
        return self.full_name

    @property
    def display_name(self):
        """“Ông Trần Công Thắng” / “Mr Trần Công Thắng”."""
        if self.honorific:
            return f"{self.get_honorific_display()} {self.public_name}"
        return self.public_name


class Mandate(models.Model):
    """A person's seat in an elected body, with a position and the dates it ran."""

    class Position(models.TextChoices):
        # Declared by rank: an organisation chart lists them in this order.
        PRESIDENT = "president", pgettext_lazy("position", "President")
        STANDING_VICE_PRESIDENT = (
            "standing_vice_president",
            pgettext_lazy("position", "Standing Vice President"),
        )
        VICE_PRESIDENT = "vice_president", pgettext_lazy("position", "Vice President")
        SECRETARY_GENERAL = "secretary_general", pgettext_lazy("position", "Secretary General")
        MEMBER = "member", pgettext_lazy("position", "Member")

    body = models.ForeignKey(
        ElectedBody,
        verbose_name=_("elected body"),
        on_delete=models.CASCADE,
        related_name="mandates",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="mandates"
    )
    position = models.CharField(
        pgettext_lazy("mandate", "position"),
        max_length=30,
        choices=Position,
        default=Position.MEMBER,
    )
    rank = models.PositiveSmallIntegerField(editable=False, default=0)
    start_date = models.DateField(
        _("from"), blank=True, help_text=_("Empty: from the first day of the congress.")
    )
    end_date = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty: until the end of the term.")
    )
    change_reason = models.CharField(
        _("reason for a mid-term change"),
        max_length=255,
        blank=True,
        help_text=_(
            "For a seat filled or changed during the term, e.g. “Kiện toàn nhân sự Ban Chấp hành”."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["body", "rank", "order", "id"]
        indexes = [
            models.Index(fields=["body", "start_date", "end_date"], name="mandate_body_dates"),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_position_display()}"

    def save(self, *args, **kwargs):
        self.rank = list(self.Position.values).index(self.position)
        if not self.start_date and self.body_id:
            self.start_date = self.body.congress.term_start_date
        super().save(*args, **kwargs)

    @property
    def is_officer(self):
        return self.position != self.Position.MEMBER

    def clean(self):
        # The rules that involve the body's other mandates (one President at a time, the
        # elected size) are checked on all rows at once: see rules.check_body_mandates.
        from .rules import check_mandate_dates

        if not self.body_id:
            return
        congress = self.body.congress
        if not self.start_date:
            self.start_date = congress.term_start_date
        errors = check_mandate_dates(self, congress)
        if errors:
            raise ValidationError(errors)


class CongressDocument(models.Model):
    congress = models.ForeignKey(
        Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("PDF file"),
        upload_to=document_upload_to,
        validators=[validate_pdf],
        help_text=_("A PDF document, up to 20 MB."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["congress", "order", "id"]

    def __str__(self):
        return self.title


class CongressPhoto(models.Model):
    congress = models.ForeignKey(
        Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="photos"
    )
    image = PortalImageField(_("image"), folder="congresses/photos")
    caption = models.CharField(
        _("caption"), max_length=255, help_text=_("Also the text read out to blind readers.")
    )
    credit = models.CharField(_("credit"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["congress", "order", "id"]

    def __str__(self):
        return self.caption
