"""Building the client's access report (run by ``privacy.tasks`` through ``core.jobs.run_job``).

The PDF lists every row of the access log about the case's file in the period, oldest first: when
(Amsterdam time), who (name, role and team or organisation at the time), what, and why (the reason given
when breaking the glass, otherwise the purpose of the role).
"""

from __future__ import annotations

from collections.abc import Callable

from core.pdf import render_to_pdf
from privacy import people
from privacy.models import AccessReport
from privacy.selectors import file_accesses


def build_pdf(report: AccessReport, progress: Callable[[int], None]) -> bytes:
    rows = list(file_accesses(report.case, period_start=report.period_start, period_end=report.period_end))
    progress(40)
    accesses = people.describe(rows, people.scope_names(rows), with_purpose=True)
    progress(60)
    return render_to_pdf(
        "privacy/access_report_pdf.html",
        {"report": report, "case": report.case, "accesses": accesses},
        title=f"Inzageverslag {report.case.reference}",
        moment=report.created_at,
    )
