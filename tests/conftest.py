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


def restore_reference_data():
    """Put back the rows that data migrations make (staff groups with their permissions, the
    DAC sector list): a transactional test ends by emptying every table."""
    from aid.codelists import load_dac_sectors
    from aid.models import Sector
    from portal.roles import sync_role_permissions

    sync_role_permissions()
    load_dac_sectors(Sector)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # every fixture is torn down now: a transactional test's flush has happened
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction") or nextitem is None:
        return  # (after the last test the test database is already gone)
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        restore_reference_data()


@pytest.fixture(autouse=True)
def _isolated_media_cache_and_language(settings, tmp_path):
    from django.core.cache import cache
    from django.utils import translation

    from portal.cache import forget_local

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    forget_local()
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


@pytest.fixture
def staff(db):
    """staff(role, username=None): a staff account in that role (username: the role's name in
    lower case)."""
    from portal.roles import sync_role_permissions
    from tests.factories import staff_user

    def make(role, username=None):
        sync_role_permissions()
        return staff_user(username or role.lower(), role)

    return make


@pytest.fixture
def category(db):
    """The demo's "News & Events" category (tests assert its slugs)."""
    from tests import factories

    return factories.category(
        name_vi="Tin tức & Sự kiện",
        name_en="News & Events",
        slug_vi="tin-tuc-su-kien",
        slug_en="news-and-events",
    )
