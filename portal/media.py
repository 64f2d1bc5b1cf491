"""Uploaded media served outside production: DEBUG's runserver (portal/urls.py) and the
audit's WhiteNoise (tests/audit/wsgi.py), with the headers nginx sends in production
(docs/operations.md, section 5), so the demo behaves as the real site does.

The folders each app names in its `files.DOWNLOAD_FOLDERS` (portal.registry: the congresses'
PDF documents, the official documents' files) are sent as downloads (`Content-Disposition:
attachment`) in a sandbox (`Content-Security-Policy: sandbox`, no scripts, an opaque
origin): a PDF that got through the upload checks, or a browser that renders PDFs itself,
cannot run anything in the portal's origin. Everything else in media gets `nosniff`, so an
image is never read as a page.
"""

import posixpath

from django.conf import settings
from django.http import HttpResponseRedirect
from django.views.decorators.http import require_safe
from django.views.static import serve

from portal.registry import app_hooks

NOSNIFF = {"X-Content-Type-Options": "nosniff"}
DOWNLOAD_HEADERS = {
    **NOSNIFF,
    "Content-Disposition": "attachment",
    "Content-Security-Policy": "sandbox",
}


def download_folders():
    """The media folders served as sandboxed downloads: every app's `files.DOWNLOAD_FOLDERS`."""
    return tuple(folder for folders in app_hooks("files", "DOWNLOAD_FOLDERS") for folder in folders)


def headers_for(path):
    """The headers for the media file at `path` (relative to MEDIA_ROOT)."""
    # Normalised as nginx normalises a URI before matching its locations: "a/../congresses/
    # documents/x.pdf" is the same file and gets the same headers.
    normal = posixpath.normpath("/" + path).lstrip("/")
    if normal.startswith(download_folders()):
        return dict(DOWNLOAD_HEADERS)
    return dict(NOSNIFF)


def serve_media(request, path):
    """django.views.static.serve with the production headers (DEBUG only)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    for name, value in headers_for(path).items():
        response[name] = value
    return response


def media_in_folder():
    """Whether media is a folder (MEDIA_ROOT) rather than an object store (portal.storage)."""
    from django.core.files.storage import FileSystemStorage, default_storage

    return isinstance(default_storage, FileSystemStorage)


@require_safe
def redirect_media(request, path):
    """A URL under MEDIA_URL when media is in an object store: sent on to the file's URL
    there. Articles link their inline images under MEDIA_URL (portal.images.media_path),
    which the storage's URLs replace for readers; the editor, a feed or an old link still
    finds the file through here."""
    from django.core.files.storage import default_storage

    response = HttpResponseRedirect(default_storage.url(path))
    seconds = 3600
    if getattr(default_storage, "querystring_auth", False):
        # Never kept past half the signature's life.
        seconds = min(seconds, default_storage.querystring_expire // 2)
    response["Cache-Control"] = f"max-age={seconds}"
    return response


def whitenoise_headers(headers, path, url):
    """WhiteNoise's add_headers_function: the same headers for media it serves."""
    prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    if url.startswith(prefix):
        for name, value in headers_for(url[len(prefix) :]).items():
            headers[name] = value
