"""Every public URL fuzzed: malformed paths and query parameters, huge values, odd
encodings. Whatever comes in, the answer is never a 500 (and never an exception).

The URLs are every page of the sitemap (both languages) plus the list, search, filter
and feed pages. Two kinds of test:

- a sweep: one URL of each pattern with each value of NASTY in every query parameter
  at once, and with each path segment replaced by each value (deterministic);
- property-based tests (hypothesis) that combine parameters, values and path
  mutations at random and shrink any failure to a minimal request.

Runs are bounded by the hypothesis profile: "portal" (default; derandomized, so CI is
repeatable; the whole file takes ~45 s on two cores with PostgreSQL) or
HYPOTHESIS_PROFILE=thorough (random, 20× the examples) for a longer hunt.
"""

import os
from urllib.parse import quote

import pytest
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import staff_user
from tests.sitemaps import sitemap_paths

pytestmark = pytest.mark.django_db

COMMON = {
    "deadline": None,
    "database": None,  # nothing written into the working tree
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("portal", max_examples=500, derandomize=True, **COMMON)
settings.register_profile("thorough", max_examples=10_000, **COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "portal"))

# Every query parameter a public page reads, and a few it does not.
PARAMS = [
    "page",
    "q",
    "currency",
    "year",
    "year_from",
    "year_to",
    "month",
    "category",
    "tag",
    "slug",
    "sector",
    "donor",
    "district",
    "status",
    "kind",
    "association",
    "issuer",
    "reference",
    "format",
    "next",
    "lang",
]

# Already URL-encoded: raw escapes are sent as they are.
NASTY = [
    "",
    "0",
    "-1",
    "00000000000000000001",
    "99999999999999999999999999999999",
    "1e308",
    "-9223372036854775809",
    "NaN",
    "inf",
    "%00",
    "%ff",
    "%c0%ae%c0%ae%c0%af",  # overlong UTF-8 for ../
    "%e0%80%af",
    "%ed%a0%80",  # a lone UTF-16 surrogate in UTF-8
    "%f4%90%80%80",  # past U+10FFFF
    "%",
    "%%",
    "%zz",
    quote("²"),  # a digit to str.isdigit(), not to int()
    quote("١٢٣"),  # Arabic-Indic digits
    quote("ứng-viên"),
    quote("𝕏🙂"),
    quote("\u202egnp.exe"),
    quote("'\"<svg onload=alert(1)>"),
    quote("../../../../etc/passwd", safe=""),
    "%2e%2e%2f%2e%2e%2f",
    quote("1' OR '1'='1"),
    quote("a" * 10_000),
    quote("9" * 5_000),
    "a%5B%5D=1",
    quote("\r\nSet-Cookie: x=1", safe=""),
    "%0d%0aLocation:%20//evil.example",
]


def _paths(client):
    """Every public page: the sitemap's, both languages, plus lists, searches and feeds."""
    paths = set(sitemap_paths(client))
    for language in ("vi", "en"):
        with translation.override(language):
            for name in (
                "home",
                "news:index",
                "search:results",
                "news:rss",
                "news:atom",
                "members:join",
                "members:join_thanks",
                "members:associations",
                "aid:overview",
                "aid:projects",
                "aid:iati",
                "aid:dashboard",
                "congresses:history",
                "congresses:leadership",
                "documents:rss",
                "documents:atom",
                "unions:network",
                "unions:about",
                "contact",
            ):
                paths.add(reverse(name))
            paths.add(reverse("news:archive", kwargs={"year": 2024, "month": 5}))
    paths.update(["/robots.txt", "/sitemap.xml", "/sitemap-news.xml", "/"])
    return sorted(paths)


def _get(client, url):
    response = client.get(url)
    assert response.status_code < 500, (url[:300], response.status_code)
    return response


@pytest.fixture
def site(world, client):
    paths = _paths(client)
    assert len(kinds(paths)) > 20, paths  # the world gives every kind of page
    return paths


def kinds(paths):
    """One path per URL pattern (view), the languages taking turns: the sweeps' share."""
    chosen = {}
    for path in sorted(paths, key=lambda p: (p[3:], p)):
        try:
            key = resolve(path).view_name
        except Resolver404:  # "/": LocaleMiddleware sends it to a language
            key = path
        if key not in chosen:
            chosen[key] = path if len(chosen) % 2 else path.replace("/vi/", "/en/", 1)
    return sorted(p for p in chosen.values() if p in paths)


def test_sweep_every_url_with_every_nasty_value(client, site):
    for path in kinds(site):
        for value in NASTY:
            _get(client, path + "?" + "&".join(f"{name}={value}" for name in PARAMS))


def test_sweep_every_path_segment_with_every_nasty_value(client, site):
    for path in kinds(site):
        segments = path.split("/")
        for index in range(1, len(segments) - 1):
            for value in NASTY:
                if not value:
                    continue
                mutated = [*segments[:index], value, *segments[index + 1 :]]
                _get(client, "/".join(mutated))


# Property-based --------------------------------------------------------------------------

encoded_text = st.text(max_size=40).map(lambda s: quote(s, safe=""))
raw_bytes = st.binary(max_size=12).map(lambda b: "".join(f"%{byte:02x}" for byte in b))
numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)
values = st.one_of(st.sampled_from(NASTY), encoded_text, raw_bytes, numbers)
names = st.one_of(st.sampled_from(PARAMS), encoded_text.filter(bool))
queries = st.lists(st.tuples(names, values), max_size=5).map(
    lambda pairs: "&".join(f"{n}={v}" for n, v in pairs)
)


@given(data=st.data())
def test_any_query_on_any_page(client, site, data):
    path = data.draw(st.sampled_from(site), label="path")
    query = data.draw(queries, label="query")
    _get(client, f"{path}?{query}")


@given(data=st.data())
def test_any_path_below_any_page(client, site, data):
    path = data.draw(st.sampled_from(site), label="path")
    segments = [s for s in path.split("/") if s]
    action = data.draw(st.sampled_from(["replace", "append", "insert", "double", "truncate"]))
    value = data.draw(values.filter(bool), label="value")
    index = data.draw(st.integers(min_value=0, max_value=max(0, len(segments) - 1)))
    if action == "replace" and segments:
        segments[index] = value
    elif action == "append":
        segments.append(value)
    elif action == "insert":
        segments.insert(index, value)
    elif action == "double":
        segments.insert(index, "")
    else:
        segments = segments[:index]
    trailing = data.draw(st.sampled_from(["/", "", "//", "/.", "/%2e%2e/"]))
    _get(client, "/" + "/".join(segments) + trailing)


@pytest.mark.parametrize("page", ["²", "١٢", "１２", "9" * 5000])
def test_page_numbers_that_int_cannot_read_are_a_404(client, world, page):
    """Regression: news lists checked str.isdigit(), which accepts what int() refuses."""
    for language in ("vi", "en"):
        with translation.override(language):
            response = client.get(reverse("news:index"), {"page": page})
        assert response.status_code == 404


def test_sweep_the_leadership_dashboard(client, world):
    """Not public, but the page with the most filters: every value in every filter."""
    from portal.roles import LEADERSHIP

    client.force_login(staff_user("fuzz-leader", LEADERSHIP, password=None))
    for name in ("aid:dashboard", "aid:dashboard_csv", "aid:dashboard_xlsx"):
        with translation.override("vi"):
            path = reverse(name)
        assert client.get(path).status_code == 200
        for value in NASTY:
            _get(client, path + "?" + "&".join(f"{name}={value}" for name in PARAMS))


@pytest.mark.parametrize(
    "path",
    ["/vi/vien-tro/du-an/%00/", "/en/aid/projects/a%00b/iati.xml", "/en/join/?association=%00"],
)
def test_nul_characters_in_lookups_are_a_404(client, world, path):
    """Regression: PostgreSQL refuses NUL in a text comparison; these views compared it."""
    assert client.get(path).status_code == 404
