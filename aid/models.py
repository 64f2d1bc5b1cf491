"""Foreign non-governmental aid, after the IATI Activity Standard where it fits.

Money is always a Decimal amount with an ISO 4217 currency; conversions to VND or
USD use the exchange rate of the transaction's value date (or the nearest earlier
one), are computed in the database and stored with the transaction, kept up to date
when it or a rate changes (see aid/conversion.py); the figures sum them (aid/reports.py).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.i18n import reverse_in
from portal.models import PublishedQuerySet, SampleMarked

from .codelists import (
    COUNTRIES,
    CURRENCIES,
    ActivityStatus,
    OrganisationRole,
    OrganisationType,
    ProjectKind,
    TransactionType,
)


class Sector(models.Model):
    """An OECD DAC 5-digit purpose code (IATI Sector vocabulary 1)."""

    code = models.CharField(
        _("DAC code"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("A DAC purpose code has five digits."))],
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class Location(models.Model):
    """A district or commune of the province, where projects take place."""

    class Level(models.TextChoices):
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune / ward")

    level = models.CharField(_("level"), max_length=10, choices=Level)
    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(
        _("administrative code"),
        max_length=10,
        blank=True,
        help_text=_("Code of the General Statistics Office, if known."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communes",
        limit_choices_to={"level": "district"},
        help_text=_(
            "For a commune: the district it belonged to. Since 1 July 2025 Vietnam has no "
            "district level; communes created since then have none, and earlier projects "
            "keep the districts they were recorded with."
        ),
    )
    abolished = models.BooleanField(
        _("abolished"),
        default=False,
        help_text=_("No longer an administrative unit (kept for historical projects)."),
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["level", "name"]

    def __str__(self):
        if self.parent_id:
            return f"{self.name} ({self.parent.name})"
        return self.name

    def clean(self):
        if self.level == self.Level.DISTRICT and self.parent_id:
            raise ValidationError({"parent": _("A district has no parent district.")})


class Donor(models.Model):
    """A foreign non-governmental organisation (INGO) or other foreign partner."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=2,
        choices=OrganisationType,
        default=OrganisationType.INTERNATIONAL_NGO,
        help_text=_("IATI organisation type."),
    )
    iati_identifier = models.CharField(
        _("IATI organisation identifier"), max_length=100, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    # Staff only: never shown on public pages nor exported.
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AidProject(SampleMarked, models.Model):
    """A programme, project, non-project aid or emergency relief (an IATI activity)."""

    reference = models.CharField(
        _("reference code"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
                _("Use letters, digits, dots, hyphens and underscores only."),
            )
        ],
        help_text=_("The union's own code, also used in the IATI identifier and the page address."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind)
    status = models.CharField(
        _("status"),
        max_length=1,
        choices=ActivityStatus,
        default=ActivityStatus.IMPLEMENTATION,
        help_text=_("IATI activity status."),
        db_index=True,
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        db_index=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("The year the project was approved; it counts as new in that year."),
    )
    coordinating_body = models.CharField(
        _("coordinating body"),
        max_length=200,
        blank=True,
        help_text=_("The union, the Department of Foreign Affairs, a district People's Committee…"),
    )
    decision_number = models.CharField(_("approval decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("approval decision date"), null=True, blank=True)
    decision_issuer = models.CharField(_("approval decision issued by"), max_length=200, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    beneficiaries_count = models.PositiveIntegerField(
        _("number of beneficiaries"), null=True, blank=True
    )
    beneficiaries = models.CharField(
        _("beneficiaries"),
        max_length=300,
        blank=True,
        help_text=_("Who benefits: pupils of …, households in …"),
    )
    sectors = models.ManyToManyField(
        Sector, through="ProjectSector", verbose_name=_("sectors"), related_name="projects"
    )
    districts = models.ManyToManyField(
        Location,
        verbose_name=_("districts"),
        blank=True,
        related_name="district_projects",
        limit_choices_to={"level": "district"},
    )
    communes = models.ManyToManyField(
        Location,
        verbose_name=_("communes / wards"),
        blank=True,
        related_name="commune_projects",
        limit_choices_to={"level": "commune"},
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Shown on the public aid pages and in IATI.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("aid project")
        verbose_name_plural = _("aid projects")
        ordering = ["-year", "reference"]
        indexes = [
            models.Index(fields=["is_published", "-year"], name="aid_project_pub_year"),
            # The published projects' ids, read by every public figure (an index-only scan).
            models.Index(
                fields=["id"], condition=models.Q(is_published=True), name="aid_project_published"
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        return reverse_in(get_language(), "aid:project", reference=self.reference)

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The end cannot be before the start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("The end cannot be before the start.")
        if errors:
            raise ValidationError(errors)


class ProjectSector(models.Model):
    project = models.ForeignKey(
        AidProject,
        verbose_name=_("aid project"),
        on_delete=models.CASCADE,
        related_name="sector_shares",
    )
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT)
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        verbose_name = _("sector share")
        verbose_name_plural = _("sectors (percentages add up to 100)")
        ordering = ["-percentage", "sector__code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "sector"], name="aid_projectsector_unique")
        ]

    def __str__(self):
        return f"{self.sector.code}: {self.percentage}%"


class Participant(models.Model):
    """An organisation taking part in a project, in an IATI organisation role."""

    project = models.ForeignKey(
        AidProject,
        verbose_name=_("aid project"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    donor = models.ForeignKey(Donor, verbose_name=_("organisation"), on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=1, choices=OrganisationRole)

    class Meta:
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        ordering = ["role", "donor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "donor", "role"], name="aid_participant_unique"
            )
        ]

    def __str__(self):
        return f"{self.donor} ({self.get_role_display()})"


class TransactionQuerySet(models.QuerySet):
    """Stores the converted amounts of the rows it writes without save() (aid/conversion.py)."""

    def bulk_create(self, objs, *args, **kwargs):
        from . import conversion

        objs = super().bulk_create(objs, *args, **kwargs)
        pks = [obj.pk for obj in objs]
        if None in pks:  # ignore_conflicts: which rows were written is not known
            conversion.store(self.model._base_manager.all())
        else:
            conversion.transactions_changed(pks)
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        from . import conversion

        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if conversion.INPUTS & set(fields):
            conversion.transactions_changed([obj.pk for obj in objs])
        return count

    def update(self, **kwargs):
        from . import conversion

        if not conversion.INPUTS & kwargs.keys():
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        conversion.transactions_changed(pks)
        return count

    update.alters_data = True


class Transaction(models.Model):
    """A commitment, disbursement or expenditure (IATI transaction)."""

    project = models.ForeignKey(
        AidProject,
        verbose_name=_("aid project"),
        on_delete=models.CASCADE,
        related_name="transactions",
    )
    transaction_type = models.CharField(
        _("type"), max_length=2, choices=TransactionType, help_text=_("IATI transaction type.")
    )
    donor = models.ForeignKey(
        Donor,
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        related_name="transactions",
        help_text=_("The organisation the money comes from."),
    )
    date = models.DateField(_("date"))
    value_date = models.DateField(
        _("value date"),
        help_text=_("The date whose exchange rate converts the amount; usually the date."),
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="VND")
    description = models.CharField(_("description"), max_length=300, blank=True)
    reference = models.CharField(
        _("reference"),
        max_length=60,
        blank=True,
        help_text=_(
            "The transaction's own reference (a voucher or transfer number), if it has one. "
            "Without one, a project cannot have two transactions of the same type, date, "
            "amount, currency and donor."
        ),
    )
    # The amount at the rate of the value date (or the nearest earlier one), NULL without a
    # rate; stored by aid/conversion.py, never edited.
    amount_vnd = models.DecimalField(
        _("amount in VND"), max_digits=38, decimal_places=10, null=True, editable=False
    )
    amount_usd = models.DecimalField(
        _("amount in USD"), max_digits=38, decimal_places=10, null=True, editable=False
    )

    objects = TransactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["date"], name="aid_transaction_date"),
            models.Index(fields=["currency", "value_date"], name="aid_transaction_cur_vdate"),
            # What a USD rate's change stores again: every currency, a range of value dates.
            models.Index(fields=["value_date"], name="aid_transaction_vdate"),
            # The few transactions without a rate, listed on the dashboard in this order.
            models.Index(
                fields=["value_date", "id"],
                condition=models.Q(amount_vnd__isnull=True),
                name="aid_transaction_no_vnd",
            ),
            models.Index(
                fields=["value_date", "id"],
                condition=models.Q(amount_usd__isnull=True),
                name="aid_transaction_no_usd",
            ),
        ]
        # What identifies a transaction, so that importing a file twice (or two imports
        # confirmed at once) cannot count the same money twice: docs/decisions.md.
        constraints = [
            models.UniqueConstraint(
                fields=["project", "reference"],
                condition=~models.Q(reference=""),
                name="aid_transaction_unique_ref",
                violation_error_message=_(
                    "This project already has a transaction with this reference."
                ),
            ),
            models.UniqueConstraint(
                fields=["project", "transaction_type", "date", "amount", "currency", "donor"],
                condition=models.Q(reference=""),
                name="aid_transaction_unique_key",
                violation_error_message=_(
                    "This project already has a transaction of this type, date, amount, "
                    "currency and donor; give one of them a reference to tell them apart."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_transaction_type_display()} {self.amount} {self.currency} {self.date}"


class ExchangeRateQuerySet(models.QuerySet):
    """Stores again the converted amounts that the rates it writes or deletes without
    save() change (aid/conversion.py): one UPDATE of the transactions for each call."""

    KEY = frozenset({"currency", "date", "rate"})

    def bulk_create(self, objs, *args, **kwargs):
        from . import conversion

        objs = super().bulk_create(objs, *args, **kwargs)
        conversion.rates_changed((obj.currency, obj.date) for obj in objs)
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if not self.KEY & set(fields):
            return super().bulk_update(objs, fields, *args, **kwargs)
        return self._changing(
            self.filter(pk__in=[obj.pk for obj in objs]),
            lambda: super(ExchangeRateQuerySet, self).bulk_update(objs, fields, *args, **kwargs),
        )

    def update(self, **kwargs):
        if not self.KEY & kwargs.keys():
            return super().update(**kwargs)
        return self._changing(self, lambda: super(ExchangeRateQuerySet, self).update(**kwargs))

    update.alters_data = True

    def delete(self):
        from . import conversion

        # One UPDATE for all the rates deleted, rather than one for each (post_delete).
        with conversion.deferred():
            return super().delete()

    delete.alters_data = True

    def _changing(self, rates, write):
        from . import conversion

        before = list(rates.values_list("pk", "currency", "date"))
        result = write()
        after = self.model._base_manager.filter(pk__in=[row[0] for row in before])
        conversion.rates_changed(
            {(currency, date) for _pk, currency, date in before}
            | set(after.values_list("currency", "date"))
        )
        return result


class ExchangeRate(models.Model):
    """How many đồng one unit of a currency was worth from a date on."""

    currency = models.CharField(
        _("currency"), max_length=3, choices=[c for c in CURRENCIES if c[0] != "VND"]
    )
    date = models.DateField(_("date"))
    rate = models.DecimalField(
        _("rate to VND"),
        max_digits=18,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"))],
        help_text=_("VND per one unit of the currency."),
    )
    source = models.CharField(
        _("source"), max_length=120, blank=True, help_text=_("e.g. State Bank of Vietnam")
    )

    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="aid_exchangerate_unique")
        ]

    def __str__(self):
        return f"{self.currency} {self.date}: {self.rate}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.remember_key()
        return instance

    def remember_key(self):
        """Note the currency and date as stored: a change of either changes the conversion
        of the transactions that used the rate before (aid/conversion.py)."""
        self._stored_key = (self.__dict__.get("currency"), self.__dict__.get("date"))

    def stored_keys(self):
        key = getattr(self, "_stored_key", None)
        return [key] if key and None not in key else []


class PendingImport(models.Model):
    """A checked upload waiting for its preview to be confirmed (aid/imports.py).

    The parsed rows are kept here, not the file: the confirmation reads nothing the
    browser sends but the token, and only the person who uploaded can confirm it, until
    it expires (PENDING_SECONDS)."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dataset = models.CharField(max_length=20)
    file_name = models.CharField(max_length=255)
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.dataset} {self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
