"""A session that has entered only the password gets nothing an anonymous reader cannot get.

Staff sign in through the real login form (POST the password; no code), then the walk opens
one URL of every pattern of the URLconf, under /vi/ and /en/, and compares each answer with
an anonymous client's: it must be the same (same status; the same redirect; for a page, the
same links and none of the unpublished objects' titles) or a redirect to the second-factor
step. The patterns come from the resolver, so a pattern added later is walked too; one with
path arguments fails the walk until ARGUMENTS says how to fill them.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone, translation

from portal.middleware import OPEN_VIEW_NAMES
from portal.roles import ADMINISTRATOR, EDITOR, LEADERSHIP, SECRETARIAT, WRITER
from tests import factories
from tests.security.helpers import authenticator

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"
LANGUAGES = ("vi", "en")
# Values for the admin's own path arguments: the middleware answers before any view runs,
# and an anonymous client is sent to the login whatever the object.
ADMIN_VALUES = {
    "app_label": "auth",
    "object_id": "1",
    "pk": 1,
    "id": 1,
    "number": 1,
    "content_type_id": 1,
    "url": "no-such-page/",
}


@pytest.fixture
def hidden(world, home_union, category):
    """What only staff may see: an unpublished congress (with its people), a draft article,
    an unpublished aid project (from aid_data)."""
    from aid.models import AidProject
    from congresses.models import Congress, ElectedBody, Mandate, Person
    from members.models import Association
    from news.models import Article

    congress = Congress.objects.create(
        union=home_union,
        ordinal=6,
        term_start_year=2028,
        term_end_year=2033,
        held_from=datetime.date(2028, 8, 8),
        venue_vi="Hội trường bí mật",
        venue_en="Secret hall",
        is_published=False,
    )
    body = ElectedBody.objects.create(congress=congress, kind=ElectedBody.Kind.EXECUTIVE, size=1)
    person = Person.objects.create(full_name="Đỗ Chưa Công Bố")
    Mandate.objects.create(body=body, person=person, position=Mandate.Position.PRESIDENT)
    draft = factories.article(
        category,
        title_vi="Bản nháp chưa đăng",
        title_en="Unpublished draft",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    project = AidProject.objects.filter(is_published=False).get()
    from albums.models import Album

    album = Album.objects.create(
        title_vi="Album chưa đăng",
        title_en="Unpublished album",
        date=datetime.date(2028, 8, 8),
        is_published=False,
    )
    from documents.models import Document, Issuer
    from events.models import Event
    from news.models import Series

    document = Document.objects.create(
        number="99/KH-BM",
        kind=Document.Kind.PLAN,
        issuer=Issuer.objects.create(name_vi="Cơ quan bí mật", name_en="Secret body"),
        date_issued=datetime.date(2028, 1, 2),
        title_vi="Kế hoạch chưa công bố",
        title_en="Unpublished plan",
        is_published=False,
    )
    event = Event.objects.create(
        title_vi="Sự kiện chưa công bố",
        title_en="Unpublished event",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        union=home_union,
        is_published=False,
    )
    series = Series.objects.create(
        title_vi="Chuyên đề chưa có bài", title_en="Series without articles"
    )
    return {
        "document": document,
        "event": event,
        "series": series,
        "home_union": home_union,
        "association": Association.objects.get(slug="viet-lao"),
        "congress": congress,
        "person": person,
        "draft": draft,
        "category": category,
        "project": project,
        "album": album,
        "markers": [
            "Hội trường bí mật",
            "Secret hall",
            person.full_name,
            draft.title_vi,
            draft.title_en,
            project.title_vi,
            project.title_en,
            album.title_vi,
            album.title_en,
            document.title_vi,
            document.title_en,
            event.title_vi,
            event.title_en,
        ],
    }


def arguments(hidden, language):
    """Path arguments per URL name: the staff-only object where there is one."""
    draft = hidden["draft"]
    month = timezone.localdate()
    return {
        "unions:union": {"slug": hidden["home_union"].slug},
        "members:association": {"slug": hidden["association"].slug},
        "news:category": {"slug": hidden["category"].slug_for(language)},
        "news:category_rss": {"slug": hidden["category"].slug_for(language)},
        "news:category_atom": {"slug": hidden["category"].slug_for(language)},
        "news:tag": {"slug": "lao" if language == "vi" else "laos"},
        "news:archive": {"year": month.year, "month": month.month},
        "news:article": {"slug": draft.slug_for(language)},
        "news:comment": {"slug": draft.slug_for(language)},
        "congresses:congress": {"slug": hidden["congress"].slug},
        "congresses:person": {"slug": hidden["person"].slug},
        "aid:project": {"reference": hidden["project"].reference},
        "aid:project_iati": {"reference": hidden["project"].reference},
        "albums:album": {"slug": hidden["album"].slug_for(language)},
        "documents:document": {"slug": hidden["document"].slug},
        "documents:download": {"slug": hidden["document"].slug, "pk": 1},
        "events:event": {"slug": hidden["event"].slug},
        "events:event_ics": {"slug": hidden["event"].slug},
        "events:month": {"year": month.year, "month": month.month},
        "news:series": {"slug": hidden["series"].slug_for(language)},
        "news:series_rss": {"slug": hidden["series"].slug_for(language)},
        "news:series_atom": {"slug": hidden["series"].slug_for(language)},
        "sitemap_section": {"section": "news"},
    }


def _parameters(pattern):
    return [name for name in pattern.pattern.regex.groupindex if name not in pattern.default_args]


def _fill(route, values):
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def every_url(language, args):
    """One URL per pattern of the URLconf, in `language`."""
    urls = {}

    def walk(resolver, namespace):
        siblings = {str(p.pattern): p for p in resolver.url_patterns if getattr(p, "name", None)}
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, inner)
                continue
            params = _parameters(entry)
            in_admin = namespace.startswith("admin:")
            if entry.name:
                name = f"{namespace}{entry.name}"
                if params:
                    kwargs = ADMIN_VALUES if in_admin else args.get(name)
                    assert kwargs is not None, f"{name}: add its path arguments to ARGUMENTS"
                    kwargs = {key: kwargs[key] for key in params}
                    urls[name] = reverse(name, kwargs=kwargs)
                else:
                    urls[name] = reverse(name)
                continue
            # An unnamed pattern (the admin's object redirect, its catch-all): built on the
            # URL of its named sibling at the same level ("" route).
            base = siblings.get("")
            assert base is not None, f"unnamed pattern {entry.pattern} without a named sibling"
            route = str(entry.pattern)
            if route.startswith("^") or route.startswith("("):
                route = ADMIN_VALUES["url"]
            urls[f"{namespace}<{route}>"] = reverse(f"{namespace}{base.name}") + _fill(
                route, ADMIN_VALUES
            )

    with translation.override(language):
        walk(get_resolver(), "")
    return urls


def _links(response):
    return sorted(set(re.findall(r'href="([^"]*)"', response.content.decode(errors="replace"))))


def _is_second_factor_step(response):
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    if location.netloc:
        return False
    try:
        return "admin_2fa" in resolve(location.path).namespaces
    except Resolver404:
        return False


def sign_in_with_password_only(username, language):
    client = Client()
    response = client.post(
        f"/{language}/{_admin_path()}login/",
        {"username": username, "password": PASSWORD, "next": f"/{language}/"},
    )
    assert response.status_code == 302, "the password step failed"
    assert "_auth_user_id" in client.session
    assert _is_second_factor_step(response), response["Location"]
    return client


def _admin_path():
    from django.conf import settings

    return settings.ADMIN_PATH


# (label, role, superuser, enrolled): roles that must enrol are walked without a device too
# (held at enrolment), the others with one (held at the code).
ACCOUNTS = [
    ("writer", WRITER, False, True),
    ("editor", EDITOR, False, True),
    ("secretariat", SECRETARIAT, False, False),
    ("leadership", LEADERSHIP, False, False),
    ("administrator", ADMINISTRATOR, False, True),
    ("superuser", None, True, False),
]


@pytest.mark.parametrize(
    ("label", "role", "superuser", "enrolled"), ACCOUNTS, ids=[a[0] for a in ACCOUNTS]
)
def test_a_password_only_session_gets_nothing_an_anonymous_reader_cannot(
    label, role, superuser, enrolled, world, hidden
):
    user = factories.staff_user(f"walk-{label}", role, PASSWORD, is_superuser=superuser)
    if enrolled:
        authenticator(user)
    anonymous = Client()
    walked = 0
    for language in LANGUAGES:
        held = sign_in_with_password_only(user.username, language)
        urls = every_url(language, arguments(hidden, language))
        for name, url in urls.items():
            got = held.get(url)
            walked += 1
            if _is_second_factor_step(got):
                continue
            expected = anonymous.get(url)
            if name.startswith("admin_2fa:") or name in OPEN_VIEW_NAMES:
                # The step itself, signing out and the admin's JavaScript catalogue.
                assert not any(m in got.content.decode() for m in hidden["markers"]), url
                continue
            assert got.status_code == expected.status_code, (label, url, got.status_code)
            if got.status_code in (301, 302, 303):
                assert got["Location"] == expected["Location"], (label, url)
            if got.status_code == 200:
                body = got.content.decode(errors="replace")
                for marker in hidden["markers"]:
                    assert marker not in body, (label, url, marker)
                assert _links(got) == _links(expected), (label, url)
        # Still held: the session has not become verified along the way.
        assert _is_second_factor_step(held.get(reverse("admin:index")))
    assert walked > 300
