"""Staff roles: one Django group per role, with the permissions each role needs.

The groups are created by a data migration (portal/migrations); their permissions
are (re)applied after every `migrate`, because permissions of models are only
created once all apps have migrated. Each app adds the codenames its role needs
to ROLE_PERMISSIONS; nothing else grants permissions to groups.
"""

from django.utils.translation import gettext_lazy as _

WRITER = "Writer"
EDITOR = "Editor"
SECRETARIAT = "Secretariat"
LEADERSHIP = "Leadership"
ADMINISTRATOR = "Administrator"

ROLES = [WRITER, EDITOR, SECRETARIAT, LEADERSHIP, ADMINISTRATOR]

ROLE_LABELS = {
    WRITER: _("Writer"),
    EDITOR: _("Editor"),
    SECRETARIAT: _("Secretariat"),
    LEADERSHIP: _("Leadership"),
    ADMINISTRATOR: _("Administrator"),
}

# "app_label.codename" for each role. Apps extend these lists.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    WRITER: [
        "news.add_article",
        "news.change_article",
        "news.view_article",
        "news.view_category",
        "news.view_tag",
        "news.add_tag",
    ],
    EDITOR: [
        "news.add_article",
        "news.change_article",
        "news.delete_article",
        "news.view_article",
        "news.publish_article",
        "news.add_category",
        "news.change_category",
        "news.view_category",
        "news.add_tag",
        "news.change_tag",
        "news.delete_tag",
        "news.view_tag",
        "news.view_comment",
        "news.change_comment",
        "news.delete_comment",
    ],
    SECRETARIAT: [],
    LEADERSHIP: [],
    ADMINISTRATOR: [
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        "unions.view_sitesettings",
        "unions.change_sitesettings",
        # Lift admin login lockouts; remove a lost authenticator (portal/security.py).
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accessfailurelog",
        "axes.view_accesslog",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
    ],
}


# unions + members: Secretariat and Administrator keep the network and the member
# organisations; members' personal data is theirs only (Writers and Editors see no
# Member, application or export); CSV export of members is for Administrators only.
_UNIONS_MEMBERS_EDIT = [
    f"{app}.{action}_{model}"
    for app, models in (
        ("unions", ["union", "cluster", "clusterleadership", "milestone"]),
        ("members", ["association", "branch", "membershipcount", "member"]),
    )
    for model in models
    for action in ("view", "add", "change", "delete")
] + [
    "members.view_membershipapplication",
    "members.change_membershipapplication",
]
ROLE_PERMISSIONS[SECRETARIAT] += _UNIONS_MEMBERS_EDIT
ROLE_PERMISSIONS[ADMINISTRATOR] += _UNIONS_MEMBERS_EDIT + [
    "members.export_member",
    "members.view_memberexport",
]
# Others may pick unions and associations (e.g. to tag articles) but see no members.
for _role in (WRITER, EDITOR, LEADERSHIP):
    ROLE_PERMISSIONS[_role] += ["unions.view_union", "members.view_association"]
ROLE_PERMISSIONS[LEADERSHIP] += ["members.view_branch", "members.view_membershipcount"]


# congresses: the Secretariat records congress results; every other role reads them.
_CONGRESS_MODELS = [
    "congress",
    "electedbody",
    "mandate",
    "person",
    "congressdocument",
    "congressphoto",
]
ROLE_PERMISSIONS[SECRETARIAT] += [
    f"congresses.{action}_{model}"
    for model in _CONGRESS_MODELS
    for action in ("view", "add", "change", "delete")
]
for _role in (WRITER, EDITOR, LEADERSHIP, ADMINISTRATOR):
    ROLE_PERMISSIONS[_role] += [f"congresses.view_{model}" for model in _CONGRESS_MODELS]


# aid: the Secretariat records donors, projects, transactions and exchange rates;
# Leadership reads them (and has the aid dashboard); Administrators do everything.
_AID_MODELS = [
    "donor",
    "aidproject",
    "projectsector",
    "participant",
    "transaction",
    "exchangerate",
    "location",
]
_AID_EDIT = [
    f"aid.{action}_{model}"
    for model in _AID_MODELS
    for action in ("view", "add", "change", "delete")
] + ["aid.view_sector"]
ROLE_PERMISSIONS[SECRETARIAT] += _AID_EDIT
ROLE_PERMISSIONS[ADMINISTRATOR] += _AID_EDIT + [
    f"aid.{action}_sector" for action in ("add", "change", "delete")
]
ROLE_PERMISSIONS[LEADERSHIP] += [f"aid.view_{model}" for model in [*_AID_MODELS, "sector"]]


def sync_role_permissions(sender=None, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    for role in ROLES:
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for dotted in ROLE_PERMISSIONS.get(role, []):
            app_label, codename = dotted.split(".", 1)
            wanted.extend(
                Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)


def user_has_role(user, *roles):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=roles).exists()
