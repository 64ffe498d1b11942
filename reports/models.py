"""Requests for regional reports. The files hold aggregates only and expire after 30 days."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Region


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Wordt gemaakt")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")
    EXPIRED = "expired", _("Verlopen")


def default_expiry():
    return timezone.now() + timedelta(days=settings.REPORT_RETENTION_DAYS)


def report_upload_to(instance: ReportRequest, filename: str) -> str:
    return f"reports/{instance.public_id}/{uuid.uuid4().hex}"


class ReportRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("regio"))
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    format = models.CharField(_("formaat"), max_length=4, choices=ReportFormat.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("voortgang"), default=0)
    file = models.FileField(upload_to=report_upload_to, blank=True)
    error = models.CharField(_("foutmelding"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("verloopt op"), default=default_expiry)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rapportageverzoek")
        verbose_name_plural = _("rapportageverzoeken")
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="report_requester_idx"),
            models.Index(fields=["status", "expires_at"], name="report_status_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.period_start:%d-%m-%Y}–{self.period_end:%d-%m-%Y} ({self.format})"

    @property
    def filename(self) -> str:
        return f"regiorapportage-{self.region.code}-{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}.{self.format}"
