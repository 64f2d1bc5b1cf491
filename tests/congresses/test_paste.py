import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from congresses.models import Mandate
from congresses.paste import parse_lines, parse_position

P = Mandate.Position


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("Chủ tịch", P.PRESIDENT),
        ("chủ tịch", P.PRESIDENT),
        ("Chu tich", P.PRESIDENT),
        ("President", P.PRESIDENT),
        ("Chairwoman", P.PRESIDENT),
        ("Phó Chủ tịch thường trực", P.STANDING_VICE_PRESIDENT),
        ("Phó Chủ tịch Thường trực", P.STANDING_VICE_PRESIDENT),
        ("Standing Vice President", P.STANDING_VICE_PRESIDENT),
        ("Phó Chủ tịch", P.VICE_PRESIDENT),
        ("Vice-President", P.VICE_PRESIDENT),
        ("Tổng Thư ký", P.SECRETARY_GENERAL),
        ("Secretary General", P.SECRETARY_GENERAL),
        ("Ủy viên", P.MEMBER),
        ("Uỷ viên", P.MEMBER),
        ("member", P.MEMBER),
        ("Thủ quỹ", None),
    ],
)
def test_positions_in_vietnamese_and_english(text, position):
    assert parse_position(text) == position


def test_lines_with_dashes_numbers_and_bullets():
    lines = parse_lines(
        "Trần Công Thắng - Chủ tịch\n"
        "\n"
        "2. Nguyễn Thị Hoa – Phó Chủ tịch thường trực\n"
        "- Lê Văn Nam — Vice President\n"
        "• John Smith, Secretary General\n"
        "  Phạm   Minh Đức  \n"
        "Hoàng Anh-Tuấn\n"
    )
    assert [(line.name, line.position) for line in lines] == [
        ("Trần Công Thắng", P.PRESIDENT),
        ("Nguyễn Thị Hoa", P.STANDING_VICE_PRESIDENT),
        ("Lê Văn Nam", P.VICE_PRESIDENT),
        ("John Smith", P.SECRETARY_GENERAL),
        ("Phạm   Minh Đức", P.MEMBER),
        # A hyphen inside a name is not a separator.
        ("Hoàng Anh-Tuấn", P.MEMBER),
    ]
    assert [line.number for line in lines] == [1, 3, 4, 5, 6, 7]


def test_every_bad_line_is_reported_in_the_staff_language():
    text = "A - Thủ quỹ\nB\nb\n - Chủ tịch"
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        parse_lines(text)
    messages = exc.value.messages
    assert any(m.startswith("Dòng 1: “Thủ quỹ”") for m in messages)
    assert any(m.startswith("Dòng 3: b đã có ở dòng 2") for m in messages)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        parse_lines(text)
    assert any("Line 1: “Thủ quỹ” is not a position" in m for m in exc.value.messages)
