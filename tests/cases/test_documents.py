"""Documents: the type is checked from the content, files are private, downloads are attachments and logged."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import CaseStatus, Document
from core.models import AccessLog
from tests.cases.factories import CaseFactory, ConsentFactory, DocumentFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, case, name: str, content: bytes, content_type: str = "application/pdf"):
    return client.post(
        reverse("cases:document_upload", args=[case.reference]),
        {"file": SimpleUploadedFile(name, content, content_type=content_type), "description": "Verslag"},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content"), [("foto.png", PNG), ("plan.pdf", PDF), ("verslag.docx", docx_bytes())]
)
def test_real_files_are_accepted_and_logged(client_for, facilitator, name, content):
    case = CaseFactory(facilitator=facilitator)

    response = upload(client_for(facilitator), case, name, content)

    document = Document.objects.get(case=case)
    assert "Het document is toegevoegd." in response.content.decode()
    assert document.original_name == name
    assert name not in document.file.name  # the stored name never carries the original name
    assert AccessLog.objects.filter(object_type="cases.document", action=AccessLog.Action.CREATE).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rapport.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
        ("rapport.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
    ],
    ids=["renamed-executable", "html-named-pdf"],
)
def test_disguised_files_are_refused_with_a_clear_message_and_nothing_is_stored(
    client_for, facilitator, settings, name, content
):
    case = CaseFactory(facilitator=facilitator)

    response = upload(client_for(facilitator), case, name, content)

    assert "Dit bestandstype is niet toegestaan" in response.content.decode()
    assert not Document.objects.exists()
    stored = (
        [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []
    )
    assert stored == []


def test_a_png_named_pdf_is_refused(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)

    response = upload(client_for(facilitator), case, "scan.pdf", PNG)

    assert "past niet bij de inhoud" in response.content.decode()
    assert not Document.objects.exists()


def test_upload_to_a_closed_case_is_refused(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, status=CaseStatus.CLOSED)

    client_for(facilitator).post(
        reverse("cases:document_upload", args=[case.reference]),
        {"file": SimpleUploadedFile("plan.pdf", PDF)},
    )

    assert not Document.objects.exists()


def test_download_is_an_attachment_with_nosniff_and_is_logged(client_for, facilitator):
    document = DocumentFactory(case=CaseFactory(facilitator=facilitator), original_name="plan van aanpak.pdf")

    response = client_for(facilitator).get(reverse("cases:document_download", args=[document.public_id]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "plan van aanpak.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(
        object_type="cases.document",
        object_id=str(document.pk),
        action=AccessLog.Action.VIEW,
        detail="download",
    ).exists()


def test_delete_asks_for_confirmation_then_removes_the_file_and_logs(
    client_for, facilitator, django_capture_on_commit_callbacks
):
    document = DocumentFactory(case=CaseFactory(facilitator=facilitator))
    storage, name = document.file.storage, document.file.name
    client = client_for(facilitator)
    url = reverse("cases:document_delete", args=[document.public_id])

    confirm = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    assert 'data-confirm="Weet u het zeker?"' in confirm.content.decode()
    assert not Document.objects.exists()
    assert not storage.exists(name)
    assert AccessLog.objects.filter(object_type="cases.document", action=AccessLog.Action.DELETE).exists()


def test_consent_can_be_withdrawn_and_stays_on_record(client_for, facilitator):
    consent = ConsentFactory(case=CaseFactory(facilitator=facilitator))

    client_for(facilitator).post(reverse("cases:consent_withdraw", args=[consent.case.reference, consent.pk]))

    consent.refresh_from_db()
    assert consent.withdrawn_on is not None
    assert not consent.is_active
