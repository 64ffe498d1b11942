"""Reads of the privacy app: the accesses to a case file, the access log by reference, retention and
erasure work lists. Access to a case is checked by the caller (``cases.selectors.get_case_for_request``
and ``privacy.rules``); these functions only read."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from cases.models import Case
from core.formatting import day_start
from core.models import AccessLog, User
from privacy.case_file import object_condition
from privacy.models import AccessReport, ErasureRequest, RetentionDecision, RetentionReview
from subsidies.models import GrantApplication

# What the team's "who viewed this file" shows: reads and exports, not the team's own writes.
READ_ACTIONS = (AccessLog.Action.VIEW, AccessLog.Action.EXPORT, AccessLog.Action.PRINT)


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def case_accesses(case: Case) -> QuerySet[AccessLog]:
    """Who viewed or exported ``case``'s file (the case, its content, its applications), newest first:
    one range of the index ``accesslog_file_idx`` (``AccessLog.file_case_id``, set when the row is
    written), however large the file or the log."""
    return (
        AccessLog.objects.filter(file_case_id=case.pk, action__in=READ_ACTIONS)
        .select_related("user")
        .order_by("-timestamp", "-id")
    )


def recent_case_accesses(case: Case, limit: int) -> list[AccessLog]:
    """The newest ``limit`` reads and exports of ``case``'s file in one query (the case page's section).
    Looking the file's rows up one by one in the log cost 200 ms for a case of 1,000 steps."""
    return list(case_accesses(case)[:limit])


def file_accesses(case: Case, *, period_start: date, period_end: date) -> QuerySet[AccessLog]:
    """Every access (read or write) to ``case``'s file between two Amsterdam dates, oldest first: the
    rows that name the case as their file (``AccessLog.file_case_id``), also those about rows deleted
    since (a document, a destroyed file's content)."""
    return (
        AccessLog.objects.filter(
            file_case_id=case.pk,
            timestamp__gte=day_start(period_start),
            timestamp__lte=end_of(period_end),
        )
        .select_related("user")
        .order_by("timestamp", "id")
    )


def access_reports_of(case: Case) -> QuerySet[AccessReport]:
    return AccessReport.objects.filter(case=case).select_related("requested_by", "case")


def pending_reviews() -> QuerySet[RetentionReview]:
    return RetentionReview.objects.filter(decision=RetentionDecision.PENDING).select_related("case")


def decided_reviews() -> QuerySet[RetentionReview]:
    return (
        RetentionReview.objects.exclude(decision=RetentionDecision.PENDING)
        .select_related("case", "decided_by")
        .order_by("-decided_at", "-id")
    )


def destroyed_case_ids() -> QuerySet:
    return RetentionReview.objects.filter(decision=RetentionDecision.DESTROY).values("case_id")


def is_destroyed(case: Case) -> bool:
    return RetentionReview.objects.filter(case=case, decision=RetentionDecision.DESTROY).exists()


def open_erasure_requests() -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.filter(status__in=ErasureRequest.OPEN).select_related("case")


def erasure_requests() -> QuerySet[ErasureRequest]:
    return ErasureRequest.objects.select_related("case", "recorded_by").order_by("-recorded_at", "-id")


def filtered_access_log(
    *, date_from=None, date_to=None, user: str = "", reference: str = "", action: str = ""
) -> QuerySet[AccessLog]:
    """The access log filtered by period (Amsterdam dates), user (username or name), action and a case
    or application reference (the object and everything in its file). An unknown reference matches nothing."""
    rows = AccessLog.objects.select_related("user").order_by("-timestamp", "-id")
    if action:
        rows = rows.filter(action=action)
    if date_from:
        rows = rows.filter(timestamp__gte=day_start(date_from))
    if date_to:
        rows = rows.filter(timestamp__lte=end_of(date_to))
    if user:
        users = User.objects.filter(
            Q(username__iexact=user) | Q(first_name__icontains=user) | Q(last_name__icontains=user)
        )
        # The matching users first, then the log through its (user, time) index: a condition on the
        # log's own username column would scan the whole log (0.5 s on a million rows).
        rows = rows.filter(user_id__in=list(users.values_list("pk", flat=True)))
    if reference:
        reference = reference.strip().upper()
        case = Case.objects.filter(reference=reference).first()
        application = None if case else GrantApplication.objects.filter(reference=reference).first()
        if case is not None:
            rows = rows.filter(file_case_id=case.pk)
        elif application is not None:
            rows = rows.filter(object_condition(application))
        else:
            rows = rows.none()
    return rows
