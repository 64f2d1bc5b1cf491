"""Read the portal's sitemap index and its sections, as search engines do."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client):
    """Paths of every page the sitemap lists, in document order (both languages)."""
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own XML
    paths = []
    for section in index.findall("sm:sitemap/sm:loc", NS):
        xml = client.get(urlsplit(section.text).path + "?" + urlsplit(section.text).query).content
        for loc in ElementTree.fromstring(xml).findall("sm:url/sm:loc", NS):  # noqa: S314
            paths.append(urlsplit(loc.text).path)
    return paths


def sitemap_xml(client):
    """All sections of the sitemap as one string, for assertions on alternates and lastmod."""
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    return "\n".join(
        client.get(urlsplit(loc.text).path).content.decode()
        for loc in index.findall("sm:sitemap/sm:loc", NS)
    )
