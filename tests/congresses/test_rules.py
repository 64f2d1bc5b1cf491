"""Each rule of a congress record, at the model level (the admin tests show the messages)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from congresses.models import Congress, ElectedBody, Mandate, english_ordinal, roman
from congresses.rules import check_body_mandates, check_mandate_dates
from members.models import Association

from .conftest import add_mandate

P = Mandate.Position


@pytest.mark.parametrize(
    ("number", "vi", "en"),
    [
        (1, "I", "1st"),
        (2, "II", "2nd"),
        (3, "III", "3rd"),
        (4, "IV", "4th"),
        (5, "V", "5th"),
        (9, "IX", "9th"),
        (11, "XI", "11th"),
        (12, "XII", "12th"),
        (13, "XIII", "13th"),
        (21, "XXI", "21st"),
        (22, "XXII", "22nd"),
        (40, "XL", "40th"),
        (111, "CXI", "111th"),
    ],
)
def test_ordinals_are_roman_in_vietnamese_and_english_ordinals_in_english(number, vi, en):
    assert roman(number) == vi
    assert english_ordinal(number) == en


def test_congress_name_in_both_languages(congress):
    with translation.override("vi"):
        assert congress.title == "Đại hội đại biểu lần thứ V, nhiệm kỳ 2023–2028"
    with translation.override("en"):
        assert congress.title == "5th Congress of Delegates, term 2023–2028"
    congress.of_delegates = False
    with translation.override("vi"):
        assert congress.name == "Đại hội lần thứ V"


def test_slug_is_made_from_the_organisation_and_ordinal(congress, make_congress):
    assert congress.slug == "bac-giang-5"


def test_term_must_end_after_it_starts(home_union):
    congress = Congress(
        union=home_union,
        ordinal=1,
        term_start_year=2023,
        term_end_year=2023,
        held_from=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        congress.full_clean()
    assert "term_end_year" in exc.value.error_dict
    # The database refuses it too, whatever path the row takes.
    with pytest.raises(IntegrityError), transaction.atomic():
        congress.save()


def test_exactly_one_organisation(home_union):
    association = Association.objects.create(
        name="Hội hữu nghị Việt Nam – Lào", slug="viet-lao", union=home_union
    )
    both = Congress(
        union=home_union,
        association=association,
        ordinal=1,
        term_start_year=2020,
        term_end_year=2025,
        held_from=datetime.date(2020, 5, 1),
    )
    with pytest.raises(ValidationError):
        both.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        both.save()
    neither = Congress(
        ordinal=1, term_start_year=2020, term_end_year=2025, held_from=datetime.date(2020, 5, 1)
    )
    with pytest.raises(ValidationError):
        neither.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        neither.save()
    # An association's congress is fine.
    ok = Congress(
        association=association,
        ordinal=1,
        term_start_year=2020,
        term_end_year=2025,
        held_from=datetime.date(2020, 5, 1),
    )
    ok.full_clean()
    ok.save()
    assert ok.organisation == association


def test_terms_of_one_organisation_do_not_overlap(make_congress, home_union):
    make_congress(ordinal=4, start=2018, end=2023)
    overlapping = Congress(
        union=home_union,
        ordinal=5,
        term_start_year=2022,
        term_end_year=2027,
        held_from=datetime.date(2022, 8, 1),
    )
    with pytest.raises(ValidationError) as exc:
        overlapping.full_clean()
    assert "term_start_year" in exc.value.error_dict
    # Consecutive terms share their boundary year without overlapping.
    Congress(
        union=home_union,
        ordinal=5,
        term_start_year=2023,
        term_end_year=2028,
        held_from=datetime.date(2023, 8, 8),
    ).full_clean()


def test_other_organisations_terms_may_overlap(make_congress, home_union):
    from unions.models import Union

    other = Union.objects.create(name="Liên hiệp Tây Ninh", slug="tay-ninh-test")
    make_congress(ordinal=4, start=2018, end=2023)
    Congress(
        union=other,
        ordinal=4,
        term_start_year=2019,
        term_end_year=2024,
        held_from=datetime.date(2019, 1, 5),
    ).full_clean()


def test_ordinals_rise_with_time(make_congress, home_union):
    make_congress(ordinal=5, start=2023, end=2028)
    earlier_but_higher = Congress(
        union=home_union,
        ordinal=6,
        term_start_year=2013,
        term_end_year=2018,
        held_from=datetime.date(2013, 6, 1),
    )
    with pytest.raises(ValidationError) as exc:
        earlier_but_higher.full_clean()
    assert "ordinal" in exc.value.error_dict
    Congress(
        union=home_union,
        ordinal=4,
        term_start_year=2018,
        term_end_year=2023,
        held_from=datetime.date(2018, 6, 1),
    ).full_clean()


def test_an_ordinal_is_used_once_per_organisation(make_congress, home_union):
    make_congress(ordinal=5)
    with pytest.raises(ValidationError):
        Congress(
            union=home_union,
            ordinal=5,
            term_start_year=2030,
            term_end_year=2035,
            held_from=datetime.date(2030, 1, 1),
        ).full_clean()


def test_a_mandate_lies_within_its_term(body):
    congress = body.congress
    before = Mandate(body=body, start_date=datetime.date(2023, 8, 7))
    assert "start_date" in check_mandate_dates(before, congress)
    after = Mandate(
        body=body, start_date=datetime.date(2023, 9, 1), end_date=datetime.date(2029, 1, 1)
    )
    assert "end_date" in check_mandate_dates(after, congress)
    backwards = Mandate(
        body=body, start_date=datetime.date(2024, 9, 1), end_date=datetime.date(2024, 1, 1)
    )
    assert "end_date" in check_mandate_dates(backwards, congress)
    inside = Mandate(
        body=body, start_date=datetime.date(2023, 8, 8), end_date=datetime.date(2028, 12, 31)
    )
    assert check_mandate_dates(inside, congress) == {}
    with pytest.raises(ValidationError):
        Mandate(
            body=body, person=add_mandate(body, "A").person, start_date=datetime.date(2020, 1, 1)
        ).full_clean()


def test_an_empty_start_means_the_first_day_of_the_congress(body):
    mandate = add_mandate(body, "Trần Công Thắng", P.PRESIDENT)
    assert mandate.start_date == datetime.date(2023, 8, 8)


def test_one_president_per_body_at_any_date(body):
    first = add_mandate(body, "Trần Công Thắng", P.PRESIDENT)
    second = Mandate(
        body=body,
        person=first.person.__class__(full_name="Nguyễn Văn B"),
        position=P.PRESIDENT,
        start_date=datetime.date(2025, 1, 1),
    )
    problems = check_body_mandates(body, [first, second])
    assert len(problems) == 1 and "Trần Công Thắng" in problems[0]
    # A President who succeeds another after the first one's mandate ended is fine.
    first.end_date = datetime.date(2024, 12, 31)
    assert check_body_mandates(body, [first, second]) == []
    # Presidents of two different bodies are fine.
    other = ElectedBody.objects.create(
        congress=body.congress, kind=ElectedBody.Kind.STANDING, size=5
    )
    assert check_body_mandates(other, [add_mandate(other, "Trần Công Thắng", P.PRESIDENT)]) == []


def test_a_body_does_not_exceed_its_size_without_a_recorded_change(body):
    seats = [add_mandate(body, name) for name in ("A", "B", "C")]
    assert check_body_mandates(body, seats) == []
    extra = Mandate(body=body, person=seats[0].person, position=P.MEMBER)
    problems = check_body_mandates(body, [*seats, extra])
    assert len(problems) == 1 and "3" in problems[0] and "4" in problems[0]
    extra.change_reason = "Kiện toàn nhân sự Ban Chấp hành"
    assert check_body_mandates(body, [*seats, extra]) == []


def test_five_year_terms_are_usual(congress, make_congress):
    assert congress.term_years == 5
    assert make_congress(ordinal=6, start=2028, end=2030).term_years == 2
