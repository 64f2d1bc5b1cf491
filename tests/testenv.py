"""Environment for the test run, loaded as a pytest plugin (`-p tests.testenv`)
so it is in place before pytest-django imports the settings.

Tests run with production-like settings (DEBUG off) and a key used nowhere else.
"""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
