"""The gallery (`albums:index`, ?kind= and ?page=) and an album's page (`albums:album`)."""

from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext

from news.models import Article
from news.views import paginate
from portal.i18n import set_alternates
from portal.images import picture_data
from portal.templatetags.images import picture_url

from .models import Album, Photo, Video

PER_PAGE = 12
VIEWER_WIDTH = 1920  # the rendition a thumbnail links to: the viewer's, and without JavaScript


def _can_preview(user):
    return user.is_active and user.is_staff and user.has_perm("albums.view_album")


def index(request):
    language = translation.get_language()
    kind = request.GET.get("kind", "")
    if kind and kind not in Album.Kind.values:
        raise BadRequest("unknown kind of album")
    albums = Album.objects.published(language).for_list()
    if kind:
        albums = albums.filter(kind=kind)
    page = paginate(request, albums, per_page=PER_PAGE, count_key=f"albums:{kind or 'all'}")
    params = {"kind": kind} if kind else {}
    if page.number > 1:
        params["page"] = page.number
    canonical = request.path + (f"?{urlencode(params)}" if params else "")
    filters = [("", gettext("All albums"))] + [(value, label) for value, label in _kind_labels()]
    return render(
        request,
        "albums/index.html",
        {
            "page": page,
            "kind": kind,
            "filters": filters,
            "canonical": request.build_absolute_uri(canonical),
        },
    )


def _kind_labels():
    return [
        (Album.Kind.PHOTO, gettext("Photo albums")),
        (Album.Kind.VIDEO, gettext("Video albums")),
    ]


def _album_queryset(language):
    albums = Album.objects.select_related("congress__union", "congress__association")
    return albums.prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("order", "id")),
        Prefetch("videos", queryset=Video.objects.order_by("order", "id")),
        Prefetch(
            "articles",
            queryset=Article.objects.published(language)
            .only("id", "slug_vi", "slug_en", "title_vi", "title_en", "published_at")
            .order_by("-published_at", "-id"),
            to_attr="public_articles",
        ),
    )


def _cover(photos, videos):
    """The photo ticked as cover, else the first photo, else the first video's poster:
    (the stored image, its caption)."""
    if photos:
        photo = next((p for p in photos if p.is_cover), photos[0])
        return photo.image, photo.caption
    video = next((v for v in videos if v.poster), None)
    return (video.poster, video.title) if video else (None, "")


def album(request, slug):
    language = translation.get_language()
    preview = _can_preview(request.user)
    queryset = _album_queryset(language)
    if not preview:
        queryset = queryset.published(language)
    item = queryset.filter(**{Album.slug_field(language): slug}).first()
    if item is None:
        raise Http404("no such album")
    photos = list(item.photos.all())
    videos = list(item.videos.all())
    total = len(photos)
    for number, photo in enumerate(photos, 1):
        photo.number = number
        photo.alt = photo.caption or gettext("Photo %(number)s of %(total)s") % {
            "number": number,
            "total": total,
        }
        photo.large_url = picture_url(photo.image, VIEWER_WIDTH)
        photo.picture = picture_data(photo.image.name, storage=photo.image.storage)
    set_alternates(request, {code: item.get_absolute_url(code) for code in ("vi", "en")})
    congress = item.congress if item.congress and item.congress.is_published else None
    context = {
        "album": item,
        "photos": photos,
        "videos": videos,
        "congress": congress,
        "preview": not item.is_published,
        "canonical": request.build_absolute_uri(item.get_absolute_url(language) or ""),
    }
    cover, cover_caption = _cover(photos, videos)
    if cover:
        context["share_image"] = request.build_absolute_uri(picture_url(cover, 1280))
        context["share_image_alt"] = cover_caption or item.title
    response = render(request, "albums/album.html", context)
    origins = sorted({video.embed_origin for video in videos if video.embed_origin})
    if origins:
        # The site allows no frames; an album with embedded videos allows their players.
        response._csp_replace = {"frame-src": origins}
    return response
