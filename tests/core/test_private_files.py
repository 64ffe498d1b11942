"""core.private_files: storing, serving and removing a private file, for any ``PrivateFile`` subclass.

The case ``Document`` stands in for a concrete subclass (``core`` itself has none).
"""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from cases.models import Case, Document
from core.models import AccessLog
from core.private_files import (
    PrivateFile,
    PrivateFileForm,
    delete_private_file,
    download_response,
    private_upload_to,
    store_upload,
    upload_from_form,
)
from subsidies.models import Attachment
from tests.cases.factories import CaseFactory, DocumentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_documents_and_attachments_are_private_files():
    assert issubclass(Document, PrivateFile)
    assert issubclass(Attachment, PrivateFile)


def test_the_stored_name_is_random_within_the_folder_of_the_parent(facilitator):
    case = CaseFactory(facilitator=facilitator)

    name = private_upload_to(Document(case=case), "jeugdplan Amy.pdf")

    folder, random_name = name.rsplit("/", 1)
    assert folder == f"cases/{case.public_id}"
    assert len(random_name) == 32
    assert "Amy" not in name


def test_store_upload_fills_the_fields_from_the_checked_file_and_logs(facilitator):
    case = CaseFactory(facilitator=facilitator)
    uploaded = SimpleUploadedFile("../plan van aanpak.pdf", PDF, content_type="text/html")

    document = store_upload(Document(case=case), uploaded, actor=facilitator, description="  Plan  ")

    document.refresh_from_db()
    assert document.original_name == "plan_van_aanpak.pdf"
    assert document.content_type == "application/pdf"  # from the content, not the browser's claim
    assert document.size == len(PDF)
    assert document.description == "Plan"
    assert document.uploaded_by == facilitator
    assert document.file.name.startswith(f"cases/{case.public_id}/")
    assert document.file.read() == PDF
    assert AccessLog.objects.filter(
        object_type="cases.document",
        object_id=str(document.pk),
        action=AccessLog.Action.CREATE,
        detail="upload",
    ).exists()


def test_store_upload_refuses_a_disguised_file_and_stores_nothing(facilitator, settings):
    case = CaseFactory(facilitator=facilitator)

    with pytest.raises(ValidationError) as refused:
        store_upload(Document(case=case), SimpleUploadedFile("rapport.pdf", HTML), actor=facilitator)

    assert refused.value.code == "type"
    assert not Document.objects.exists()
    assert stored_files(settings) == []


def test_store_upload_removes_the_file_again_when_the_row_cannot_be_saved(facilitator, settings):
    unsaved_case = Case()  # saving a document of an unsaved case fails after the file was written

    with pytest.raises(ValueError):
        store_upload(Document(case=unsaved_case), SimpleUploadedFile("plan.pdf", PDF), actor=facilitator)

    assert stored_files(settings) == []


def test_delete_removes_the_row_now_and_the_file_on_commit(facilitator, django_capture_on_commit_callbacks):
    document = DocumentFactory(case=CaseFactory(facilitator=facilitator))
    storage, name = document.file.storage, document.file.name
    pk = document.pk

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_private_file(document, actor=facilitator)
    assert not Document.objects.filter(pk=pk).exists()
    assert storage.exists(name)
    for callback in callbacks:
        callback()

    assert not storage.exists(name)
    assert AccessLog.objects.filter(
        object_type="cases.document", object_id=str(pk), action=AccessLog.Action.DELETE, detail="delete"
    ).exists()


def test_download_response_is_a_logged_attachment_that_is_never_sniffed(facilitator):
    document = DocumentFactory(case=CaseFactory(facilitator=facilitator), original_name="verslag juni.pdf")
    request = RequestFactory().get("/")
    request.user = facilitator

    response = download_response(request, document)

    assert response["Content-Disposition"].startswith("attachment;")
    assert "verslag juni.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AccessLog.objects.filter(
        object_type="cases.document",
        object_id=str(document.pk),
        user=facilitator,
        action=AccessLog.Action.VIEW,
        detail="download",
    ).exists()


def test_the_upload_form_refuses_a_disguised_file_as_a_form_error():
    form = PrivateFileForm(data={"description": ""}, files={"file": SimpleUploadedFile("rapport.pdf", HTML)})

    assert not form.is_valid()
    assert "Dit bestandstype is niet toegestaan" in form.errors["file"][0]


def post_request(user):
    request = RequestFactory().post("/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_upload_from_form_hands_the_checked_file_to_the_service_and_says_so(facilitator):
    request = post_request(facilitator)
    form = PrivateFileForm(data={"description": "Plan"}, files={"file": SimpleUploadedFile("plan.pdf", PDF)})
    received = {}

    def store(**kwargs):
        received.update(kwargs)

    stored = upload_from_form(request, form, store=store, success="Toegevoegd.")

    assert stored
    assert received["description"] == "Plan"
    assert received["uploaded_file"].name == "plan.pdf"
    assert [str(m) for m in get_messages(request)] == ["Toegevoegd."]


def test_upload_from_form_reports_a_refusal_of_the_form_or_the_service(facilitator):
    request = post_request(facilitator)
    bad_file = PrivateFileForm(data={}, files={"file": SimpleUploadedFile("rapport.pdf", HTML)})
    good_file = PrivateFileForm(data={}, files={"file": SimpleUploadedFile("plan.pdf", PDF)})

    def refuse(**kwargs):
        raise ValidationError("De casus is afgesloten.")

    assert not upload_from_form(request, bad_file, store=refuse, success="Toegevoegd.")
    assert not upload_from_form(request, good_file, store=refuse, success="Toegevoegd.")

    messages = [str(m) for m in get_messages(request)]
    assert messages[0].startswith("Dit bestandstype is niet toegestaan")
    assert messages[1] == "De casus is afgesloten."
