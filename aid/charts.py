"""Horizontal bar charts drawn as inline SVG on the server (no JavaScript, no CDN).

Horizontal bars keep long labels (donor and sector names) readable on a phone;
every chart is shown next to a data table with the same numbers.
"""

from decimal import Decimal

from django.utils.formats import number_format

from portal.templatetags.portal import format_money

WIDTH = 320
BAR_MAX = 185
LABEL_HEIGHT = 19
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 10


def bar_chart(rows, series, currency=None, limit=None):
    """`rows`: objects or dicts; `series`: [(attribute, label, css modifier)].

    Values are money in `currency`, or counts when `currency` is None.
    """
    rows = list(rows)[:limit] if limit else list(rows)

    def value_of(row, attribute):
        value = row[attribute] if isinstance(row, dict) else getattr(row, attribute)
        return Decimal(value or 0)

    def text_of(value):
        if currency:
            return format_money(value, currency)
        return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)

    largest = max(
        (value_of(row, attribute) for row in rows for attribute, *_rest in series),
        default=Decimal(0),
    )
    drawn = []
    y = 0
    for row in rows:
        label = row["label"] if isinstance(row, dict) else row.label
        bars = []
        bar_y = y + LABEL_HEIGHT
        for attribute, _label, modifier in series:
            value = value_of(row, attribute)
            width = float(value / largest * BAR_MAX) if largest else 0.0
            if value and width < 1:
                width = 1.0
            bars.append(
                {
                    "y": bar_y,
                    "width": round(width, 1),
                    "text_x": round(width + 4, 1),
                    "text_y": bar_y + BAR_HEIGHT - 3,
                    "text": text_of(value),
                    "modifier": modifier,
                }
            )
            bar_y += BAR_HEIGHT + BAR_GAP
        drawn.append({"label": label, "label_y": y + LABEL_HEIGHT - 4, "bars": bars})
        y = bar_y + ROW_GAP
    return {
        "width": WIDTH,
        "height": max(y, 1),
        "bar_height": BAR_HEIGHT,
        "rows": drawn,
        "legend": [{"label": label, "modifier": modifier} for _a, label, modifier in series],
    }
