"""Personal data with a lifecycle (Decree 13/2023/NĐ-CP).

- The privacy notice (`templates/portal/privacy.html`, view `portal.views.privacy`) has a
  version and a date (settings.PRIVACY_NOTICE_VERSION / _DATE); the join and comment forms
  store the version a person agreed to and when (`record_consent`).
- Retention: `apply_retention()` (the daily `manage.py apply_retention`) removes what has
  been kept longer than its period (`retention_periods()`, the same numbers the notice
  quotes): what each app's `privacy.expired(now)` names (rejected applications, readers'
  e-mail addresses), and the admin's sign-in logs.
- Erasure: an Administrator erases a person (`plan_erasure` then `erase`): every member,
  application and comment row holding their contact data is deleted (the kinds of rows each
  app names in its `privacy.ERASABLE`, found through portal.registry), the admin's log
  entries about those rows lose their description, their revision snapshots go, and an
  `Erasure` row records who, when and how many rows, without any of the data.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.registry import app_hooks

# What the admin's log keeps of a row that was erased, instead of its description.
ERASED_REPR = "—"


def notice_version():
    return settings.PRIVACY_NOTICE_VERSION


def notice_date():
    return settings.PRIVACY_NOTICE_DATE


def record_consent(obj, seen_version=None):
    """Stamp `obj` (an application or a comment) with the notice version agreed to, now."""
    obj.consent_version = seen_version or notice_version()
    obj.consented_at = timezone.now()


NOTICE_CHANGED = _(
    "The privacy notice has changed since this page was opened. Please read the new notice "
    "and give your consent again."
)


def check_notice_version(form):
    """A form error when the page the person filled in showed an older notice.

    The forms carry the version they showed in a hidden `notice_version` input (rendered
    from the current setting, never from what was posted, so the page sent back after this
    error shows the new version). A post without it (an old cached page) counts as the
    current version.
    """
    seen = form.data.get("notice_version")
    if seen and seen != notice_version():
        form.add_error("consent", NOTICE_CHANGED)


@dataclass(frozen=True)
class RetentionPeriods:
    rejected_application_days: int
    comment_email_days: int
    access_log_days: int


def retention_periods():
    return RetentionPeriods(
        rejected_application_days=settings.PRIVACY_RETENTION_REJECTED_APPLICATION_DAYS,
        comment_email_days=settings.PRIVACY_RETENTION_COMMENT_EMAIL_DAYS,
        access_log_days=settings.PRIVACY_RETENTION_ACCESS_LOG_DAYS,
    )


# Removal -----------------------------------------------------------------------------------
def _forget_rows(model, ids):
    """What outlives a deleted row elsewhere: its admin log entries and its revisions.

    Django's admin log keeps each row's description (`object_repr`: a member's or an
    applicant's name) and, for changes, what changed; both lose their text. Revision
    snapshots (portal.revisions) would keep a serialized copy: they go with the row.
    """
    from django.contrib.admin.models import LogEntry

    from portal.models import Revision

    if not ids:
        return
    content_type = ContentType.objects.get_for_model(model)
    object_ids = [str(pk) for pk in ids]
    LogEntry.objects.filter(content_type=content_type, object_id__in=object_ids).update(
        object_repr=ERASED_REPR, change_message=""
    )
    Revision.objects.filter(content_type=content_type, object_id__in=ids).delete()


def _delete(queryset):
    ids = list(queryset.values_list("pk", flat=True))
    _forget_rows(queryset.model, ids)
    queryset.model._base_manager.filter(pk__in=ids).delete()
    return len(ids)


# Retention ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Expired:
    """Personal data past its retention period, as an app's `privacy.expired(now)` names it."""

    label: str  # what the daily report calls it ("rejected membership applications")
    days: int  # the period
    queryset: object  # the rows past it
    counter: str  # the Erasure field it is counted in ("applications")
    # Fields emptied while the row stays (a comment stays, without its address); without
    # them the row is deleted.
    clear: dict | None = None


def retention_querysets(now=None):
    """[Expired] of what is past its retention period at `now`: every app's
    `privacy.expired(now)`, in the order of INSTALLED_APPS, then the admin's sign-in logs."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    now = now or timezone.now()
    found = [item for expired in app_hooks("privacy", "expired") for item in expired(now)]
    days = retention_periods().access_log_days
    access_before = now - datetime.timedelta(days=days)
    # The settings allow no period under a day, longer than any lockout (an hour), so a lock
    # still running is never lifted by this.
    for label, model in (
        ("admin sign-in lockout records", AccessAttempt),
        ("admin sign-in failure log rows", AccessFailureLog),
        ("admin sign-in access log rows", AccessLog),
    ):
        queryset = model.objects.filter(attempt_time__lt=access_before)
        found.append(Expired(label, days, queryset, "access_records"))
    return found


def apply_retention(now=None, dry_run=False):
    """Remove what is past its period; return [(Expired, count)] (what would go, with
    dry_run).

    Idempotent: a second run the same day finds nothing. Rows with fields to clear stay (a
    comment is public once approved); only those fields are emptied.
    """
    from portal.models import Erasure

    expired = retention_querysets(now)
    if dry_run:
        return [(item, item.queryset.count()) for item in expired]
    result = []
    with transaction.atomic():
        for item in expired:
            if item.clear is not None:
                result.append((item, item.queryset.update(**item.clear)))
            else:
                result.append((item, _delete(item.queryset)))
        counters = {}
        for item, count in result:
            counters[item.counter] = counters.get(item.counter, 0) + count
        if any(counters.values()):
            Erasure.objects.create(kind=Erasure.Kind.RETENTION, **counters)
    return result


# Erasure of a person -----------------------------------------------------------------------
def _digits(phone):
    return "".join(c for c in phone or "" if c.isdigit())


def _matching(model, emails, phones):
    """Rows of `model` with one of these e-mail addresses (any case) or phone numbers (the
    same digits, however they were typed)."""
    condition = Q()
    for email in emails:
        condition |= Q(email__iexact=email)
    has_phone = any(f.name == "phone" for f in model._meta.get_fields())
    for phone in phones if has_phone else ():
        # The same digits whatever was typed between them ("0912 345 678", "0912.345.678").
        condition |= Q(phone__regex="^[^0-9]*" + "[^0-9]*".join(phone) + "[^0-9]*$")
    if not condition:
        return set()
    rows = set()
    for row in model._base_manager.filter(condition):
        if (row.email and row.email.lower() in emails) or (
            has_phone and _digits(row.phone) in phones
        ):
            rows.add(row)
    return rows


class ErasurePlan(dict):
    """Every row holding the contact data of the people chosen, found before erasing so
    that the Administrator sees what will go: {counter: set of rows}, one entry for each
    kind of row an app names in its `privacy.ERASABLE` (`plan.members` in a template)."""

    @property
    def rows(self):
        return sum(len(rows) for rows in self.values())


def erasable():
    """[(counter, model)] of every app's `privacy.ERASABLE`, in the order rows are deleted."""
    return [pair for pairs in app_hooks("privacy", "ERASABLE") for pair in pairs]


def plan_erasure(**seeds):
    """The rows of the people behind these records ({counter: rows}, e.g. members=[...]).

    The same person's linked records first (each app's `privacy.linked(plan, found)`: a
    member's application and the member made from an application); then every row of
    every kind with one of their e-mail addresses or phone numbers; then the linked records
    of what was found. One step, not a chain: a shared address found this way does not pull
    in a third person's other addresses.
    """
    kinds = erasable()
    plan = ErasurePlan({counter: set(seeds.pop(counter, ())) for counter, _model in kinds})
    if seeds:
        raise TypeError(f"No erasable records called {', '.join(seeds)}.")
    linked = app_hooks("privacy", "linked")
    for link in linked:
        link(plan, found=False)
    people = set().union(*plan.values())
    emails = {row.email.lower() for row in people if row.email}
    phones = {_digits(getattr(row, "phone", "")) for row in people} - {""}
    for counter, model in kinds:
        plan[counter] |= _matching(model, emails, phones)
    for link in linked:
        link(plan, found=True)
    return plan


def erase(plan, user, kind):
    """Delete every row of `plan` and record the erasure (without any personal data)."""
    from portal.models import Erasure

    with transaction.atomic():
        # In the apps' order (an application before the member it points at: SET_NULL would
        # rewrite it).
        counts = {
            counter: _delete(model._base_manager.filter(pk__in=[row.pk for row in plan[counter]]))
            for counter, model in erasable()
        }
        return Erasure.objects.create(
            kind=kind, user=user, username=user.get_username() if user else "", **counts
        )
