import datetime
from decimal import Decimal

import pytest

from aid import reports
from aid.models import ExchangeRate, Transaction

D = Decimal


def python_total(currency, kind, filters=None):
    """The same sum, the slow way: one transaction at a time, rates looked up in Python."""
    total = D(0)
    for transaction in (filters or reports.Filters()).transactions().filter(transaction_type=kind):

        def rate(code, day):
            if code == "VND":
                return D(1)
            found = (
                ExchangeRate.objects.filter(currency=code, date__lte=day).order_by("-date").first()
            )
            return found.rate if found else None

        if transaction.currency == currency:
            total += transaction.amount
            continue
        source = rate(transaction.currency, transaction.value_date)
        target = rate(currency, transaction.value_date)
        if source is None or target is None:
            continue
        total += transaction.amount * source / target
    return total.quantize(D("0.01"))


def test_totals_in_vnd_use_the_rate_of_the_value_date(aid_data):
    totals = reports.totals(reports.Filters(), "VND")
    # 100,000 USD at 23,000 + 50,000 EUR at 26,000 (2022 rate) + 300 million VND.
    assert totals["committed"] == D("3900000000.00")
    # 40,000 USD at 23,500 (July 2021 rate) + 20,000.50 EUR at 26,000 + 300 million VND.
    assert totals["disbursed"] == D("1760013000.00")
    assert totals["spent"] == D("1000000000.00")
    assert totals["rate"] == D("45.1")
    assert totals["donors"] == 3


def test_totals_in_usd(aid_data):
    totals = reports.totals(reports.Filters(), "USD")
    assert totals["committed"] == D("166666.67")
    assert totals["disbursed"] == D("74167.21")


@pytest.mark.parametrize("currency", ["VND", "USD"])
def test_every_breakdown_adds_up_to_the_transactions_behind_it(aid_data, currency):
    filters = reports.Filters()
    totals = reports.totals(filters, currency)
    for kind, key in [("2", "committed"), ("3", "disbursed"), ("4", "spent")]:
        assert totals[key] == python_total(currency, kind)
    for rows in [
        reports.by_year(filters, currency),
        reports.by_donor(filters, currency),
        reports.by_status(filters, currency),
        reports.by_sector(filters, currency, "-"),
        reports.by_district(filters, currency, "-"),
    ]:
        for key in ("committed", "disbursed", "spent"):
            assert abs(sum(getattr(row, key) for row in rows) - totals[key]) <= D("0.02") * len(
                rows
            )


def test_sector_and_district_shares(aid_data):
    rows = {row.key: row for row in reports.by_sector(reports.Filters(), "VND", "none")}
    # 60% / 40% of project 1's 2.3 billion commitment.
    assert rows["14030"].committed == D("1380000000.00")
    assert rows["11220"].committed == D("920000000.00")
    assert rows[None].label == "none"  # the project without sectors
    north, south = aid_data["districts"]
    districts = {row.key: row for row in reports.by_district(reports.Filters(), "VND", "none")}
    # Project 1 is in both districts (half each); project 2 only in the south.
    assert districts[north.pk].committed == D("1150000000.00")
    assert districts[south.pk].committed == D("2450000000.00")


def test_nearest_earlier_rate_never_a_later_one(aid_data):
    project = aid_data["projects"][0]
    donor = aid_data["donors"][0]
    # Before the first USD rate (1 January 2021): no rate, not the later one.
    early = Transaction.objects.create(
        project=project,
        transaction_type="2",
        donor=donor,
        date=datetime.date(2020, 12, 31),
        value_date=datetime.date(2020, 12, 31),
        amount=D("10"),
        currency="USD",
    )
    filters = reports.Filters()
    count, rows = reports.unconverted(filters, "VND")
    assert count == 1 and rows == [early]
    assert reports.totals(filters, "VND")["committed"] == D("3900000000.00")
    # A later rate does not help either; an earlier one does.
    ExchangeRate.objects.create(currency="USD", date=datetime.date(2020, 6, 1), rate=D("22000"))
    assert reports.unconverted(filters, "VND")[0] == 0
    assert reports.totals(filters, "VND")["committed"] == D("3900220000.00")


def test_a_currency_without_any_rate_is_reported(aid_data):
    project, donor = aid_data["projects"][1], aid_data["donors"][1]
    Transaction.objects.create(
        project=project,
        transaction_type="3",
        donor=donor,
        date=datetime.date(2022, 4, 1),
        value_date=datetime.date(2022, 4, 1),
        amount=D("5000"),
        currency="CHF",
    )
    for currency in ("VND", "USD"):
        count, rows = reports.unconverted(reports.Filters(), currency)
        assert count == 1 and rows[0].currency == "CHF"


def test_filters(aid_data):
    north, south = aid_data["districts"]
    water = aid_data["donors"][0]
    assert reports.totals(reports.Filters(year_from=2022), "VND")["committed"] == D("1600000000.00")
    assert reports.totals(reports.Filters(district=north), "VND")["committed"] == D("2300000000.00")
    assert reports.totals(reports.Filters(donor=water), "VND")["projects"] == 1
    assert reports.totals(reports.Filters(status="4"), "VND")["committed"] == D("1600000000.00")
    assert reports.totals(reports.Filters(published_only=True), "VND")["committed"] == D(
        "3600000000.00"
    )
    sector = aid_data["projects"][1].sector_shares.get().sector
    assert reports.totals(reports.Filters(sector=sector), "VND")["committed"] == D("1300000000.00")


def test_new_projects_per_year_with_change(aid_data):
    rows = reports.new_projects_by_year(reports.Filters())
    assert rows == [
        {"year": 2021, "count": 1, "before": None, "change": None},
        {"year": 2022, "count": 2, "before": 1, "change": D("100")},
    ]
