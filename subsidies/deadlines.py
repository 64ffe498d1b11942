"""Decision deadlines for grant applications (DESIGN.md, "Working days")."""

from __future__ import annotations

from datetime import date, datetime, time

from core.formatting import AMSTERDAM
from core.workdays import WorkingDayCalendar, get_calendar


def decision_due_date(
    received_at: datetime, working_days: int = 5, *, calendar: WorkingDayCalendar | None = None
) -> date:
    """The last day on which the committee may decide on an application received at ``received_at``.

    The day of receipt (in Europe/Amsterdam) does not count; the deadline is the ``working_days``-th
    working day after it (Atw, plus decree days and closures). ``received_at`` must be aware: a naive
    datetime raises ``ValueError``. Pass ``calendar`` to reuse one calendar over many applications.
    """
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be an aware datetime")
    calendar = calendar or get_calendar()
    return calendar.add_working_days(received_at.astimezone(AMSTERDAM).date(), working_days)


def decision_deadline(received_at: datetime, working_days: int = 5, *, calendar=None) -> datetime:
    """The deadline as a moment: 23:59:59 Europe/Amsterdam on ``decision_due_date``."""
    due = decision_due_date(received_at, working_days, calendar=calendar)
    return datetime.combine(due, time(23, 59, 59), tzinfo=AMSTERDAM)
