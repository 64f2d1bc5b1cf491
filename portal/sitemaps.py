"""Sitemaps: one section per app, listed by the index at /sitemap.xml.

Every section lists each page in both languages with hreflang alternates.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PortalSitemap(Sitemap):
    """A bilingual sitemap whose items are URL names or objects with get_absolute_url()."""

    i18n = True
    alternates = True
    x_default = True

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        # Django points x-default at the URL without a language prefix, which this portal
        # doesn't have (every page lives under /vi/ or /en/): readers without a preference
        # get the Vietnamese page.
        for url in urls:
            default = next(
                (alt for alt in url["alternates"] if alt["lang_code"] == settings.LANGUAGE_CODE),
                None,
            )
            for alternate in url["alternates"]:
                if alternate["lang_code"] == "x-default" and default:
                    alternate["location"] = default["location"]
        return urls


class StaticPagesSitemap(PortalSitemap):
    """Pages that exist once in each language; each app adds its own section for content."""

    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "contact",
            "privacy",
            "unions:about",
            "news:index",
            "congresses:leadership",
            "aid:overview",
        ]
