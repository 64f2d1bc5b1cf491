import csv
import io
import re

import pytest
from django.urls import reverse

from members.models import Association, Member, MemberExport, MembershipApplication
from portal.roles import ADMINISTRATOR, EDITOR, SECRETARIAT, WRITER
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db


def _public_urls(client):
    """Every public URL reachable from the home page, sitemap and the union/member pages."""
    seen, queue = set(), ["/vi/", "/en/", "/vi/gioi-thieu/", "/en/associations/"]
    sitemap = sitemap_xml(client)
    queue += [re.sub(r"^https?://[^/]+", "", u) for u in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    while queue and len(seen) < 400:
        url = queue.pop()
        if url in seen or "/admin/" in url or not url.startswith(("/vi/", "/en/")):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="(/(?:vi|en)/[^"#?]*)', response.content.decode()):
            if href not in seen:
                queue.append(href)
        yield url, response.content.decode()


def test_no_member_name_is_reachable_from_any_public_url(client, demo):
    Member.objects.create(
        full_name="Hoàng Bí Mật",
        association=Association.objects.get(slug="viet-nga"),
        joined_on="2024-01-01",
        email="bi.mat@example.org",
        phone="0912 345 678",
    )
    MembershipApplication.objects.create(
        association=Association.objects.get(slug="viet-han"),
        full_name="Đơn Bí Mật",
        email="don.bi.mat@example.org",
        motivation="x",
        consent=True,
    )
    names = list(Member.objects.values_list("full_name", flat=True)) + ["Đơn Bí Mật"]
    secrets = names + ["bi.mat@example.org", "0912 345 678", "don.bi.mat@example.org"]
    urls = 0
    for url, html in _public_urls(client):
        urls += 1
        for secret in secrets:
            assert secret not in html, f"{secret} on {url}"
    assert urls > 20
    sitemap = sitemap_xml(client)
    assert not any(secret in sitemap for secret in secrets)


@pytest.mark.parametrize("role", [WRITER, EDITOR])
def test_writers_and_editors_cannot_see_members(client, demo, role, staff):
    user = staff(role)
    assert not user.has_perm("members.view_member")
    assert not user.has_perm("members.view_membershipapplication")
    client.force_login(user)
    response = client.get(reverse("admin:members_member_changelist"))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize("role", [SECRETARIAT, ADMINISTRATOR])
def test_secretariat_and_administrator_edit_union_and_members(demo, role, staff):
    user = staff(role)
    for perm in [
        "unions.change_union",
        "members.change_association",
        "members.add_branch",
        "members.change_member",
        "members.add_membershipcount",
    ]:
        assert user.has_perm(perm), perm
    assert user.has_perm("members.export_member") == (role == ADMINISTRATOR)


def _export(client, user):
    client.force_login(user)
    ids = list(Member.objects.values_list("pk", flat=True))
    return client.post(
        reverse("admin:members_member_changelist"),
        {"action": "export_csv", "_selected_action": ids},
    )


def test_administrator_exports_csv_and_the_export_is_recorded(client, demo, staff):
    admin = staff(ADMINISTRATOR)
    response = _export(client, admin)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + Member.objects.count()
    record = MemberExport.objects.get()
    assert record.user == admin and record.rows == Member.objects.count()


def test_secretariat_cannot_export(client, demo, staff):
    response = _export(client, staff(SECRETARIAT))
    assert response.status_code in (200, 302)
    assert not response.get("Content-Type", "").startswith("text/csv")
    assert not MemberExport.objects.exists()


def test_accepting_an_application_creates_a_member(client, demo, staff):
    application = MembershipApplication.objects.create(
        association=Association.objects.get(slug="viet-han"),
        full_name="Ngô Ứng Tuyển",
        phone="0912000111",
        motivation="Muốn tham gia",
        consent=True,
    )
    secretariat = staff(SECRETARIAT)
    client.force_login(secretariat)
    response = client.post(
        reverse("admin:members_membershipapplication_changelist"),
        {"action": "accept", "_selected_action": [application.pk]},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "accepted" and application.reviewed_by == secretariat
    member = application.member
    assert member.full_name == "Ngô Ứng Tuyển" and member.association.slug == "viet-han"
    # Accepting twice does not create a second member.
    client.post(
        reverse("admin:members_membershipapplication_changelist"),
        {"action": "accept", "_selected_action": [application.pk]},
    )
    assert Member.objects.filter(full_name="Ngô Ứng Tuyển").count() == 1


def test_admin_pages_render(client, demo, staff):
    admin = staff(ADMINISTRATOR)
    client.force_login(admin)
    association = Association.objects.get(slug="viet-sec-slovakia")
    for url in [
        reverse("admin:members_association_changelist"),
        reverse("admin:members_association_change", args=[association.pk]),
        reverse("admin:members_branch_changelist"),
        reverse("admin:members_member_changelist"),
        reverse("admin:members_membershipcount_changelist"),
        reverse("admin:members_membershipapplication_changelist"),
        reverse("admin:members_memberexport_changelist"),
        reverse("admin:unions_union_changelist"),
        reverse("admin:unions_union_change", args=[demo.pk]),
        reverse("admin:unions_cluster_changelist"),
    ]:
        assert client.get(url).status_code == 200, url
