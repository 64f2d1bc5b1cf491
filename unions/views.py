import html

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from members.models import Association, Branch
from members.stats import COUNTS, REGISTER, bar_chart, latest_members_by, union_totals
from portal.i18n import translated

from .models import Cluster, ClusterLeadership, SiteSettings, Union


def _home_union():
    home = SiteSettings.current().home_union
    if home is None:
        raise Http404("No home union configured.")
    return home


def _timeline(union, predecessors):
    """Founding, milestones and mergers in date order."""
    events = []
    if union.founded_on:
        events.append({"date": union.founded_on, "kind": "founded", "union": union})
    events.extend(
        {"date": m.date, "kind": "milestone", "milestone": m} for m in union.milestones.all()
    )
    events.extend(
        {"date": p.merged_on, "kind": "absorbed", "union": p} for p in predecessors if p.merged_on
    )
    if union.merged_into_id and union.merged_on:
        events.append({"date": union.merged_on, "kind": "merged", "union": union.merged_into})
    return sorted(events, key=lambda event: event["date"])


def _chapter_lines(union):
    """{association id (None: directly under the union): ["name, locality", …]} in the
    reader's language. Read as values: a union has hundreds of chapters, and a model instance
    for each was most of the about page's time."""
    rows = (
        Branch.objects.filter(union=union)
        .annotate(label=translated("name"), place=translated("locality"))
        .order_by("label")
        .values_list("association_id", "label", "place")
    )
    lines = {}
    for association_id, name, place in rows:
        lines.setdefault(association_id, []).append(f"{name}, {place}" if place else name)
    return lines


def _list_items(lines):
    # html.escape is what django.utils.html.escape does, without a SafeString for each of the
    # union's chapters (format_html_join made one per line and one per part).
    return mark_safe("".join(f"<li>{html.escape(line)}</li>" for line in lines))  # noqa: S308


def about(request):
    home = _home_union()
    union = get_object_or_404(
        Union.objects.select_related(
            "parent", "cluster", "merged_into", "founding_document"
        ).prefetch_related("milestones"),
        pk=home.pk,
    )
    predecessors = list(union.predecessors.order_by("merged_on", "name"))
    totals = union_totals(union)
    latest_year = totals.latest["year"] if totals.source == COUNTS else None
    associations = list(Association.objects.filter(union=union, status=Association.Status.ACTIVE))
    chapters = _chapter_lines(union)
    direct_branches = chapters.get(None, [])
    association_members = latest_members_by(union, latest_year, "association")
    for association in associations:
        association.latest_members = association_members.get(association.pk)
        lines = chapters.get(association.pk, [])
        # The tree's labels and items made here, not by a {% blocktranslate %} and a loop for
        # each of 50 associations: they were a fifth of the page's time. The same markup.
        association.chapter_count = ngettext("%(n)s chapter", "%(n)s chapters", len(lines)) % {
            "n": len(lines)
        }
        association.chapter_items = _list_items(lines)
    cluster_leader = None
    if union.cluster_id:
        cluster_leader = (
            ClusterLeadership.objects.filter(cluster_id=union.cluster_id)
            .select_related("union")
            .order_by("-year")
            .first()
        )
    context = {
        "union": union,
        "predecessors": predecessors,
        "timeline": _timeline(union, predecessors),
        "totals": totals,
        "source_counts": totals.source == COUNTS,
        "source_register": totals.source == REGISTER,
        "chart": bar_chart(totals.series) if totals.source == COUNTS else None,
        "associations": associations,
        "direct_branches": direct_branches,
        "direct_branch_items": _list_items(direct_branches),
        "cluster_leader": cluster_leader,
    }
    return render(request, "unions/about.html", context)


def network(request):
    vufo = Union.objects.filter(kind=Union.Kind.NATIONAL).order_by("pk").first()
    union_qs = Union.objects.filter(kind=Union.Kind.PROVINCIAL).select_related("merged_into")
    clusters = list(
        Cluster.objects.prefetch_related(
            Prefetch("unions", queryset=union_qs.order_by("name")),
            Prefetch(
                "leaderships",
                queryset=ClusterLeadership.objects.select_related("union").order_by("-year"),
            ),
        )
    )
    unclustered = list(union_qs.filter(cluster__isnull=True).order_by("name"))
    for cluster in clusters:
        leaderships = list(cluster.leaderships.all())
        cluster.current_leadership = leaderships[0] if leaderships else None
    home = SiteSettings.current().home_union
    return render(
        request,
        "unions/network.html",
        {
            "vufo": vufo,
            "clusters": clusters,
            "unclustered": unclustered,
            "home_union_id": home.pk if home else None,
        },
    )


def union_detail(request, slug):
    union = get_object_or_404(
        Union.objects.select_related(
            "merged_into", "cluster", "parent", "founding_document"
        ).prefetch_related("milestones"),
        slug=slug,
    )
    home = SiteSettings.current().home_union
    if home is not None and home.pk == union.pk:
        # The home union's profile is the about page; one address for one page.
        return redirect("unions:about", permanent=True)
    predecessors = list(union.predecessors.order_by("merged_on", "name"))
    return render(
        request,
        "unions/union_detail.html",
        {
            "union": union,
            "predecessors": predecessors,
            "timeline": _timeline(union, predecessors),
        },
    )
