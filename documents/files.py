"""The files of official documents: PDF, Word (DOCX) and Excel (XLSX), checked by content.

PDFs go through the congresses' checker (congresses.files.validate_pdf). DOCX and XLSX are
Office Open XML packages, that is ZIP archives; one is accepted when it is the package its
name says, with nothing in it that runs or fetches something when opened:

- a ZIP from its first byte (a web page in front of an archive is still a valid archive, and
  a page to a browser), at most MAX_MEMBERS members, no ZIP64, only stored or deflated
  members, none encrypted; the sizes the members declare add up to at most MAX_UNPACKED, and
  every member is inflated once from its own bytes, never past the size it declares (one
  that inflates further is a bomb lying about its size), and checked against its CRC: a bomb
  costs at most MAX_UNPACKED of inflating, in 1 MB pieces;
- `[Content_Types].xml` naming the main part of the type (the document of a DOCX, the
  workbook of an XLSX), and that part present;
- no macros (vbaProject.bin, macro-enabled content types), no ActiveX controls, no OLE
  objects (*.bin embeddings, oleObject parts); an embedded workbook (a Word chart's data) is
  checked the same way and may embed nothing itself;
- no HTML or MHT parts imported into the document (altChunk), and no relationship that
  reaches outside the file except hyperlinks to web or mail addresses: a remote template or
  an external OLE object is how such files fetch code (CVE-2022-30190);
- no web page markup in the file's bytes (a polyglot), as for PDFs.

XML parts are read whole only up to MAX_XML_PART, and refused if they declare a DOCTYPE
(entity expansion). Stored names are generated (`documents/files/<uuid>.<ext>`); the upload's
own name is never kept. Readers download through documents.views.download, which names the
file after the document (download_name) and sends it as a sandboxed attachment.
"""

import io
import re
import struct
import uuid
import zipfile
import zlib
from pathlib import PurePosixPath
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from congresses.files import contains_web_page, validate_pdf
from portal.text import fold

MAX_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_UNPACKED = 200 * 1024 * 1024
MAX_XML_PART = 2 * 1024 * 1024
FOLDER = "documents/files/"
# Read through the download view (documents.views.download, which names the file), but the
# stored files are media too: portal.media serves them as sandboxed downloads.
DOWNLOAD_FOLDERS = (FOLDER,)

PDF, DOCX, XLSX = "pdf", "docx", "xlsx"
FORMATS = {
    PDF: ("application/pdf", "PDF"),
    DOCX: ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
    XLSX: ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
}
MAIN_PARTS = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
FORMAT_NAMES = {
    PDF: _("a PDF document"),
    DOCX: _("a Word document (DOCX)"),
    XLSX: _("an Excel workbook (XLSX)"),
}

ZIP_START = b"PK\x03\x04"
END_OF_DIRECTORY = b"PK\x05\x06"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, and password-protected OOXML
DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# Relationship targets a hyperlink may have; anything else (file:, mhtml:, ms-msdt:, a UNC
# path) starts something on the reader's computer.
HYPERLINK_TARGET = re.compile(r"(?:https?:|mailto:|#)", re.I)
# Parts that import a web page or a mail archive into the document when it opens (altChunk).
WEB_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "message/rfc822")
# Binary parts Office writes on its own and that run nothing: a printer's page settings.
HARMLESS_BINARY = re.compile(r"(?:^|/)printerSettings/[^/]+\.bin$", re.I)
EMBEDDED_PACKAGES = (".xlsx", ".docx", ".pptx")

MESSAGES = {
    "extension": _("Upload a PDF, Word (DOCX) or Excel (XLSX) file."),
    "old_format": _(
        "This file is an old Word or Excel file (.doc, .xls) or is protected by a password; "
        "please save it as DOCX or XLSX without a password, or as PDF."
    ),
    "broken": _("This file is damaged or incomplete; please save it again."),
    "macros": _(
        "This file contains macros, which the portal does not publish; please save it as a "
        "plain DOCX or XLSX (or as PDF)."
    ),
    "activex": _("This file contains ActiveX controls, which the portal does not publish."),
    "ole": _(
        "This file contains embedded objects or programs (OLE), which the portal does not "
        "publish; please paste them as pictures or upload them separately."
    ),
    "external": _(
        "This file loads content from outside itself when it is opened (a remote template or "
        "object), which the portal does not publish."
    ),
    "web_content": _(
        "This file imports web page content (HTML or MHT) when it is opened; please paste the "
        "text instead."
    ),
    "bomb": _("This file expands to an unreasonable size when opened (%(limit)s)."),
    "too_many_parts": _("This file has too many parts (more than %(limit)s)."),
    "web_page": _("The file also contains web page code (HTML or script); it cannot be uploaded."),
}


class Refused(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def refusal(code, **params):
    params = params or None
    return ValidationError(MESSAGES[code], code=code, params=params)


def extension(name):
    return PurePosixPath((name or "").lower()).suffix.lstrip(".")


def upload_to(instance, filename):
    # The checked format, never the upload's name (it may carry personal data, or be crafted).
    ext = instance.format if instance.format in FORMATS else extension(filename)
    return f"{FOLDER}{uuid.uuid4().hex}.{ext if ext in FORMATS else 'bin'}"


def _read_all(file):
    file.seek(0)
    data = b"".join(file.chunks()) if hasattr(file, "chunks") else file.read()
    file.seek(0)
    return data


def validate_document_file(file):
    """A PDF, DOCX or XLSX by content, of the type its name says (a ValidationError if not)."""
    if getattr(file, "_committed", False):
        return  # kept from an earlier save: checked when it was uploaded
    kind = extension(file.name)
    if kind not in FORMATS:
        raise refusal("extension")
    if file.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_BYTES)},
        )
    if kind == PDF:
        validate_pdf(file)
        return
    check_package(_read_all(file), kind)


def _wrong_type(kind, actual):
    return ValidationError(
        _("This file is %(actual)s, not %(expected)s: its name does not match its content."),
        code="wrong_type",
        params={"actual": FORMAT_NAMES[actual], "expected": FORMAT_NAMES[kind]},
    )


def check_package(data, kind):
    """Raise ValidationError unless `data` is a clean OOXML package of `kind` (DOCX/XLSX)."""
    if data.startswith(b"%PDF-"):
        raise _wrong_type(kind, PDF)
    if data.startswith(OLE_SIGNATURE):
        raise refusal("old_format")
    if not data.startswith(ZIP_START):
        raise ValidationError(
            _("This file is not %(expected)s."),
            code="not_package",
            params={"expected": FORMAT_NAMES[kind]},
        )
    if contains_web_page(data):
        raise refusal("web_page")
    try:
        found = _check_archive(data, kind, nested=False)
    except Refused as refused:
        if refused.code == "bomb":
            raise refusal("bomb", limit=filesizeformat(MAX_UNPACKED)) from None
        if refused.code == "too_many_parts":
            raise refusal("too_many_parts", limit=MAX_MEMBERS) from None
        raise refusal(refused.code) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise refusal("broken") from exc
    if found != kind:
        raise _wrong_type(kind, found) if found else refusal("broken")


def _entry_count(data):
    """The number of members the end-of-directory record announces, read before zipfile
    builds an object per member (a directory of millions of tiny members fills memory)."""
    start = data.rfind(END_OF_DIRECTORY, max(0, len(data) - 65_557))
    if start < 0 or len(data) - start < 22:
        raise Refused("broken")
    _sig, disk, _cd_disk, _here, total, _size, offset, _comment = struct.unpack(
        "<4s4H2LH", data[start : start + 22]
    )
    if disk != 0 or total == 0xFFFF or offset == 0xFFFFFFFF:
        raise Refused("broken")  # split archives and ZIP64: no Office file needs them
    return total


def _check_archive(data, kind, nested):
    """The package type found (DOCX, XLSX or None); raises Refused."""
    if _entry_count(data) > MAX_MEMBERS:
        raise Refused("too_many_parts")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise Refused("too_many_parts")
        if sum(member.file_size for member in members) > MAX_UNPACKED:
            raise Refused("bomb")
        for member in members:
            if member.flag_bits & 0x1:
                raise Refused("old_format")  # encrypted
            if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Refused("broken")
        names = {member.filename: member for member in members}
        types = _content_types(archive, names)
        found = _package_type(types, names)
        _check_parts(archive, names, types, nested)
        _check_relationships(archive, names)
    for member in members:
        _verify_member(data, member)
    return found


LOCAL_HEADER = struct.Struct("<4s5H3L2H")
INFLATE_STEP = 1024 * 1024


def _verify_member(data, member):
    """Inflate one member from its own bytes, stopping within a step (1 MB) past the size it
    declares: more is a bomb that lies about its size (zipfile would stop reading at the
    declared size without noticing, and another program might not stop at all); a wrong CRC
    or a stream that does not end is damage."""
    start = member.header_offset
    header = data[start : start + LOCAL_HEADER.size]
    if len(header) < LOCAL_HEADER.size:
        raise Refused("broken")
    fields = LOCAL_HEADER.unpack(header)
    if fields[0] != ZIP_START:
        raise Refused("broken")
    begin = start + LOCAL_HEADER.size + fields[9] + fields[10]
    packed = memoryview(data)[begin : begin + member.compress_size]
    if len(packed) < member.compress_size:
        raise Refused("broken")
    if member.compress_type == zipfile.ZIP_STORED:
        if member.compress_size != member.file_size:
            raise Refused("broken")
        crc, size = zlib.crc32(packed), len(packed)
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        crc = size = 0
        pending = packed
        while pending and not inflater.eof:
            chunk = inflater.decompress(pending, INFLATE_STEP)
            pending = inflater.unconsumed_tail
            size += len(chunk)
            if size > member.file_size:
                raise Refused("bomb")
            crc = zlib.crc32(chunk, crc)
        if not inflater.eof:
            raise Refused("broken")
    if size != member.file_size or crc != member.CRC:
        raise Refused("broken")


def _xml(archive, member):
    with archive.open(member) as part:
        data = part.read(MAX_XML_PART + 1)
    if len(data) > MAX_XML_PART or DOCTYPE.search(data):
        raise Refused("broken")
    try:
        # No DOCTYPE (refused above), so no entity to expand; expat fetches nothing.
        return ElementTree.fromstring(data)  # noqa: S314
    except ElementTree.ParseError as exc:
        raise Refused("broken") from exc


def _content_types(archive, names):
    """{part name without its leading slash: content type} for every member."""
    member = names.get("[Content_Types].xml")
    if member is None:
        raise Refused("broken")
    root = _xml(archive, member)
    defaults, overrides = {}, {}
    for item in root:
        if item.tag == f"{CONTENT_TYPES_NS}Default":
            defaults[item.get("Extension", "").lower()] = item.get("ContentType", "")
        elif item.tag == f"{CONTENT_TYPES_NS}Override":
            overrides[item.get("PartName", "").lstrip("/")] = item.get("ContentType", "")
    types = {}
    for name in names:
        types[name] = overrides.get(name) or defaults.get(extension(name), "")
    # A declared part that is not in the archive still says what the producer meant to put.
    for name, content_type in overrides.items():
        types.setdefault(name, content_type)
    return types


def _package_type(types, names):
    for kind, main in MAIN_PARTS.items():
        for name, content_type in types.items():
            if content_type.lower() == main and name in names:
                return kind
    return None


def _check_parts(archive, names, types, nested):
    for name, content_type in types.items():
        lowered, ctype = name.lower(), content_type.lower()
        if (
            "macroenabled" in ctype
            or "vbaproject" in ctype
            or re.search(r"(?:^|/)vba(?:project|data)[^/]*$", lowered)
        ):
            raise Refused("macros")
        if "activex" in ctype or "/activex/" in f"/{lowered}":
            raise Refused("activex")
        if ctype.startswith(WEB_CONTENT_TYPES) or lowered.endswith((".htm", ".html", ".mht")):
            raise Refused("web_content")
        if "oleobject" in ctype or (lowered.endswith(".bin") and not HARMLESS_BINARY.search(name)):
            raise Refused("ole")
        if "/embeddings/" in f"/{lowered}" and name in names:
            if nested or not lowered.endswith(EMBEDDED_PACKAGES):
                raise Refused("ole")
            member = names[name]
            if member.file_size > MAX_BYTES:
                raise Refused("bomb")
            inner = archive.read(member)
            if not inner.startswith(ZIP_START):
                raise Refused("ole")
            _check_archive(inner, None, nested=True)


def _check_relationships(archive, names):
    for name, member in names.items():
        if not name.lower().endswith(".rels"):
            continue
        for relationship in _xml(archive, member):
            if relationship.tag != f"{RELATIONSHIPS_NS}Relationship":
                continue
            target = (relationship.get("Target") or "").strip()
            external = (relationship.get("TargetMode") or "").lower() == "external"
            if target.lower().startswith(("mhtml:", "file:", "ms-", "\\\\")):
                raise Refused("external")
            if not external:
                continue
            is_hyperlink = (relationship.get("Type") or "").endswith("/hyperlink")
            if not (is_hyperlink and HYPERLINK_TARGET.match(target)):
                raise Refused("external")


# Downloads -----------------------------------------------------------------------------------
UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def _clean(text):
    return " ".join(UNSAFE_IN_NAMES.sub("-", text or "").split()).strip(" .-")


def _shorten(text, length):
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;.-–")


def download_name(document, attached):
    """What the reader's computer calls the file: the document's number and the file's label,
    else the document's title, in the reader's language ("121-QĐ-UBND – Quyết định ….pdf")."""
    number = _clean(document.number)
    words = _shorten(_clean(attached.label or document.title), 90)
    if attached.is_sample:
        words = f"{words} {_('(sample)')}"
    stem = f"{number} – {words}" if number and words else number or words or "document"
    ext = attached.format if attached.format in FORMATS else extension(attached.file.name)
    return f"{stem}.{ext or 'bin'}"


def ascii_name(name):
    """The same name without diacritics, for clients that do not read RFC 6266's filename*."""
    plain = fold(name).replace("–", "-").encode("ascii", "ignore").decode()
    return " ".join(plain.replace('"', "").split()) or "document"
