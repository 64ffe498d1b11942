"""Upload rules shared by every private upload (case documents, grant attachments).

The type is decided from the content, never from the name or the browser's claim: a renamed
executable or HTML page is refused. Allowed: PDF, DOCX, ODT, JPG and PNG up to 20 MB.

Zip-based formats (DOCX, ODT, and any other ``PK`` file) are judged by their central directory
only: the number of entries, the declared sum of unpacked sizes and its ratio to the upload's size
are capped, and the one entry whose content matters (ODT's ``mimetype``) is read through a bounded
read. No entry is ever unpacked whole, so a zip bomb costs no more memory than its own bytes.
The request body itself is capped before it is read (``core.middleware.RequestBodyLimitMiddleware``).
"""

from __future__ import annotations

import os
import zipfile

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Caps on what a zip-based upload declares in its central directory. An office document of 20 MB
# unpacks to a few times its size (pictures hardly compress, XML ten- to thirtyfold).
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
# ODT's ``mimetype`` entry holds one short line; more than this is not an ODT.
MIMETYPE_READ_BYTES = 128

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: {".pdf"}, PNG: {".png"}, JPEG: {".jpg", ".jpeg"}, DOCX: {".docx"}, ODT: {".odt"}}
# What the form and the refusals name: the types above, in the words users know them by.
ALLOWED_TYPES_TEXT = "PDF, DOCX, ODT, JPG of PNG"


def sniff_content_type(fileobj) -> str | None:
    """The content type of an allowed format, read from the bytes; ``None`` for anything else.

    Raises ``ValidationError`` (code ``zip_bomb``) for an archive that declares too much content.
    """
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                return _zip_content_type(archive, archive_size=_size_of(fileobj))
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            NotImplementedError,
            RuntimeError,
            OSError,
            EOFError,
        ):
            return None
        finally:
            fileobj.seek(0)
    return None


def _size_of(fileobj) -> int:
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def _zip_content_type(archive: zipfile.ZipFile, *, archive_size: int) -> str | None:
    """DOCX or ODT from the central directory and a bounded read; ``ValidationError`` for a zip bomb."""
    entries = archive.infolist()
    declared = sum(entry.file_size for entry in entries)
    if (
        len(entries) > MAX_ZIP_ENTRIES
        or declared > MAX_ZIP_UNPACKED_BYTES
        or declared > MAX_ZIP_RATIO * max(archive_size, 1)
    ):
        raise ValidationError(
            _("Dit bestand pakt uit tot veel meer dan zijn eigen grootte en wordt daarom geweigerd."),
            code="zip_bomb",
        )
    names = {entry.filename for entry in entries}
    if "mimetype" in names:
        with archive.open("mimetype") as entry:
            # Never more than a line, whatever the entry declares or really unpacks to.
            if entry.read(MIMETYPE_READ_BYTES).strip() == ODT.encode():
                return ODT
    if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
        return DOCX
    return None


def max_upload_mb() -> int:
    """``MAX_UPLOAD_BYTES`` in the megabytes the form and its refusal name."""
    return MAX_UPLOAD_BYTES // (1024 * 1024)


def validate_upload(uploaded_file) -> str:
    """Check an uploaded file; return its content type or raise ``ValidationError`` in Dutch."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Het bestand is groter dan %(mb)d MB.") % {"mb": max_upload_mb()}, code="too_large"
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    content_type = sniff_content_type(uploaded_file)
    if content_type is None:
        raise ValidationError(
            _("Dit bestandstype is niet toegestaan. Upload een %(types)s.") % {"types": ALLOWED_TYPES_TEXT},
            code="type",
        )
    extension = os.path.splitext(uploaded_file.name)[1].lower()
    if extension not in EXTENSIONS[content_type]:
        raise ValidationError(
            _("De bestandsnaam past niet bij de inhoud van het bestand. Upload een %(types)s.")
            % {"types": ALLOWED_TYPES_TEXT},
            code="extension",
        )
    return content_type


def safe_filename(name: str) -> str:
    return get_valid_filename(os.path.basename(name))[:200] or "bestand"


def private_file_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    """Serve a private file as an attachment (never inline), with the checked content type."""
    response = FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
