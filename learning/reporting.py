"""The track report: findings and recommendations grouped by theme, and sessions held against planned
per team, as a PDF for the project group (WeasyPrint). It names learning cases by code only and never
reads ``cases``, so no case reference, name or initials can reach it."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from core.jobs import run_job
from core.pdf import render_to_pdf
from learning import selectors
from learning.models import TrackReport


def render_track_report_pdf(report: TrackReport, progress: Callable[[int], None] | None = None) -> bytes:
    track = report.track
    teams = list(selectors.teams_of_track(track))
    pdf = render_to_pdf(
        "learning/report_pdf.html",
        {
            "track": track,
            "teams": teams,
            **selectors.session_totals(teams),
            "themes": selectors.findings_by_theme(track),
            "meetings": selectors.project_group_meetings(track),
            "generated_on": timezone.localdate(),
        },
        title=str(track),
    )
    if progress is not None:
        progress(60)
    return pdf


def run_track_report(report_id: int) -> None:
    """Build the PDF of a queued report; safe to run twice (a finished report is left alone)."""
    run_job(TrackReport, report_id)
