"""The track report: findings and recommendations grouped by theme, and sessions held against planned
per team, as a PDF for the project group (WeasyPrint). It names learning cases by code only and never
reads ``cases``, so no case reference, name or initials can reach it."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.pdf import render_to_pdf
from learning import selectors
from learning.models import TrackReport, TrackReportStatus


def _set_progress(report: TrackReport, progress: int, **fields) -> None:
    TrackReport.objects.filter(pk=report.pk).update(progress=progress, **fields)


def render_track_report_pdf(report: TrackReport) -> bytes:
    track = report.track
    teams = list(selectors.teams_of_track(track))
    pdf = render_to_pdf(
        "learning/report_pdf.html",
        {
            "track": track,
            "teams": teams,
            "planned_total": sum(t.planned_sessions for t in teams),
            "held_total": sum(t.sessions_held for t in teams),
            "themes": selectors.findings_by_theme(track),
            "meetings": selectors.project_group_meetings(track),
            "generated_on": timezone.localdate(),
        },
        title=str(track),
    )
    _set_progress(report, 60)
    return pdf


def run_track_report(report_id: int) -> None:
    """Build the PDF of a queued report; safe to run twice (a finished report is left alone)."""
    with transaction.atomic():
        report = TrackReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status not in (TrackReportStatus.QUEUED, TrackReportStatus.FAILED):
            return
        report.status, report.progress = TrackReportStatus.RUNNING, 10
        report.save(update_fields=["status", "progress"])
    try:
        data = render_track_report_pdf(report)
        report.file.save("report.pdf", ContentFile(data), save=False)
        report.status, report.progress, report.finished_at = TrackReportStatus.DONE, 100, timezone.now()
        report.save(update_fields=["file", "status", "progress", "finished_at"])
    except Exception as exc:
        _set_progress(report, 0, status=TrackReportStatus.FAILED, error=type(exc).__name__)
        raise
