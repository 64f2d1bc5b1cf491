"""The congresses' work queue of the admin index (portal.workqueues)."""

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congresses.models import Congress, ElectedBody
from portal import roles
from portal.workqueues import Item, aggregate, changelist


def understaffed_congresses(today=None):
    """Congresses of a running term with an elected body that has fewer serving members (a
    mandate running today) than the congress elected."""
    today = today or timezone.localdate()
    serving = Q(mandates__start_date__lte=today) & (
        Q(mandates__end_date__isnull=True) | Q(mandates__end_date__gte=today)
    )
    short = (
        ElectedBody.objects.filter(
            congress__term_start_year__lte=today.year, congress__term_end_year__gte=today.year
        )
        .annotate(serving=Count("mandates", filter=serving))
        .filter(serving__lt=F("size"))
        .values("congress")
    )
    return Congress.objects.filter(pk__in=short)


def secretariat_items(user):
    n, oldest = aggregate(understaffed_congresses(), "held_from")
    congresses = Item(
        "congresses_understaffed",
        _("Congresses with elected bodies short of members"),
        n,
        oldest,
        changelist("congresses.congress", staffing="short"),
    )
    return [congresses]


WORK_QUEUES = {roles.SECRETARIAT: secretariat_items}
