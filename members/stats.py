"""The union's totals (associations, chapters, members) and their growth over the years.

Totals come from the yearly membership counts when the union keeps them, or else
from the member register; `Totals.source` says which, and the page states it.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from .models import Member, MembershipCount

COUNTS = "counts"
REGISTER = "register"


@dataclass
class Totals:
    source: str | None
    # [{"year", "associations", "branches", "members", "is_sample"}]
    series: list = field(default_factory=list)

    @property
    def latest(self):
        return self.series[-1] if self.series else None

    @property
    def first(self):
        return self.series[0] if self.series else None

    @property
    def has_sample(self):
        return any(row["is_sample"] for row in self.series)


def union_totals(union):
    """Totals per year for `union`: one query, two when it falls back to the register."""
    series = list(
        MembershipCount.objects.filter(union=union)
        .values("year")
        .annotate(
            members=Sum("members"),
            associations=Count("association", distinct=True),
            branches=Count("branch", distinct=True),
            samples=Count("pk", filter=Q(is_sample=True)),
        )
        .order_by("year")
    )
    if series:
        # A year with any invented count is sample data as a whole: its totals are marked.
        for row in series:
            row["is_sample"] = bool(row.pop("samples"))
        return Totals(COUNTS, series)
    register = Member.objects.filter(
        association__union=union, status=Member.Status.ACTIVE
    ).aggregate(
        members=Count("id"),
        associations=Count("association", distinct=True),
        branches=Count("branch", distinct=True),
    )
    if register["members"]:
        return Totals(
            REGISTER, [{"year": timezone.localdate().year, "is_sample": False, **register}]
        )
    return Totals(None, [])


def latest_members_by(union, year, key):
    """{association or branch id: members counted in `year`} for the union's records."""
    if year is None:
        return {}
    rows = (
        MembershipCount.objects.filter(union=union, year=year)
        .values(key)
        .annotate(total=Sum("members"))
        .order_by()
    )
    return {row[key]: row["total"] for row in rows}


def bar_chart(series, value_key="members", width=640, height=260):
    """Geometry of a server-rendered SVG bar chart (integers: nothing to localize)."""
    if not series:
        return None
    left, right, top, bottom = 56, 12, 16, 32
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(row[value_key] or 0 for row in series) or 1
    # A round top for the axis: 1, 2 or 5 times a power of ten.
    magnitude = 10 ** (len(str(peak)) - 1)
    scale_top = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= peak)
    slot = plot_w / len(series)
    bar_w = max(4, int(slot * 0.6))
    bars = []
    for index, row in enumerate(series):
        value = row[value_key] or 0
        bar_h = round(plot_h * value / scale_top)
        x = round(left + index * slot + (slot - bar_w) / 2)
        bars.append(
            {
                "x": x,
                "y": top + plot_h - bar_h,
                "width": bar_w,
                "height": bar_h,
                "label_x": x + bar_w // 2,
                "value_y": max(top + 10, top + plot_h - bar_h - 4),
                "year": str(row["year"]),
                "value": value,
            }
        )
    return {
        "width": width,
        "height": height,
        "left": left,
        "right_x": width - right,
        "top": top,
        "baseline": top + plot_h,
        "mid_y": top + plot_h // 2,
        "scale_top": scale_top,
        "scale_mid": scale_top // 2,
        "year_y": height - 10,
        "bars": bars,
    }
