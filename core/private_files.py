"""Private files: one model base, one way to store an upload, one way to serve and remove it.

Every uploaded file that belongs to protected content (a case document, a grant attachment) is a
subclass of the abstract ``PrivateFile``, which adds the link to its parent and ``upload_folder()``.

Contract:

- ``store_upload`` checks the upload with ``core.uploads.validate_upload`` (the type from the content),
  fills the file fields, stores the file under a random name and saves the row. A refused file raises
  ``ValidationError`` (Dutch message) and nothing is stored. The caller checks permissions first.
- ``download_response`` serves a file as an attachment (never inline) and logs the read. The caller
  fetched the object through its app's selector, which raises ``Http404`` when the user may not see
  the parent (so a denial leaks nothing).
- ``delete_private_file`` removes the row now and the stored file when the transaction commits.
- ``upload_from_form`` is the body of an upload view: it validates a ``PrivateFileForm``, hands the file
  to the app's service and reports the outcome as a message (the view redirects back).

Each of them records the access log row (NEN 7513) with the same actions and details for every kind.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import FileResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core import audit, uploads
from core.models import AccessLog
from core.uploads import private_file_response, safe_filename, validate_upload


def private_upload_to(instance: PrivateFile, filename: str) -> str:
    # The stored name never contains the original file name (which may hold personal data).
    return f"{instance.upload_folder()}/{uuid.uuid4().hex}"


class PrivateFile(models.Model):
    """An uploaded file stored privately. Subclasses add the parent and implement ``upload_folder``."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=private_upload_to)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def upload_folder(self) -> str:
        """The storage folder of this file, e.g. ``cases/<public id of the case>``."""
        raise NotImplementedError


class PrivateFileForm(forms.Form):
    """The upload form of a private file; the file is checked here already for a clear form error."""

    file = forms.FileField(
        label=_("Bestand"),
        help_text=format_lazy(
            _("{types}, hoogstens {mb} MB."), types=uploads.ALLOWED_TYPES_TEXT, mb=uploads.max_upload_mb()
        ),
    )
    description = forms.CharField(label=_("Omschrijving"), max_length=200, required=False)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded)
        return uploaded


def store_upload(private_file: PrivateFile, uploaded_file, *, actor, description: str = "") -> PrivateFile:
    """Check ``uploaded_file``, store it as ``private_file`` (unsaved, its parent set) and return it.

    Raises ``ValidationError`` for a refused file; then neither a file nor a row is stored. If saving
    the row fails, the stored file is removed again. Logs the upload as a create.
    """
    content_type = validate_upload(uploaded_file)
    private_file.original_name = safe_filename(uploaded_file.name)
    private_file.content_type = content_type
    private_file.size = uploaded_file.size
    private_file.description = description.strip()
    private_file.uploaded_by = actor
    private_file.file.save("upload", uploaded_file, save=False)
    try:
        private_file.save()
    except Exception:
        private_file.file.delete(save=False)
        raise
    audit.record(actor, AccessLog.Action.CREATE, private_file, detail="upload")
    return private_file


def delete_private_file(private_file: PrivateFile, *, actor) -> None:
    """Log and delete ``private_file``; its stored file goes only once the transaction commits."""
    audit.record(actor, AccessLog.Action.DELETE, private_file, detail="delete")
    storage, name = private_file.file.storage, private_file.file.name
    private_file.delete()
    transaction.on_commit(lambda: storage.delete(name))


def download_response(request, private_file: PrivateFile) -> FileResponse:
    """Log the read and serve ``private_file`` as an attachment with its checked content type.

    Pass only an object fetched through a selector that checks the user's access to its parent.
    """
    audit.record(request.user, AccessLog.Action.VIEW, private_file, detail="download")
    return private_file_response(
        private_file.file, filename=private_file.original_name, content_type=private_file.content_type
    )


def upload_from_form(
    request, form: PrivateFileForm, *, store: Callable[..., PrivateFile], success: str
) -> bool:
    """Store the file of the bound ``form`` with ``store(uploaded_file=..., description=...)`` (the app's
    service, which checks permissions) and flash ``success`` or the Dutch reasons. True when stored."""
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return False
    try:
        store(uploaded_file=form.cleaned_data["file"], description=form.cleaned_data["description"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True
