import hashlib

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _

from portal.roles import ADMINISTRATOR, LEADERSHIP, user_has_role

from . import charts, exports, iati, reports
from .forms import AidFilterForm, DashboardForm, ImportForm
from .imports import ImportFailed, import_file
from .models import AidProject, Location, Participant, ProjectSector, Transaction

UNSPECIFIED = gettext_lazy("Not specified")
FIGURES_SECONDS = 3600
FLOW_SERIES = [
    ("committed", gettext_lazy("Committed"), "committed"),
    ("disbursed", gettext_lazy("Disbursed"), "disbursed"),
]


def _bad_request(request, template, context):
    return render(request, template, context, status=400)


def figures_key(filters, currency):
    """What the figures depend on: the filters, the currency, the language and the page cache's
    generation (bumped on every save of aid data, so a stale figure is never read)."""
    from portal.pagecache import generation

    parts = tuple(
        (field, getattr(value, "pk", value)) for field, value in sorted(vars(filters).items())
    )
    raw = repr((parts, currency, get_language()))
    return f"{generation()}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def _cached(name, compute, filters, currency):
    """A figure kept in the shared cache until any content changes: each breakdown is a
    grouped query over every transaction with an exchange-rate lookup, too slow to repeat on
    every dashboard view."""
    key = f"aid:{name}:{figures_key(filters, currency)}"
    value = cache.get(key)
    if value is None:
        value = compute(filters, currency)
        cache.set(key, value, FIGURES_SECONDS)
    return value


def _cached_sections(filters, currency):
    return _cached("sections", _sections, filters, currency)


def _sections(filters, currency):
    """The figures shared by the overview and the dashboard: one query each."""
    return {
        "totals": reports.totals(filters, currency),
        "per_year": reports.by_year(filters, currency),
        "donors": reports.by_donor(filters, currency),
        "sectors": reports.by_sector(filters, currency, UNSPECIFIED),
        "districts": reports.by_district(filters, currency, UNSPECIFIED),
        "statuses": reports.by_status(filters, currency),
        "new_projects": reports.new_projects_by_year(filters),
    }


def _charts(sections, currency):
    return {
        "per_year": charts.bar_chart(sections["per_year"], FLOW_SERIES, currency),
        "donors": charts.bar_chart(sections["donors"], FLOW_SERIES, currency, limit=10),
        "sectors": charts.bar_chart(sections["sectors"], FLOW_SERIES, currency, limit=12),
        "districts": charts.bar_chart(sections["districts"], FLOW_SERIES, currency),
        "statuses": charts.bar_chart(sections["statuses"], FLOW_SERIES, currency),
        "new_projects": charts.bar_chart(
            [
                {"label": str(row["year"]), "count": row["count"]}
                for row in sections["new_projects"]
            ],
            [("count", _("New projects"), "count")],
        ),
    }


def overview(request):
    form = DashboardForm(request.GET or None, published_only=True)
    if form.is_bound and not form.is_valid():
        return _bad_request(request, "aid/overview.html", {"form": form})
    currency = form.currency_code()
    filters = form.filters()
    sections = _cached_sections(filters, currency)
    latest = sections["new_projects"][-1] if sections["new_projects"] else None
    return render(
        request,
        "aid/overview.html",
        {
            "form": form,
            "currency": currency,
            "other_currency": "USD" if currency == "VND" else "VND",
            "sections": sections,
            "charts": _charts(sections, currency),
            "latest": latest,
            "show_dashboard_link": user_has_role(request.user, LEADERSHIP, ADMINISTRATOR),
            "recent": AidProject.objects.published()
            .prefetch_related("sector_shares__sector")
            .order_by("-year", "-pk")[:6],
        },
    )


def project_list(request):
    form = AidFilterForm(request.GET or None, published_only=True)
    if form.is_bound and not form.is_valid():
        return _bad_request(request, "aid/project_list.html", {"form": form, "page": None})
    filters = form.filters()
    projects = AidProject.objects.filter(pk__in=filters.projects().values("pk"))
    if filters.year_from:
        projects = projects.filter(year__gte=filters.year_from)
    if filters.year_to:
        projects = projects.filter(year__lte=filters.year_to)
    projects = projects.prefetch_related(
        Prefetch("sector_shares", queryset=ProjectSector.objects.select_related("sector")),
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("donor").filter(role="1"),
            to_attr="funders",
        ),
        "districts",
    ).order_by("-year", "reference")
    paginator = Paginator(projects, 20)
    page_number = request.GET.get("page") or 1
    try:
        page = paginator.page(page_number)
    except InvalidPage as exc:
        raise Http404(_("No such page.")) from exc
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "aid/project_list.html",
        {"form": form, "page": page, "querystring": query.urlencode()},
    )


def _no_such_reference(reference):
    # PostgreSQL refuses a NUL character in a text comparison (a 500); no reference has one.
    if "\x00" in reference:
        raise Http404(_("No such aid project."))


def project_detail(request, reference):
    _no_such_reference(reference)
    project = get_object_or_404(
        AidProject.objects.published().prefetch_related(
            Prefetch("sector_shares", queryset=ProjectSector.objects.select_related("sector")),
            Prefetch("participants", queryset=Participant.objects.select_related("donor")),
            "districts",
            Prefetch("communes", queryset=Location.objects.select_related("parent")),
        ),
        reference=reference,
    )
    transactions = list(
        Transaction.objects.filter(project=project).select_related("donor").order_by("date", "pk")
    )
    # A single project has few transactions: its totals per type and currency are summed here.
    totals = {}
    for transaction in transactions:
        key = (transaction.transaction_type, transaction.currency)
        totals[key] = totals.get(key, 0) + transaction.amount
    return render(
        request,
        "aid/project_detail.html",
        {
            "project": project,
            "transactions": transactions,
            "totals": [
                {
                    "type": dict(Transaction._meta.get_field("transaction_type").choices)[kind],
                    "currency": currency,
                    "amount": amount,
                }
                for (kind, currency), amount in sorted(totals.items())
            ],
        },
    )


def iati_activities(request):
    body = iati.activities_xml(iati.projects_for_export())
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="iati-activities.xml"'
    return response


def project_iati(request, reference):
    _no_such_reference(reference)
    projects = iati.projects_for_export(AidProject.objects.published().filter(reference=reference))
    if not projects:
        raise Http404(_("No such aid project."))
    body = iati.activities_xml(projects)
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


def _require_leadership(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not user_has_role(request.user, LEADERSHIP, ADMINISTRATOR):
        raise PermissionDenied
    return None


def _tables(sections, currency):
    """The dashboard's tables as (title, header, rows, money columns) for the XLSX export."""
    flows = [_("Committed"), _("Disbursed"), _("Spent"), _("Disbursement rate (%)")]

    def money_rows(rows):
        return [[row.label, row.committed, row.disbursed, row.spent, row.rate] for row in rows]

    money = (1, 2, 3)  # committed, disbursed, spent
    return [
        (_("Per year"), [_("Year"), *flows], money_rows(sections["per_year"]), money),
        (_("By donor"), [_("Donor"), *flows], money_rows(sections["donors"]), money),
        (_("By sector"), [_("Sector"), *flows], money_rows(sections["sectors"]), money),
        (
            _("By district"),
            [pgettext("place", "District"), *flows],
            money_rows(sections["districts"]),
            money,
        ),
        (_("By status"), [_("Status"), *flows], money_rows(sections["statuses"]), money),
        (
            _("New projects"),
            [_("Year"), _("New projects"), _("Change on the year before (%)")],
            [[row["year"], row["count"], row["change"]] for row in sections["new_projects"]],
            (),
        ),
    ]


def dashboard(request, export=None):
    refused = _require_leadership(request)
    if refused:
        return refused
    form = DashboardForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _bad_request(request, "aid/dashboard.html", {"form": form})
    currency = form.currency_code()
    filters = form.filters()
    if export == "csv":
        return exports.csv_response(filters, currency)
    sections = SimpleLazyObject(lambda: _cached_sections(filters, currency))
    if export == "xlsx":
        return exports.xlsx_response(filters, currency, _tables(sections, currency))
    # The figures (and their 100 KB of tables and charts, cached as a fragment under the same
    # key) are computed only when the fragment is not in the cache.
    return render(
        request,
        "aid/dashboard.html",
        {
            "form": form,
            "currency": currency,
            "figures_key": figures_key(filters, currency),
            "figures_seconds": FIGURES_SECONDS,
            "sections": sections,
            "charts": SimpleLazyObject(lambda: _charts(sections, currency)),
            "unconverted": SimpleLazyObject(
                lambda: _cached("unconverted", reports.unconverted, filters, currency)
            ),
            "querystring": request.GET.urlencode(),
        },
    )


def import_data(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not request.user.has_perms(["aid.add_aidproject", "aid.add_transaction"]):
        raise PermissionDenied
    errors = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count = import_file(form.cleaned_data["dataset"], form.cleaned_data["file"])
            except ImportFailed as failure:
                errors = failure.errors
            else:
                messages.success(request, _("%(count)d rows imported.") % {"count": count})
                return redirect("aid:import")
    else:
        form = ImportForm()
    return render(
        request,
        "aid/import.html",
        {"form": form, "errors": errors},
        status=400 if errors else 200,
    )
