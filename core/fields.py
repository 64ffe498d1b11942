"""Field factories for model declarations that recur across the apps with the same arguments.

Each factory returns an ordinary Django field, so a migration sees exactly what the written-out
declaration gave (same arguments, same deconstruction). Call it where the field stands in the class
body; the field keeps its place in the model:

    author = required_user(_("vastgelegd door"))
    decided_by = optional_user(_("besloten door"), on_delete=models.PROTECT)
    organisation = optional_ref(Organisation, _("organisatie"))
    case = required_ref(Case, _("casus"))
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def required_ref(to, verbose_name=None, *, on_delete=models.PROTECT, related_name: str | None = "+"):
    """A reference that must be set; by default its target cannot be deleted while it is referred to
    (``PROTECT``) and has no reverse accessor."""
    return models.ForeignKey(to, on_delete=on_delete, related_name=related_name, verbose_name=verbose_name)


def required_user(verbose_name=None, *, on_delete=models.PROTECT, related_name: str | None = "+"):
    """A user who must be set, e.g. who recorded a row (see ``required_ref``)."""
    return required_ref(
        settings.AUTH_USER_MODEL, verbose_name, on_delete=on_delete, related_name=related_name
    )


def optional_ref(to, verbose_name=None, *, on_delete=models.SET_NULL, related_name: str | None = "+"):
    """A reference that may be empty (``null``, ``blank``); by default emptied when the target is deleted
    (``SET_NULL``) and without a reverse accessor."""
    return models.ForeignKey(
        to, on_delete=on_delete, null=True, blank=True, related_name=related_name, verbose_name=verbose_name
    )


def optional_user(verbose_name=None, *, on_delete=models.SET_NULL, related_name: str | None = "+"):
    """A user who may be empty, e.g. who handled something that may still be open (see ``optional_ref``)."""
    return optional_ref(
        settings.AUTH_USER_MODEL, verbose_name, on_delete=on_delete, related_name=related_name
    )


def region_ref(related_name: str):
    """The youth region a row belongs to (its scope); a region with rows cannot be deleted."""
    return required_ref("core.Region", _("regio"), related_name=related_name)


def expiry_in(days: int) -> datetime:
    """When a generated file kept ``days`` days expires if it is made now."""
    return timezone.now() + timedelta(days=days)


def default_report_expiry() -> datetime:
    """When a generated report file expires: ``settings.REPORT_RETENTION_DAYS`` from now."""
    return expiry_in(settings.REPORT_RETENTION_DAYS)


def expiry_field(default):
    """The expiry moment of a generated file, ``default`` a callable such as ``default_report_expiry``
    (a module-level function: migrations name it); a periodic job deletes the file after it."""
    return models.DateTimeField(_("verloopt op"), default=default)


def report_expires_at():
    """The expiry moment of a generated report file (``default_report_expiry``)."""
    return expiry_field(default_report_expiry)
