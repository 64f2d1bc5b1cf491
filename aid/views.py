import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from portal.roles import ADMINISTRATOR, LEADERSHIP, user_has_role

from . import charts, exports, figures, iati, reports
from .forms import AidFilterForm, DashboardForm, ImportForm
from .imports import (
    MAX_PENDING_BYTES,
    ImportFailed,
    RowError,
    allowed_datasets,
    apply_rows,
    plan_rows,
    read_rows,
)
from .models import AidProject, Location, Participant, ProjectSector, Transaction

FLOW_SERIES = [
    ("committed", gettext_lazy("Committed"), "committed"),
    ("disbursed", gettext_lazy("Disbursed"), "disbursed"),
]


def _bad_request(request, template, context):
    return render(request, template, context, status=400)


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
    # As on the dashboard, the figures and their charts are computed only when their
    # fragment is not in the cache.
    sections = SimpleLazyObject(lambda: figures.sections(filters, currency))
    return render(
        request,
        "aid/overview.html",
        {
            "form": form,
            "currency": currency,
            "other_currency": "USD" if currency == "VND" else "VND",
            "figures_key": figures.key(filters, currency),
            "figures_seconds": figures.SECONDS,
            "sections": sections,
            "charts": SimpleLazyObject(lambda: _charts(sections, currency)),
            "latest": SimpleLazyObject(
                lambda: sections["new_projects"][-1] if sections["new_projects"] else None
            ),
            "show_dashboard_link": user_has_role(request.user, LEADERSHIP, ADMINISTRATOR),
            # Read only when the headline is rendered, not when it comes from the cache.
            "has_sample": SimpleLazyObject(
                lambda: AidProject.objects.published().filter(is_sample=True).exists()
            ),
            "recent": AidProject.objects.published()
            .prefetch_related(
                Prefetch("sector_shares", queryset=ProjectSector.objects.select_related("sector"))
            )
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
    sections = SimpleLazyObject(lambda: figures.sections(filters, currency))
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
            "figures_key": figures.key(filters, currency),
            "figures_seconds": figures.SECONDS,
            "sections": sections,
            "charts": SimpleLazyObject(lambda: _charts(sections, currency)),
            "unconverted": SimpleLazyObject(
                lambda: figures.cached("unconverted", reports.unconverted, filters, currency)
            ),
            "querystring": request.GET.urlencode(),
        },
    )


PENDING_SECONDS = 30 * 60
PREVIEW_ROWS = 500  # rows listed per group on the preview page; the counts are complete


def _import_context(form, **extra):
    return {"form": form, "errors": None, "plan": None, "pending": None, **extra}


def _pending_imports(user):
    """The person's own checked uploads that have not expired."""
    from django.utils import timezone

    from .models import PendingImport

    fresh = timezone.now() - datetime.timedelta(seconds=PENDING_SECONDS)
    PendingImport.objects.filter(created_at__lt=fresh).delete()
    return PendingImport.objects.filter(user=user, created_at__gte=fresh)


def _preview(request, form, datasets):
    """Read and check the upload, write nothing but the checked rows (for the
    confirmation), and show what importing it would do."""
    import json
    import secrets

    from .models import PendingImport

    dataset, upload = form.cleaned_data["dataset"], form.cleaned_data["file"]
    try:
        header, rows = read_rows(upload)
        plan = plan_rows(dataset, header, rows)
    except ImportFailed as failure:
        return render(
            request, "aid/import.html", _import_context(form, errors=failure.errors), status=400
        )
    pending = None
    if not plan.errors:
        stored = [[number, values] for number, values in rows]
        if len(json.dumps(stored)) > MAX_PENDING_BYTES:
            errors = [RowError(0, "", _("The file holds too much text to be checked at once."))]
            return render(
                request, "aid/import.html", _import_context(form, errors=errors), status=400
            )
        # A new upload replaces the person's earlier previews.
        _pending_imports(request.user).delete()
        pending = PendingImport.objects.create(
            token=secrets.token_urlsafe(32),
            user=request.user,
            dataset=dataset,
            file_name=upload.name[:255],
            header=header,
            rows=stored,
        )
    return render(
        request,
        "aid/import.html",
        _import_context(
            ImportForm(datasets=datasets, initial={"dataset": dataset}),
            errors=plan.errors or None,
            plan=plan,
            counts=plan.counts(),
            groups=[
                (status, title, plan.of(status)[:PREVIEW_ROWS], len(plan.of(status)))
                for status, title in (
                    ("new", _("New rows")),
                    ("changed", _("Rows already present, with other values")),
                    ("unchanged", _("Rows already present, unchanged")),
                )
            ],
            pending=pending,
            file_name=upload.name,
            dataset_label=dict(form.fields["dataset"].choices)[dataset],
        ),
        status=400 if plan.errors else 200,
    )


def _confirm(request, datasets):
    """Write a checked upload of this person, once: the row is locked and deleted in the
    transaction that writes, so a second confirmation finds nothing to write."""
    from django.db import IntegrityError, transaction

    token = request.POST.get("token", "")
    try:
        with transaction.atomic():
            pending = _pending_imports(request.user).select_for_update().filter(token=token).first()
            if pending is None:
                messages.error(
                    request,
                    _(
                        "This preview has expired or was already imported: nothing was "
                        "written. Upload the file again."
                    ),
                )
                return redirect("aid:import")
            if pending.dataset not in datasets:
                raise PermissionDenied
            if "cancel" in request.POST:
                pending.delete()
                messages.info(request, _("The import was cancelled: nothing was written."))
                return redirect("aid:import")
            rows = [(number, values) for number, values in pending.rows]
            counts = apply_rows(
                pending.dataset, pending.header, rows, request.user, pending.file_name
            )
            pending.delete()
    except ImportFailed as failure:
        return render(
            request,
            "aid/import.html",
            _import_context(ImportForm(datasets=datasets), errors=failure.errors),
            status=400,
        )
    except IntegrityError:
        # Another import wrote some of the same transactions meanwhile (the natural key).
        messages.error(
            request,
            _(
                "Some of these rows were written by another import meanwhile: nothing was "
                "written. Upload the file again to see what is new."
            ),
        )
        return redirect("aid:import")
    messages.success(
        request,
        _("Imported. New rows: %(new)d; updated: %(changed)d; already present: %(unchanged)d.")
        % counts,
    )
    return redirect("aid:import")


def import_data(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    datasets = allowed_datasets(request.user)
    if not datasets:
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, datasets)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, datasets=datasets)
        if form.is_valid():
            return _preview(request, form, datasets)
        return render(request, "aid/import.html", _import_context(form), status=400)
    return render(request, "aid/import.html", _import_context(ImportForm(datasets=datasets)))
