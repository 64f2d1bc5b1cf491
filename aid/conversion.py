"""Each transaction's amount in VND and in USD, stored with it and kept up to date.

A transaction is converted with the exchange rate of its value date, or the nearest
earlier one; its USD amount divides the VND amount by the USD rate of the same value
date. Without a rate the stored amount is NULL: left out of every sum and reported
instead, never guessed (aid/reports.py). The conversion is one SQL expression
(`converted`), so the stored amounts are computed by the database, in one UPDATE:

- when a transaction is saved (post_save), or created by `Transaction.objects.bulk_create`,
  or changed by `QuerySet.update()` of its amount, currency or value date;
- when an exchange rate is saved or deleted (also `bulk_create`, `update()` and
  `delete()` of rates): the transactions whose value date falls between the rate's date
  and the next rate of that currency, of that currency, or of every currency for a USD
  rate (every USD amount depends on it);
- `deferred()` gathers the changes of a whole import and stores them once, at the end.

`stale()` finds the transactions whose stored amounts differ from the computed ones
(`manage.py check_aid_amounts`, which can also store them again).
"""

import contextlib
import contextvars
import datetime
import functools
import operator

from django.db.models import (
    Case,
    DecimalField,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

REPORT_CURRENCIES = ("VND", "USD")
MONEY = DecimalField(max_digits=30, decimal_places=6)
# The Transaction columns that hold the converted amounts, per report currency.
STORED = {"VND": "amount_vnd", "USD": "amount_usd"}
# What a transaction's converted amounts depend on.
INPUTS = frozenset({"amount", "currency", "value_date"})
# The most primary keys named in one UPDATE (SQLite limits the parameters of a statement).
CHUNK = 5000


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


def _rate_model(rates):
    if rates is not None:
        return rates
    from .models import ExchangeRate

    return ExchangeRate


def rate_to_vnd(code=None, rates=None):
    """VND per unit of `code` (default: the transaction's own currency) on its value date."""
    currency = code or OuterRef("currency")
    found = _rate_model(rates).objects.filter(currency=currency, date__lte=OuterRef("value_date"))
    return Subquery(found.order_by("-date").values("rate")[:1], output_field=MONEY)


def converted(target, rates=None):
    """An expression on Transaction: its amount in `target`, NULL without a rate.

    `rates` is the ExchangeRate model to read (a migration passes its historical one).
    """
    if target not in REPORT_CURRENCIES:
        raise ValueError(f"unsupported report currency {target!r}")
    amount = F("amount")
    in_vnd = amount * rate_to_vnd(rates=rates)
    if target == "VND":
        return Case(
            When(currency="VND", then=amount),
            default=in_vnd,
            output_field=MONEY,
        )
    usd_rate = Divisor(rate_to_vnd(target, rates=rates))
    return Case(
        When(currency=target, then=amount),
        When(currency="VND", then=amount / usd_rate),
        default=in_vnd / usd_rate,
        output_field=MONEY,
    )


def stored(target):
    """The column of Transaction holding its amount in `target` (NULL: no rate)."""
    if target not in REPORT_CURRENCIES:
        raise ValueError(f"unsupported report currency {target!r}")
    return STORED[target]


def assignments(rates=None):
    """{column: expression} for QuerySet.update(): the converted amounts, computed now."""
    return {column: converted(code, rates) for code, column in STORED.items()}


def store(transactions, rates=None):
    """Store the converted amounts of `transactions` (a queryset) in one UPDATE."""
    from . import figures

    count = transactions.order_by().update(**assignments(rates))
    figures.changed()
    return count


def stale(transactions=None):
    """The transactions whose stored amounts are not what their rates give now."""
    from .models import Transaction

    if transactions is None:
        transactions = Transaction.objects.all()
    differs = Q()
    for code, column in STORED.items():
        field = Transaction._meta.get_field(column)
        computed = f"computed_{column}"
        transactions = transactions.annotate(
            **{
                computed: Cast(
                    converted(code),
                    DecimalField(max_digits=field.max_digits, decimal_places=field.decimal_places),
                )
            }
        )
        present = {f"{column}__isnull": False, f"{computed}__isnull": False}
        differs |= (
            Q(**{f"{column}__isnull": True, f"{computed}__isnull": False})
            | Q(**{f"{column}__isnull": False, f"{computed}__isnull": True})
            | (Q(**present) & ~Q(**{column: F(computed)}))
        )
    return transactions.filter(differs)


# --- what a change affects --------------------------------------------------------------------


def affected_by_rates(changes, rates=None):
    """A Q on Transaction: what depends on the rates of these (currency, date) pairs.

    A rate from date d is used by the transactions whose value date is d or later and
    before the next rate of its currency; after an insert, a change or a delete alike
    (an old date too is given as a pair), those are the transactions whose conversion
    may have changed: of that currency, or of any currency for USD.
    """
    model = _rate_model(rates)
    windows = []
    for currency, date in sorted(set(changes)):
        following = Subquery(
            model.objects.filter(currency=currency, date__gt=date)
            .order_by("date")
            .values("date")[:1]
        )
        window = Q(value_date__gte=date) & Q(
            value_date__lt=Coalesce(following, Value(datetime.date.max))
        )
        if currency != "USD":
            window &= Q(currency=currency)
        windows.append(window)
    return functools.reduce(operator.or_, windows)


def rates_changed(changes):
    """Store again the converted amounts the rates of `changes` ((currency, date) pairs)
    are used for: one UPDATE, or once at the end of a `deferred()` block."""
    from .models import ExchangeRate

    date_field = ExchangeRate._meta.get_field("date")  # a date given as text, too
    changes = {(currency, date_field.to_python(date)) for currency, date in changes}
    if not changes:
        return
    batch = _batch.get()
    if batch is not None:
        batch.rates |= changes
        return
    from .models import Transaction

    store(Transaction.objects.filter(affected_by_rates(changes)))


def transactions_changed(pks):
    """Store the converted amounts of these transactions (at the end of a `deferred()`)."""
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return
    batch = _batch.get()
    if batch is not None:
        batch.transactions.update(pks)
        return
    from .models import Transaction

    for start in range(0, len(pks), CHUNK):
        store(Transaction.objects.filter(pk__in=pks[start : start + CHUNK]))


class _Batch:
    def __init__(self):
        self.rates = set()
        self.transactions = set()


_batch = contextvars.ContextVar("aid_conversion_batch", default=None)


@contextlib.contextmanager
def deferred():
    """Within the block, gather what saves and deletes change; store the converted amounts
    once when it ends (one UPDATE for the rates, one per CHUNK transactions), not if it
    raises. Meanwhile the stored amounts of what was saved are not yet up to date."""
    if _batch.get() is not None:
        yield  # an enclosing block stores everything
        return
    batch = _Batch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    from .models import Transaction

    if batch.rates:
        store(Transaction.objects.filter(affected_by_rates(batch.rates)))
    # Those the rates' UPDATE already covered are stored again: cheaper than finding them.
    transactions_changed(sorted(batch.transactions))


# --- signal receivers (connected in AidConfig.ready) ------------------------------------------


def transaction_saved(sender, instance, created, update_fields=None, **kwargs):
    if update_fields is not None and not INPUTS & set(update_fields) and not created:
        return
    transactions_changed([instance.pk])
    # The instance's amounts are now out of date: read from the database when next used,
    # and left out of its next save().
    for column in STORED.values():
        instance.__dict__.pop(column, None)


def rate_saved(sender, instance, created, update_fields=None, **kwargs):
    if created or update_fields is None or {"currency", "date", "rate"} & set(update_fields):
        rates_changed({(instance.currency, instance.date), *instance.stored_keys()})
    instance.remember_key()


def rate_deleted(sender, instance, **kwargs):
    rates_changed({(instance.currency, instance.date), *instance.stored_keys()})
