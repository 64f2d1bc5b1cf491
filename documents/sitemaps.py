from portal.sitemaps import PublishedPagesSitemap

from .models import Document


class DocumentSitemap(PublishedPagesSitemap):
    """The list of documents and every published document, in both languages."""

    changefreq = "monthly"

    lists = ["documents:list"]
    route = "documents:document"

    def published(self):
        return Document.objects.published().order_by("-date_issued", "-id")
