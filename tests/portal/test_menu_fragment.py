"""The main menu is kept as a shared fragment (portal.templatetags.fragments.main_menu): each
page must still mark its own entry, and paths nobody can read must not add kept menus."""

import re

import pytest
from django.core.cache import cache

from tests import factories

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)


def current_links(client, path):
    response = client.get(path)
    nav = NAV.search(response.content.decode()).group(0)
    return response.status_code, re.findall(r'<a href="([^"]+)"[^>]*aria-current="page"', nav)


def test_each_page_marks_its_own_entry_from_the_kept_menu(client, home_union):
    first = factories.category(name_vi="Đối ngoại", slug_vi="doi-ngoai")
    second = factories.category(name_vi="Viện trợ", slug_vi="vien-tro")
    assert current_links(client, "/vi/tin-tuc/") == (200, ["/vi/tin-tuc/"])
    assert current_links(client, "/vi/gioi-thieu/") == (200, ["/vi/gioi-thieu/"])
    assert current_links(client, "/vi/lien-he/") == (200, ["/vi/lien-he/"])
    # Two categories share every other mark: the path tells their menus apart.
    assert current_links(client, first.get_absolute_url()) == (200, [first.get_absolute_url()])
    assert current_links(client, second.get_absolute_url()) == (200, [second.get_absolute_url()])
    assert current_links(client, "/vi/tin-tuc/") == (200, ["/vi/tin-tuc/"])


def test_unknown_category_paths_share_one_kept_menu(client, home_union):
    factories.category(name_vi="Đối ngoại", slug_vi="doi-ngoai")
    client.get("/vi/tin-tuc/chuyen-muc/khong-co-0/")
    before = set(cache._cache)  # locmem's own keys: the test settings' cache
    for n in range(1, 30):
        status, current = current_links(client, f"/vi/tin-tuc/chuyen-muc/khong-co-{n}/")
        assert status == 404 and current == []
    added = {key for key in set(cache._cache) - before if ":fragment:" in key}
    assert added == set()
