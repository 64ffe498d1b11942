"""Decision deadlines for grant applications (DESIGN.md, "Working days" and "Suspension").

The decision term runs in working days from the day after receipt. An invitation to complete the
request suspends it (Awb 4:15 lid 1 sub a): the Europe/Amsterdam dates strictly after the invitation's
date and strictly before the completion's date do not count. A lapsed completion term ends the
suspension on the day it lapsed, which the caller passes as the completion moment
(``CompletionRequest.suspension``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from core.formatting import AMSTERDAM, day_end
from core.workdays import WorkingDayCalendar, get_calendar

# The decision term of a case-bound scheme (the scheme's own term, ``GrantScheme.decision_working_days``,
# defaults to it).
DEFAULT_DECISION_WORKING_DAYS = 5

Suspension = tuple[datetime, datetime | None]


def _amsterdam_date(moment: datetime, name: str) -> date:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
    return moment.astimezone(AMSTERDAM).date()


def _suspended_spans(suspensions: Iterable[Suspension]) -> list[tuple[date, date | None]]:
    """Each suspension as (invitation date, completion date); ``None`` for a suspension still open."""
    spans = []
    for invited_at, completed_at in suspensions:
        start = _amsterdam_date(invited_at, "invited_at")
        end = None if completed_at is None else _amsterdam_date(completed_at, "completed_at")
        if end is not None and end < start:
            raise ValueError("completed_at lies before invited_at")
        spans.append((start, end))
    return spans


def decision_due_date(
    received_at: datetime,
    working_days: int = DEFAULT_DECISION_WORKING_DAYS,
    *,
    suspensions: Iterable[Suspension] = (),
    calendar: WorkingDayCalendar | None = None,
) -> date | None:
    """The last day on which the committee may decide on an application received at ``received_at``.

    The day of receipt (in Europe/Amsterdam) does not count; the deadline is the ``working_days``-th
    working day after it (Atw, plus decree days and closures) that is not suspended. ``suspensions``
    are ``(invited_at, completed_at)`` pairs: the dates strictly between the two (Amsterdam dates) are
    suspended, so the due date moves by the suspended working days met before it is reached;
    overlapping suspensions count once and an invitation on or after the due date moves nothing.
    Returns ``None`` while a suspension that the term reaches is open (``completed_at`` is ``None``).

    Every moment must be aware (a naive one raises ``ValueError``), and no completion may lie before
    its invitation. Pass ``calendar`` to reuse one calendar over many applications.
    """
    received_on = _amsterdam_date(received_at, "received_at")
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    spans = _suspended_spans(suspensions)
    calendar = calendar or get_calendar()
    if not spans:
        return calendar.add_working_days(received_on, working_days)
    day, remaining = received_on, working_days
    while remaining:
        day += timedelta(days=1)
        suspended = [end for start, end in spans if start < day and (end is None or day < end)]
        if None in suspended:
            return None  # the term has reached a suspension that has not ended
        if not suspended and calendar.is_working_day(day):
            remaining -= 1
    return day


def counted_working_days(
    received_at: datetime,
    until: date,
    *,
    suspensions: Iterable[Suspension] = (),
    calendar: WorkingDayCalendar | None = None,
) -> int:
    """The working days of the term used from the day after receipt up to and including ``until``:
    suspended dates (as in ``decision_due_date``; an open suspension runs on) do not count."""
    received_on = _amsterdam_date(received_at, "received_at")
    spans = _suspended_spans(suspensions)
    calendar = calendar or get_calendar()
    return sum(
        1
        for n in range(1, (until - received_on).days + 1)
        if calendar.is_working_day(day := received_on + timedelta(days=n))
        and not any(start < day and (end is None or day < end) for start, end in spans)
    )


def decision_deadline(
    received_at: datetime,
    working_days: int = DEFAULT_DECISION_WORKING_DAYS,
    *,
    suspensions: Iterable[Suspension] = (),
    calendar=None,
) -> datetime | None:
    """The deadline as a moment: 23:59:59 Europe/Amsterdam on ``decision_due_date`` (``None`` while
    suspended)."""
    due = decision_due_date(received_at, working_days, suspensions=suspensions, calendar=calendar)
    return None if due is None else day_end(due)
