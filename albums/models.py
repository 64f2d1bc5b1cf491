"""Photo and video albums: photos through portal.images, videos as news.video allows them.

An album has a Vietnamese title and slug, and an English version when it has an English
title (as an article: `slug_en` is NULL otherwise, and /en/ does not list it). Its cover is
the photo ticked as cover, else its first photo, else the poster of its first video; a list
reads it with the albums (`AlbumQuerySet.with_cover`), not a query per album.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from news.models import TitledPageMixin
from news.video import embed_url, validate_video_file, validate_video_url, video_upload_to
from portal.images import PortalImageField
from portal.models import Publishable

IMAGE_FOLDER = "albums"


def _count_of(model):
    rows = model.objects.filter(album=OuterRef("pk")).order_by().values("album")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), Value(0))


class AlbumQuerySet(models.QuerySet):
    def published(self, language=None):
        """What readers of `language` may see: published, and with a title in that language."""
        language = language or translation.get_language()
        qs = self.filter(is_published=True)
        if language == "en":
            qs = qs.filter(slug_en__isnull=False)
        return qs

    def with_cover(self):
        """Each album with `cover_name` (the stored name of its cover image, "" when it has
        none), `photo_count` and `video_count`, as subqueries of the same query."""
        photo = Photo.objects.filter(album=OuterRef("pk")).order_by("-is_cover", "order", "id")
        poster = (
            Video.objects.filter(album=OuterRef("pk")).exclude(poster="").order_by("order", "id")
        )
        return self.annotate(
            cover_name=Coalesce(
                Subquery(photo.values("image")[:1]),
                Subquery(poster.values("poster")[:1]),
                Value(""),
                output_field=models.CharField(),
            ),
            photo_count=_count_of(Photo),
            video_count=_count_of(Video),
        )

    def for_list(self):
        """What a list of albums shows."""
        return self.only(
            "id",
            "kind",
            "slug_vi",
            "slug_en",
            "title_vi",
            "title_en",
            "date",
            "is_published",
        ).with_cover()


class Album(TitledPageMixin, Publishable, models.Model):
    url_name = "albums:album"
    slug_fallback = "album"

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo album")
        VIDEO = "video", _("Video album")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PHOTO)
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
            "Made from the English title when left empty; an album without an English title "
            "has no English version."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(
        _("date"), help_text=_("When the photos were taken or the event took place.")
    )
    congress = models.ForeignKey(
        "congresses.Congress",
        verbose_name=_("congress"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="albums",
        help_text=_("The congress the album shows, if any: its page links the album."),
    )
    articles = models.ManyToManyField(
        "news.Article",
        verbose_name=_("articles"),
        blank=True,
        related_name="albums",
        help_text=_("Articles that show this album."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AlbumQuerySet.as_manager()

    class Meta:
        verbose_name = _("album")
        verbose_name_plural = _("albums")
        ordering = ["-date", "-id"]
        permissions = [("publish_album", _("Can publish and unpublish albums"))]
        indexes = [
            # The gallery, newest first, in each language, and per kind.
            models.Index(
                fields=["-date", "-id"], condition=Q(is_published=True), name="albums_list"
            ),
            models.Index(
                fields=["-date", "-id"],
                condition=Q(is_published=True, slug_en__isnull=False),
                name="albums_list_en",
            ),
            models.Index(
                fields=["kind", "-date", "-id"],
                condition=Q(is_published=True),
                name="albums_kind_list",
            ),
        ]
        constraints = [
            # An empty string is not "no English slug": only NULL may repeat.
            models.CheckConstraint(
                condition=Q(slug_en__isnull=True) | ~Q(slug_en=""), name="albums_album_slug_en"
            ),
        ]

    def __str__(self):
        return self.title_vi or self.title_en or "—"


class Photo(models.Model):
    album = models.ForeignKey(
        Album, verbose_name=_("album"), on_delete=models.CASCADE, related_name="photos"
    )
    image = PortalImageField(_("image"), folder=IMAGE_FOLDER)
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        help_text=_("Also the text read out to blind readers."),
    )
    credit = models.CharField(_("photo credit"), max_length=120, blank=True)
    is_cover = models.BooleanField(
        _("album cover"),
        default=False,
        help_text=_("Shown for the album in lists and when it is shared; else the first photo."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["album", "order", "id"]
        indexes = [models.Index(fields=["album", "order", "id"], name="albums_photo_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["album"],
                condition=Q(is_cover=True),
                name="albums_one_cover",
                violation_error_message=_("Only one photo of an album can be its cover."),
            ),
        ]

    def __str__(self):
        return self.caption_vi or self.caption_en or self.image.name.rsplit("/", 1)[-1]


class Video(models.Model):
    album = models.ForeignKey(
        Album, verbose_name=_("album"), on_delete=models.CASCADE, related_name="videos"
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    video_url = models.URLField(
        _("video link"),
        blank=True,
        validators=[validate_video_url],
        help_text=_("YouTube or Vimeo address of the video."),
    )
    video_file = models.FileField(
        _("video file"),
        upload_to=video_upload_to,
        blank=True,
        validators=[validate_video_file],
        help_text=_("An MP4 or WebM file, at most 200 MB (when there is no video link)."),
    )
    poster = PortalImageField(
        _("poster image"),
        folder=IMAGE_FOLDER,
        blank=True,
        help_text=_("Shown before the video plays, and as the album's cover when it has no photo."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["album", "order", "id"]
        indexes = [models.Index(fields=["album", "order", "id"], name="albums_video_order")]

    def __str__(self):
        return self.title_vi or self.title_en or self.video_url or self.video_file.name

    def clean(self):
        if not self.video_url and not self.video_file:
            raise ValidationError(
                _("Give a YouTube or Vimeo link or a video file."), code="no_video"
            )

    @property
    def embed_url(self):
        return embed_url(self.video_url)

    @property
    def embed_origin(self):
        url = self.embed_url
        return "/".join(url.split("/")[:3]) if url else ""
