"""Personal data with a lifecycle (Decree 13/2023/NĐ-CP).

- The privacy notice (`templates/portal/privacy.html`, view `portal.views.privacy`) has a
  version and a date (settings.PRIVACY_NOTICE_VERSION / _DATE); the join and comment forms
  store the version a person agreed to and when (`record_consent`).
- Retention: `apply_retention()` (the daily `manage.py apply_retention`) removes what has
  been kept longer than its period (`retention_periods()`, the same numbers the notice
  quotes): rejected applications, readers' e-mail addresses, admin sign-in logs.
- Erasure: an Administrator erases a person (`plan_erasure` then `erase`): every member,
  application and comment row holding their contact data is deleted, the admin's log
  entries about those rows lose their description, their revision snapshots go, and an
  `Erasure` row records who, when and how many rows, without any of the data.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
@dataclass
class RetentionResult:
    rejected_applications: int = 0
    comment_emails: int = 0
    access_attempts: int = 0
    access_failures: int = 0
    access_logs: int = 0

    @property
    def access_records(self):
        return self.access_attempts + self.access_failures + self.access_logs

    @property
    def total(self):
        return self.rejected_applications + self.comment_emails + self.access_records


def retention_querysets(now=None):
    """{name: queryset} of what is past its retention period at `now`."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from members.models import MembershipApplication
    from news.models import Comment

    now = now or timezone.now()
    periods = retention_periods()

    def cutoff(days):
        return now - datetime.timedelta(days=days)

    rejected_before = cutoff(periods.rejected_application_days)
    access_before = cutoff(periods.access_log_days)
    return {
        # Counted from the decision (from the submission for rows rejected without a date).
        "rejected_applications": MembershipApplication.objects.filter(
            Q(reviewed_at__lt=rejected_before)
            | Q(reviewed_at__isnull=True, submitted_at__lt=rejected_before),
            status=MembershipApplication.Status.REJECTED,
        ),
        "comment_emails": Comment.objects.filter(
            created_at__lt=cutoff(periods.comment_email_days)
        ).exclude(email=""),
        # The settings allow no period under a day, longer than any lockout (an hour), so
        # a lock still running is never lifted by this.
        "access_attempts": AccessAttempt.objects.filter(attempt_time__lt=access_before),
        "access_failures": AccessFailureLog.objects.filter(attempt_time__lt=access_before),
        "access_logs": AccessLog.objects.filter(attempt_time__lt=access_before),
    }


def apply_retention(now=None, dry_run=False):
    """Remove what is past its period; return the counts (what would go, with dry_run).

    Idempotent: a second run the same day finds nothing. Comments stay (they are public
    once approved); only the e-mail address is emptied.
    """
    from portal.models import Erasure

    querysets = retention_querysets(now)
    if dry_run:
        return RetentionResult(**{name: qs.count() for name, qs in querysets.items()})
    result = RetentionResult()
    with transaction.atomic():
        result.rejected_applications = _delete(querysets["rejected_applications"])
        result.comment_emails = querysets["comment_emails"].update(email="")
        for name in ("access_attempts", "access_failures", "access_logs"):
            _total, per_model = querysets[name].delete()
            setattr(result, name, per_model.get(querysets[name].model._meta.label, 0))
        if result.total:
            Erasure.objects.create(
                kind=Erasure.Kind.RETENTION,
                applications=result.rejected_applications,
                comments=result.comment_emails,
                access_records=result.access_records,
            )
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


@dataclass
class ErasurePlan:
    """Every row holding the contact data of the people chosen, found before erasing so
    that the Administrator sees what will go."""

    members: set = field(default_factory=set)
    applications: set = field(default_factory=set)
    comments: set = field(default_factory=set)

    @property
    def rows(self):
        return len(self.members) + len(self.applications) + len(self.comments)


def plan_erasure(members=(), applications=(), comments=()):
    """The rows of the people behind these records.

    A member's application (and the member made from an application) are the same person;
    then every member, application and comment with one of their e-mail addresses or
    phone numbers. One step, not a chain: a shared address found this way does not pull in
    a third person's other addresses.
    """
    from members.models import Member, MembershipApplication
    from news.models import Comment

    plan = ErasurePlan(set(members), set(applications), set(comments))
    plan.applications |= set(MembershipApplication.objects.filter(member__in=plan.members))
    plan.members |= {a.member for a in plan.applications if a.member_id}
    seeds = plan.members | plan.applications | plan.comments
    emails = {row.email.lower() for row in seeds if row.email}
    phones = {_digits(getattr(row, "phone", "")) for row in seeds} - {""}
    plan.members |= _matching(Member, emails, phones)
    plan.applications |= _matching(MembershipApplication, emails, phones)
    plan.applications |= set(MembershipApplication.objects.filter(member__in=plan.members))
    plan.comments |= _matching(Comment, emails, set())
    return plan


def erase(plan, user, kind):
    """Delete every row of `plan` and record the erasure (without any personal data)."""
    from members.models import Member, MembershipApplication
    from news.models import Comment
    from portal.models import Erasure

    with transaction.atomic():
        # Applications first: they point at the member (SET_NULL would rewrite them).
        applications = _delete(
            MembershipApplication.objects.filter(pk__in=[a.pk for a in plan.applications])
        )
        members = _delete(Member.objects.filter(pk__in=[m.pk for m in plan.members]))
        comments = _delete(Comment.objects.filter(pk__in=[c.pk for c in plan.comments]))
        return Erasure.objects.create(
            kind=kind,
            user=user,
            username=user.get_username() if user else "",
            members=members,
            applications=applications,
            comments=comments,
        )
