from django.utils.functional import cached_property

from portal.i18n import PathPattern
from portal.sitemaps import Chain, PortalSitemap

from .models import Document


class DocumentSitemap(PortalSitemap):
    """The list of documents and every published document, in both languages."""

    changefreq = "monthly"

    def items(self):
        documents = Document.objects.published().only("slug", "updated_at")
        return Chain(["documents:list"], documents.order_by("-date_issued", "-id"))

    @cached_property
    def paths(self):
        return PathPattern("documents:document", "slug")

    def location_in(self, item, language):
        if isinstance(item, str):
            return super().location_in(item, language)
        return self.paths(item.slug, language)

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at
