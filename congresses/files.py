"""Documents of congresses: PDFs checked by their content (images go through portal.images).

Files are stored under generated names: an upload's own name is never trusted nor shown in
a URL (it may carry personal data, or be crafted).
"""

import re
import uuid
import zlib

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from portal.images import contains_web_page

PDF_MAX_BYTES = 20 * 1024 * 1024

# Active content has no business in a congress resolution served to the public.
PDF_FORBIDDEN = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?)(?![A-Za-z])")
PDF_VERSION = re.compile(rb"^%PDF-[12]\.\d")
# What the compressed streams of one document may inflate to, in all: beyond it the file
# is a decompression bomb for the reader's PDF viewer (the portal itself never inflates).
PDF_MAX_INFLATED = 256 * 1024 * 1024
PDF_STREAM = re.compile(rb"stream\r?\n")


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
                while inflater.unconsumed_tail and total <= PDF_MAX_INFLATED:
                    chunk = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                    total += len(chunk)
                if total > PDF_MAX_INFLATED:
                    return True
                position += 65536
        except zlib.error:
            continue  # not a Flate stream (or not one we can read): nothing to inflate
    return False


def _generated_name(folder, ext):
    return f"congresses/{folder}/{uuid.uuid4().hex}{ext}"


def document_upload_to(instance, filename):
    return _generated_name("documents", ".pdf")


def _read_all(file):
    file.seek(0)
    data = b"".join(file.chunks()) if hasattr(file, "chunks") else file.read()
    file.seek(0)
    return data


def _already_stored(file):
    # A file kept from an earlier save was checked when it was uploaded.
    return getattr(file, "_committed", False)


def validate_pdf(file):
    """A PDF by content: its header, at least one object, a cross-reference and an end marker."""
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
    if not (has_objects and has_xref and b"%%EOF" in tail):
        raise ValidationError(
            _("This PDF document is damaged or incomplete; please export it again."),
            code="broken_pdf",
        )
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
    if PDF_FORBIDDEN.search(data):
        raise ValidationError(
            _(
                "This PDF document contains scripts or attachments, "
                "which the portal does not publish."
            ),
            code="active_pdf",
        )
