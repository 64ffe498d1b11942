"""Upload rules shared by every private upload (case documents, grant attachments).

The type is decided from the content, never from the name or the browser's claim: a renamed
executable or HTML page is refused. Allowed: PDF, DOCX, ODT, JPG and PNG up to 20 MB.
"""

from __future__ import annotations

import os
import zipfile

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: {".pdf"}, PNG: {".png"}, JPEG: {".jpg", ".jpeg"}, DOCX: {".docx"}, ODT: {".odt"}}


def sniff_content_type(fileobj) -> str | None:
    """The content type of an allowed format, read from the bytes; ``None`` for anything else."""
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
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                    return ODT
                if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                    return DOCX
        except zipfile.BadZipFile:
            return None
        finally:
            fileobj.seek(0)
    return None


def validate_upload(uploaded_file) -> str:
    """Check an uploaded file; return its content type or raise ``ValidationError`` in Dutch."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Het bestand is groter dan 20 MB."), code="too_large")
    if uploaded_file.size == 0:
        raise ValidationError(_("Het bestand is leeg."), code="empty")
    content_type = sniff_content_type(uploaded_file)
    if content_type is None:
        raise ValidationError(
            _("Dit bestandstype is niet toegestaan. Upload een PDF, DOCX, ODT, JPG of PNG."), code="type"
        )
    extension = os.path.splitext(uploaded_file.name)[1].lower()
    if extension not in EXTENSIONS[content_type]:
        raise ValidationError(
            _(
                "De bestandsnaam past niet bij de inhoud van het bestand. Upload een PDF, DOCX, ODT, JPG of PNG."
            ),
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
