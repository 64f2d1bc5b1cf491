from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.richtext import RichTextField


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
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    description = RichTextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.ACTIVE)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:association", kwargs={"slug": self.slug})
