"""Aid figures computed in the database, in VND or USD.

Each transaction's amounts in VND and in USD are stored with it (aid/conversion.py: at the
exchange rate of its value date, or the nearest earlier one; NULL without a rate), so a
figure is a plain sum of a column. A transaction without a rate is left out of every sum
and reported instead (`unconverted`), never guessed.

All the figures of a page come from one query (`sections`), whatever the number of
projects and transactions: the filtered transactions are summed per year, and per project
and donor (one conditional sum per flow: committed, disbursed, spent); the breakdowns by
donor, status, sector and district group those few thousand sums, splitting them by a
project's sector percentages or equally among its districts (UNION ALL of one grouped
SELECT per breakdown).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connections
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Window
from django.db.models.functions import Cast, ExtractYear
from django.utils.translation import get_language

from .codelists import TransactionType
from .conversion import (  # noqa: F401 - the conversion, as the reports have always offered it
    MONEY,
    REPORT_CURRENCIES,
    Divisor,
    converted,
    rate_to_vnd,
    stored,
)
from .models import AidProject, Donor, Location, ProjectSector, Sector, Transaction

FLOWS = {
    TransactionType.COMMITMENT: "committed",
    TransactionType.DISBURSEMENT: "disbursed",
    TransactionType.EXPENDITURE: "spent",
}


def amount(currency):
    """A transaction's stored amount in `currency` (NULL: no rate)."""
    return F(stored(currency))


def _flows(value):
    """One conditional sum per flow: {"committed": …, "disbursed": …, "spent": …}."""
    return {name: Sum(value, filter=Q(transaction_type=kind)) for kind, name in FLOWS.items()}


@dataclass
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    sector: object = None
    donor: object = None
    status: str = ""
    district: object = None
    published_only: bool = False

    def projects(self):
        projects = AidProject.objects.all()
        if self.published_only:
            projects = projects.filter(is_published=True)
        if self.status:
            projects = projects.filter(status=self.status)
        if self.sector:
            projects = projects.filter(sector_shares__sector=self.sector)
        if self.district:
            projects = projects.filter(
                Q(districts=self.district) | Q(communes__parent=self.district)
            )
        if self.donor:
            projects = projects.filter(
                Q(participants__donor=self.donor) | Q(transactions__donor=self.donor)
            )
        return projects

    def transactions(self):
        transactions = Transaction.objects.all()
        if self.published_only or self.status or self.sector or self.district or self.donor:
            # A subquery rather than joins, so that no transaction is counted twice.
            transactions = transactions.filter(project__in=self.projects().values("pk"))
        if self.donor:
            transactions = transactions.filter(donor=self.donor)
        if self.year_from:
            transactions = transactions.filter(date__year__gte=self.year_from)
        if self.year_to:
            transactions = transactions.filter(date__year__lte=self.year_to)
        return transactions


@dataclass
class Row:
    key: object
    label: str
    committed: Decimal | None = None
    disbursed: Decimal | None = None
    spent: Decimal | None = None
    extra: dict = field(default_factory=dict)

    @property
    def rate(self):
        return disbursement_rate(self.committed, self.disbursed)


def disbursement_rate(committed, disbursed):
    """Disbursed as a percentage of committed, or None when nothing was committed."""
    if not committed:
        return None
    return (Decimal(disbursed or 0) * 100 / Decimal(committed)).quantize(Decimal("0.1"))


def _clean(value):
    if value is None:
        return Decimal(0)
    return Decimal(value).quantize(Decimal("0.01"))


def _rows(items, label_of, key, order="committed"):
    rows = [
        Row(
            key=item[key],
            label=label_of(item),
            committed=_clean(item["committed"]),
            disbursed=_clean(item["disbursed"]),
            spent=_clean(item["spent"]),
        )
        for item in items
    ]
    if order == "committed":
        rows.sort(key=lambda row: (-row.committed, -row.disbursed, row.label))
    else:
        rows.sort(key=lambda row: (row.key is None, row.key if row.key is not None else 0))
    return rows


# --- every figure of a page in one query ----------------------------------------------------


def _per_project(filters, currency):
    """The filtered transactions summed per project and donor: what the breakdowns by donor,
    status, sector and district group."""
    return (
        filters.transactions()
        .order_by()
        .values("project", "donor")
        .annotate(**_flows(amount(currency)), n=Count("pk"))
    )


def _per_year(filters, currency):
    """The filtered transactions summed per year (of their date)."""
    return (
        filters.transactions()
        .order_by()
        .annotate(year=Cast(ExtractYear("date"), IntegerField()))
        .values("year")
        .annotate(**_flows(amount(currency)), n=Count("pk"))
    )


def _new_projects(filters):
    """Projects per year of approval (and the year before the first, for the change)."""
    # A plain QuerySet: modeltranslation's would select every field in values().
    projects = QuerySet(AidProject).filter(pk__in=filters.projects().values("pk"))
    if filters.year_from:
        projects = projects.filter(year__gte=filters.year_from - 1)
    if filters.year_to:
        projects = projects.filter(year__lte=filters.year_to)
    return projects.order_by().values("year").annotate(n=Count("pk"))


# The breakdowns, each a SELECT of the same columns: dimension, key as a number or as a code,
# label, committed, disbursed, spent, n (what n counts depends on the dimension). The
# transactions are read twice: summed per year, and per project and donor (`s`, a few
# thousand rows that the other breakdowns group). {name} are quoted table and column names;
# `* 1.0` and `/ 100.0` keep SQLite from dividing whole numbers as integers (PostgreSQL stays
# in exact numeric).
BREAKDOWNS = """
WITH s AS ({per_project}),
district_counts AS (
  SELECT {districts_project} AS project, COUNT(*) AS n FROM {districts} GROUP BY {districts_project}
)
SELECT 'year' AS dimension, y.year AS number, NULL AS code, NULL AS label,
  y.committed AS committed, y.disbursed AS disbursed, y.spent AS spent, y.n AS n
FROM ({per_year}) y
UNION ALL
SELECT 'donor', s.donor, NULL, {donor_name},
  SUM(s.committed), SUM(s.disbursed), SUM(s.spent), SUM(s.n)
FROM s INNER JOIN {donor} d ON d.{donor_id} = s.donor GROUP BY s.donor, {donor_name}
UNION ALL
SELECT 'status', NULL, p.{project_status}, NULL,
  SUM(s.committed), SUM(s.disbursed), SUM(s.spent), COUNT(DISTINCT s.project)
FROM s INNER JOIN {project} p ON p.{project_id} = s.project GROUP BY p.{project_status}
UNION ALL
SELECT 'sector', NULL, sector.{sector_code}, {sector_name},
  SUM(s.committed * COALESCE(share.{share_percentage}, 100) / 100.0),
  SUM(s.disbursed * COALESCE(share.{share_percentage}, 100) / 100.0),
  SUM(s.spent * COALESCE(share.{share_percentage}, 100) / 100.0),
  SUM(s.n)
FROM s
LEFT OUTER JOIN {share} share ON share.{share_project} = s.project
LEFT OUTER JOIN {sector} sector ON sector.{sector_id} = share.{share_sector}
GROUP BY sector.{sector_code}, {sector_name}
UNION ALL
SELECT 'district', place.{location_id}, NULL, {location_name},
  SUM(s.committed / (COALESCE(counts.n, 1) * 1.0)),
  SUM(s.disbursed / (COALESCE(counts.n, 1) * 1.0)),
  SUM(s.spent / (COALESCE(counts.n, 1) * 1.0)),
  SUM(s.n)
FROM s
LEFT OUTER JOIN {districts} link ON link.{districts_project} = s.project
LEFT OUTER JOIN {location} place ON place.{location_id} = link.{districts_location}
LEFT OUTER JOIN district_counts counts ON counts.project = s.project
GROUP BY place.{location_id}, {location_name}
UNION ALL
SELECT 'new', new.year, NULL, NULL, NULL, NULL, NULL, new.n FROM ({new_projects}) new
"""


def _names(connection):
    quote = connection.ops.quote_name

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    def name(alias, model):
        # The reader's language, falling back to Vietnamese as the model does
        # (portal.i18n.translated): `name` alone is the default language's copy.
        default = f"{alias}.{column(model, f'name_{settings.LANGUAGE_CODE}')}"
        language = get_language()
        if language == settings.LANGUAGE_CODE or language not in dict(settings.LANGUAGES):
            return default
        return f"COALESCE(NULLIF({alias}.{column(model, f'name_{language}')}, ''), {default})"

    districts = AidProject.districts.through
    return {
        "donor": quote(Donor._meta.db_table),
        "donor_id": column(Donor, "id"),
        "donor_name": name("d", Donor),
        "project": quote(AidProject._meta.db_table),
        "project_id": column(AidProject, "id"),
        "project_status": column(AidProject, "status"),
        "share": quote(ProjectSector._meta.db_table),
        "share_project": column(ProjectSector, "project"),
        "share_sector": column(ProjectSector, "sector"),
        "share_percentage": column(ProjectSector, "percentage"),
        "sector": quote(Sector._meta.db_table),
        "sector_id": column(Sector, "id"),
        "sector_code": column(Sector, "code"),
        "sector_name": name("sector", Sector),
        "districts": quote(districts._meta.db_table),
        "districts_project": column(districts, "aidproject"),
        "districts_location": column(districts, "location"),
        "location": quote(Location._meta.db_table),
        "location_id": column(Location, "id"),
        "location_name": name("place", Location),
    }


def _decimal(value):
    # PostgreSQL gives Decimal; SQLite gives int or float.
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _breakdowns(filters, currency):
    """{dimension: [row dicts]} from the one query."""
    parts = {
        "per_project": _per_project(filters, currency),
        "per_year": _per_year(filters, currency),
        "new_projects": _new_projects(filters),
    }
    alias = parts["per_project"].db
    connection = connections[alias]
    sql, params = {}, []
    # In the order they appear in BREAKDOWNS.
    for name, queryset in parts.items():
        sql[name], part_params = queryset.query.get_compiler(using=alias).as_sql()
        params.extend(part_params)
    sql = BREAKDOWNS.format(**sql, **_names(connection))
    items = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for dimension, number, code, label, *flows, n in cursor.fetchall():
            item = {"number": None if number is None else int(number), "code": code}
            item |= {"label": label, "n": int(n or 0)}
            for name, value in zip(FLOWS.values(), flows, strict=True):
                item[name] = _decimal(value)
            items.setdefault(dimension, []).append(item)
    return items


def _year_rows(items):
    return _rows(items, lambda item: str(item["number"]), key="number", order="key")


def _donor_rows(items):
    return _rows(items, lambda item: item["label"], key="number")


def _status_rows(items):
    labels = dict(AidProject._meta.get_field("status").choices)
    return _rows(items, lambda item: str(labels[item["code"]]), key="code", order="key")


def _sector_rows(items, unspecified):
    return _rows(
        items,
        lambda item: f"{item['code']} {item['label']}" if item["code"] else str(unspecified),
        key="code",
    )


def _district_rows(items, unspecified):
    return _rows(items, lambda item: item["label"] or str(unspecified), key="number")


def _new_projects_rows(filters, items):
    """Projects counted in the year they were approved, with the change on the year before."""
    counts = {item["number"]: item["n"] for item in items}
    if not counts:
        return []
    first = filters.year_from or min(counts)
    last = filters.year_to or max(counts)
    rows = []
    for year in range(max(first, min(counts)), last + 1):
        count = counts.get(year, 0)
        before = counts.get(year - 1)
        change = None
        if before:
            change = (Decimal(count - before) * 100 / before).quantize(Decimal("1"))
        rows.append({"year": year, "count": count, "before": before, "change": change})
    return rows


def _totals(sums, transactions, donors, projects):
    result = {"transactions": transactions, "donors": donors, "projects": projects}
    for key in FLOWS.values():
        result[key] = _clean(sums.get(key))
    result["rate"] = disbursement_rate(result["committed"], result["disbursed"])
    return result


def sections(filters, currency, unspecified):
    """Every figure of the overview and the dashboard, from one query. The totals are those
    of the years (every transaction has a date), their projects those of the statuses (a
    project has one status), their donors the donors' rows."""
    items = _breakdowns(filters, currency)
    years, statuses, donors = items.get("year", []), items.get("status", []), items.get("donor", [])
    sums = {}
    for key in FLOWS.values():
        values = [item[key] for item in years if item[key] is not None]
        sums[key] = sum(values) if values else None
    return {
        "totals": _totals(
            sums,
            sum(item["n"] for item in years),
            len(donors),
            sum(item["n"] for item in statuses),
        ),
        "per_year": _year_rows(years),
        "donors": _donor_rows(donors),
        "sectors": _sector_rows(items.get("sector", []), unspecified),
        "districts": _district_rows(items.get("district", []), unspecified),
        "statuses": _status_rows(statuses),
        "new_projects": _new_projects_rows(filters, items.get("new", [])),
    }


# --- one figure at a time (each the same query as sections()) ------------------------------------


def totals(filters, currency):
    """The totals alone, in their own query (a check on those of sections())."""
    result = filters.transactions().aggregate(
        transactions=Count("pk"),
        donors=Count("donor", distinct=True),
        projects=Count("project", distinct=True),
        **_flows(amount(currency)),
    )
    return _totals(result, result["transactions"], result["donors"], result["projects"])


def by_year(filters, currency):
    return _year_rows(_breakdowns(filters, currency).get("year", []))


def by_donor(filters, currency):
    return _donor_rows(_breakdowns(filters, currency).get("donor", []))


def by_status(filters, currency):
    return _status_rows(_breakdowns(filters, currency).get("status", []))


def by_sector(filters, currency, unspecified):
    """Each transaction split over its project's sectors by their percentages (a project
    without sectors counts whole under `unspecified`)."""
    return _sector_rows(_breakdowns(filters, currency).get("sector", []), unspecified)


def by_district(filters, currency, unspecified):
    """Each transaction split evenly over its project's districts."""
    return _district_rows(_breakdowns(filters, currency).get("district", []), unspecified)


def new_projects_by_year(filters):
    return _new_projects_rows(filters, _breakdowns(filters, "VND").get("new", []))


# --- the transactions behind the figures --------------------------------------------------------


def unconverted(filters, currency, limit=20):
    """Transactions left out of the sums for want of an exchange rate (the number, and the
    first `limit`), in one query."""
    missing = (
        filters.transactions()
        .filter(**{f"{stored(currency)}__isnull": True})
        .annotate(missing_count=Window(Count("pk")))
        .select_related("project", "donor")
        .order_by("value_date", "pk")
    )
    rows = list(missing[:limit])
    return (rows[0].missing_count if rows else 0), rows


def transactions_with_values(filters, currency):
    """Every filtered transaction with its converted value (for the exports)."""
    return (
        filters.transactions()
        .annotate(converted_value=amount(currency))
        .select_related("project", "donor")
        .order_by("date", "pk")
    )
