"""portal.wsgi.warm_up: a server process compiles its templates as it starts, not in its
first requests."""

import pytest
from django.template import engines
from django.test import override_settings

from portal.wsgi import warm_up


def cached_names():
    loader = engines["django"].engine.template_loaders[0]
    return {key.split("-")[0] for key in loader.get_template_cache}


@pytest.fixture
def empty_template_cache():
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    yield loader
    loader.reset()


def test_every_template_is_compiled_when_the_server_starts(empty_template_cache):
    assert type(empty_template_cache).__module__ == "django.template.loaders.cached"
    assert "news/article.html" not in cached_names()
    warm_up()
    names = cached_names()
    for name in ("base.html", "news/article.html", "admin/change_list.html", "aid/dashboard.html"):
        assert name in names, name


@override_settings(DEBUG=True)
def test_nothing_is_compiled_in_development(empty_template_cache):
    warm_up()
    assert "news/article.html" not in cached_names()
