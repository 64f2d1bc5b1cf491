"""Leadership's aid figures on the admin index (portal.workqueues)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aid import figures
from aid.reports import Filters
from portal import roles
from portal.workqueues import Item


def leadership_items(user):
    year = timezone.localdate().year
    # The dashboard's own cached figures (same key for the same filters), so the index costs
    # no aid query while the dashboard's cache is warm.
    sections = figures.sections(Filters(year_from=year, year_to=year), "VND")
    totals = sections["totals"]
    new_projects = sum(row["count"] for row in sections["new_projects"] if row["year"] == year)
    return [
        Item(
            "aid_this_year",
            _("Aid figures for %(year)s") % {"year": year},
            url=reverse("aid:dashboard") + "?" + urlencode({"year_from": year, "year_to": year}),
            figures=[
                (_("Committed (VND)"), totals["committed"] or 0),
                (_("Disbursed (VND)"), totals["disbursed"] or 0),
                (_("New projects"), new_projects),
            ],
        )
    ]


WORK_QUEUES = {roles.LEADERSHIP: leadership_items}
