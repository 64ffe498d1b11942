"""Building a requested report file (run by ``reports.tasks``) and removing expired ones."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.content import build_regional_report
from reports.models import ReportFormat, ReportRequest, ReportStatus
from reports.renderers import render_csv, render_pdf, render_xlsx


def _set_progress(report: ReportRequest, progress: int, **fields) -> None:
    ReportRequest.objects.filter(pk=report.pk).update(progress=progress, **fields)


def run_report(report_id: int) -> None:
    """Build the file of a queued request; safe to run twice (a finished request is left alone)."""
    with transaction.atomic():
        report = ReportRequest.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status not in (ReportStatus.QUEUED, ReportStatus.FAILED):
            return
        report.status = ReportStatus.RUNNING
        report.progress = 5
        report.save(update_fields=["status", "progress"])
    try:
        content = build_regional_report(
            region=report.region,
            period_start=report.period_start,
            period_end=report.period_end,
            progress=lambda pct: _set_progress(report, pct),
        )
        if report.format == ReportFormat.PDF:
            data = render_pdf(content)
        elif report.format == ReportFormat.XLSX:
            data = render_xlsx(content)
        else:
            data = "".join(render_csv(content)).encode("utf-8-sig")
        report.file.save(report.filename, ContentFile(data), save=False)
        report.status, report.progress, report.finished_at = ReportStatus.DONE, 100, timezone.now()
        report.save(update_fields=["file", "status", "progress", "finished_at"])
    except Exception as exc:
        _set_progress(report, 0, status=ReportStatus.FAILED, error=type(exc).__name__)
        raise
    _notify_ready(report)


def _notify_ready(report: ReportRequest) -> None:
    if not report.requested_by.email:
        return
    link = settings.SITE_URL + reverse("reports:detail", args=[report.public_id])
    send_mail(
        _("Jeugdcasus: uw regionale rapportage staat klaar"),
        _(
            "De regionale rapportage die u heeft aangevraagd, staat klaar. U kunt hem 30 dagen downloaden "
            "nadat u bent ingelogd:\n\n%(link)s"
        )
        % {"link": link},
        settings.DEFAULT_FROM_EMAIL,
        [report.requested_by.email],
    )


def remove_expired_reports(*, now: datetime | None = None) -> int:
    """Delete the files of requests past ``expires_at`` and mark them expired. Returns how many."""
    now = now or timezone.now()
    expired = ReportRequest.objects.filter(expires_at__lte=now).exclude(status=ReportStatus.EXPIRED)
    count = 0
    for report in expired.iterator():
        if report.file:
            report.file.delete(save=False)
        report.status, report.file = ReportStatus.EXPIRED, ""
        report.save(update_fields=["status", "file"])
        count += 1
    return count
