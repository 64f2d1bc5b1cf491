"""Documents of congresses: PDFs checked by their content (images go through portal.images).

Files are stored under generated names: an upload's own name is never trusted nor shown in
a URL (it may carry personal data, or be crafted). They are served as downloads in a
sandbox (docs/operations.md, the nginx block; portal/media.py in development), so even a
PDF that slipped through would not run in the portal's origin.
"""

import io
import re
import uuid
import zlib

import pypdf
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

PDF_MAX_BYTES = 20 * 1024 * 1024

# Markup that makes a file a web page as well (a polyglot). A PDF never needs it; images
# no longer need this check since their bytes are re-encoded (portal/images.py).
WEB_PAGE_MARKERS = re.compile(
    rb"<(?:script|html|body|iframe|svg|object|embed|!doctype\s+html)[\s>/]|javascript:", re.I
)


def contains_web_page(data):
    return WEB_PAGE_MARKERS.search(data) is not None


PDF_VERSION = re.compile(rb"^%PDF-[12]\.\d")
# What the compressed streams of one document may inflate to, in all: beyond it the file
# is a decompression bomb for the reader's PDF viewer.
PDF_MAX_INFLATED = 256 * 1024 * 1024
PDF_STREAM = re.compile(rb"stream\r?\n")
# pypdf inflates object and cross-reference streams to read the objects they hold (it never
# needs page contents for this check). Genuine ones are a few hundred KB; the bound keeps a
# crafted one from filling memory before PDF_MAX_INFLATED is reached.
PDF_MAX_DECODED_STREAM = 32 * 1024 * 1024

# Names (as keys or values, after pypdf decodes #xx escapes) that make a document active.
# Names inside object streams are seen too: pypdf reads every object the file lists.
PDF_SCRIPTS = {"/JavaScript", "/JS"}
# Actions that start a program, open another file or document, or send the reader's data.
PDF_ACTIONS = {"/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/RichMediaExecute"}
PDF_ATTACHMENTS = {"/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/RichMediaContent"}
PDF_FORMS = {"/XFA"}
# /OpenAction and /AA themselves are allowed: their actions are checked like any other
# object, so "go to page 1" passes and "run this script" does not.

_MESSAGES = {
    "active_pdf": _(
        "This PDF document contains scripts (JavaScript), which the portal does not publish; "
        "please export it again without them."
    ),
    "pdf_action": _(
        "This PDF document contains actions that start programs, open other files or send "
        "data, which the portal does not publish."
    ),
    "pdf_attachment": _(
        "This PDF document contains attached files or embedded media, which the portal does "
        "not publish; please upload them separately."
    ),
    "pdf_form": _(
        "This PDF document is an interactive (XFA) form, which the portal does not publish; "
        "please print it to a plain PDF."
    ),
}


def _inflates_too_much(data):
    total = 0
    for match in PDF_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            # Fed in slices so a bomb is stopped after PDF_MAX_INFLATED, not after inflating.
            position = match.end()
            while position < len(data) and not inflater.eof:
                chunk = inflater.decompress(data[position : position + 65536], 1 << 20)
                total += len(chunk)
                # Once the stream has ended, what follows it may stay in unconsumed_tail and
                # every call returns nothing: without the eof test this loop never ended.
                while inflater.unconsumed_tail and not inflater.eof and total <= PDF_MAX_INFLATED:
                    chunk = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                    total += len(chunk)
                if total > PDF_MAX_INFLATED:
                    return True
                position += 65536
        except zlib.error:
            continue  # not a Flate stream (or not one we can read): nothing to inflate
    return False


# Served as downloads in a sandbox (portal/media.py; nginx: docs/operations.md).
DOCUMENTS_FOLDER = "congresses/documents/"
# The media folders portal.media serves as sandboxed downloads (found through portal.registry).
DOWNLOAD_FOLDERS = (DOCUMENTS_FOLDER,)


def document_upload_to(instance, filename):
    return f"{DOCUMENTS_FOLDER}{uuid.uuid4().hex}.pdf"


def _read_all(file):
    file.seek(0)
    data = b"".join(file.chunks()) if hasattr(file, "chunks") else file.read()
    file.seek(0)
    return data


def _already_stored(file):
    # A file kept from an earlier save was checked when it was uploaded.
    return getattr(file, "_committed", False)


def _classify(name):
    if name in PDF_SCRIPTS:
        return "active_pdf"
    if name in PDF_ACTIONS:
        return "pdf_action"
    if name in PDF_ATTACHMENTS:
        return "pdf_attachment"
    if name in PDF_FORMS:
        return "pdf_form"
    return None


def _forbidden_in(obj):
    """The first forbidden kind found in one object, its direct children included.

    Indirect references are not followed: every numbered object is visited on its own."""
    pending = [obj]
    while pending:
        item = pending.pop()
        if isinstance(item, DictionaryObject):  # stream objects are dictionaries too
            for key, value in item.items():
                kind = _classify(key)
                if kind:
                    return kind
                pending.append(value)
        elif isinstance(item, ArrayObject):
            pending.extend(item)
        elif isinstance(item, NameObject):
            kind = _classify(item)
            if kind:
                return kind
    return None


def _pdf_objects(reader):
    """Every object the file lists: its cross-reference tables and its object streams."""
    yield reader.trailer
    numbers = {
        (number, generation) for generation, table in reader.xref.items() for number in table
    }
    numbers |= {(number, 0) for number in reader.xref_objStm}
    for number, generation in sorted(numbers):
        obj = reader.get_object(IndirectObject(number, generation, reader))
        if obj is None:
            # pypdf logs and skips what it cannot parse; a viewer may read it differently,
            # so an object we could not check is not published.
            raise _broken()
        yield obj


def _active_content(data):
    """The kind of active content in the PDF `data`, or None; raises ValidationError."""
    limits = {
        "zlib_maximum_output_length": PDF_MAX_DECODED_STREAM,
        "lzw_maximum_output_length": PDF_MAX_DECODED_STREAM,
        "run_length_maximum_output_length": PDF_MAX_DECODED_STREAM,
        "brotli_maximum_output_length": PDF_MAX_DECODED_STREAM,
        "array_based_stream_maximum_output_length": PDF_MAX_DECODED_STREAM,
        "stream_decoding_work_maximum_length": PDF_MAX_DECODED_STREAM,
    }
    try:
        with pypdf.apply_configuration(**limits):
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise ValidationError(
                    _(
                        "This PDF document is encrypted or protected by a password; "
                        "please upload an unprotected copy."
                    ),
                    code="pdf_encrypted",
                )
            if not reader.pages:
                raise _broken()
            for obj in _pdf_objects(reader):
                kind = _forbidden_in(obj)
                if kind:
                    return kind
    except LimitReachedError as exc:
        raise ValidationError(
            _("This PDF document expands to an unreasonable size when opened (%(limit)s)."),
            code="pdf_bomb",
            params={"limit": filesizeformat(PDF_MAX_DECODED_STREAM)},
        ) from exc
    except FileNotDecryptedError as exc:
        raise ValidationError(
            _(
                "This PDF document is encrypted or protected by a password; "
                "please upload an unprotected copy."
            ),
            code="pdf_encrypted",
        ) from exc
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        # pypdf raises a few plain exceptions on malformed input besides its own.
        raise _broken() from exc
    return None


def _broken():
    return ValidationError(
        _("This PDF document is damaged or incomplete; please export it again."),
        code="broken_pdf",
    )


def validate_pdf(file):
    """A PDF by content: structure read by pypdf, no active content, no decompression bomb."""
    if _already_stored(file):
        return
    if file.size > PDF_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(PDF_MAX_BYTES)},
        )
    data = _read_all(file)
    if not PDF_VERSION.match(data[:16]):
        raise ValidationError(_("This file is not a PDF document."), code="not_pdf")
    tail = data[-2048:]
    has_objects = re.search(rb"\d+\s+\d+\s+obj\b", data) and b"endobj" in data
    has_xref = b"startxref" in tail and (b"xref" in data or b"/XRef" in data)
    # pypdf repairs a truncated file silently; a viewer may not, so a cut file is refused.
    if not (has_objects and has_xref and b"%%EOF" in tail):
        raise _broken()
    if contains_web_page(data):
        raise ValidationError(
            _("The file also contains web page code (HTML or script); it cannot be uploaded."),
            code="web_page",
        )
    if _inflates_too_much(data):
        raise ValidationError(
            _("This PDF document expands to an unreasonable size when opened (%(limit)s)."),
            code="pdf_bomb",
            params={"limit": filesizeformat(PDF_MAX_INFLATED)},
        )
    kind = _active_content(data)
    if kind:
        raise ValidationError(_MESSAGES[kind], code=kind)
