"""A pasted list of names (one per line, optional position after a dash) → mandates of a body.

    Trần Công Thắng - Chủ tịch
    Nguyễn Thị Hoa – Phó Chủ tịch thường trực
    3. Lê Văn Nam
    John Smith - Vice President

Positions are read in Vietnamese or English, with or without diacritics; a line without a
position is a member. Names are matched to existing people by their spelling with diacritics
(ignoring case and spacing); unknown names become new people.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Mandate, Person, fold, name_key

P = Mandate.Position

# Folded spellings (see models.fold) of each position, in both languages.
POSITION_WORDS = {
    P.PRESIDENT: [
        "chu tich",
        "president",
        "chair",
        "chairman",
        "chairwoman",
        "chairperson",
        "chu nhiem",
    ],
    P.STANDING_VICE_PRESIDENT: [
        "pho chu tich thuong truc",
        "pho chu tich tt",
        "pct thuong truc",
        "pctt",
        "standing vice president",
        "standing vice-president",
        "permanent vice president",
        "executive vice president",
    ],
    P.VICE_PRESIDENT: [
        "pho chu tich",
        "pct",
        "vice president",
        "vice-president",
        "vice chair",
        "vice chairman",
        "vice chairwoman",
        "pho chu nhiem",
    ],
    P.SECRETARY_GENERAL: [
        "tong thu ky",
        "secretary general",
        "secretary-general",
        "general secretary",
    ],
    P.MEMBER: ["uy vien", "thanh vien", "member", "committee member", "hoi vien"],
}
POSITIONS = {word: position for position, words in POSITION_WORDS.items() for word in words}

# "1. ", "2) ", "- ", "• " before a name.
LEADER = re.compile(r"^\s*(?:\d+\s*[.)]\s*|[-–—•*+]\s+)")
# The dash that separates a name from its position: spaced, or an en/em dash.
SEPARATOR = re.compile(r"\s+[-–—:]\s*|\s*[–—:]\s+|\s*,\s*")


@dataclass
class Line:
    number: int
    name: str
    position: str


def parse_position(text):
    return POSITIONS.get(fold(text).strip(" .;"))


def parse_lines(text):
    """[Line], or ValidationError listing each line that cannot be read."""
    lines, errors, seen = [], [], {}
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        stripped = LEADER.sub("", raw).strip()
        parts = SEPARATOR.split(stripped, maxsplit=1)
        name = parts[0].strip()
        position = P.MEMBER
        if len(parts) == 2 and parts[1].strip():
            position = parse_position(parts[1])
            if position is None:
                errors.append(
                    _("Line %(number)s: “%(text)s” is not a position we know (%(known)s).")
                    % {
                        "number": number,
                        "text": parts[1].strip(),
                        "known": ", ".join(str(label) for label in P.labels),
                    }
                )
                continue
        if not name or len(name) > 120:
            errors.append(_("Line %(number)s: no name could be read.") % {"number": number})
            continue
        key = name_key(name)
        if key in seen:
            errors.append(
                _("Line %(number)s: %(name)s is already on line %(first)s.")
                % {"number": number, "name": name, "first": seen[key]}
            )
            continue
        seen[key] = number
        lines.append(Line(number, name, position))
    if errors:
        raise ValidationError(errors)
    return lines


def match_people(lines):
    """{name_key: Person or None}; ValidationError when a name is shared by several people."""
    keys = {name_key(line.name) for line in lines}
    found = {}
    for person in Person.objects.filter(name_key__in=keys):
        found.setdefault(person.name_key, []).append(person)
    errors = [
        _(
            "Line %(number)s: several people are named %(name)s; add this one on the body's own "
            "page, where you can choose the right person."
        )
        % {"number": line.number, "name": line.name}
        for line in lines
        if len(found.get(name_key(line.name), [])) > 1
    ]
    if errors:
        raise ValidationError(errors)
    return {key: people[0] for key, people in found.items()}


def build_mandates(body, lines, people, start_date=None, change_reason=""):
    """Unsaved mandates for `lines`; a person not yet stored is an unsaved Person."""
    mandates = []
    for order, line in enumerate(lines, start=1):
        person = people.get(name_key(line.name)) or Person(full_name=line.name)
        mandates.append(
            Mandate(
                body=body,
                person=person,
                position=line.position,
                start_date=start_date,
                change_reason=change_reason,
                order=order,
            )
        )
    return mandates


def save_mandates(body, mandates):
    """Store the mandates (and their new people); returns the people created."""
    created = []
    start = max((m.order for m in body.mandates.all()), default=0) if body.pk else 0
    for mandate in mandates:
        if mandate.person.pk is None:
            # The same new name may be pasted into two bodies of one congress: one person.
            existing = Person.objects.filter(name_key=name_key(mandate.person.full_name)).first()
            if existing is not None:
                mandate.person = existing
            else:
                mandate.person.note = _("Created from a pasted list of names.")
                mandate.person.save()
                created.append(mandate.person)
        mandate.body = body
        mandate.order += start
        mandate.save()
    return created
