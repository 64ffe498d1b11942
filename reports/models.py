"""Requests for regional reports. The files hold aggregates only and expire after 30 days."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import default_report_expiry, region_ref
from core.jobs import JobStatus, PeriodReport, generated_upload_to


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")


# The status of a report request is the status of any generated-file job.
ReportStatus = JobStatus


# The initial migration names the expiry default by this name.
default_expiry = default_report_expiry


# The initial migration names the upload path by this name.
report_upload_to = generated_upload_to


class ReportRequest(PeriodReport):
    """A regional report for one region and period, built by ``reports.tasks.build_report``."""

    region = region_ref("+")
    format = models.CharField(_("formaat"), max_length=4, choices=ReportFormat.choices)
    # One request builds PDF, CSV and XLSX together: three rows sharing a batch; the PDF row's job
    # builds the report once and writes the other two files (``reports.generation.build_file``).
    batch = models.UUIDField(null=True, blank=True, editable=False, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rapportageverzoek")
        verbose_name_plural = _("rapportageverzoeken")
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="report_requester_idx"),
            models.Index(fields=["status", "expires_at"], name="report_status_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.period_label} ({self.format})"

    task_name = "reports.tasks.build_report"

    def upload_folder(self) -> str:
        return f"reports/{self.public_id}"

    @property
    def filename(self) -> str:
        return f"regiorapportage-{self.region.code}-{self.period_slug}.{self.format}"

    def build(self, progress) -> bytes:
        from reports.generation import build_file  # noqa: PLC0415  (renderers import WeasyPrint lazily)

        return build_file(self, progress)

    def batch_files(self) -> list[ReportRequest]:
        """The files of this request: itself, or PDF, CSV and XLSX of its batch."""
        if self.batch is None:
            return [self]
        order = {ReportFormat.PDF: 0, ReportFormat.CSV: 1, ReportFormat.XLSX: 2}
        return sorted(ReportRequest.objects.filter(batch=self.batch), key=lambda r: order.get(r.format, 3))

    def link(self) -> str:
        return settings.SITE_URL + reverse("reports:detail", args=[self.public_id])

    def notify_ready(self) -> None:
        from reports.generation import notify_ready  # noqa: PLC0415

        notify_ready(self)
