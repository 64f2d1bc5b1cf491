"""The portal as production serves it, plus uploaded media.

In production the reverse proxy serves MEDIA_ROOT (docs/operations.md); the
audit has no proxy, so WhiteNoise serves the demo's media here, never in the
portal's own WSGI application.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from portal.media import whitenoise_headers
from portal.wsgi import application as portal_application

# With the headers nginx adds in production (PDFs as sandboxed downloads).
application = WhiteNoise(portal_application, add_headers_function=whitenoise_headers)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL.strip("/") + "/")
