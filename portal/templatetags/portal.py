"""Formatting that follows the reader's language, as the glossary fixes it."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, pgettext_lazy

register = template.Library()

# Vietnamese datelines spell the weekday out ("Thứ tư"), unlike Django's "Thứ 4".
WEEKDAYS = [
    pgettext_lazy("weekday", "Monday"),
    pgettext_lazy("weekday", "Tuesday"),
    pgettext_lazy("weekday", "Wednesday"),
    pgettext_lazy("weekday", "Thursday"),
    pgettext_lazy("weekday", "Friday"),
    pgettext_lazy("weekday", "Saturday"),
    pgettext_lazy("weekday", "Sunday"),
]


def weekday_name(value):
    return str(WEEKDAYS[value.weekday()])


@register.filter
def dateline(value):
    """`Thứ tư - 16/08/2023 05:43` in Vietnamese, `Wednesday, 16 August 2023 05:43` in English."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    date_part = formats.date_format(value, "DATE_FORMAT")
    time_part = formats.time_format(value, "TIME_FORMAT")
    if get_language() == "vi":
        return f"{weekday_name(value)} - {date_part} {time_part}"
    return f"{weekday_name(value)}, {date_part} {time_part}"


# (threshold, Vietnamese word, English word), largest first.
MAGNITUDES = [
    (Decimal(10) ** 9, "tỷ", "billion"),
    (Decimal(10) ** 6, "triệu", "million"),
]


def _number(value, places):
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1))
        places = 0
    return formats.number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


def format_money(amount, currency, language=None):
    """`105 tỷ đồng` / `VND 105 billion`, `2,6 triệu USD` / `USD 2.6 million`.

    `amount` is a Decimal (money is never a float); large amounts are shown in
    millions or billions with one decimal place, as Vietnamese reports write them.
    """
    if amount is None:
        return ""
    language = language or get_language()
    if language == get_language():  # switching costs more than the formatting
        return _format_money(Decimal(amount), (currency or "").upper(), language)
    with translation.override(language):
        return _format_money(Decimal(amount), (currency or "").upper(), language)


def _format_money(amount, currency, language):
    for threshold, word_vi, word_en in MAGNITUDES:
        if abs(amount) >= threshold:
            number = _number(amount / threshold, 1)
            if language == "vi":
                unit = "đồng" if currency == "VND" else currency
                return f"{number} {word_vi} {unit}"
            return f"{currency} {number} {word_en}"
    number = _number(amount, 0 if currency == "VND" else 2)
    if language == "vi":
        return f"{number} {'đồng' if currency == 'VND' else currency}"
    return f"{currency} {number}"


@register.simple_tag
def money(amount, currency):
    return format_money(amount, currency)


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # Rendered (so escaped) template output: safe to print again as it is.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: what the enclosed part renders, kept in `name`.
    base.html uses it for what a page's title and description blocks say, which the page's
    <title> and its sharing meta (Open Graph, Twitter) both print: a block renders once."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag
def sample_mark():
    """“(sample)” after whatever was invented for the demo site, in the reader's language."""
    return format_html('<span class="sample-mark">{}</span>', gettext("(sample)"))
