"""What other pages show of albums, prefetched with them (no query per album or photo):
an article's albums as a strip of thumbnails, a congress's albums as links."""

from django.db.models import Prefetch
from django.utils import translation

from .models import Album, Photo, _count_of

STRIP_PHOTOS = 6


def article_albums(language=None):
    """For Article querysets: `article.public_albums`, its published albums in `language`,
    each with `strip` (its first STRIP_PHOTOS photos) and `photo_count`. Two queries for
    any number of articles: the albums, then their first photos (a window per album)."""
    language = language or translation.get_language()
    strip = Photo.objects.order_by("order", "id").only(
        "id", "album_id", "image", "caption_vi", "caption_en", "order"
    )[:STRIP_PHOTOS]
    albums = (
        Album.objects.published(language)
        .only("id", "kind", "slug_vi", "slug_en", "title_vi", "title_en", "date")
        .annotate(photo_count=_count_of(Photo))
        .prefetch_related(Prefetch("photos", queryset=strip, to_attr="strip"))
    )
    return Prefetch("albums", queryset=albums, to_attr="public_albums")


def congress_albums(language=None):
    """For Congress querysets: `congress.public_albums`, its published albums in
    `language` with their covers and counts (one query)."""
    language = language or translation.get_language()
    return Prefetch(
        "albums", queryset=Album.objects.published(language).for_list(), to_attr="public_albums"
    )
