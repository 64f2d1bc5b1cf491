"""What waits for each staff member, by role: the work queues at the top of the admin index.

Each item is one aggregate query (a count and the oldest entry's date), whatever the number of
rows, and links to the admin change list filtered with that list's own filters, so the list
shows the same entries as the count. Superusers see every role's items.

The apps' items come from their `workqueues.WORK_QUEUES` ({role: callable(user) -> [Item]},
found through portal.registry); the Administrator's (sign-ins, second factors, backups, mail)
are the portal's own.
"""

import datetime
import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal import roles
from portal.registry import app_hooks

BACKUP_WARNING_AGE = datetime.timedelta(days=2)
BACKUP_STATUS_FILE = "last-backup.json"
# portal-<vendor>-YYYYmmdd-HHMMSS.tar.gz[.enc], as `backup` names its archives.
BACKUP_NAME = re.compile(r"^portal-\w+-(\d{8}-\d{6})\.tar\.gz(\.enc)?$")


@dataclass
class Item:
    key: str
    label: str
    count: int | None = None
    oldest: datetime.datetime | datetime.date | None = None
    url: str = ""
    warning: bool = False
    # Figures shown instead of a count (Leadership's aid figures, the backup's age).
    figures: list = field(default_factory=list)
    empty_text: str = ""

    @property
    def age(self):
        return age_text(self.oldest) if self.oldest else ""


def age_text(since, now=None):
    """ "3 days", "5 hours", "2 minutes": Django's timesince has no Vietnamese catalogue, and
    a queue's age needs one unit only."""
    if not isinstance(since, datetime.datetime):
        since = datetime.datetime.combine(
            since, datetime.time(), tzinfo=timezone.get_current_timezone()
        )
    seconds = max(0, ((now or timezone.now()) - since).total_seconds())
    days, rest = divmod(int(seconds), 86400)
    if days:
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    hours = rest // 3600
    if hours:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    minutes = rest // 60
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


@dataclass
class Section:
    role: str
    title: str
    items: list


def changelist(model_label, **params):
    url = reverse(f"admin:{model_label.replace('.', '_')}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def aggregate(queryset, oldest_field):
    values = queryset.aggregate(n=Count("pk"), oldest=Min(oldest_field))
    return values["n"], values["oldest"]


def undelivered_mail():
    """Mail that could not be sent (django-mailer's deferred messages), as an Item."""
    from mailer.models import PRIORITY_DEFERRED

    from portal.notifications import undelivered_mail as deferred

    mail = deferred()
    return Item(
        "undelivered_mail",
        _("Mail that could not be sent"),
        mail["count"],
        mail["oldest"],
        changelist("mailer.message", priority__exact=PRIORITY_DEFERRED),
        warning=mail["count"] > 0,
    )


def last_backup_at(folder=None):
    """When `backup` last succeeded (aware datetime), or None.

    Read from the status file `backup` writes next to its archives, else from the newest
    archive's timestamped name: both work on every server, without a table.
    """
    from portal.management.commands.backup import default_backup_dir

    folder = folder or default_backup_dir()
    try:
        status = json.loads((folder / BACKUP_STATUS_FILE).read_text())
        return datetime.datetime.fromisoformat(status["finished_at"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    newest = None
    try:
        names = [path.name for path in folder.iterdir()]
    except OSError:
        return None
    for name in names:
        match = BACKUP_NAME.match(name)
        if match:
            stamp = datetime.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(
                tzinfo=datetime.UTC
            )
            newest = max(newest, stamp) if newest else stamp
    return newest


def administrator_items(user):
    from axes.models import AccessAttempt
    from django.contrib.auth import get_user_model

    # axes' own "Locked out: yes" filter, narrowed to locks whose cool-off is still running
    # (a lock lasts AXES_COOLOFF_TIME from its last failure; portal.security.lock_ends_at).
    since = (timezone.now() - settings.AXES_COOLOFF_TIME).replace(microsecond=0)
    n, oldest = aggregate(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        ),
        "attempt_time",
    )
    items = [
        Item(
            "locked_accounts",
            _("Locked sign-ins"),
            n,
            oldest,
            changelist("axes.accessattempt", locked_out="yes", attempt_time__gte=since.isoformat()),
        )
    ]
    n, oldest = aggregate(
        staff_without_second_factor(get_user_model().objects.all()), "date_joined"
    )
    items.append(
        Item(
            "staff_without_2fa",
            _("Staff without a second factor"),
            n,
            oldest,
            changelist("auth.user", second_factor="missing"),
        )
    )
    backup_at = last_backup_at()
    items.append(
        Item(
            "last_backup",
            _("Last backup"),
            oldest=backup_at,
            warning=backup_at is None or timezone.now() - backup_at > BACKUP_WARNING_AGE,
            empty_text=_("No backup yet"),
        )
    )
    items.append(undelivered_mail())
    return items


def staff_without_second_factor(users):
    """Active staff who must sign in with a second factor (portal.security.requires_two_factor)
    and have no confirmed device (authenticator or recovery codes)."""
    if not settings.REQUIRE_ADMIN_2FA:
        return users.none()
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    must = Q(is_superuser=True) | Q(
        pk__in=Group.objects.filter(name__in=settings.TWO_FACTOR_REQUIRED_ROLES).values("user__pk")
    )
    return (
        users.filter(is_active=True, is_staff=True)
        .filter(must)
        .exclude(pk__in=TOTPDevice.objects.filter(confirmed=True).values("user_id"))
        .exclude(pk__in=StaticDevice.objects.filter(confirmed=True).values("user_id"))
    )


# The roles in the order their sections are shown.
SECTION_ROLES = [
    roles.EDITOR,
    roles.WRITER,
    roles.SECRETARIAT,
    roles.LEADERSHIP,
    roles.ADMINISTRATOR,
]


def builders(role):
    """The item builders (callable(user) -> [Item]) of a role: each app's
    `workqueues.WORK_QUEUES[role]`, in the order of INSTALLED_APPS, then the portal's own."""
    found = [queues[role] for queues in app_hooks("workqueues", "WORK_QUEUES") if role in queues]
    if role == roles.ADMINISTRATOR:
        found.append(administrator_items)
    return found


def sections_for(user):
    if not (user.is_authenticated and user.is_staff):
        return []
    if user.is_superuser:
        held = set(roles.ROLES)
    else:
        held = set(user.groups.values_list("name", flat=True))
    return [
        Section(
            role,
            roles.ROLE_LABELS[role],
            [item for build in builders(role) for item in build(user)],
        )
        for role in SECTION_ROLES
        if role in held
    ]
