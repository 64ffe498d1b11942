"""Home-page panels of the expert team (``core.dashboard``): what needs the facilitator today, and the
coordinator's view of the workload per facilitator.

Each panel reads in a fixed number of queries however many cases, actions and moments there are
(tests/core/test_home_pages.py pins them).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Value
from django.utils import timezone

from cases.models import Case, CaseStatus
from cases.selectors import action_overdue, cases_for_user
from core.models import Role, User
from expertteams.care_models import FollowUp
from expertteams.selectors import open_actions_for_user

# What "due" means on the home page: overdue, or due within this many days.
DUE_WITHIN_DAYS = 7
ROWS_SHOWN = 6


def my_day(user, *, today: date | None = None) -> dict:
    """The facilitator's day: their open actions that are overdue or due soon, the review and aftercare
    moments they own that are due soon, and the cases they changed last. Three queries."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=DUE_WITHIN_DAYS)
    actions = list(
        open_actions_for_user(user, today=today).filter(owner=user, due_on__lte=horizon)[:ROWS_SHOWN]
    )
    moments = list(
        FollowUp.objects.filter(
            case__in=cases_for_user(user).values("pk"),
            owner=user,
            resolved_at__isnull=True,
            due_on__lte=horizon,
        )
        .select_related("case")
        .order_by("due_on", "pk")[:ROWS_SHOWN]
    )
    recent = list(
        cases_for_user(user)
        .filter(facilitator=user)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-updated_at", "-pk")[:ROWS_SHOWN]
    )
    return {"today": today, "actions": actions, "moments": moments, "recent": recent}


def workload(user, *, today: date | None = None) -> list[User]:
    """The facilitators of the user's coordinated teams with ``open_cases`` (not closed, in those teams)
    and ``overdue_actions``: how many of those cases have an action past its date (the case list's
    signal "Acties over de datum", so the figure matches the filtered list). Two queries: the
    facilitators, and one pass over the teams' cases grouped by facilitator (counting the actions
    themselves meant joining every step of the team's cases: about a second for a team of 25,000)."""
    today = today or timezone.localdate()
    teams = user.team_ids(Role.COORDINATOR)
    if not teams:
        return []
    per_facilitator = {
        row["facilitator"]: row
        for row in Case.objects.filter(expert_team_id__in=teams)
        .exclude(status=CaseStatus.CLOSED)
        .order_by()
        .values("facilitator")
        # COUNT(*) and COUNT(1): no column of the row, so the pass reads the index alone
        # (``case_team_open_workload_idx``: 11 → 2 ms for a team of 25,000).
        .annotate(open_cases=Count("*"), overdue=Count(Value(1), filter=action_overdue(today)))
    }
    facilitators = list(
        User.objects.filter(roles__role=Role.FACILITATOR, roles__expert_team_id__in=teams).distinct()
    )
    for person in facilitators:
        row = per_facilitator.get(person.pk, {})
        person.open_cases = row.get("open_cases", 0)
        person.overdue_actions = row.get("overdue", 0)
    facilitators.sort(key=lambda p: (-p.overdue_actions, -p.open_cases, p.last_name, p.first_name, p.pk))
    return facilitators


def my_day_panel(request) -> dict:
    return my_day(request.user)


def workload_panel(request) -> dict | None:
    if not request.user.team_ids(Role.COORDINATOR):
        return None
    facilitators = workload(request.user)
    return {
        "facilitators": facilitators,
        "total_open": sum(f.open_cases for f in facilitators),
        "total_overdue": sum(f.overdue_actions for f in facilitators),
    }
