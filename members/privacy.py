"""Members' and applicants' personal data for portal.privacy: what an erasure deletes, and
rejected applications past their retention period."""

import datetime

from django.db.models import Q

from members.models import Member, MembershipApplication
from portal.privacy import Expired, retention_periods

# Applications before members: an application points at the member made from it.
ERASABLE = [("applications", MembershipApplication), ("members", Member)]


def linked(plan, found):
    """A member's application is the same person, and so, for the records chosen (not those
    `found` by their contact data), is the member made from an application."""
    plan["applications"] |= set(MembershipApplication.objects.filter(member__in=plan["members"]))
    if not found:
        plan["members"] |= {a.member for a in plan["applications"] if a.member_id}


def expired(now):
    days = retention_periods().rejected_application_days
    before = now - datetime.timedelta(days=days)
    # Counted from the decision (from the submission for rows rejected without a date).
    rejected = MembershipApplication.objects.filter(
        Q(reviewed_at__lt=before) | Q(reviewed_at__isnull=True, submitted_at__lt=before),
        status=MembershipApplication.Status.REJECTED,
    )
    return [Expired("rejected membership applications", days, rejected, "applications")]
