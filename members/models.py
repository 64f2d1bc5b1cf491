from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.i18n import reverse_in
from portal.models import SampleMarked
from portal.richtext import RichTextField

from .countries import Country, parse_codes, validate_country_codes


class Association(models.Model):
    """A bilateral friendship association of the home union (Hội hữu nghị Việt Nam – …)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DISSOLVED = "dissolved", _("Dissolved")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    union = models.ForeignKey(
        "unions.Union",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="associations",
    )
    countries = models.CharField(
        _("partner countries"),
        max_length=60,
        default="",
        validators=[validate_country_codes],
        help_text=_("ISO 3166-1 codes separated by commas, in the order of the name, e.g. CZ, SK."),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    description = RichTextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        indexes = [models.Index(fields=["union", "status"], name="members_assoc_union_status")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.countries = ", ".join(parse_codes(self.countries))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_in(get_language(), "members:association", slug=self.slug)

    @property
    def partner_countries(self):
        return [Country(code) for code in parse_codes(self.countries)]


class Branch(models.Model):
    """A chapter (hội / chi hội): of an association, or directly of the union."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        AGENCY = "agency", _("Agency")
        SCHOOL = "school", _("School")

    union = models.ForeignKey(
        "unions.Union",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="branches",
        help_text=_("Filled in from the association when the chapter belongs to one."),
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
        help_text=_("Leave empty for a chapter directly under the union."),
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level, default=Level.DISTRICT)
    locality = models.CharField(_("locality"), max_length=150, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["association", "name"], name="members_branch_assoc_name"),
            models.Index(fields=["union", "name"], name="members_branch_union_name"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.association_id:
            self.union_id = self.association.union_id
        super().save(*args, **kwargs)


class Member(models.Model):
    """An individual member (hội viên). Personal data: admin only, never on a public page."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        UNSPECIFIED = "unspecified", _("Not stated")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")

    full_name = models.CharField(_("full name"), max_length=150)
    gender = models.CharField(
        _("gender"), max_length=20, choices=Gender, default=Gender.UNSPECIFIED
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("chapter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    joined_on = models.DateField(_("joined on"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["full_name"]
        permissions = [("export_member", _("Can export members to CSV"))]
        indexes = [models.Index(fields=["association", "status"], name="members_member_assoc")]

    def __str__(self):
        return self.full_name

    def clean(self):
        if self.branch_id and self.association_id:
            branch_association = self.branch.association_id
            if branch_association and branch_association != self.association_id:
                raise ValidationError({"branch": _("This chapter belongs to another association.")})


class MembershipCount(SampleMarked, models.Model):
    """A yearly head count: unions often know totals rather than names.

    A record of a chapter counts that chapter's members; a record of an
    association without a chapter counts its members outside any chapter. The
    union's totals for a year are the sum of its records, so nothing is counted twice.
    """

    union = models.ForeignKey(
        "unions.Union",
        verbose_name=_("union"),
        on_delete=models.CASCADE,
        related_name="membership_counts",
        editable=False,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="membership_counts",
    )
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("chapter"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="membership_counts",
    )
    members = models.PositiveIntegerField(_("members"))

    class Meta:
        verbose_name = _("membership count")
        verbose_name_plural = _("membership counts")
        ordering = ["-year", "association", "branch"]
        indexes = [models.Index(fields=["union", "year"], name="members_count_union_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(association__isnull=False) | Q(branch__isnull=False),
                name="members_count_has_subject",
            ),
            models.UniqueConstraint(
                fields=["year", "branch"],
                condition=Q(branch__isnull=False),
                name="members_count_one_per_branch_year",
            ),
            models.UniqueConstraint(
                fields=["year", "association"],
                condition=Q(branch__isnull=True),
                name="members_count_one_per_association_year",
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.branch or self.association} – {self.members}"

    def save(self, *args, **kwargs):
        if self.branch_id:
            self.association_id = self.branch.association_id
            self.union_id = self.branch.union_id
        elif self.association_id:
            self.union_id = self.association.union_id
        super().save(*args, **kwargs)

    def clean(self):
        if not self.association_id and not self.branch_id:
            raise ValidationError(_("Choose an association or a chapter."))
        if (
            self.branch_id
            and self.association_id
            and self.branch.association_id != self.association_id
        ):
            raise ValidationError({"branch": _("This chapter belongs to another association.")})


class MembershipApplication(models.Model):
    """An application to join an association, sent from the public form."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    motivation = models.TextField(_("motivation"), max_length=2000)
    consent = models.BooleanField(_("consent to personal-data processing"), default=False)
    # The privacy notice the person agreed to (settings.PRIVACY_NOTICE_VERSION) and when.
    consent_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    # The language of the form the person filled in: the e-mails to them are written in it.
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="vi", editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member = models.OneToOneField(
        Member,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.full_name} → {self.association}"


class MemberExport(models.Model):
    """Audit record of each CSV export of members (Decree 13/2023/NĐ-CP)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150)
    exported_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"))

    class Meta:
        verbose_name = _("member export")
        verbose_name_plural = _("member exports")
        ordering = ["-exported_at"]

    def __str__(self):
        return f"{self.username} {self.exported_at:%Y-%m-%d %H:%M} ({self.rows})"
