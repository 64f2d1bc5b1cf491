import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import formats, translation

from portal.templatetags.portal import dateline, format_money

WEDNESDAY = datetime.datetime(2023, 8, 15, 22, 43, tzinfo=datetime.UTC)  # 16/08 05:43 in Hà Nội


def test_dateline_vietnamese_has_weekday():
    with translation.override("vi"):
        assert dateline(WEDNESDAY) == "Thứ tư - 16/08/2023 05:43"


def test_dateline_english():
    with translation.override("en"):
        assert dateline(WEDNESDAY) == "Wednesday, 16 August 2023 05:43"


def test_dates_follow_the_glossary():
    day = datetime.date(2023, 8, 16)
    with translation.override("vi"):
        assert formats.date_format(day) == "16/08/2023"
    with translation.override("en"):
        assert formats.date_format(day) == "16 August 2023"
    assert WEDNESDAY.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).day == 16


def test_numbers_follow_the_glossary():
    with translation.override("vi"):
        assert intcomma(6000) == "6.000"
    with translation.override("en"):
        assert intcomma(6000) == "6,000"


@pytest.mark.parametrize(
    ("amount", "currency", "vi", "en"),
    [
        ("105000000000", "VND", "105 tỷ đồng", "VND 105 billion"),
        ("2600000", "USD", "2,6 triệu USD", "USD 2.6 million"),
        ("300000000", "VND", "300 triệu đồng", "VND 300 million"),
        ("1250000000", "VND", "1,3 tỷ đồng", "VND 1.3 billion"),
        ("450000", "VND", "450.000 đồng", "VND 450,000"),
        ("1234.5", "EUR", "1.234,50 EUR", "EUR 1,234.50"),
    ],
)
def test_money_follows_the_glossary(amount, currency, vi, en):
    assert format_money(Decimal(amount), currency, "vi") == vi
    assert format_money(Decimal(amount), currency, "en") == en


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("arg", [None, "c", "j F Y", "D, d/m/Y H:i", "N j, Y"])
def test_the_kept_date_filter_answers_as_djangos(language, arg):
    from django.template import defaultfilters

    from portal.templatetags import dates

    values = [
        WEDNESDAY,
        WEDNESDAY.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")),
        WEDNESDAY.astimezone(ZoneInfo("America/New_York")),  # the same instant, another day
        datetime.date(2023, 8, 16),
        datetime.datetime(2023, 8, 16, 5, 43),  # naive
        None,
        "",
        "not a date",
    ]

    def answer(function, value):
        try:
            return function(value, arg)
        except TypeError as error:  # a time format for a date: Django's error, kept or not
            return type(error)

    with translation.override(language):
        for value in values:
            for _ in range(2):  # the second answer is the kept one
                expected = answer(defaultfilters.date, value)
                assert answer(dates.date, value) == expected, (value, arg)


def test_templates_use_the_kept_date_filter_in_the_active_language_and_zone():
    from django.template import engines
    from django.utils import timezone

    template = engines["django"].from_string("{{ when|date }} {{ when|date:'H:i' }}")
    with translation.override("vi"):
        assert template.render({"when": WEDNESDAY}) == "16/08/2023 05:43"
        with timezone.override(ZoneInfo("Europe/Paris")):
            assert template.render({"when": WEDNESDAY}) == "16/08/2023 00:43"
    with translation.override("en"):
        assert template.render({"when": WEDNESDAY}) == "16 August 2023 05:43"
