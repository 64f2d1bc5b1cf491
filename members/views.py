from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from portal import notifications
from portal.security import rate_limit_exceeded
from unions.models import SiteSettings

from .forms import MembershipApplicationForm
from .models import Association, Branch, MembershipCount
from .stats import COUNTS, latest_members_by, union_totals

# At most this many applications from one address per window.
JOIN_RATE_LIMIT = 5
JOIN_RATE_WINDOW = 3600


def _home_union():
    home = SiteSettings.current().home_union
    if home is None:
        raise Http404("No home union configured.")
    return home


def association_list(request):
    union = _home_union()
    totals = union_totals(union)
    latest_year = totals.latest["year"] if totals.source == COUNTS else None
    associations = list(
        Association.objects.filter(union=union)
        .annotate(branch_count=Count("branches"))
        .order_by("status", "founded_on", "name")
    )
    members = latest_members_by(union, latest_year, "association")
    for association in associations:
        association.latest_members = members.get(association.pk)
    return render(
        request,
        "members/association_list.html",
        {
            "union": union,
            "active": [a for a in associations if a.status == Association.Status.ACTIVE],
            "dissolved": [a for a in associations if a.status != Association.Status.ACTIVE],
            "latest_year": latest_year,
            "totals": totals,
        },
    )


def association_detail(request, slug):
    association = get_object_or_404(Association.objects.select_related("union"), slug=slug)
    series, sample_years = {}, set()
    for row in MembershipCount.objects.filter(association=association).values(
        "year", "members", "is_sample"
    ):
        series[row["year"]] = series.get(row["year"], 0) + row["members"]
        if row["is_sample"]:
            sample_years.add(row["year"])
    latest_year = max(series) if series else None
    branch_members = {}
    if latest_year is not None:
        branch_members = dict(
            MembershipCount.objects.filter(
                association=association, year=latest_year, branch__isnull=False
            ).values_list("branch_id", "members")
        )
    branches = list(Branch.objects.filter(association=association).order_by("level", "name"))
    for branch in branches:
        branch.latest_members = branch_members.get(branch.pk)
    return render(
        request,
        "members/association_detail.html",
        {
            "association": association,
            "branches": branches,
            "series": sorted((year, n, year in sample_years) for year, n in series.items()),
            "latest_year": latest_year,
            "latest_members": series.get(latest_year) if latest_year else None,
            "latest_is_sample": latest_year in sample_years,
        },
    )


def join(request):
    union = _home_union()
    initial = {}
    slug = request.GET.get("association")
    if slug and "\x00" in slug:  # PostgreSQL refuses a NUL in a comparison (a 500)
        raise Http404("No such association.")
    if slug:
        initial["association"] = get_object_or_404(
            Association, slug=slug, union=union, status=Association.Status.ACTIVE
        )
    status = 200
    if request.method == "POST":
        form = MembershipApplicationForm(request.POST, union=union)
        # Counted are the submissions that would be accepted (a bot's included).
        if not (form.is_spam or form.is_valid()):
            status = 400
        elif rate_limit_exceeded(request, "join", JOIN_RATE_LIMIT, JOIN_RATE_WINDOW):
            form.add_error(
                None,
                _("Too many applications from your connection. Please try again in an hour."),
            )
            status = 429
        elif form.is_spam:
            # Look like success: a bot learns nothing; nothing is stored.
            return redirect("members:join_thanks")
        else:
            with transaction.atomic():
                application = form.save(commit=False)
                application.language = translation.get_language()
                application.save()
                # Queued with the application: both are stored, or neither (portal.notifications).
                notifications.application_received(application)
            return redirect("members:join_thanks")
    else:
        form = MembershipApplicationForm(union=union, initial=initial)
    return render(request, "members/join.html", {"form": form, "union": union}, status=status)


def join_thanks(request):
    return render(request, "members/join_thanks.html")
