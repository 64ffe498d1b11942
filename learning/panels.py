"""The learning participant's home-page panel "Wat er aankomt" (``core.dashboard``): the next sessions
of their tracks and the open actions of those tracks' alternative plans. Two queries."""

from __future__ import annotations

from datetime import date

from django.db.models import F
from django.utils import timezone

from learning.models import LearningSession, SessionAction
from learning.selectors import tracks_for_user

ROWS_SHOWN = 6


def upcoming(user, *, today: date | None = None) -> dict:
    """Sessions of the user's tracks from ``today`` on (earliest first) and open session actions of
    those tracks (dated ones first, by date)."""
    today = today or timezone.localdate()
    tracks = tracks_for_user(user).values("pk")
    sessions = list(
        LearningSession.objects.filter(team__track__in=tracks, date__gte=today)
        .select_related("team__track", "team__municipality")
        .order_by("date", "pk")[:ROWS_SHOWN]
    )
    actions = list(
        SessionAction.objects.filter(session__team__track__in=tracks, done=False)
        .select_related("session__team__municipality")
        .order_by(F("due_on").asc(nulls_last=True), "pk")[:ROWS_SHOWN]
    )
    return {"today": today, "sessions": sessions, "actions": actions}


def upcoming_panel(request) -> dict:
    return upcoming(request.user)
