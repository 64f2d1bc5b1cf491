"""Each role sees and edits only what it needs: a walk through the whole admin per role.

The models come from `admin.site._registry`, so a model registered later without being
added to EXPECTED fails the walk. For every model the walk opens the changelist, the add
page and the change page of a real row, and reads what the role got:

    v  the changelist and the change page open (read), and the history if it has one
    a  the add page opens
    c  the change page is editable (has_change_permission)
    d  the change page offers deletion (has_delete_permission)

"" means the role cannot reach the model at all (403). The expected matrix below is
portal/roles.py read together with the issues: Writers and Editors never reach members'
personal data (Member, MembershipApplication, MemberExport); the Secretariat records
unions, members, congresses and aid; Leadership reads and has the aid dashboard; the
Administrator manages users, site settings, lockouts and authenticators and exports members.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse

from portal.roles import ADMINISTRATOR, EDITOR, LEADERSHIP, SECRETARIAT, WRITER
from tests.factories import article, staff_user
from tests.security.helpers import admin_index_models

R = "v"  # read only
ALL = "vacd"  # add, change, delete
NONE = ""

# model -> {role: letters}. Roles not named for a model get NONE.
EXPECTED = {
    "auth.group": {ADMINISTRATOR: R},
    "auth.user": {ADMINISTRATOR: "vac"},
    "axes.accessattempt": {ADMINISTRATOR: "vd"},
    "axes.accesslog": {ADMINISTRATOR: R},
    "axes.accessfailurelog": {ADMINISTRATOR: R},
    "otp_totp.totpdevice": {ADMINISTRATOR: "vd"},
    "otp_static.staticdevice": {ADMINISTRATOR: "vd"},
    "mailer.message": {ADMINISTRATOR: "vd"},
    "mailer.messagelog": {ADMINISTRATOR: R},
    "mailer.dontsendentry": {ADMINISTRATOR: "vad"},
    # The site settings exist once: nobody adds a second row, nobody deletes it.
    "unions.sitesettings": {ADMINISTRATOR: "vc"},
    "unions.union": {WRITER: R, EDITOR: R, LEADERSHIP: R, SECRETARIAT: ALL, ADMINISTRATOR: ALL},
    "unions.cluster": {SECRETARIAT: ALL, ADMINISTRATOR: ALL},
    "members.association": {
        WRITER: R,
        EDITOR: R,
        LEADERSHIP: R,
        SECRETARIAT: ALL,
        ADMINISTRATOR: ALL,
    },
    "members.branch": {LEADERSHIP: R, SECRETARIAT: ALL, ADMINISTRATOR: ALL},
    "members.membershipcount": {LEADERSHIP: R, SECRETARIAT: ALL, ADMINISTRATOR: ALL},
    # Personal data: the Secretariat and the Administrator only.
    "members.member": {SECRETARIAT: ALL, ADMINISTRATOR: ALL},
    "members.membershipapplication": {SECRETARIAT: "vc", ADMINISTRATOR: "vc"},
    "members.memberexport": {ADMINISTRATOR: R},
    "news.category": {WRITER: R, EDITOR: "vac"},
    "news.tag": {WRITER: "va", EDITOR: ALL},
    # Series gather published articles, whoever wrote them: the Editors'.
    "news.series": {EDITOR: ALL},
    # The walk opens a draft the role itself wrote.
    "news.article": {WRITER: "vac", EDITOR: ALL},
    # Administrators read them to erase a commenter (Decree 13/2023/NĐ-CP).
    "news.comment": {EDITOR: "vcd", ADMINISTRATOR: R},
    "portal.erasure": {ADMINISTRATOR: R},
    **{
        f"congresses.{name}": {
            WRITER: R,
            EDITOR: R,
            LEADERSHIP: R,
            ADMINISTRATOR: R,
            SECRETARIAT: ALL,
        }
        for name in ("congress", "electedbody", "person")
    },
    **{
        f"aid.{name}": {LEADERSHIP: R, SECRETARIAT: ALL, ADMINISTRATOR: ALL}
        for name in ("aidproject", "donor", "location", "exchangerate", "transaction")
    },
    "aid.sector": {LEADERSHIP: R, SECRETARIAT: R, ADMINISTRATOR: ALL},
    # Albums: Writers put them together (the walk opens an unpublished one), Editors and the
    # Secretariat publish, Administrators take a photo down but add none.
    "albums.album": {
        WRITER: "vac",
        EDITOR: ALL,
        SECRETARIAT: ALL,
        LEADERSHIP: R,
        ADMINISTRATOR: "vcd",
    },
    # Official documents: the Secretariat files them, Editors link them to articles.
    **{
        f"documents.{name}": {
            WRITER: R,
            EDITOR: ALL,
            SECRETARIAT: ALL,
            LEADERSHIP: R,
            ADMINISTRATOR: ALL,
        }
        for name in ("document", "issuer")
    },
    # The Secretariat organises events, the Editors link the articles about them.
    "events.event": {
        WRITER: R,
        EDITOR: ALL,
        SECRETARIAT: ALL,
        LEADERSHIP: R,
        ADMINISTRATOR: R,
    },
}

# Pages outside the model admin: who gets them (everyone else gets 403).
EXTRA_PAGES = {
    "aid:dashboard": {LEADERSHIP, ADMINISTRATOR},
    "aid:import": {SECRETARIAT, ADMINISTRATOR},
    "admin_2fa:setup": {WRITER, EDITOR, SECRETARIAT, LEADERSHIP, ADMINISTRATOR},
}


def _label(model):
    return model._meta.label_lower


def _row(model, user):
    from news.models import Article

    if model is Article:
        return article(
            Article.objects.first().category,
            title_vi="Bản nháp của tôi",
            title_en="",
            created_by=user,
            status=Article.Status.DRAFT,
            published_at=None,
        )
    row = model._default_manager.order_by("pk").first()
    assert row is not None, f"the walk needs a row of {_label(model)}: add one to `world`"
    return row


def walk(client, user):
    """{model label: letters} for everything registered in the admin."""
    reached = {}
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        info = prefix
        letters = ""
        changelist = client.get(reverse(f"{prefix}_changelist"))
        assert changelist.status_code in (200, 403), (info, changelist.status_code)
        if changelist.status_code == 200:
            letters += "v"
        add = client.get(reverse(f"{prefix}_add"))
        assert add.status_code in (200, 403), (info, add.status_code)
        if add.status_code == 200:
            letters += "a"
        row = _row(model, user)
        change = client.get(reverse(f"{prefix}_change", args=[row.pk]))
        assert change.status_code in (200, 403), (info, change.status_code)
        assert (change.status_code == 200) == ("v" in letters), info
        try:  # the history of a model with revisions (portal.admin_revisions)
            history = reverse(f"{prefix}_revisions", args=[row.pk])
        except NoReverseMatch:
            history = None
        if history:
            status = client.get(history).status_code
            assert status == (200 if "v" in letters else 403), (history, status)
        if change.status_code == 200:
            if change.context["has_change_permission"]:
                letters += "c"
            if change.context["has_delete_permission"]:
                letters += "d"
        reached[_label(model)] = letters
    return reached


@pytest.mark.django_db
@pytest.mark.parametrize("role", [WRITER, EDITOR, SECRETARIAT, LEADERSHIP, ADMINISTRATOR])
def test_role_reaches_exactly_what_it_needs(role, world, client):
    user = staff_user(f"walk-{role.lower()}", role)
    client.force_login(user)

    registered = {_label(model) for model in admin.site._registry}
    assert registered == set(EXPECTED), "a model is registered in the admin but not in EXPECTED"

    expected = {label: roles.get(role, NONE) for label, roles in EXPECTED.items()}
    assert walk(client, user) == expected
    assert admin_index_models(client) == {label for label, got in expected.items() if got}

    for name, allowed in EXTRA_PAGES.items():
        status = client.get(reverse(name)).status_code
        assert status == (200 if role in allowed else 403), (name, status)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [WRITER, EDITOR, SECRETARIAT, LEADERSHIP, ADMINISTRATOR])
def test_only_administrators_export_members(role, world, client):
    from members.models import Member, MemberExport

    user = staff_user(f"walk-{role.lower()}", role)
    client.force_login(user)
    ids = list(Member.objects.values_list("pk", flat=True)[:3])
    assert ids
    response = client.post(
        reverse("admin:members_member_changelist"),
        {"action": "export_csv", "_selected_action": ids},
    )
    if role == ADMINISTRATOR:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert MemberExport.objects.filter(username=user.username).exists()
    else:
        # The Secretariat sees members but has no export action; the others no members at all.
        assert response.status_code in (302, 403)
        assert response.get("Content-Type", "").startswith("text/csv") is False
        assert not MemberExport.objects.filter(username=user.username).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [WRITER, EDITOR, SECRETARIAT, LEADERSHIP])
def test_no_role_but_administrator_makes_itself_more_powerful(role, client):
    """Only the Administrator role reaches user accounts and groups at all."""
    user = staff_user(f"walk-{role.lower()}", role)
    client.force_login(user)
    for name in ("admin:auth_user_change", "admin:auth_user_password_change"):
        assert client.get(reverse(name, args=[user.pk])).status_code == 403
    response = client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {"username": user.username, "is_staff": "on", "is_superuser": "on"},
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser


def test_an_administrator_manages_accounts_but_cannot_exceed_the_roles(client, django_user_model):
    """Regression: Django's UserAdmin let `auth.change_user` grant superuser status and
    single permissions, and set a superuser's password."""
    from django.contrib.auth.models import Permission

    admin_user = staff_user(f"walk-{ADMINISTRATOR.lower()}", ADMINISTRATOR)
    writer = staff_user(f"walk-{WRITER.lower()}", WRITER)
    root = django_user_model.objects.create_superuser("root", password="a-long-pass-12345")
    client.force_login(admin_user)
    export = Permission.objects.get(codename="export_member")

    for target, role in ((admin_user, ADMINISTRATOR), (writer, EDITOR)):
        url = reverse("admin:auth_user_change", args=[target.pk])
        page = client.get(url)
        assert page.status_code == 200, page.content.decode()[:1500]
        assert 'name="is_superuser"' not in page.content.decode()
        assert 'name="user_permissions"' not in page.content.decode()
        response = client.post(
            url,
            {
                "username": target.username,
                "is_active": "on",
                "is_staff": "on",
                "is_superuser": "on",
                "user_permissions": [export.pk],
                "groups": [Group.objects.get(name=role).pk],
                "last_login_0": "",
                "last_login_1": "",
                "date_joined_0": "2026-01-01",
                "date_joined_1": "08:00:00",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        target.refresh_from_db()
        assert not target.is_superuser
        assert not target.user_permissions.exists()
        # Managing accounts still works: the role (group) is what was posted.
        assert list(target.groups.values_list("name", flat=True)) == [role]

    # A superuser's account is out of reach: shown read-only, no new password, no deletion.
    page = client.get(reverse("admin:auth_user_change", args=[root.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.get(reverse("admin:auth_user_password_change", args=[root.pk])).status_code == 403
    response = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "taken-over-12345", "password2": "taken-over-12345"},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.check_password("a-long-pass-12345")
    assert client.get(reverse("admin:auth_user_delete", args=[root.pk])).status_code == 403
