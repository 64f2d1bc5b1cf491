"""Shared fixtures; the environment is set in tests/testenv.py."""

import io

import pytest


def pytest_configure(config):
    from django.conf import settings

    from tests.security.helpers import trust_force_login

    # force_login() sessions count as two-factor verified (see tests/security/helpers.py).
    trust_force_login()

    # Tests render templates without running collectstatic first; the hashed,
    # compressed storage is exercised by tests/portal/test_quality.py.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _isolated_media_cache_and_language(settings, tmp_path):
    from django.core.cache import cache
    from django.utils import translation

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    # A request leaves its language active in the test thread; each test starts afresh.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()


@pytest.fixture
def home_union(db):
    """The demo's VUFO and home union, with the site settings pointing at it."""
    from unions import demo

    demo.load(io.StringIO())
    from unions.models import SiteSettings

    return SiteSettings.current().home_union
