"""Media in an S3-compatible object store (MinIO, a provider's object storage), shared by
every application server: the `s3` extra (django-storages and boto3), configured from the
environment by `s3_settings` when DJANGO_S3_BUCKET is set (docs/operations.md, "Scaling").

Static files are not here: whitenoise serves them from each server.

URLs are either public (plain URLs, the bucket readable by anyone through its policy) or
signed (the bucket private, every URL signed for DJANGO_S3_URL_SECONDS). A page keeps the
URLs it was built with for as long as the page cache keeps it, so a signature must outlive
that.

Objects carry the headers that nginx adds to media in production where S3 can store them
(portal/media.py decides which): Content-Disposition for the documents that are downloads,
and a cache lifetime. X-Content-Type-Options and Content-Security-Policy cannot be stored
with an object: the store's host is another origin than the portal's, or nginx in front of
it adds them (docs/operations.md).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

# As nginx's `expires 30d` for media served from a folder.
CACHE_CONTROL = "max-age=2592000"
URL_MODES = ("public", "signed")
# The longest a version-4 signature may last.
MAX_SIGNED_SECONDS = 7 * 24 * 3600


class MediaStorage(S3Storage):
    def get_object_parameters(self, name):
        from portal.media import headers_for

        params = super().get_object_parameters(name)
        params.setdefault("CacheControl", CACHE_CONTROL)
        disposition = headers_for(name).get("Content-Disposition")
        if disposition:
            params["ContentDisposition"] = disposition
        return params


def _client_origin(options):
    """The scheme and host of the store's URLs for these options, as boto3 builds them
    (a URL is computed locally, nothing is sent)."""
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config

    client = boto3.session.Session().client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"],
        config=Config(
            signature_version=UNSIGNED, s3={"addressing_style": options["addressing_style"]}
        ),
    )
    url = client.generate_presigned_url(
        "get_object", Params={"Bucket": options["bucket_name"], "Key": "x"}
    )
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def s3_settings(environ, page_cache_seconds):
    """(STORAGES["default"], the origins media is served from) for DJANGO_S3_* settings."""
    endpoint = environ.get("DJANGO_S3_ENDPOINT_URL") or None
    urls = environ.get("DJANGO_S3_URLS", "public")
    if urls not in URL_MODES:
        raise ImproperlyConfigured(f"DJANGO_S3_URLS must be one of {', '.join(URL_MODES)}.")
    custom_domain = environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None
    if custom_domain and urls == "signed":
        raise ImproperlyConfigured(
            "DJANGO_S3_CUSTOM_DOMAIN serves public URLs: it cannot be used with "
            "DJANGO_S3_URLS=signed."
        )
    seconds = int(environ.get("DJANGO_S3_URL_SECONDS", "86400"))
    if urls == "signed" and seconds <= page_cache_seconds:
        raise ImproperlyConfigured(
            "DJANGO_S3_URL_SECONDS must be longer than DJANGO_PAGE_CACHE_SECONDS: a cached "
            "page would show expired URLs."
        )
    if urls == "signed" and seconds > MAX_SIGNED_SECONDS:
        raise ImproperlyConfigured("DJANGO_S3_URL_SECONDS is at most 604800 (7 days).")
    options = {
        "bucket_name": environ["DJANGO_S3_BUCKET"],
        "endpoint_url": endpoint,
        "region_name": environ.get("DJANGO_S3_REGION") or None,
        # Empty: boto3's own search (AWS_* variables, an instance's role).
        "access_key": environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
        # endpoint/bucket/key unless told otherwise: MinIO and most self-hosted stores have
        # no host name per bucket. Without an endpoint (AWS), boto3 chooses.
        "addressing_style": environ.get("DJANGO_S3_ADDRESSING_STYLE")
        or ("path" if endpoint else None),
        "custom_domain": custom_domain,
        "url_protocol": environ.get("DJANGO_S3_CUSTOM_DOMAIN_PROTOCOL", "https:"),
        # Stored names are unique (portal.images, congresses.files); never replace a file.
        "file_overwrite": False,
        "querystring_auth": urls == "signed",
        "querystring_expire": seconds,
        # Signature version 4: what MinIO and today's providers accept (botocore would sign
        # some URLs with the retired version 2).
        "signature_version": "s3v4",
        # Who may read is the bucket's policy, not a per-object ACL (many stores refuse ACLs).
        "default_acl": None,
    }
    if custom_domain:
        origin = f"{options['url_protocol']}//{custom_domain.split('/')[0]}"
    else:
        origin = _client_origin(options)
    return {"BACKEND": "portal.storage.MediaStorage", "OPTIONS": options}, [origin]
