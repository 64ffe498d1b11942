"""Retention of closed files (Jeugdwet 7.3.8): when a file may be destroyed, the daily listing of due
files, and the administrator's decision: keep with a reason until a date, or destroy.

A file is never destroyed by a job, only by a person; the job only lists. Keyword-only services, one
transaction each, each decision logged on the case.
"""

from __future__ import annotations

from datetime import date, datetime

import rules
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseStatus
from core import audit
from core.formatting import amsterdam_date, day_start, format_date
from core.models import AccessLog
from core.services import expire_files
from privacy.destruction import destroy_case_data
from privacy.models import AccessReport, RetentionDecision, RetentionReview


def destroy_not_before(closed_at: datetime) -> date:
    """The first day a closed file may be destroyed: the closing date (Amsterdam) plus the retention
    period (``RETENTION_YEARS``, 20 by default, Jeugdwet 7.3.8). 29 February moves to 28 February."""
    return amsterdam_date(closed_at) + relativedelta(years=settings.RETENTION_YEARS)


def is_due(case: Case, today: date) -> bool:
    """The file of ``case`` may be destroyed on ``today``: closed, and past ``destroy_not_before`` of its
    current closing moment (a follow-up can reopen a case; closing again moves the date)."""
    return (
        case.status == CaseStatus.CLOSED
        and case.closed_at is not None
        and destroy_not_before(case.closed_at) <= today
    )


def due_cases(*, today: date | None = None):
    """Closed cases past their retention period with no open review, not destroyed, and not kept
    beyond ``today`` (a keep decision lists the file again after its date)."""
    today = today or timezone.localdate()
    # A day's margin in SQL for the time zone and leap days; the exact date is checked in Python.
    bound = day_start(today - relativedelta(years=settings.RETENTION_YEARS) + relativedelta(days=2))
    blocking = (
        RetentionReview.objects.filter(decision=RetentionDecision.PENDING)
        | RetentionReview.objects.filter(decision=RetentionDecision.DESTROY)
        | RetentionReview.objects.filter(decision=RetentionDecision.KEEP, keep_until__gt=today)
    )
    candidates = (
        Case.objects.filter(status=CaseStatus.CLOSED, closed_at__isnull=False, closed_at__lt=bound)
        .only("pk", "closed_at")
        .exclude(pk__in=blocking.values("case_id"))
        .order_by("closed_at", "pk")
    )
    return [case for case in candidates if destroy_not_before(case.closed_at) <= today]


def list_due_files(*, today: date | None = None) -> int:
    """Put every due closed file before the administrators (a pending ``RetentionReview``).

    Safe to run twice or in parallel: one open review per case is a database constraint, and a
    conflicting insert is skipped. Returns how many due files it found.
    """
    today = today or timezone.localdate()
    withdraw_reviews_no_longer_due(today=today)
    cases = due_cases(today=today)
    created = RetentionReview.objects.bulk_create(
        [RetentionReview(case=case, destroy_not_before=destroy_not_before(case.closed_at)) for case in cases],
        ignore_conflicts=True,
    )
    return len(created)


def withdraw_reviews_no_longer_due(*, today: date) -> int:
    """Remove open reviews of files that are no longer due: reopened by a follow-up, or closed again
    later (the job lists them again when their new date comes). Returns how many were removed."""
    stale = [
        review.pk
        for review in RetentionReview.objects.filter(decision=RetentionDecision.PENDING).select_related(
            "case"
        )
        if not is_due(review.case, today)
    ]
    return RetentionReview.objects.filter(pk__in=stale, decision=RetentionDecision.PENDING).delete()[0]


def _locked_pending(review: RetentionReview) -> RetentionReview:
    locked = RetentionReview.objects.select_for_update().select_related("case").get(pk=review.pk)
    if locked.decision != RetentionDecision.PENDING:
        raise ValidationError(_("Over dit dossier is al besloten."))
    return locked


def keep_file(*, review: RetentionReview, actor, reason: str, keep_until: date) -> RetentionReview:
    """Keep a due file longer: a reason and a date are required; the job lists it again after that date."""
    if not rules.has_perm("privacy.manage", actor):
        raise PermissionDenied
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Geef een reden om het dossier langer te bewaren.")
    if keep_until <= timezone.localdate():
        errors["keep_until"] = _("Kies een datum in de toekomst.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_pending(review)
        locked.decision, locked.reason, locked.keep_until = RetentionDecision.KEEP, reason.strip(), keep_until
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.save(update_fields=["decision", "reason", "keep_until", "decided_by", "decided_at"])
        audit.record(
            actor,
            AccessLog.Action.CHANGE,
            locked.case,
            detail=f"bewaartermijn verlengd tot {format_date(keep_until)}",
        )
    return locked


def destroy_case(
    *, case: Case, actor, review: RetentionReview | None, reason: str, detail: str
) -> RetentionReview:
    destroy_case_data(case)
    if review is None:
        review = RetentionReview(
            case=case, destroy_not_before=destroy_not_before(case.closed_at or timezone.now())
        )
    review.decision, review.reason = RetentionDecision.DESTROY, reason.strip()
    review.decided_by, review.decided_at = actor, timezone.now()
    review.save()
    audit.record(actor, AccessLog.Action.DELETE, case, detail=detail)
    return review


def destroy_file(*, review: RetentionReview, actor, reason: str = "") -> RetentionReview:
    """Destroy a due file (``privacy.destruction``); the review and an access-log row record it.

    Checked again under the lock, since the file was listed: it must still be closed (a follow-up can
    reopen a case) and past its date from its current closing date (closing again moves the date).
    """
    if not rules.has_perm("privacy.manage", actor):
        raise PermissionDenied
    with transaction.atomic():
        locked = _locked_pending(review)
        case = Case.objects.select_for_update().get(pk=locked.case_id)
        if not is_due(case, timezone.localdate()):
            if case.status != CaseStatus.CLOSED:
                raise ValidationError(_("De casus is weer geopend en wordt niet vernietigd."))
            raise ValidationError(_("De bewaartermijn van dit dossier is nog niet verstreken."))
        return destroy_case(
            case=case,
            actor=actor,
            review=locked,
            reason=reason,
            detail="dossier vernietigd (bewaartermijn)",
        )


def remove_expired_access_reports(*, now: datetime | None = None) -> int:
    """Delete the files of access reports past ``expires_at``; they hold names of professionals."""
    return expire_files(AccessReport, now=now or timezone.now())
