"""The rules a body's mandates obey, checked on a whole set of mandates at once.

The admin checks a body's mandates together (the inline rows, the pasted names and what is
already stored), so that two rows entered at once cannot each pass alone and break a rule
together. `Mandate.clean` uses the same functions for a single row.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _date(day):
    return date_format(day, "SHORT_DATE_FORMAT")


def check_mandate_dates(mandate, congress):
    """{field: message} for a mandate that does not lie within its congress's term."""
    errors = {}
    start, end = congress.term_start_date, congress.term_end_date
    if mandate.start_date and not (start <= mandate.start_date <= end):
        errors["start_date"] = _("A mandate lies within its term: from %(start)s to %(end)s.") % {
            "start": _date(start),
            "end": _date(end),
        }
    if mandate.end_date:
        if not (start <= mandate.end_date <= end):
            errors["end_date"] = _("A mandate lies within its term: from %(start)s to %(end)s.") % {
                "start": _date(start),
                "end": _date(end),
            }
        elif mandate.start_date and mandate.end_date < mandate.start_date:
            errors["end_date"] = _("A mandate cannot end before it starts.")
    return errors


def _span(mandate, congress):
    return (
        mandate.start_date or congress.term_start_date,
        mandate.end_date or congress.term_end_date,
    )


def check_body_mandates(body, mandates):
    """Messages for a body whose mandates break a rule: two Presidents at once, or too many seats.

    `mandates` is every mandate the body would have (stored and new ones alike).
    """
    from .models import Mandate

    congress = body.congress
    problems = []
    presidents = [m for m in mandates if m.position == Mandate.Position.PRESIDENT]
    for i, first in enumerate(presidents):
        for second in presidents[i + 1 :]:
            a_start, a_end = _span(first, congress)
            b_start, b_end = _span(second, congress)
            if a_start <= b_end and b_start <= a_end:
                problems.append(
                    _(
                        "A body has one President at any date: %(first)s and %(second)s "
                        "would both be President of the %(body)s on %(date)s."
                    )
                    % {
                        "first": first.person.full_name,
                        "second": second.person.full_name,
                        "body": body.get_kind_display(),
                        "date": _date(max(a_start, b_start)),
                    }
                )
    elected = [m for m in mandates if not m.change_reason]
    if body.size is not None and len(elected) > body.size:
        problems.append(
            ngettext(
                "The %(body)s was elected with %(size)s member; this would make %(count)s. "
                "Give the reason for a mid-term change on the extra seats.",
                "The %(body)s was elected with %(size)s members; this would make %(count)s. "
                "Give the reason for a mid-term change on the extra seats.",
                body.size,
            )
            % {"body": body.get_kind_display(), "size": body.size, "count": len(elected)}
        )
    return problems
