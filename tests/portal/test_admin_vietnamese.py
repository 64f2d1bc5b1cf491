"""The admin wholly in Vietnamese (issue 16): every label a role sees on /vi/admin/.

For each role the walk opens the admin index, every app index and every changelist the role
may view (from admin.site._registry), once under /en/ and once under /vi/, and reads the
labels: navigation, breadcrumbs, headings, column headers, filter titles, action names and
buttons. A label of the Vietnamese page that also appears on the English page was not
translated, unless it reads the same in both languages (ALLOWED). Rows of the third-party
apps (axes, django-otp) exist so that their column headers are shown.
"""

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone, translation

from portal.roles import ROLES
from tests.factories import staff_user

# Labels that are the same words in English and Vietnamese.
ALLOWED = {"---------", "OTP", "TOTP", "IP", "CSV", "Email", "E-mail", "URL", "PDF"}

# Elements whose whole text is a label (th: outside the rows of a changelist).
LABEL_TAGS = {"h1", "h2", "h3", "caption", "summary", "button", "label", "th"}


class Labels(HTMLParser):
    """Collects the visible labels of an admin page (not the data of its rows)."""

    def __init__(self):
        super().__init__()
        self.labels = []
        self.stack = []  # (tag, attrs, collects)
        self.text = []
        self.in_rows = 0  # inside #result_list's tbody: row data, not labels

    def _collects(self, tag, attrs):
        if self.in_rows:
            return False
        if tag in LABEL_TAGS:
            return True
        if tag == "option":
            return self.stack and any(
                t == "select" and a.get("name") == "action" for t, a, _ in self.stack
            )
        if tag == "a":
            in_breadcrumbs = any("breadcrumbs" in a.get("class", "") for _, a, _ in self.stack)
            link_kinds = {"addlink", "changelink", "viewlink", "hidelink"}
            return in_breadcrumbs or bool(link_kinds & set(attrs.get("class", "").split()))
        return False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "input" and attrs.get("type") == "submit" and not self.in_rows:
            self.labels.append(attrs.get("value", ""))
            return
        if tag in ("input", "img", "br", "meta", "link", "hr"):
            return
        if tag == "tbody" and any(a.get("id") == "result_list" for _, a, _ in self.stack):
            self.in_rows += 1
        collects = self._collects(tag, attrs)
        self.stack.append((tag, attrs, collects))
        if collects:
            self.text.append([])

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, attrs, collects = self.stack.pop()
            if collects:
                self.labels.append(" ".join("".join(self.text.pop()).split()))
            if (
                open_tag == "tbody"
                and self.in_rows
                and not any(t == "tbody" for t, _, _ in self.stack)
            ):
                self.in_rows = 0
            if open_tag == tag:
                break

    def handle_data(self, data):
        for chunk in self.text:
            chunk.append(data)


def labels(html):
    parser = Labels()
    parser.feed(html)
    return {label for label in parser.labels if re.search(r"[A-Za-z]{2}", label)}


def pages(client):
    """The admin index, app indexes and changelists the signed-in person may view."""
    request = client.get(reverse("admin:index")).wsgi_request
    urls = {reverse("admin:index")}
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_permission(request):
            continue
        meta = model._meta
        urls.add(reverse("admin:app_list", args=[meta.app_label]))
        urls.add(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    return urls


def third_party_rows(user):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    fields = {"user_agent": "pytest", "ip_address": "10.0.0.1", "username": "someone"}
    AccessAttempt.objects.create(
        **fields,
        http_accept="*/*",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    AccessLog.objects.create(**fields, http_accept="*/*", path_info="/", logout_time=timezone.now())
    AccessFailureLog.objects.create(**fields, http_accept="*/*", path_info="/", locked_out=False)
    TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    StaticDevice.objects.create(user=user, name="backup")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_each_role_sees_no_untranslated_admin_label(client, role):
    if role == "superuser":
        user = staff_user("root-vi", is_superuser=True, password=None)
    else:
        user = staff_user(f"{role.lower()}-vi", role=role, password=None)
    third_party_rows(user)
    client.force_login(user)
    untranslated = {}
    with translation.override("vi"):
        urls = pages(client)
    for vi_url in sorted(urls):
        assert vi_url.startswith("/vi/"), vi_url
        en_url = "/en/" + vi_url.removeprefix("/vi/")
        vi_page, en_page = client.get(vi_url), client.get(en_url)
        assert vi_page.status_code == en_page.status_code == 200, vi_url
        english = labels(en_page.content.decode())
        same = labels(vi_page.content.decode()) & english
        if same - ALLOWED:
            untranslated[vi_url] = sorted(same - ALLOWED)
    assert not untranslated, "\n".join(
        sorted({label for found in untranslated.values() for label in found})
    )


@pytest.mark.django_db
def test_the_walk_reads_the_third_party_labels(client):
    """The walk finds the labels it must check: the Axes app and its columns are read."""
    user = staff_user("root-walk", is_superuser=True, password=None)
    third_party_rows(user)
    client.force_login(user)
    url = reverse("admin:axes_accessattempt_changelist").removeprefix("/vi/")
    found = labels(client.get("/en/" + url).content.decode())
    assert {"Access attempts", "IP Address", "Attempt Time", "Status"} <= found, found


@pytest.mark.django_db
def test_authenticator_app_shows_the_home_unions_vietnamese_name(settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from unions.models import SiteSettings, Union

    union = Union.objects.create(
        name_vi="Liên hiệp các tổ chức hữu nghị tỉnh Thử",
        name_en="Thu Friendship Union",
        slug="thu",
    )
    site = SiteSettings.current()
    site.home_union = union
    site.save()
    device = TOTPDevice.objects.create(user=staff_user("issuer"), name="phone")
    with translation.override("en"):
        url = device.config_url
    assert "issuer=" + quote("Liên hiệp các tổ chức hữu nghị tỉnh Thử") in url
    assert url.startswith("otpauth://totp/" + quote("Liên hiệp các tổ chức hữu nghị tỉnh Thử:"))


@pytest.mark.django_db
def test_authenticator_issuer_falls_back_without_a_home_union(settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from unions.models import SiteSettings

    site = SiteSettings.current()
    site.home_union = None
    site.save()
    device = TOTPDevice.objects.create(user=staff_user("issuer"), name="phone")
    assert "issuer=" + quote(settings.OTP_TOTP_ISSUER_FALLBACK) in device.config_url


@pytest.mark.django_db
def test_third_party_change_pages_are_in_vietnamese(client):
    """The change pages of axes and django-otp: fieldset titles and field labels too."""
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = staff_user("root-change", is_superuser=True, password=None)
    third_party_rows(user)
    client.force_login(user)
    untranslated = {}
    for model in (AccessAttempt, TOTPDevice, StaticDevice):
        with translation.override("vi"):
            meta = model._meta
            url = reverse(
                f"admin:{meta.app_label}_{meta.model_name}_change",
                args=[model.objects.first().pk],
            )
        vi_page, en_page = client.get(url), client.get("/en/" + url.removeprefix("/vi/"))
        assert vi_page.status_code == en_page.status_code == 200, url
        english = labels(en_page.content.decode())
        assert english, url
        same = labels(vi_page.content.decode()) & english - ALLOWED
        # A device names itself "<device name> (<user name>)": data, not a label.
        same = {label for label in same if f"({user.username})" not in label}
        if same:
            untranslated[url] = sorted(same)
    assert not untranslated
