"""Official documents (văn bản): decisions, plans, reports, notices, official letters and
resolutions, with their files, and the issuing bodies they are filtered by."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.i18n import reverse_in
from portal.models import InternalNote, Publishable, PublishedQuerySet, SampleMarked

from . import files
from .search import fold_number, folded_text


def unique_slug(model, base, exclude_pk=None, max_length=120):
    base = slugify(base)[: max_length - 4].strip("-") or "van-ban"
    slug, n = base, 2
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Issuer(models.Model):
    """A body that issues documents: "UBND tỉnh Bắc Giang", the union itself, VUFO…"""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Used in the filter's address; filled in if left empty."),
    )

    class Meta:
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Issuer, fold_number(self.name_vi or self.name), self.pk)
        super().save(*args, **kwargs)


class DocumentQuerySet(PublishedQuerySet):
    def search(self, query):
        """Documents matching a reader's query (number, title, summary; diacritics ignored),
        best first: documents.search."""
        from .search import search

        return search(self, query)

    def for_list(self):
        """What a list of documents shows, the issuer joined."""
        return self.select_related("issuer").only(
            "id",
            "slug",
            "number",
            "kind",
            "title_vi",
            "title_en",
            "date_issued",
            "is_published",
            "is_sample",
            "issuer__id",
            "issuer__name_vi",
            "issuer__name_en",
            "issuer__slug",
        )


class Document(Publishable, SampleMarked, InternalNote, models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        PLAN = "plan", _("Plan")
        REPORT = "report", _("Report")
        NOTICE = "notice", _("Notice")
        OFFICIAL_LETTER = "official_letter", _("Official letter")
        RESOLUTION = "resolution", _("Resolution")

    number = models.CharField(
        _("number"), max_length=80, help_text=_("As written on the document, e.g. 121/QĐ-UBND.")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    issuer = models.ForeignKey(
        Issuer, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="documents"
    )
    date_issued = models.DateField(_("date issued"))
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    signer = models.CharField(
        _("signed by"),
        max_length=200,
        blank=True,
        help_text=_("Name and position, e.g. “Chủ tịch UBND tỉnh”."),
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("The document's address; filled in from its number and year if left empty."),
    )
    articles = models.ManyToManyField(
        "news.Article",
        verbose_name=_("related articles"),
        blank=True,
        related_name="documents",
    )
    # Congress.documents is already the congress's own PDF files (congresses.CongressDocument).
    congresses = models.ManyToManyField(
        "congresses.Congress",
        verbose_name=_("related congresses"),
        blank=True,
        related_name="official_documents",
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Folded copies for search (documents.search), kept by save().
    number_key = models.CharField(max_length=80, editable=False, default="", db_index=True)
    search_title = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("official document")
        verbose_name_plural = _("official documents")
        ordering = ["-date_issued", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number_key", "date_issued"],
                name="document_number_unique",
                violation_error_message=_(
                    "This body already has a document with this number and date."
                ),
            ),
        ]
        indexes = [
            # The public list, newest first, and its filters.
            models.Index(fields=["-date_issued", "-id"], name="document_list"),
            models.Index(fields=["kind", "-date_issued"], name="document_kind"),
            models.Index(fields=["issuer", "-date_issued"], name="document_issuer"),
            models.Index(
                fields=["-published_at"], name="document_feed", condition=Q(is_published=True)
            ),
        ]

    def __str__(self):
        return f"{self.number} – {self.title_vi or self.title}"

    def save(self, *args, **kwargs):
        self.number = " ".join((self.number or "").split())
        self.number_key = fold_number(self.number)
        if not self.slug:
            year = self.date_issued.year if self.date_issued else ""
            self.slug = unique_slug(Document, f"{self.number_key} {year}", self.pk)
        if self.is_published and not self.published_at:
            self.published_at = timezone.now()
        self.search_title = folded_text(self.title_vi, self.title_en)
        self.search_text = folded_text(
            self.summary_vi, self.summary_en, self.signer_vi, self.signer_en
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {
                "number",
                "number_key",
                "slug",
                "published_at",
                "search_title",
                "search_text",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self, language=None):
        if language is None:
            return reverse_in(translation.get_language(), "documents:document", slug=self.slug)
        with translation.override(language):
            return reverse_in(translation.get_language(), "documents:document", slug=self.slug)

    def clean(self):
        super().clean()
        # The unique constraint names the folded number, which no form shows, so Django's
        # own check of it is skipped in forms: "121/QĐ-UBND" and "121/QĐ - UBND" are one.
        self.number_key = fold_number(self.number)
        if self.issuer_id and self.date_issued and self.number_key:
            same = Document.objects.filter(
                issuer_id=self.issuer_id, number_key=self.number_key, date_issued=self.date_issued
            )
            if same.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"number": _("This body already has a document with this number and date.")}
                )

    @property
    def heading(self):
        """The title as readers see it: an invented document says so in their language."""
        return self.sample_marked(self.title)

    @property
    def title_untranslated(self):
        """True when the page's language has no title of its own (the Vietnamese one shows)."""
        language = translation.get_language() or "vi"
        return not language.startswith("vi") and not getattr(self, f"title_{language[:2]}", "")

    @property
    def summary_untranslated(self):
        language = translation.get_language() or "vi"
        return not language.startswith("vi") and not getattr(self, f"summary_{language[:2]}", "")


class DocumentFile(SampleMarked, models.Model):
    """A file of a document: its text as PDF, or a DOCX / XLSX (an annex, a table)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        _("file"),
        upload_to=files.upload_to,
        validators=[files.validate_document_file],
        help_text=_("PDF, Word (DOCX) or Excel (XLSX), up to 20 MB."),
    )
    label = models.CharField(
        _("label"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Full text”, “Annex”. Empty: the document's title."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Set from the checked upload: the list shows format and size without opening the file.
    format = models.CharField(_("format"), max_length=4, editable=False, default="")
    size = models.PositiveIntegerField(_("size"), editable=False, default=0)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["document", "order", "id"]

    def __str__(self):
        return self.label or self.file.name

    def save(self, *args, **kwargs):
        if self.file and not getattr(self.file, "_committed", True):
            # A new upload (checked by the form's validators): its format from the name
            # the validators accepted it under; the stored name is generated (files.upload_to).
            found = files.extension(self.file.name)
            self.format = found if found in files.FORMATS else ""
            self.size = self.file.size or 0
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:download", kwargs={"slug": self.document.slug, "pk": self.pk})

    @property
    def display_label(self):
        """The label readers see (else the document's title); a sample file says so."""
        label = self.label or self.document.title
        return self.sample_marked(label)

    @property
    def content_type(self):
        return files.FORMATS.get(self.format, ("application/octet-stream", ""))[0]

    @property
    def format_label(self):
        return files.FORMATS.get(self.format, ("", self.format.upper()))[1]

    def download_name(self):
        return files.download_name(self.document, self)


def public_documents(lookup="documents", to_attr="public_documents"):
    """Prefetch the published documents of a relation (an article's, a congress's), as a list
    shows them: one query for all, whatever their number."""
    from django.db.models import Prefetch

    return Prefetch(
        lookup,
        queryset=Document.objects.published().for_list().order_by("-date_issued", "-id"),
        to_attr=to_attr,
    )
