"""The aid figures kept under a version of the aid data (aid/figures.py): computed again when
aid data is saved, not by the first reader, and left alone when other content changes."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from aid import figures, reports
from aid.models import ExchangeRate, Transaction
from portal import pagecache
from tests import factories

# The one query that sums every transaction (aid/reports.py BREAKDOWNS).
SUMS = "WITH s AS"


def overview(client, language):
    with translation.override(language):
        path = reverse("aid:overview")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    summed = [q["sql"] for q in queries.captured_queries if SUMS in q["sql"]]
    return response.content.decode(), summed


def new_transaction(aid_data, amount, day=1):
    return Transaction.objects.create(
        project=aid_data["projects"][0],
        transaction_type="2",
        donor=aid_data["donors"][0],
        date=f"2022-05-{day:02d}",
        value_date=f"2022-05-{day:02d}",
        amount=Decimal(amount),
        currency="VND",
    )


def counted_refreshes(monkeypatch):
    runs = []
    refresh = figures.refresh

    def counted():
        runs.append(figures.version())
        refresh()

    monkeypatch.setattr(figures, "refresh", counted)
    return runs


@pytest.mark.django_db(transaction=True)
def test_a_saved_transaction_has_its_figures_computed_when_it_commits(
    client, aid_data, monkeypatch
):
    from django.db import transaction

    text, summed = overview(client, "en")
    assert "VND 3.6 billion" in text and len(summed) == 1
    before = figures.version()
    runs = counted_refreshes(monkeypatch)
    with transaction.atomic():
        for day in (1, 2, 3):
            new_transaction(aid_data, "10000000000", day)
        assert runs == []
    # Once for the whole transaction, however many rows it wrote, and after the commit.
    assert len(runs) == 1
    assert figures.version() > runs[0] > before
    for language in ("vi", "en"):
        with translation.override(language):
            for filters, currency in figures.REFRESHED:
                key = f"aid:sections:{figures.key(filters, currency)}"
                kept = cache.get(key)
                assert kept == reports.sections(filters, currency, figures.UNSPECIFIED)
    # The first reader finds them: no pass over the transactions.
    text, summed = overview(client, "en")
    assert "VND 33.6 billion" in text and summed == []
    text, summed = overview(client, "vi")
    assert "33,6 tỷ đồng" in text and summed == []


def test_other_content_leaves_the_figures_alone(client, aid_data, category):
    overview(client, "en")
    version, generation = figures.version(), pagecache.generation()
    factories.article(category=category)
    assert pagecache.generation() > generation
    assert figures.version() == version
    text, summed = overview(client, "en")
    assert "VND 3.6 billion" in text and summed == []


def test_rates_and_bulk_writes_give_a_new_version(client, aid_data, leader):
    """Amounts stored without save() (a rate changed, QuerySet.update) change the figures
    too: a stale figure is never read."""
    client.force_login(leader)
    with translation.override("en"):
        dashboard = reverse("aid:dashboard")
    assert "VND 3.9 billion" in client.get(dashboard).content.decode()
    version = figures.version()
    Transaction.objects.filter(currency="VND").update(amount=Decimal("1"))
    assert figures.version() > version
    changed = client.get(dashboard).content.decode()
    assert "VND 3.9 billion" not in changed
    version = figures.version()
    ExchangeRate.objects.filter(currency="USD").update(rate=Decimal("1"))
    assert figures.version() > version


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_save_computes_nothing(aid_data, monkeypatch):
    from django.db import transaction

    runs = counted_refreshes(monkeypatch)
    with pytest.raises(RuntimeError), transaction.atomic():
        new_transaction(aid_data, "5")
        raise RuntimeError("the save fails")
    assert runs == []
    with transaction.atomic():
        new_transaction(aid_data, "5")
    assert len(runs) == 1
