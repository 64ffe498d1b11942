"""Writes of the client's access report (AVG art. 15): requesting it, its download, its expiry.

Keyword-only, one transaction each; the request and the download are logged on the case, so the
case's file history (and the next report) shows them. Retention and erasure live in ``retention.py``
and ``erasure.py``.
"""

from __future__ import annotations

from datetime import date

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case
from core import audit
from core.models import AccessLog
from privacy import tasks
from privacy.models import AccessReport


def request_access_report(
    *, actor, case: Case, recipient: str, period_start: date, period_end: date
) -> AccessReport:
    """Queue the access report of ``case`` for ``recipient``; the PDF is built after commit.

    Only the case's team may ask (``privacy.request_access_report``). The request is logged on the case.
    """
    if not rules.has_perm("privacy.request_access_report", actor, case):
        raise PermissionDenied
    if period_start > period_end:
        raise ValidationError({"period_end": _("De einddatum ligt vóór de begindatum.")})
    with transaction.atomic():
        report = AccessReport.objects.create(
            requested_by=actor,
            case=case,
            recipient=recipient,
            period_start=period_start,
            period_end=period_end,
        )
        audit.record(actor, AccessLog.Action.EXPORT, case, detail="inzageverslag aangevraagd")
        transaction.on_commit(lambda: tasks.build_access_report.delay(report.pk))
    return report


def record_access_report_download(*, actor, report: AccessReport) -> None:
    audit.record(actor, AccessLog.Action.EXPORT, report.case, detail="inzageverslag gedownload")
