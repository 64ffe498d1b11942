"""Writes of the reports app: requesting a report (built in the background by ``reports.tasks``)."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import audit
from core.models import AccessLog, Region
from reports import tasks
from reports.models import ReportFormat, ReportRequest
from reports.selectors import regions_for_user


def request_report(
    *, actor, region: Region, period_start: date, period_end: date, format: str
) -> ReportRequest:
    """Record a request for a region the actor may report on; the file is built after commit."""
    if not regions_for_user(actor).filter(pk=region.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        report = ReportRequest.objects.create(
            requested_by=actor, region=region, period_start=period_start, period_end=period_end, format=format
        )
        audit.record(actor, AccessLog.Action.CREATE, report)
        transaction.on_commit(lambda: tasks.build_report.delay(report.pk))
    return report


def request_report_set(*, actor, region: Region, period_start: date, period_end: date) -> ReportRequest:
    """One request for PDF, CSV and XLSX together (one batch); returns the PDF row, whose job builds
    the report once and writes all three files after commit."""
    if not regions_for_user(actor).filter(pk=region.pk).exists():
        raise PermissionDenied
    batch = uuid.uuid4()
    with transaction.atomic():
        reports = [
            ReportRequest.objects.create(
                requested_by=actor,
                region=region,
                period_start=period_start,
                period_end=period_end,
                format=fmt,
                batch=batch,
            )
            for fmt in (ReportFormat.PDF, ReportFormat.CSV, ReportFormat.XLSX)
        ]
        audit.record(actor, AccessLog.Action.CREATE, reports[0], detail="pdf, csv en xlsx")
        transaction.on_commit(lambda: tasks.build_report.delay(reports[0].pk))
    return reports[0]
