"""Aid figures computed in the database, in VND or USD.

Each transaction is converted with the exchange rate of its value date, or the
nearest earlier one, looked up by a correlated subquery; a transaction without a
rate converts to NULL, so that it is left out of every sum and reported instead
(`unconverted`), never guessed. Every breakdown is one grouped query, whatever
the number of projects and transactions.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from .codelists import TransactionType
from .models import AidProject, ExchangeRate, Transaction

REPORT_CURRENCIES = ("VND", "USD")
MONEY = DecimalField(max_digits=30, decimal_places=6)


class Divisor(Func):
    """An operand of a division that must not be truncated.

    SQLite stores whole-number decimals as integers and then divides them as
    integers (60 / 100 = 0); there the divisor becomes REAL. PostgreSQL keeps
    numeric arithmetic exact.
    """

    template = "%(expressions)s"
    output_field = MONEY

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="CAST(%(expressions)s AS REAL)", **extra_context
        )


def rate_to_vnd(code=None):
    """VND per unit of `code` (default: the transaction's own currency) on its value date."""
    currency = code or OuterRef("currency")
    rates = ExchangeRate.objects.filter(currency=currency, date__lte=OuterRef("value_date"))
    return Subquery(rates.order_by("-date").values("rate")[:1], output_field=MONEY)


def converted(target):
    """An expression on Transaction: its amount in `target`, NULL without a rate."""
    if target not in REPORT_CURRENCIES:
        raise ValueError(f"unsupported report currency {target!r}")
    amount = F("amount")
    in_vnd = amount * rate_to_vnd()
    if target == "VND":
        return Case(
            When(currency="VND", then=amount),
            default=in_vnd,
            output_field=MONEY,
        )
    usd_rate = Divisor(rate_to_vnd(target))
    return Case(
        When(currency=target, then=amount),
        When(currency="VND", then=amount / usd_rate),
        default=in_vnd / usd_rate,
        output_field=MONEY,
    )


FLOWS = {
    TransactionType.COMMITMENT: "committed",
    TransactionType.DISBURSEMENT: "disbursed",
    TransactionType.EXPENDITURE: "spent",
}


def _grouped(transactions, keys, value):
    """{group key values: {"committed"|"disbursed"|"spent": sum}} in one query.

    Grouping by transaction type too (rather than one conditional Sum per type)
    evaluates the rate subqueries once per transaction instead of three times;
    what Python pivots afterwards is the handful of aggregated rows.
    """
    groups = {}
    queryset = transactions.values(*keys, "transaction_type").annotate(value=Sum(value)).order_by()
    for item in queryset:
        group = groups.setdefault(tuple(item[key] for key in keys), {"item": item})
        group[FLOWS[item["transaction_type"]]] = item["value"]
    return groups


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


def _rows(groups, label_of, order="committed"):
    rows = [
        Row(
            key=key[0],
            label=label_of(group["item"]),
            committed=_clean(group.get("committed")),
            disbursed=_clean(group.get("disbursed")),
            spent=_clean(group.get("spent")),
        )
        for key, group in groups.items()
    ]
    if order == "committed":
        rows.sort(key=lambda row: (-row.committed, -row.disbursed, row.label))
    else:
        rows.sort(key=lambda row: (row.key is None, row.key if row.key is not None else 0))
    return rows


def totals(filters, currency):
    transactions = filters.transactions()
    result = transactions.aggregate(
        transactions=Count("pk"),
        donors=Count("donor", distinct=True),
        projects=Count("project", distinct=True),
    )
    sums = _grouped(transactions, [], converted(currency)).get((), {})
    for key in ("committed", "disbursed", "spent"):
        result[key] = _clean(sums.get(key))
    result["rate"] = disbursement_rate(result["committed"], result["disbursed"])
    return result


def by_year(filters, currency):
    transactions = filters.transactions().annotate(y=ExtractYear("date"))
    groups = _grouped(transactions, ["y"], converted(currency))
    return _rows(groups, lambda item: str(item["y"]), order="key")


def by_donor(filters, currency):
    groups = _grouped(filters.transactions(), ["donor", "donor__name"], converted(currency))
    return _rows(groups, lambda item: item["donor__name"])


def by_status(filters, currency):
    labels = dict(AidProject._meta.get_field("status").choices)
    groups = _grouped(filters.transactions(), ["project__status"], converted(currency))
    return _rows(groups, lambda item: str(labels[item["project__status"]]), order="key")


def by_sector(filters, currency, unspecified):
    """Each transaction split over its project's sectors by their percentages."""
    # A project without sectors counts whole under "not specified".
    percentage = Coalesce(
        F("project__sector_shares__percentage"), Value(Decimal(100)), output_field=MONEY
    )
    share = converted(currency) * percentage / Divisor(Value(100))
    code, name = "project__sector_shares__sector__code", "project__sector_shares__sector__name"
    groups = _grouped(filters.transactions(), [code, name], share)
    return _rows(
        groups,
        lambda item: f"{item[code]} {item[name]}" if item[code] else str(unspecified),
    )


def by_district(filters, currency, unspecified):
    """Each transaction split evenly over its project's districts."""
    through = AidProject.districts.through
    district_count = Subquery(
        through.objects.filter(aidproject_id=OuterRef("project_id"))
        .order_by()
        .values("aidproject_id")
        .annotate(n=Count("pk"))
        .values("n"),
    )
    share = converted(currency) / Divisor(Coalesce(district_count, Value(1)))
    groups = _grouped(
        filters.transactions(), ["project__districts", "project__districts__name"], share
    )
    return _rows(groups, lambda item: item["project__districts__name"] or str(unspecified))


def new_projects_by_year(filters):
    """Projects counted in the year they were approved, with the change on the year before."""
    projects = AidProject.objects.filter(pk__in=filters.projects().values("pk"))
    if filters.year_from:
        projects = projects.filter(year__gte=filters.year_from - 1)
    if filters.year_to:
        projects = projects.filter(year__lte=filters.year_to)
    counts = {
        item["year"]: item["n"]
        for item in projects.values("year").annotate(n=Count("pk")).order_by("year")
    }
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


def unconverted(filters, currency, limit=20):
    """Transactions left out of the sums for want of an exchange rate (first `limit`)."""
    missing = (
        filters.transactions()
        .annotate(converted_value=converted(currency))
        .filter(converted_value__isnull=True)
    )
    count = missing.count()
    rows = list(missing.select_related("project", "donor").order_by("value_date", "pk")[:limit])
    return count, rows


def transactions_with_values(filters, currency):
    """Every filtered transaction with its converted value (for the exports)."""
    return (
        filters.transactions()
        .annotate(converted_value=converted(currency))
        .select_related("project", "donor")
        .order_by("date", "pk")
    )
