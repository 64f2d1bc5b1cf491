"""Issue 13, part 3: crafted spreadsheets get their answer quickly, in little memory, and
nothing is written. Real files, built here with openpyxl and zipfile, sent through the real
import view by a signed-in member of the Secretariat."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aid.imports import MAX_COLUMNS, MAX_ROWS
from aid.models import AidProject, ExchangeRate, PendingImport, Transaction

SECONDS = 2
PEAK_BYTES = 50 * 1024 * 1024
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _cell(ref, value):
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _row(number, values):
    cells = "".join(_cell(f"{'ABC'[i]}{number}", value) for i, value in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def xlsx(sheet_xml=None, dimension="A1:C2", rows=None):
    """A real XLSX made by openpyxl, whose worksheet is then replaced by `sheet_xml` (or by
    `rows` under a declared `dimension`)."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    if sheet_xml is None:
        body = "".join(_row(number, values) for number, values in rows)
        sheet_xml = (
            f'<worksheet {NS}><dimension ref="{dimension}"/><sheetData>{body}</sheetData>'
            "</worksheet>"
        )
    original = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in original.namelist():
            data = original.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode() if isinstance(sheet_xml, str) else sheet_xml
            archive.writestr(name, data)
    return out.getvalue()


HEADER = (1, ["currency", "date", "rate"])


def _written():
    return (
        ExchangeRate.objects.count(),
        Transaction.objects.count(),
        AidProject.objects.count(),
    )


@pytest.fixture
def send(client, aid_data, secretary):
    """send(name, content) -> (response, seconds, peak bytes of memory); checks that nothing
    is written."""
    from django.utils import translation

    client.force_login(secretary)
    with translation.override("en"):
        page = reverse("aid:import")
    client.get(page)  # the first request's one-off costs (URL resolvers, templates)

    def post(name, content, dataset="rates"):
        before = _written()
        # Timed without tracemalloc (which slows Python down several times), then sent again
        # to measure the peak of memory.
        started = time.perf_counter()
        client.post(page, {"dataset": dataset, "file": SimpleUploadedFile(name, content)})
        seconds = time.perf_counter() - started
        tracemalloc.start()
        try:
            response = client.post(
                page, {"dataset": dataset, "file": SimpleUploadedFile(name, content)}
            )
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert _written() == before
        return response, seconds, peak

    return post


def _messages(response):
    return [error.message for error in response.context["errors"] or []]


def test_declared_dimension_of_a_whole_sheet_is_ignored(send):
    """5 KB that declares A1:XFD1048576, with rows 2 and 10,000: read as the rows it holds."""
    content = xlsx(
        dimension="A1:XFD1048576",
        rows=[HEADER, (2, ["EUR", "2024-01-01", 26500]), (10_000, ["EUR", "2024-02-01", 26600])],
    )
    assert len(content) < 6000
    response, seconds, peak = send("dimension.xlsx", content)
    assert response.status_code == 200
    assert response.context["counts"] == {"new": 2, "changed": 0, "unchanged": 0, "refused": 0}
    assert [row.row for row in response.context["plan"].rows] == [2, 10_000]
    assert seconds < SECONDS and peak < PEAK_BYTES
    assert PendingImport.objects.count() == 1  # the preview, waiting to be confirmed


def test_four_thousand_rows_declared_as_wide_as_a_sheet_stay_small(send):
    """25 KB, 4,000 rows, each declared 16,384 columns wide (A1:XFD4001)."""
    import datetime

    first = datetime.date(2000, 1, 1)
    rows = [HEADER] + [
        (n, ["EUR", (first + datetime.timedelta(days=n)).isoformat(), 26000 + n])
        for n in range(2, 4002)
    ]
    content = xlsx(dimension="A1:XFD4001", rows=rows)
    assert len(content) < 100_000
    response, seconds, peak = send("wide.xlsx", content)
    assert response.status_code == 200
    assert response.context["counts"]["new"] == 4000
    assert seconds < SECONDS and peak < PEAK_BYTES


def test_zip_bomb_is_refused_before_it_is_unpacked(send):
    """60 MB of text in one cell, packed into some 60 KB."""
    bomb = "A" * (60 * 1024 * 1024)
    sheet = (
        f"<worksheet {NS}><sheetData>{_row(1, HEADER[1])}{_row(2, [bomb, '2024-01-01', 1])}"
        "</sheetData></worksheet>"
    )
    content = xlsx(sheet_xml=sheet)
    del bomb, sheet
    assert len(content) < 5 * 1024 * 1024  # under the upload limit, which counts packed bytes
    response, seconds, peak = send("bomb.xlsx", content)
    assert response.status_code == 400
    assert any("unpacks to more than" in message for message in _messages(response))
    assert seconds < SECONDS and peak < PEAK_BYTES


def test_member_lying_about_its_size_is_refused(send):
    """A member whose declared size is small but holds more: zipfile stops at the declared
    size and its CRC check fails; the answer is a message."""
    content = bytearray(xlsx(rows=[HEADER, (2, ["EUR", "2024-01-01", 26500])]))
    # Shrink the declared size of sheet1.xml in the central directory.
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = 0
    while True:
        central = bytes(content).find(b"PK\x01\x02", start)
        name_length = int.from_bytes(content[central + 28 : central + 30], "little")
        if content[central + 46 : central + 46 + name_length] == info.filename.encode():
            break
        start = central + 4
    content[central + 24 : central + 28] = (info.file_size // 2).to_bytes(4, "little")
    response, seconds, peak = send("liar.xlsx", bytes(content))
    assert response.status_code == 400
    assert _messages(response) == ["The XLSX file cannot be read."]
    assert seconds < SECONDS and peak < PEAK_BYTES


def test_csv_field_over_the_csv_limit_is_a_message(send):
    content = ('currency,date,rate,source\nEUR,2024-01-01,26500,"' + "x" * 200_000 + '"\n').encode()
    response, seconds, peak = send("long.csv", content)
    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["errors"]] == [(2, "")]
    assert "longer than 128 KB" in _messages(response)[0]
    assert seconds < SECONDS and peak < PEAK_BYTES


def test_too_many_rows_is_a_message(send):
    lines = ["currency,date,rate"] + ["EUR,2024-01-01,1"] * (MAX_ROWS + 1)
    response, seconds, peak = send("many.csv", "\n".join(lines).encode())
    assert response.status_code == 400
    assert "more than 20,000 rows" in _messages(response)[0]
    assert seconds < SECONDS and peak < PEAK_BYTES


def test_a_row_far_down_the_sheet_is_too_many_rows(send):
    """5 KB with a cell in the last row of a sheet declared A1:XFD1048576."""
    content = xlsx(rows=[HEADER, (1048576, ["EUR", "2024-01-01", 1])], dimension="A1:XFD1048576")
    assert len(content) < 6000
    response, seconds, peak = send("far.xlsx", content)
    assert response.status_code == 400
    assert "more than 20,000 rows" in _messages(response)[0]
    assert seconds < SECONDS and peak < PEAK_BYTES


def test_too_many_columns_is_a_message(send):
    header = ",".join(["currency", "date", "rate"] + [f"extra{i}" for i in range(MAX_COLUMNS)])
    response, seconds, peak = send("wide.csv", f"{header}\nEUR,2024-01-01,1\n".encode())
    assert response.status_code == 400
    assert _messages(response) == ["The file has more than 100 columns."]
    # In an XLSX, a header cell in column 101 (cells further right, under no header, are
    # not read, as in a CSV).
    sheet = (
        f'<worksheet {NS}><dimension ref="A1:XFD2"/><sheetData>'
        f'<row r="1">{_cell("A1", "currency")}{_cell("B1", "date")}{_cell("C1", "rate")}'
        f"{_cell('CW1', 'extra')}</row>{_row(2, ['EUR', '2024-01-01', 1])}"
        "</sheetData></worksheet>"
    )
    response, seconds, peak = send("wide.xlsx", xlsx(sheet_xml=sheet))
    assert response.status_code == 400
    assert _messages(response) == ["The file has more than 100 columns."]
    assert seconds < SECONDS and peak < PEAK_BYTES


def test_the_messages_are_in_the_persons_language(client, aid_data, secretary):
    from django.utils import translation

    client.force_login(secretary)
    with translation.override("vi"):
        page = reverse("aid:import")
    content = xlsx(sheet_xml=b"not xml at all")
    response = client.post(
        page, {"dataset": "rates", "file": SimpleUploadedFile("a.xlsx", content)}
    )
    assert response.status_code == 400
    assert _messages(response) == ["Không đọc được tệp XLSX."]
