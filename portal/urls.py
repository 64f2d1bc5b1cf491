from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from aid.sitemaps import AidSitemap
from albums.sitemaps import AlbumSitemap
from congresses.sitemaps import CongressSitemap, PersonSitemap
from documents.sitemaps import DocumentSitemap
from events.sitemaps import EventSitemap
from members.sitemaps import MembersSitemap
from news import views as news_views
from news.sitemaps import ArticleSitemap, CategorySitemap, SeriesSitemap
from portal import admin as portal_admin
from portal import media, notification_settings, sitemaps, views
from portal.sitemaps import StaticPagesSitemap
from unions.sitemaps import UnionsSitemap

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

SITEMAPS = {
    "pages": StaticPagesSitemap,
    "unions": UnionsSitemap,
    "members": MembersSitemap,
    "congresses": CongressSitemap,
    "people": PersonSitemap,
    "documents": DocumentSitemap,
    "events": EventSitemap,
    "news": ArticleSitemap,
    "news-categories": CategorySitemap,
    "news-series": SeriesSitemap,
    "aid": AidSitemap,
    "albums": AlbumSitemap,
}

# django_ckeditor_5.urls is deliberately not included: its upload view checks only file
# extensions. Editor uploads go to news:editor_upload (portal.images validation).
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.section,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

urlpatterns += i18n_patterns(
    path("", news_views.home, name="home"),
    path(_("contact/"), views.contact, name="contact"),
    path(_("privacy/"), views.privacy, name="privacy"),
    path(settings.ADMIN_PATH + "two-factor/", include("portal.two_factor")),
    path(
        settings.ADMIN_PATH + "notifications/",
        admin.site.admin_view(notification_settings.preferences),
        name="admin_notifications",
    ),
    # Before the admin's own: Django's shortcut checks no permission (portal.admin.view_on_site).
    path(
        settings.ADMIN_PATH + "r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(portal_admin.view_on_site),
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("unions.urls")),
    path("", include("members.urls")),
    path("", include("news.urls")),
    path("", include("congresses.urls")),
    path("", include("documents.urls")),
    path("", include("events.urls")),
    path("", include("aid.urls")),
    path("", include("search.urls")),
    path("", include("albums.urls")),
    prefix_default_language=True,
)

if not media.media_in_folder():
    # Media in an object store (portal.storage): its URLs, from the portal's own.
    urlpatterns += [path("media/<path:path>", media.redirect_media, name="media")]
elif settings.DEBUG:
    urlpatterns += [path("media/<path:path>", media.serve_media, name="media")]

if settings.BENCH:
    from portal.bench import ceiling

    urlpatterns += [path("bench/ceiling/", ceiling, name="bench_ceiling")]
