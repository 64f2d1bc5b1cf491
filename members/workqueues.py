"""The membership work queue of the admin index (portal.workqueues)."""

from django.utils.translation import gettext_lazy as _

from members.models import MembershipApplication
from portal import roles
from portal.workqueues import Item, aggregate, changelist


def secretariat_items(user):
    n, oldest = aggregate(
        MembershipApplication.objects.filter(status=MembershipApplication.Status.PENDING),
        "submitted_at",
    )
    applications = Item(
        "applications_pending",
        _("Join applications to decide"),
        n,
        oldest,
        changelist(
            "members.membershipapplication",
            status__exact=MembershipApplication.Status.PENDING,
        ),
    )
    return [applications]


WORK_QUEUES = {roles.SECRETARIAT: secretariat_items}
