"""The production storage of static files keeps each URL once worked out."""

from portal.staticfiles import StaticFilesStorage


def test_urls_are_the_manifests_and_kept(tmp_path):
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    storage.hashed_files = {"css/site.css": "css/site.0123456789ab.css"}
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
    storage.hashed_files = {"css/site.css": "css/site.ba9876543210.css"}
    # Within a process the manifest does not change: the first answer stands...
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
    # ...until collectstatic writes a new one.
    list(storage.post_process({}, dry_run=True))
    storage.hashed_files = {"css/site.css": "css/site.ba9876543210.css"}
    assert storage.url("css/site.css") == "/static/css/site.ba9876543210.css"
