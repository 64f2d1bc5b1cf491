"""Uploaded media served outside production: DEBUG's runserver (portal/urls.py) and the
audit's WhiteNoise (tests/audit/wsgi.py), with the headers nginx sends in production
(docs/operations.md, section 5), so the demo behaves as the real site does.

The congresses' PDF documents are sent as downloads (`Content-Disposition: attachment`) in
a sandbox (`Content-Security-Policy: sandbox`, no scripts, an opaque origin): a PDF that
got through the upload checks, or a browser that renders PDFs itself, cannot run anything
in the portal's origin. Everything else in media gets `nosniff`, so an image is never read
as a page.
"""

import posixpath

from django.conf import settings
from django.views.static import serve

from congresses.files import DOCUMENTS_FOLDER

NOSNIFF = {"X-Content-Type-Options": "nosniff"}
DOWNLOAD_HEADERS = {
    **NOSNIFF,
    "Content-Disposition": "attachment",
    "Content-Security-Policy": "sandbox",
}


def headers_for(path):
    """The headers for the media file at `path` (relative to MEDIA_ROOT)."""
    # Normalised as nginx normalises a URI before matching its locations: "a/../congresses/
    # documents/x.pdf" is the same file and gets the same headers.
    normal = posixpath.normpath("/" + path).lstrip("/")
    if normal.startswith(DOCUMENTS_FOLDER):
        return dict(DOWNLOAD_HEADERS)
    return dict(NOSNIFF)


def serve_media(request, path):
    """django.views.static.serve with the production headers (DEBUG only)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    for name, value in headers_for(path).items():
        response[name] = value
    return response


def whitenoise_headers(headers, path, url):
    """WhiteNoise's add_headers_function: the same headers for media it serves."""
    prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if url.startswith(prefix):
        for name, value in headers_for(url[len(prefix) :]).items():
            headers[name] = value
