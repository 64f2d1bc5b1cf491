import datetime
import io
import zipfile

import pytest

from documents.models import Document, DocumentFile, Issuer

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def pdf_bytes(text="Quyet dinh 121/QD-UBND"):
    """A real one-page PDF written by pypdf."""
    import pypdf
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 14 Tf 60 780 Td ({text}) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows=(("Năm", "Hội viên"), (2023, 6000))):
    """A real workbook written by openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes(
    main_type=DOCX_MAIN,
    extra_types="",
    extra_parts=(),
    document_rels="",
    package_rels="",
    compression=zipfile.ZIP_DEFLATED,
):
    """A minimal real Word document (what Word needs to open one), written with zipfile.
    `extra_parts`: (name, bytes) added to the package; `extra_types`: <Override>/<Default>
    elements of [Content_Types].xml; `document_rels`: relationships of the main part."""
    types = (
        f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>{extra_types}</Types>'
    )
    rels = (
        f'{XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="word/document.xml"/>'
        f"{package_rels}</Relationships>"
    )
    document = (
        f'{XML}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Quyết định số 121/QĐ-UBND</w:t></w:r></w:p></w:body></w:document>"
    )
    word_rels = (
        f'{XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId9" Type="{RELS}/hyperlink" Target="https://vufo.org.vn/" '
        f'TargetMode="External"/>{document_rels}</Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/_rels/document.xml.rels", word_rels)
        for name, data in extra_parts:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def issuer(db):
    return Issuer.objects.create(
        name_vi="UBND tỉnh Bắc Giang", name_en="Bắc Giang Provincial People's Committee"
    )


@pytest.fixture
def make_document(issuer):
    def make(number="121/QĐ-UBND", date=datetime.date(1998, 10, 12), files=(), **fields):
        fields.setdefault("kind", Document.Kind.DECISION)
        fields.setdefault("title_vi", "Quyết định thành lập Liên hiệp các tổ chức hữu nghị tỉnh")
        fields.setdefault("title_en", "Decision founding the provincial Union")
        fields.setdefault("is_published", True)
        fields.setdefault("issuer", issuer)
        document = Document.objects.create(number=number, date_issued=date, **fields)
        from django.core.files.base import ContentFile

        for order, (name, data) in enumerate(files):
            DocumentFile.objects.create(
                document=document, file=ContentFile(data, name=name), order=order
            )
        return document

    return make
