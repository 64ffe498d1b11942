"""Writes of the reports app: requesting a report (built in the background by ``reports.tasks``)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import audit
from core.models import AccessLog, Region
from reports import tasks
from reports.models import ReportRequest
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
