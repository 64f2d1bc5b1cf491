from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal import pagecache
from portal.cache import kept_or_keep
from portal.i18n import reverse_in
from portal.images import PortalImageField
from portal.richtext import RichTextField


class Cluster(models.Model):
    """Cụm: provincial unions grouped by VUFO for coordination and emulation."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["number"]

    def __str__(self):
        return str(_("Cluster No. %(number)s") % {"number": self.number})


class Union(models.Model):
    """A Union of Friendship Organizations: VUFO (national) or a provincial / city union."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National (VUFO)")
        PROVINCIAL = "provincial", _("Provincial / city")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PROVINCIAL)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("abbreviation"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    province = models.CharField(_("province / city"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unions",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    founding_decision_number = models.CharField(
        _("founding decision number"), max_length=80, blank=True, help_text=_("e.g. 121/QĐ-UBND")
    )
    founding_decision_date = models.DateField(_("founding decision date"), null=True, blank=True)
    founding_decision_issuer = models.CharField(
        _("founding decision issued by"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Chairman of the Provincial People's Committee"),
    )
    founding_document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("founding decision (document)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="founded_unions",
        help_text=_("The decision among the official documents: the pages link to it."),
    )
    motto = models.CharField(_("motto"), max_length=200, blank=True)
    description = RichTextField(_("description"), blank=True)
    functions = RichTextField(
        _("functions and duties"),
        blank=True,
        help_text=_("“Chức năng, nhiệm vụ”: shown on the about page under its own heading."),
    )
    logo = PortalImageField(_("logo"), folder="unions/logos", blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The successor union, when this union merged into another one."),
    )
    merged_on = models.DateField(_("merged on"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["kind", "name"], name="unions_union_kind_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The page frame shows the home union's name and contacts from a kept copy.
        SiteSettings.forget()

    def get_absolute_url(self):
        home = SiteSettings.current().home_union
        if home is not None and home.pk == self.pk:
            return reverse("unions:about")
        return reverse_in(get_language(), "unions:union", slug=self.slug)

    @property
    def is_merged(self):
        return self.merged_into_id is not None

    def delete(self, *args, **kwargs):
        # A merged union is history: its page stays online and its successor names it.
        if self.is_merged:
            raise ProtectedError(
                _("%(union)s merged into %(successor)s and is kept as part of its history.")
                % {"union": self, "successor": self.merged_into},
                [self.merged_into],
            )
        return super().delete(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.merged_into_id and not self.merged_on:
            errors["merged_on"] = _("Give the date of the merger.")
        if self.merged_on and not self.merged_into_id:
            errors["merged_into"] = _("Choose the union this union merged into.")
        if self.merged_into_id:
            # Walk up the successor chain: a union cannot (indirectly) succeed itself.
            seen = {self.pk}
            successor = self.merged_into
            while successor is not None:
                if successor.pk in seen:
                    errors["merged_into"] = _("A union cannot merge into itself.")
                    break
                seen.add(successor.pk)
                successor = successor.merged_into
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("A union cannot be its own parent.")
        if errors:
            raise ValidationError(errors)


class ClusterLeadership(models.Model):
    """The leading union of a cluster (Cụm trưởng) in a given year."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="leaderships"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    union = models.ForeignKey(
        Union, verbose_name=_("leading union"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("cluster leadership")
        verbose_name_plural = _("cluster leaderships")
        ordering = ["cluster", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="unions_one_leader_per_year")
        ]

    def __str__(self):
        return f"{self.cluster} {self.year}: {self.union}"


class Milestone(models.Model):
    """An event in a union's history timeline (the founding and mergers are added automatically)."""

    union = models.ForeignKey(
        Union, verbose_name=_("union"), on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y}: {self.title}"


class SiteSettings(models.Model):
    """The portal's own settings: which union it speaks for, and the masthead details."""

    CACHE_KEY = "portal:site-settings"

    home_union = models.ForeignKey(
        Union,
        verbose_name=_("home union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("The union this portal speaks for; its name and contacts fill the page frame."),
    )
    editor_in_chief = models.CharField(_("editor-in-chief"), max_length=120, blank=True)
    licence = models.CharField(
        _("publishing licence"),
        max_length=255,
        blank=True,
        help_text=_("Licence number of the electronic information page, shown in the footer."),
    )
    is_demo = models.BooleanField(
        _("demo site"),
        default=False,
        help_text=_(
            "Every page says that the site shows sample data. Set by the demo loader "
            "(manage.py load_demo)."
        ),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        self.forget()

    @classmethod
    def forget(cls):
        """The row or its home union changed: pages read them anew, now and once the change
        is committed (a page built meanwhile may read and keep the row as it was). The
        content generation moves after the shared copy is gone, so no page keeps the old
        row for the new generation."""

        def drop():
            cache.delete(cls.CACHE_KEY)
            pagecache.bump()

        drop()
        transaction.on_commit(drop)

    @classmethod
    def current(cls):
        """The settings row with its home union, kept until either is saved. Shared by the
        requests of a process: to change the settings, read the row from the database."""

        def read():
            # Also kept apart from the generation: a page built after an article is saved
            # reads it from the shared cache, not from the database.
            return cache.get_or_set(
                cls.CACHE_KEY,
                lambda: cls.objects.select_related("home_union").filter(pk=1).first() or cls(pk=1),
                3600,
            )

        return kept_or_keep(f"{cls.CACHE_KEY}:{pagecache.generation()}", read, 3600)
