"""Building a requested report file (run by ``reports.tasks`` through ``core.jobs.run_job``) and
removing expired ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import run_job
from core.services import expire_files
from reports.content import build_regional_report
from reports.models import ReportFormat, ReportRequest, ReportStatus
from reports.renderers import render_csv, render_pdf, render_xlsx

RENDERERS = {
    ReportFormat.PDF: render_pdf,
    ReportFormat.XLSX: render_xlsx,
    # UTF-8 with a byte order mark and ";" between fields: what Excel in the Netherlands opens as is.
    ReportFormat.CSV: lambda content: "".join(render_csv(content)).encode("utf-8-sig"),
}


def build_file(report: ReportRequest, progress: Callable[[int], None]) -> bytes:
    """The file of a report request in its format (run by ``core.jobs.run_job``).

    The job of a batch's PDF builds the report once and also writes the batch's other files that are
    still queued (they are then done; a sibling that runs on its own is left alone by ``run_job``)."""
    content = build_regional_report(
        region=report.region,
        period_start=report.period_start,
        period_end=report.period_end,
        progress=progress,
    )
    if report.batch is not None and report.format == ReportFormat.PDF:
        siblings = ReportRequest.objects.filter(batch=report.batch, status=ReportStatus.QUEUED).exclude(
            pk=report.pk
        )
        for sibling in siblings:
            sibling.file.save(sibling.filename, ContentFile(RENDERERS[sibling.format](content)), save=False)
            sibling.status, sibling.progress, sibling.finished_at = ReportStatus.DONE, 100, timezone.now()
            sibling.save(update_fields=["file", "status", "progress", "finished_at"])
    return RENDERERS[report.format](content)


def run_report(report_id: int) -> None:
    """Build the file of a queued request; safe to run twice (a finished request is left alone)."""
    run_job(ReportRequest, report_id)


def notify_ready(report: ReportRequest) -> None:
    if not report.requested_by.email:
        return
    link = report.link()
    send_mail(
        _("Jeugdcasus: uw regionale rapportage staat klaar"),
        _(
            "De regionale rapportage die u heeft aangevraagd, staat klaar. U kunt hem %(days)s dagen downloaden "
            "nadat u bent ingelogd:\n\n%(link)s"
        )
        % {"link": link, "days": settings.REPORT_RETENTION_DAYS},
        settings.DEFAULT_FROM_EMAIL,
        [report.requested_by.email],
    )


def remove_expired_reports(*, now: datetime | None = None) -> int:
    """Delete the files of requests past ``expires_at`` and mark them expired. Returns how many."""
    return expire_files(ReportRequest, now=now or timezone.now())
