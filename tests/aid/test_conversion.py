"""The converted amounts stored with each transaction (aid/conversion.py)."""

import datetime
import importlib
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from aid import conversion, reports
from aid.imports import import_file
from aid.models import ExchangeRate, Transaction

D = Decimal


def stored(transaction):
    values = Transaction.objects.values_list("amount_vnd", "amount_usd").get(pk=transaction.pk)
    return tuple(None if value is None else value.quantize(D("0.01")) for value in values)


def updates_of_transactions(queries):
    return [q["sql"] for q in queries if q["sql"].startswith('UPDATE "aid_transaction"')]


@pytest.fixture
def saves_of_transactions():
    """The transactions saved one by one (post_save) while the test runs."""
    saved = []

    def receiver(sender, instance, **kwargs):
        saved.append(instance.pk)

    post_save.connect(receiver, sender=Transaction, dispatch_uid="test-saves")
    yield saved
    post_save.disconnect(sender=Transaction, dispatch_uid="test-saves")


def new_transaction(aid_data, currency, amount, day, **extra):
    return Transaction.objects.create(
        project=aid_data["projects"][0],
        transaction_type="3",
        donor=aid_data["donors"][0],
        date=day,
        value_date=day,
        amount=D(amount),
        currency=currency,
        **extra,
    )


def test_saving_a_transaction_stores_its_amounts_in_vnd_and_usd(aid_data):
    usd = new_transaction(aid_data, "USD", "1000", datetime.date(2021, 8, 2))
    assert stored(usd) == (D("23500000.00"), D("1000.00"))  # July 2021 rate
    eur = new_transaction(aid_data, "EUR", "100", datetime.date(2021, 8, 3))
    # 100 EUR at 27,000.50 = 2,700,050 VND; / 23,500 = 114.90 USD.
    assert stored(eur) == (D("2700050.00"), D("114.90"))
    vnd = new_transaction(aid_data, "VND", "47000000", datetime.date(2022, 3, 1))
    assert stored(vnd) == (D("47000000.00"), D("1958.33"))  # 2022 USD rate 24,000
    # No rate for the currency, or none on or before the value date: NULL, never a guess.
    chf = new_transaction(aid_data, "CHF", "10", datetime.date(2022, 3, 1))
    early = new_transaction(aid_data, "EUR", "10", datetime.date(2020, 3, 1))
    assert stored(chf) == (None, None) and stored(early) == (None, None)
    # The instance reads its amounts from the database, not the values of before the save.
    assert usd.amount_vnd == D("23500000")
    # Every stored amount is what the conversion computes.
    assert not conversion.stale().exists()


def test_a_changed_transaction_is_converted_again(aid_data):
    transaction = new_transaction(aid_data, "USD", "1000", datetime.date(2021, 8, 2))
    transaction.refresh_from_db()
    transaction.currency = "EUR"
    transaction.value_date = datetime.date(2022, 2, 1)
    transaction.save()
    assert stored(transaction) == (D("26000000.00"), D("1083.33"))
    # A save that changes nothing the conversion reads does not convert again.
    transaction.description = "Second instalment"
    with CaptureQueriesContext(connection) as queries:
        transaction.save(update_fields=["description"])
    assert len(queries) == 1


def test_saving_a_rate_converts_again_only_what_it_is_used_for_in_one_update(
    aid_data, saves_of_transactions
):
    before_rate = new_transaction(aid_data, "EUR", "100", datetime.date(2021, 2, 1))
    uses_rate = new_transaction(aid_data, "EUR", "100", datetime.date(2021, 6, 1))
    after_next = new_transaction(aid_data, "EUR", "100", datetime.date(2022, 2, 1))
    other_currency = new_transaction(aid_data, "USD", "100", datetime.date(2021, 6, 1))
    # Marks on stored amounts (an update() of them alone converts nothing): a transaction
    # converted again loses its mark.
    marked = [before_rate, after_next, other_currency]
    Transaction.objects.filter(pk__in=[t.pk for t in marked]).update(amount_vnd=D(7))
    saves_of_transactions.clear()

    with CaptureQueriesContext(connection) as queries:
        ExchangeRate.objects.create(currency="EUR", date=datetime.date(2021, 5, 1), rate=D("28000"))
    assert len(updates_of_transactions(queries)) == 1
    assert saves_of_transactions == []
    # 100 EUR at the new rate of 1 May 2021, until the next EUR rate (1 January 2022).
    assert stored(uses_rate) == (D("2800000.00"), D("121.74"))
    for transaction in marked:  # before the rate, after the next one, another currency
        assert stored(transaction)[0] == D("7.00")


def test_changing_and_deleting_a_rate_convert_again(aid_data, saves_of_transactions):
    transaction = new_transaction(aid_data, "EUR", "100", datetime.date(2021, 6, 1))
    rate = ExchangeRate.objects.get(currency="EUR", date=datetime.date(2021, 1, 1))
    rate.rate = D("30000")
    with CaptureQueriesContext(connection) as queries:
        rate.save()
    assert len(updates_of_transactions(queries)) == 1
    assert stored(transaction)[0] == D("3000000.00")
    # Moved after the value date: the transaction has no rate any more; moved back, it has.
    rate.date = datetime.date(2021, 7, 1)
    rate.save()
    assert stored(transaction) == (None, None)
    rate.date = datetime.date(2021, 1, 1)
    rate.save()
    assert stored(transaction)[0] == D("3000000.00")
    with CaptureQueriesContext(connection) as queries:
        rate.delete()
    assert len(updates_of_transactions(queries)) == 1
    assert stored(transaction) == (None, None)
    assert reports.unconverted(reports.Filters(), "VND")[1] == [transaction]
    assert saves_of_transactions == [transaction.pk]  # its own creation only
    assert not conversion.stale().exists()


def test_a_usd_rate_converts_every_currency_to_usd_again(aid_data):
    eur = new_transaction(aid_data, "EUR", "100", datetime.date(2021, 8, 2))
    vnd = new_transaction(aid_data, "VND", "24000000", datetime.date(2021, 8, 2))
    usd = new_transaction(aid_data, "USD", "100", datetime.date(2021, 8, 2))
    ExchangeRate.objects.create(currency="USD", date=datetime.date(2021, 8, 1), rate=D("24000"))
    assert stored(eur) == (D("2700050.00"), D("112.50"))
    assert stored(vnd) == (D("24000000.00"), D("1000.00"))
    assert stored(usd) == (D("2400000.00"), D("100.00"))
    assert not conversion.stale().exists()


def test_bulk_writes_keep_the_stored_amounts(aid_data, saves_of_transactions):
    project, donor = aid_data["projects"][0], aid_data["donors"][0]
    created = Transaction.objects.bulk_create(
        Transaction(
            project=project,
            transaction_type="4",
            donor=donor,
            date=datetime.date(2021, 8, 1),
            value_date=datetime.date(2021, 8, 1),
            amount=D(amount),
            currency="USD",
            reference=f"BULK-{amount}",
        )
        for amount in (1, 2, 3)
    )
    assert [stored(t)[0] for t in created] == [D("23500.00"), D("47000.00"), D("70500.00")]
    # update() of what the conversion reads converts again, even rows it no longer matches.
    with CaptureQueriesContext(connection) as queries:
        Transaction.objects.filter(reference__startswith="BULK-").update(currency="EUR")
    assert stored(created[0])[0] == D("27000.50")
    assert len(updates_of_transactions(queries)) == 2  # the change, then the conversion
    # Rates written in bulk: one UPDATE for them all, also to delete them.
    with CaptureQueriesContext(connection) as queries:
        ExchangeRate.objects.bulk_create(
            ExchangeRate(currency="EUR", date=datetime.date(2021, month, 1), rate=D(30000 + month))
            for month in (6, 7)
        )
    assert len(updates_of_transactions(queries)) == 1
    assert stored(created[0])[0] == D("30007.00")
    ExchangeRate.objects.filter(currency="EUR", date__month=7).update(rate=D("31000"))
    assert stored(created[0])[0] == D("31000.00")
    with CaptureQueriesContext(connection) as queries:
        ExchangeRate.objects.filter(currency="EUR", date__year=2021).delete()
    assert len(updates_of_transactions(queries)) == 1
    assert stored(created[0]) == (None, None)
    assert saves_of_transactions == []
    assert not conversion.stale().exists()


def test_an_import_of_rates_converts_once(aid_data, saves_of_transactions):
    eur = new_transaction(aid_data, "EUR", "100", datetime.date(2021, 8, 2))
    upload = io.BytesIO(
        b"currency,date,rate\nEUR,2021-06-01,28000\nEUR,2021-08-01,29000\nUSD,2021-08-01,24000\n"
    )
    upload.name = "rates.csv"
    with CaptureQueriesContext(connection) as queries:
        assert import_file("rates", upload) == 3
    assert len(updates_of_transactions(queries)) == 1
    assert stored(eur) == (D("2900000.00"), D("120.83"))
    assert not conversion.stale().exists()


def test_the_data_migration_stores_every_amount_in_one_update(aid_data):
    migration = importlib.import_module("aid.migrations.0005_store_converted_amounts")
    Transaction.objects.update(amount_vnd=None, amount_usd=None)  # as after 0004
    assert conversion.stale().count() == Transaction.objects.count() == 7

    class SchemaEditor:
        pass

    editor = SchemaEditor()
    editor.connection = connection
    with CaptureQueriesContext(connection) as queries:
        migration.store_converted_amounts(apps, editor)
    assert len(queries) == 1 and queries[0]["sql"].startswith('UPDATE "aid_transaction"')
    assert not conversion.stale().exists()
    assert reports.totals(reports.Filters(), "VND")["committed"] == D("3900000000.00")


def test_check_command_finds_and_fixes_amounts_out_of_date(aid_data):
    out = io.StringIO()
    call_command("check_aid_amounts", stdout=out)
    assert "7 transactions: every converted amount is up to date" in out.getvalue()
    wrong = Transaction.objects.filter(currency="USD").first()
    Transaction.objects.filter(pk=wrong.pk).update(amount_usd=D(1))  # as raw SQL could
    with pytest.raises(CommandError, match=f"1 of 7 transactions .*#{wrong.pk}"):
        call_command("check_aid_amounts", stdout=io.StringIO())
    call_command("check_aid_amounts", "--fix", stdout=io.StringIO())
    assert not conversion.stale().exists()


@pytest.mark.parametrize("currency", ["VND", "USD"])
def test_the_figures_of_one_query_are_those_counted_apart(aid_data, currency):
    north, _south = aid_data["districts"]
    for filters in [
        reports.Filters(),
        reports.Filters(published_only=True),
        reports.Filters(year_from=2022),
        reports.Filters(district=north),
        reports.Filters(donor=aid_data["donors"][1], status="4"),
    ]:
        with CaptureQueriesContext(connection) as queries:
            sections = reports.sections(filters, currency, "-")
        assert len(queries) == 1
        assert sections["totals"] == reports.totals(filters, currency)
        assert sections["per_year"] == reports.by_year(filters, currency)
        assert sections["new_projects"] == reports.new_projects_by_year(filters)
