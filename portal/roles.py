"""Staff roles: one Django group per role, with the permissions each role needs.

The groups are created by a data migration (portal/migrations); their permissions
are (re)applied after every `migrate`, because permissions of models are only
created once all apps have migrated. PERMISSIONS below is the whole matrix.
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

READ = "view"
EDIT = "view add change delete"

# "app_label.model" -> {role: actions}: everything each role's group may do, and nothing else
# grants permissions to groups. tests/security/test_roles.py walks the admin to check it.
PERMISSIONS = {
    # news: Writers draft (they cannot publish by any path), Editors publish and moderate.
    "news.article": {WRITER: "view add change", EDITOR: "view add change delete publish"},
    "news.category": {WRITER: READ, EDITOR: "view add change"},
    "news.tag": {WRITER: "view add", EDITOR: EDIT},
    # Series (Chuyên đề) gather published articles, whoever wrote them: the Editors' choice.
    "news.series": {EDITOR: EDIT},
    "news.seriesarticle": {EDITOR: EDIT},
    # Administrators read comments to erase a commenter's data (portal.admin_privacy).
    "news.comment": {EDITOR: "view change delete", ADMINISTRATOR: READ},
    # unions and members: the Secretariat and the Administrator keep the network and the
    # member organisations. Writers, Editors and Leadership may pick unions and associations
    # (to tag articles) but never see members' personal data (Member, application, export).
    "unions.union": {
        WRITER: READ,
        EDITOR: READ,
        LEADERSHIP: READ,
        SECRETARIAT: EDIT,
        ADMINISTRATOR: EDIT,
    },
    "unions.cluster": {SECRETARIAT: EDIT, ADMINISTRATOR: EDIT},
    "unions.clusterleadership": {SECRETARIAT: EDIT, ADMINISTRATOR: EDIT},
    "unions.milestone": {SECRETARIAT: EDIT, ADMINISTRATOR: EDIT},
    "unions.sitesettings": {ADMINISTRATOR: "view change"},
    "members.association": {
        WRITER: READ,
        EDITOR: READ,
        LEADERSHIP: READ,
        SECRETARIAT: EDIT,
        ADMINISTRATOR: EDIT,
    },
    "members.branch": {LEADERSHIP: READ, SECRETARIAT: EDIT, ADMINISTRATOR: EDIT},
    "members.membershipcount": {LEADERSHIP: READ, SECRETARIAT: EDIT, ADMINISTRATOR: EDIT},
    # Exporting members (CSV, audited in MemberExport) is for Administrators only.
    "members.member": {SECRETARIAT: EDIT, ADMINISTRATOR: f"{EDIT} export"},
    "members.membershipapplication": {SECRETARIAT: "view change", ADMINISTRATOR: "view change"},
    "members.memberexport": {ADMINISTRATOR: READ},
    # Erasing people (portal.admin_privacy) is for Administrators; its log they read.
    "portal.erasure": {ADMINISTRATOR: READ},
    # congresses: the Secretariat records congress results; every other role reads them.
    **{
        f"congresses.{model}": {
            WRITER: READ,
            EDITOR: READ,
            SECRETARIAT: EDIT,
            LEADERSHIP: READ,
            ADMINISTRATOR: READ,
        }
        for model in (
            "congress",
            "electedbody",
            "mandate",
            "person",
            "congressdocument",
            "congressphoto",
        )
    },
    # events: the Secretariat organises them and the Editors link the articles written about
    # them (events.admin); every other role reads the calendar.
    "events.event": {
        WRITER: READ,
        EDITOR: EDIT,
        SECRETARIAT: EDIT,
        LEADERSHIP: READ,
        ADMINISTRATOR: READ,
    },
    # documents: the Secretariat files the union's official documents, Editors link them to
    # articles, Administrators keep them too; Writers and Leadership read them.
    **{
        f"documents.{model}": {
            WRITER: READ,
            EDITOR: EDIT,
            SECRETARIAT: EDIT,
            LEADERSHIP: READ,
            ADMINISTRATOR: EDIT,
        }
        for model in ("document", "documentfile", "issuer")
    },
    # aid: the Secretariat records donors, projects, transactions and exchange rates;
    # Leadership reads them (and has the aid dashboard); Administrators do everything,
    # including the DAC sector codelist, which the others only read.
    **{
        f"aid.{model}": {SECRETARIAT: EDIT, LEADERSHIP: READ, ADMINISTRATOR: EDIT}
        for model in (
            "donor",
            "aidproject",
            "projectsector",
            "participant",
            "transaction",
            "exchangerate",
            "location",
        )
    },
    "aid.sector": {SECRETARIAT: READ, LEADERSHIP: READ, ADMINISTRATOR: EDIT},
    # albums: Writers put albums together but cannot publish them, nor change a published one
    # (albums.admin); Editors publish them, as articles, and the Secretariat, whose congress
    # records an album often shows. Administrators change, unpublish and delete but do not
    # add: a photo of a person who asks for its removal (Decree 13/2023/NĐ-CP) is theirs to
    # take down. Leadership reads.
    "albums.album": {
        WRITER: "view add change",
        EDITOR: f"{EDIT} publish",
        SECRETARIAT: f"{EDIT} publish",
        LEADERSHIP: READ,
        ADMINISTRATOR: "view change delete publish",
    },
    **{
        f"albums.{model}": {
            WRITER: EDIT,
            EDITOR: EDIT,
            SECRETARIAT: EDIT,
            LEADERSHIP: READ,
            ADMINISTRATOR: "view change delete",
        }
        for model in ("photo", "video")
    },
    # Accounts: lift admin login lockouts, remove a lost authenticator and its recovery codes
    # (portal/security.py).
    "auth.user": {ADMINISTRATOR: "view add change"},
    "auth.group": {ADMINISTRATOR: READ},
    "axes.accessattempt": {ADMINISTRATOR: "view delete"},
    "axes.accessfailurelog": {ADMINISTRATOR: READ},
    "axes.accesslog": {ADMINISTRATOR: READ},
    "otp_totp.totpdevice": {ADMINISTRATOR: "view delete"},
    # Recovery codes: an Administrator sees whose exist and removes them (never the codes).
    "otp_static.staticdevice": {ADMINISTRATOR: "view delete"},
    # The mail queue (django-mailer): see and drop mail that could not be sent, read the send
    # log, list addresses that must never be written to (docs/operations.md, "E-mail").
    "mailer.message": {ADMINISTRATOR: "view delete"},
    "mailer.messagelog": {ADMINISTRATOR: READ},
    "mailer.dontsendentry": {ADMINISTRATOR: "view add delete"},
}

# The same table per role: "app_label.codename" for each role.
ROLE_PERMISSIONS: dict[str, list[str]] = {role: [] for role in ROLES}
for _label, _grants in PERMISSIONS.items():
    _app_label, _model = _label.split(".")
    for _role, _actions in _grants.items():
        ROLE_PERMISSIONS[_role] += [f"{_app_label}.{a}_{_model}" for a in _actions.split()]


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
