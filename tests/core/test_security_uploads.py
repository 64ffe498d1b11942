"""Uploads that try to take the server down: zip bombs are judged by their central directory and a
bounded read, never unpacked; oversized request bodies are refused before they are read."""

import functools
import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from core import uploads
from core.middleware import RequestBodyLimitMiddleware

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DECLARED_BOMB_BYTES = 600 * 1024 * 1024


@functools.cache
def zip_bomb() -> bytes:
    """An ``.odt`` whose ``mimetype`` entry really unpacks to 600 MB, in about 600 KB.

    Built from one deflated megabyte repeated: each copy ends in a full flush, so it decodes on its
    own; the sizes and the CRC in the zip's headers are the true ones.
    """
    chunk = b" " * (1024 * 1024)
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = first.compress(ODT_MIMETYPE + chunk) + first.flush(zlib.Z_FULL_FLUSH)
    repeat = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = repeat.compress(chunk) + repeat.flush(zlib.Z_FULL_FLUSH)
    copies = DECLARED_BOMB_BYTES // len(chunk) - 1
    data = head + block * copies + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    size = len(ODT_MIMETYPE) + len(chunk) * (copies + 1)
    crc = zlib.crc32(ODT_MIMETYPE + chunk)
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    name = b"mimetype"
    sizes = struct.pack("<III", crc, len(data), size)
    local = (
        b"PK\x03\x04" + struct.pack("<HHHHH", 20, 0, 8, 0, 0x21) + sizes + struct.pack("<HH", len(name), 0)
    )
    central = (
        b"PK\x01\x02"
        + struct.pack("<HHHHHH", 20, 20, 0, 8, 0, 0x21)
        + sizes
        + struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, 0)
        + name
    )
    body = local + name + data
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 1, 1, len(central), len(body), 0)
    return body + central + end


def odt_bytes(mimetype: bytes = ODT_MIMETYPE) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def lying_bomb() -> bytes:
    """An ``.odt`` whose ``mimetype`` entry declares 39 bytes in the directory but unpacks to 50 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT_MIMETYPE + b" " * (50 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    # Rewrite the uncompressed size in the local header (offset 22) and the central directory (offset 24).
    data[22:26] = struct.pack("<I", len(ODT_MIMETYPE))
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", len(ODT_MIMETYPE))
    return bytes(data)


def test_a_real_odt_is_accepted():
    assert uploads.validate_upload(SimpleUploadedFile("verslag.odt", odt_bytes())) == uploads.ODT


def test_a_zip_bomb_declaring_600_mb_is_refused_with_a_dutch_message():
    bomb = zip_bomb()
    assert len(bomb) < 2 * 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload(SimpleUploadedFile("verslag.odt", bomb))

    assert refused.value.code == "zip_bomb"
    assert "pakt uit" in refused.value.messages[0]


def test_refusing_the_zip_bomb_does_not_grow_memory_by_more_than_the_upload():
    upload = SimpleUploadedFile("verslag.odt", zip_bomb())

    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            uploads.validate_upload(upload)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < upload.size, peak


def test_an_entry_that_lies_about_its_size_is_read_only_a_line_far():
    upload = SimpleUploadedFile("verslag.odt", lying_bomb())

    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            uploads.validate_upload(upload)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert refused.value.code == "type"
    assert peak < upload.size + 1024 * 1024, peak


def test_too_many_entries_are_refused(settings, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 10)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for n in range(11):
            archive.writestr(f"word/part{n}.xml", "<w/>")

    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload(SimpleUploadedFile("verslag.docx", buffer.getvalue()))

    assert refused.value.code == "zip_bomb"


def test_a_highly_compressed_document_above_the_ratio_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:p/>" * 400_000)  # 2.4 MB of XML in a few KB

    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload(SimpleUploadedFile("verslag.docx", buffer.getvalue()))

    assert refused.value.code == "zip_bomb"


# --- The request body ------------------------------------------------------------------------------


def ok_view(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


def test_a_body_declared_above_the_cap_is_refused_with_413_before_it_is_read(settings):
    settings.MAX_REQUEST_BODY = 1024
    request = RequestFactory().post("/casussen/", data=b"x" * 10, content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(50 * 1024 * 1024)

    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()

    response = RequestBodyLimitMiddleware(ok_view)(request)

    assert response.status_code == 413
    assert "te groot" in response.content.decode()


def test_a_body_within_the_cap_passes(settings):
    settings.MAX_REQUEST_BODY = 1024
    request = RequestFactory().post("/casussen/", data=b"x" * 10, content_type="application/octet-stream")

    assert RequestBodyLimitMiddleware(ok_view)(request).status_code == 200


def test_the_cap_is_the_first_middleware_and_covers_an_upload_of_the_allowed_size(settings):
    assert settings.MIDDLEWARE[0] == "core.middleware.RequestBodyLimitMiddleware"
    assert uploads.MAX_UPLOAD_BYTES < settings.MAX_REQUEST_BODY <= uploads.MAX_UPLOAD_BYTES + 2 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < settings.MAX_REQUEST_BODY


@pytest.mark.django_db
def test_an_oversized_upload_through_the_client_gets_413(client_for, facilitator, settings):
    settings.MAX_REQUEST_BODY = 64 * 1024
    client = client_for(facilitator)

    response = client.post(
        "/casussen/", {"file": SimpleUploadedFile("groot.pdf", b"%PDF-" + b"0" * (128 * 1024))}
    )

    assert response.status_code == 413


def test_the_size_refusal_names_the_limit_that_applies(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 1024 * 1024)

    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload(SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n" + b"x" * (2 * 1024 * 1024)))

    assert refused.value.code == "too_large"
    assert refused.value.messages == ["Het bestand is groter dan 1 MB."]
