"""Reads of the privacy app: the accesses to a case file, the access log by reference, retention and
erasure work lists. Access to a case is checked by the caller (``cases.selectors.get_case_for_request``
and ``privacy.rules``); these functions only read."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from cases.models import Case
from core.models import AccessLog, User
from privacy.case_file import access_log_condition, access_log_union, file_ids_sql, object_condition
from privacy.models import AccessReport, ErasureRequest, RetentionDecision, RetentionReview
from subsidies.models import GrantApplication

# What the team's "who viewed this file" shows: reads and exports, not the team's own writes.
READ_ACTIONS = (AccessLog.Action.VIEW, AccessLog.Action.EXPORT, AccessLog.Action.PRINT)


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def case_accesses(case: Case) -> QuerySet[AccessLog]:
    """Who viewed or exported ``case``'s file (the case, its content, its applications), newest first."""
    return (
        AccessLog.objects.filter(access_log_condition(case), action__in=READ_ACTIONS)
        .select_related("user")
        .order_by("-timestamp", "-id")
    )


def recent_case_accesses(case: Case, limit: int) -> list[AccessLog]:
    """The newest ``limit`` reads and exports of ``case``'s file in one query, each row with
    ``user_full_name`` (the case page's section, whose query budget allows it one query).

    On PostgreSQL the file's ids (``case_file.file_ids_sql``) drive one index lookup each in the access
    log (a LATERAL join), so the cost follows the size of the file, not of the log; elsewhere a UNION ALL
    of one branch per object type (``case_file.access_log_union``)."""
    if connection.vendor == "postgresql":
        ids_sql, ids_params = file_ids_sql(case)
        actions = ", ".join(["%s"] * len(READ_ACTIONS))
        # Only our own compiled SQL and placeholders go into the string; every value is a parameter.
        rows = list(
            AccessLog.objects.raw(
                f"""WITH file_ids(object_type, object_id) AS ({ids_sql})
                SELECT a.*, u.first_name AS user_first_name, u.last_name AS user_last_name
                FROM file_ids f CROSS JOIN LATERAL (
                    SELECT * FROM core_accesslog l
                    WHERE l.object_type = f.object_type AND l.object_id = f.object_id AND l.action IN ({actions})
                    ORDER BY l.timestamp DESC, l.id DESC LIMIT %s
                ) a LEFT JOIN core_user u ON u.id = a.user_id
                ORDER BY a.timestamp DESC, a.id DESC LIMIT %s""",  # noqa: S608
                [*ids_params, *READ_ACTIONS, limit, limit],
            )
        )
    else:
        base = AccessLog.objects.filter(action__in=READ_ACTIONS).annotate(
            user_first_name=F("user__first_name"), user_last_name=F("user__last_name")
        )
        rows = list(access_log_union(case, base).order_by("-timestamp", "-id")[:limit])
    for row in rows:
        row.user_full_name = f"{row.user_first_name or ''} {row.user_last_name or ''}".strip()
    return rows


def file_accesses(case: Case, *, period_start: date, period_end: date) -> QuerySet[AccessLog]:
    """Every access (read or write) to ``case``'s file between two Amsterdam dates, oldest first."""
    return (
        AccessLog.objects.filter(
            access_log_condition(case),
            timestamp__gte=start_of(period_start),
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
        rows = rows.filter(timestamp__gte=start_of(date_from))
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
            rows = rows.filter(access_log_condition(case))
        elif application is not None:
            rows = rows.filter(object_condition(application))
        else:
            rows = rows.none()
    return rows
