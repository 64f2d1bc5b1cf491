from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal import pagecache
from portal.cache import kept_or_keep
from portal.i18n import reverse_in
from portal.images import PortalImageField
from portal.richtext import RichTextField
from portal.text import search_text, slug_from

from .video import embed_url, validate_video_file, validate_video_url, video_upload_to

LANGUAGE_CODES = ("vi", "en")


def unique_slug(model, field, base, exclude_pk=None, max_length=200):
    """`base`, or `base-2`, `base-3`… so that no other row of `model` has it in `field`."""
    base = (base or "bai-viet")[: max_length - 6].strip("-") or "bai-viet"
    candidate, n = base, 1
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while others.filter(**{field: candidate}).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class TranslatedSlugMixin:
    """Slugs per language are explicit fields (`slug_vi`, `slug_en`): a query must name the
    language's own column, and modeltranslation's fallback must never apply to a lookup.
    The page's address is the route `url_name` with the language's slug."""

    url_name = None

    def slug_for(self, language=None):
        language = language or translation.get_language()
        return self.slug_en if language == "en" else self.slug_vi

    @classmethod
    def slug_field(cls, language=None):
        language = language or translation.get_language()
        return "slug_en" if language == "en" else "slug_vi"

    def get_absolute_url(self, language=None):
        """None in a language the object has no slug in (no page there)."""
        language = language or translation.get_language()
        slug = self.slug_for(language)
        if not slug:
            return None
        return reverse_in(language, self.url_name, slug=slug)


class TitledPageMixin(TranslatedSlugMixin):
    """A page whose slugs come from its titles and whose English version exists only when it
    has an English title (articles, series, albums): without one `slug_en` is NULL, and the
    /en/ lists and sitemaps leave it out."""

    # The slug of a title with no letter or digit (unique_slug numbers it).
    slug_fallback = "bai-viet"

    def save(self, *args, **kwargs):
        model = type(self)
        self.title_en = (self.title_en or "").strip()
        if not self.slug_vi:
            base = slug_from(self.title_vi) or self.slug_fallback
            self.slug_vi = unique_slug(model, "slug_vi", base, self.pk)
        if self.title_en:
            if not self.slug_en:
                base = slug_from(self.title_en) or self.slug_fallback
                self.slug_en = unique_slug(model, "slug_en", base, self.pk)
        else:
            self.slug_en = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"slug_vi", "slug_en"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.slug_en and not (self.title_en or "").strip():
            raise ValidationError(
                {"slug_en": _("An English slug needs an English title.")}, code="slug_en"
            )

    @property
    def has_english(self):
        return bool(self.slug_en)


class Category(TranslatedSlugMixin, models.Model):
    url_name = "news:category"

    name = models.CharField(_("name"), max_length=120)
    slug_vi = models.SlugField(_("slug (Vietnamese)"), max_length=140, unique=True)
    slug_en = models.SlugField(_("slug (English)"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_video = models.BooleanField(
        _("video category"), default=False, help_text=_("Its articles are shown as videos.")
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    @classmethod
    def kept(cls):
        """Every category, kept for the content generation (a renamed or added category shows
        on the next page built): the main menu shows them on every page, the home page its
        sections. Rows shared by the requests of a process, never to be changed; their names
        and addresses are read in the reader's language."""
        key = f"news:categories:{pagecache.generation()}"
        return kept_or_keep(key, lambda: list(cls.objects.all()), 3600)


class Tag(TranslatedSlugMixin, models.Model):
    url_name = "news:tag"

    name = models.CharField(_("name"), max_length=80)
    slug_vi = models.SlugField(_("slug (Vietnamese)"), max_length=100, unique=True)
    slug_en = models.SlugField(_("slug (English)"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug_vi:
            self.slug_vi = unique_slug(Tag, "slug_vi", slug_from(self.name_vi), self.pk)
        if not self.slug_en:
            self.slug_en = unique_slug(
                Tag, "slug_en", slug_from(self.name_en or self.name_vi), self.pk
            )
        super().save(*args, **kwargs)


def published_q(language=None, prefix=""):
    """The condition ArticleQuerySet.published() applies, for a query that reaches the
    articles through a join (`prefix`: "article__"), where an `IN (published articles)`
    subquery could read all of them."""
    language = language or translation.get_language()
    now = timezone.now()
    condition = Q(
        **{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": now}
    ) & (Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now}))
    if language == "en":
        condition &= Q(**{f"{prefix}slug_en__isnull": False})
    return condition


class ArticleQuerySet(models.QuerySet):
    def published(self, language=None):
        """What readers of `language` may see: published, due, not expired, and written in
        that language."""
        return self.filter(published_q(language))

    def expired(self):
        """Published articles whose expiry has passed: their address answers 410."""
        return self.filter(status=Article.Status.PUBLISHED, expires_at__lte=timezone.now())

    def next_change(self):
        """When the published articles next change with nothing saved: the earliest scheduled
        publication or expiry still to come, or None. One query: each side of the OR is
        found in its own index (news_article_pub, news_article_expiry)."""
        now = timezone.now()
        found = self.filter(
            Q(published_at__gt=now) | Q(expires_at__gt=now), status=Article.Status.PUBLISHED
        ).aggregate(
            due=Min("published_at", filter=Q(published_at__gt=now)),
            expiring=Min("expires_at", filter=Q(expires_at__gt=now)),
        )
        times = [t for t in (found["due"], found["expiring"]) if t is not None]
        return min(times, default=None)

    def concerning(self, organisation):
        """Articles about a union or an association (the organisations an article concerns)."""
        # The many-to-many fields are named after the models: unions, associations.
        return self.filter(**{f"{organisation._meta.model_name}s": organisation})

    def for_list(self, *extra_fields):
        """What a list of articles shows (plus `extra_fields`), the category joined."""
        return self.select_related("category").only(
            *extra_fields,
            "id",
            "slug_vi",
            "slug_en",
            "title_vi",
            "title_en",
            "summary_vi",
            "summary_en",
            "cover",
            "cover_caption_vi",
            "cover_caption_en",
            "published_at",
            "view_count",
            "category__id",
            "category__name_vi",
            "category__name_en",
            "category__slug_vi",
            "category__slug_en",
            "category__is_video",
        )


class Article(TitledPageMixin, models.Model):
    url_name = "news:article"

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=255)
    slug_vi = models.SlugField(
        _("slug (Vietnamese)"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Made from the Vietnamese title when left empty."),
    )
    slug_en = models.SlugField(
        _("slug (English)"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Made from the English title when left empty; an article without an English "
            "title has no English version and no English slug."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = RichTextField(_("body"), blank=True)
    cover = PortalImageField(_("cover image"), folder="news", blank=True)
    cover_caption = models.CharField(_("cover caption"), max_length=300, blank=True)
    cover_credit = models.CharField(_("photo credit"), max_length=120, blank=True)
    video_url = models.URLField(
        _("video link"),
        blank=True,
        validators=[validate_video_url],
        help_text=_("YouTube or Vimeo address of the video (for video articles)."),
    )
    video_file = models.FileField(
        _("video file"),
        upload_to=video_upload_to,
        blank=True,
        validators=[validate_video_file],
        help_text=_("An MP4 or WebM file, at most 200 MB (when there is no video link)."),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    unions = models.ManyToManyField(
        "unions.Union",
        verbose_name=_("unions concerned"),
        blank=True,
        related_name="articles",
    )
    associations = models.ManyToManyField(
        "members.Association",
        verbose_name=_("associations concerned"),
        blank=True,
        related_name="articles",
    )
    author = models.CharField(
        _("author"), max_length=120, blank=True, help_text=_("The byline, as printed.")
    )
    source_name = models.CharField(
        _("source"), max_length=120, blank=True, help_text=_("For example vufo.org.vn.")
    )
    source_url = models.URLField(_("source link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the article."),
    )
    expires_at = models.DateTimeField(
        _("expires at"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty to keep the article online. At this time it leaves every list, the "
            "feeds, search and the sitemap, and its address says it was withdrawn."
        ),
    )
    is_highlight = models.BooleanField(
        _("highlight"), default=False, help_text=_("Shown in the “Breaking news” ticker.")
    )
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    # Set when an Editor returns the article from review to its writer, cleared when it is
    # sent for review again: the writer's work queue and the change form show the note.
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True, editable=False)
    editor_note = models.TextField(_("note from the editor"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_articles",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Folded (lowercase, no diacritics) copies of the text, kept up to date on save:
    # the same diacritic-insensitive search on PostgreSQL (full text) and SQLite.
    search_title_vi = models.TextField(editable=False, default="")
    search_text_vi = models.TextField(editable=False, default="")
    search_title_en = models.TextField(editable=False, default="")
    search_text_en = models.TextField(editable=False, default="")

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_article", _("Can publish, schedule, unpublish and archive articles")),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="news_article_pub"),
            # The public lists, newest first: their page's ids come from the index alone
            # (news.views.ArticlePaginator), an English list's from its own. `expires_at`
            # rides along at the end, so that the expiry test (which compares it with now,
            # so cannot be the indexes' condition) is made on the index entries too.
            models.Index(
                fields=["-published_at", "-id", "expires_at"],
                condition=Q(status="published"),
                name="news_article_list",
            ),
            models.Index(
                fields=["-published_at", "-id", "expires_at"],
                condition=Q(status="published", slug_en__isnull=False),
                name="news_article_list_en",
            ),
            models.Index(
                fields=["category", "-published_at", "-id", "expires_at"],
                condition=Q(status="published"),
                name="news_article_cat_list",
            ),
            # The few articles with an expiry: when the next one is due (next_change()).
            models.Index(
                fields=["expires_at"],
                condition=Q(expires_at__isnull=False),
                name="news_article_expiry",
            ),
            models.Index(
                fields=["is_highlight", "status", "-published_at"], name="news_article_hl_pub"
            ),
            models.Index(fields=["created_by", "status"], name="news_article_owner"),
            # The admin's list of every article, newest first: its page's ids come from the
            # index alone (portal.admin.LargeListPaginator), its year filter's first and last.
            models.Index(fields=["-published_at", "-id"], name="news_article_admin_list"),
            # The sitemap's "last modified" of the articles: the newest of the published.
            models.Index(
                fields=["-updated_at"],
                condition=Q(status="published"),
                name="news_article_updated",
            ),
        ]
        constraints = [
            # An empty string is not "no English slug": only NULL may repeat.
            models.CheckConstraint(
                condition=Q(slug_en__isnull=True) | ~Q(slug_en=""), name="news_article_slug_en"
            ),
        ]

    def __str__(self):
        return self.title_vi or self.title_en or "—"

    def save(self, *args, **kwargs):
        # The slugs (TitledPageMixin.save) follow the titles as stripped here.
        self.title_en = (self.title_en or "").strip()
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        self.search_title_vi = search_text(self.title_vi)
        self.search_text_vi = search_text(self.summary_vi, self.body_vi)
        self.search_title_en = search_text(self.title_en)
        self.search_text_en = search_text(self.summary_en, self.body_en) if self.title_en else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {
                "search_title_vi",
                "search_text_vi",
                "search_title_en",
                "search_text_en",
            }
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            raise ValidationError(
                {"expires_at": _("The expiry must come after the publication time.")},
                code="expires_at",
            )

    @property
    def is_public(self):
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.expires_at is None or self.expires_at > now)
        )

    @property
    def is_expired(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def video_embed_url(self):
        return embed_url(self.video_url)


class Series(TitledPageMixin, models.Model):
    """A topic series (Chuyên đề): articles in the order the editors give them, with a page of
    its own and a box on each of its articles."""

    url_name = "news:series"

    title = models.CharField(_("title"), max_length=255)
    slug_vi = models.SlugField(
        _("slug (Vietnamese)"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Made from the Vietnamese title when left empty."),
    )
    slug_en = models.SlugField(
        _("slug (English)"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Made from the English title when left empty; a series without an English title "
            "has no English page."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    cover = PortalImageField(_("cover image"), folder="news", blank=True)
    articles = models.ManyToManyField(
        Article,
        through="SeriesArticle",
        verbose_name=_("articles"),
        related_name="series",
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(slug_en__isnull=True) | ~Q(slug_en=""), name="news_series_slug_en"
            ),
        ]

    def __str__(self):
        return self.title_vi or self.title_en or "—"


class SeriesArticle(models.Model):
    """An article's place in a series."""

    series = models.ForeignKey(
        Series, verbose_name=_("series"), on_delete=models.CASCADE, related_name="entries"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="series_entries"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("article of the series")
        verbose_name_plural = _("articles of the series")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "article"], name="news_series_article"),
        ]
        indexes = [models.Index(fields=["series", "position", "id"], name="news_series_order")]

    def __str__(self):
        return str(self.article)


class ArticleReading(models.Model):
    """How many times an article was read on one day (in Asia/Ho_Chi_Minh): the "most read"
    lists. Written in batches by news.readings, never through save() (which would drop every
    cached page), and pruned after READINGS_KEEP_DAYS."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="readings"
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("readings"), default=0)

    class Meta:
        verbose_name = _("readings of a day")
        verbose_name_plural = _("readings per day")
        constraints = [
            # What the batched upsert (news.readings) conflicts on.
            models.UniqueConstraint(fields=["article", "day"], name="news_reading_day"),
        ]
        indexes = [
            # "Most read over the last N days": the days' rows from the index alone.
            models.Index(fields=["day", "article", "count"], name="news_reading_recent"),
        ]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.count}"


class Comment(models.Model):
    """A reader's comment (Ý kiến bạn đọc): plain text, public only once approved."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField(_("name"), max_length=80)
    # Required by the form; emptied once PRIVACY_RETENTION_COMMENT_EMAIL_DAYS have passed.
    email = models.EmailField(_("email"), blank=True, help_text=_("Never shown."))
    body = models.TextField(_("comment"), max_length=3000)
    language = models.CharField(_("language"), max_length=5, default="vi")
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # The privacy notice the reader agreed to (settings.PRIVACY_NOTICE_VERSION) and when.
    consent_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("reader's comment")
        verbose_name_plural = _("readers' comments")
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="news_comment_public")
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:40]}"
