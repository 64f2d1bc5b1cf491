"""The static files' storage in production: whitenoise's (compressed, names with a hash of
their content), with each name's URL kept once worked out.

A page asks for the same few names every time (stylesheets, fonts, scripts, the emblem):
working out a URL from the manifest costs about 40 µs, and the answer cannot change while the
process runs, as the manifest is read once when the process starts.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url

    def post_process(self, *args, **kwargs):
        # collectstatic writes a new manifest: what was kept may be out of date.
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
