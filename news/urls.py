from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.images import editor_upload

from . import feeds, views

app_name = "news"

urlpatterns = [
    path(_("news/"), views.index, name="index"),
    path(_("news/rss/"), feeds.LatestRss(), name="rss"),
    path(_("news/atom/"), feeds.LatestAtom(), name="atom"),
    path(_("news/category/<slug:slug>/"), views.category, name="category"),
    path(_("news/category/<slug:slug>/rss/"), feeds.LatestRss(), name="category_rss"),
    path(_("news/category/<slug:slug>/atom/"), feeds.LatestAtom(), name="category_atom"),
    path(_("news/tag/<slug:slug>/"), views.tag, name="tag"),
    path(_("news/<int:year>/<int:month>/"), views.archive, name="archive"),
    path(_("news/<slug:slug>/"), views.article, name="article"),
    path(_("news/<slug:slug>/comment/"), views.comment, name="comment"),
    path(_("series/"), views.series_index, name="series_index"),
    path(_("series/<slug:slug>/"), views.series, name="series"),
    path(_("series/<slug:slug>/rss/"), feeds.SeriesRss(), name="series_rss"),
    path(_("series/<slug:slug>/atom/"), feeds.SeriesAtom(), name="series_atom"),
    path(_("editor/image-upload/"), editor_upload, name="editor_upload"),
]
