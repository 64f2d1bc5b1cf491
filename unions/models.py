from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.richtext import RichTextField


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
    motto = models.CharField(_("motto"), max_length=200, blank=True)
    description = RichTextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The page frame shows the home union's name and contacts from a cached copy.
        cache.delete(SiteSettings.CACHE_KEY)

    def get_absolute_url(self):
        return reverse("unions:about")


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

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def current(cls):
        """The settings row with its home union, cached until either is saved."""
        settings = cache.get(cls.CACHE_KEY)
        if settings is None:
            settings = cls.objects.select_related("home_union").filter(pk=1).first() or cls(pk=1)
            cache.set(cls.CACHE_KEY, settings, 300)
        return settings
