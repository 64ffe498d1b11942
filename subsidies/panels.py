"""The committee member's home-page panel "Uw scores ontbreken" (``core.dashboard``): the submitted
applications that wait for this member's scores before their quorum is reached (``subsidies.clock``).

Six queries however long the queue is: the applications, then the clock's five.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from subsidies.clock import clock_states
from subsidies.models import ApplicationStatus
from subsidies.selectors import committee_applications

ROWS_SHOWN = 6


def scores_missing(user, *, today: date | None = None) -> list:
    """The user's submitted applications that still need their scores (not recused, quorum not yet
    reached, not every criterion scored by them), earliest decision date first."""
    today = today or timezone.localdate()
    applications = list(
        committee_applications(user)
        .filter(status=ApplicationStatus.SUBMITTED)
        .select_related("scheme")
        .order_by("decision_due", "received_at", "pk")
    )
    states = clock_states(applications, today)
    return [
        application
        for application in applications
        if states[application.pk].needs_scores
        and not states[application.pk].quorum_reached
        and user.pk in states[application.pk].must_act
    ]


def scores_missing_panel(request) -> dict:
    missing = scores_missing(request.user)
    return {"applications": missing[:ROWS_SHOWN], "count": len(missing), "today": timezone.localdate()}
