"""Reads of the learning network. Access is filtered in SQL: a track is visible to its participants only;
a municipality sees the theme counts of the tracks in its region, nothing more.

Nothing here returns a ``cases.Case``: the link of a learning case is resolved by the views, and only
through ``cases.selectors.cases_for_user`` (never for learners).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from cases.models import Case
from cases.selectors import cases_for_user
from core.models import Role
from learning.models import (
    Course,
    Finding,
    LearningCase,
    LearningSession,
    LearningTeam,
    LearningTrack,
    ProjectGroupMeeting,
    Theme,
    TrackParticipant,
    TrackReport,
)


def _first_or_404(queryset: QuerySet):
    """The first row of ``queryset``; 404 when there is none (it does not exist, or ``user`` may not
    see it: the ``get_*_for_user`` reads filter on access in SQL)."""
    found = queryset.first()
    if found is None:
        raise Http404
    return found


def tracks_for_user(user) -> QuerySet[LearningTrack]:
    """The tracks ``user`` takes part in (any participant role). Nobody else sees a track."""
    if not user.is_authenticated:
        return LearningTrack.objects.none()
    return LearningTrack.objects.filter(
        pk__in=TrackParticipant.objects.filter(user=user).values("track_id")
    ).select_related("region")


def tracks_with_sessions(user, *, limit: int | None = None) -> list[LearningTrack]:
    """The user's tracks, newest period first (the first ``limit``), each with ``team_count``,
    ``sessions_held`` and ``sessions_planned``. Two queries: the planned sessions are summed apart
    (summing over the join with the sessions would multiply them)."""
    tracks = tracks_for_user(user).annotate(
        team_count=Count("teams", distinct=True),
        sessions_held=Count("teams__sessions", distinct=True),
    )
    tracks = list(tracks.order_by("-period_start", "name")[:limit])
    planned = dict(
        LearningTeam.objects.filter(track__in=tracks)
        .values("track_id")
        .annotate(planned=Sum("planned_sessions"))
        .values_list("track_id", "planned")
    )
    for track in tracks:
        track.sessions_planned = planned.get(track.pk) or 0
    return tracks


def get_track_for_user(user, pk: int) -> LearningTrack:
    return _first_or_404(tracks_for_user(user).filter(pk=pk))


def session_totals(teams: list[LearningTeam]) -> dict[str, int]:
    """``planned_total`` and ``held_total`` of a track's ``teams`` (from ``teams_of_track``)."""
    return {
        "planned_total": sum(team.planned_sessions for team in teams),
        "held_total": sum(team.sessions_held for team in teams),
    }


def teams_of_track(track: LearningTrack) -> QuerySet[LearningTeam]:
    """Teams with ``sessions_held`` (every recorded session is a held session) and their members."""
    return (
        track.teams.select_related("municipality")
        .annotate(sessions_held=Count("sessions", distinct=True))
        .prefetch_related("members")
        .order_by("municipality__name")
    )


def get_team_for_user(user, pk: int) -> LearningTeam:
    return _first_or_404(
        LearningTeam.objects.filter(pk=pk, track__in=tracks_for_user(user).values("pk"))
        .select_related("track", "track__region", "municipality")
        .annotate(sessions_held=Count("sessions", distinct=True))
    )


def sessions_of_team(team: LearningTeam) -> QuerySet[LearningSession]:
    return team.sessions.annotate(
        attendee_count=Count("attendees", distinct=True), finding_count=Count("findings", distinct=True)
    ).order_by("-date", "-id")


def get_session_for_user(user, pk: int) -> LearningSession:
    return _first_or_404(
        LearningSession.objects.filter(pk=pk, team__track__in=tracks_for_user(user).values("pk"))
        .select_related("team", "team__track", "team__municipality")
        .prefetch_related(
            "attendees",
            "learning_cases",
            "interviews",
            "actions",
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related("learning_case").prefetch_related("themes"),
            ),
        )
    )


def learning_cases_for_user(user) -> QuerySet[LearningCase]:
    return LearningCase.objects.filter(track__in=tracks_for_user(user).values("pk"))


def get_learning_case_for_user(user, pk: int) -> LearningCase:
    return _first_or_404(learning_cases_for_user(user).filter(pk=pk).select_related("track"))


def learning_cases_for_linking(user) -> QuerySet[LearningCase]:
    """Learning cases a facilitator or coordinator may open to link one of their cases to.

    The pseudonymised code and summary only; which case is linked is shown through ``linked_case_for``.
    """
    if not user.is_authenticated or not user.has_role(Role.FACILITATOR, Role.COORDINATOR):
        return LearningCase.objects.none()
    return LearningCase.objects.select_related("track", "track__region")


def get_learning_case_for_linking(user, pk: int) -> LearningCase:
    return _first_or_404(learning_cases_for_linking(user).filter(pk=pk))


def linked_case_for(user, learning_case: LearningCase) -> Case | None:
    """The linked case, only when ``user`` works on it (its facilitator or coordinator); else ``None``.

    Learners never work on cases, so for them this is always ``None``.
    """
    if learning_case.case_id is None:
        return None
    return cases_for_user(user).filter(pk=learning_case.case_id).only("pk", "reference").first()


def visible_references(user, case_ids) -> dict[int, str]:
    """Case references by id, for the cases among ``case_ids`` that ``user`` works on."""
    return dict(cases_for_user(user).filter(pk__in=case_ids).values_list("pk", "reference"))


def visible_case_by_reference(user, reference: str) -> Case | None:
    return cases_for_user(user).filter(reference=reference.strip().upper()).first()


def findings_of_track(track: LearningTrack) -> QuerySet[Finding]:
    return (
        Finding.objects.filter(session__team__track=track)
        .select_related("learning_case", "session", "session__team__municipality")
        .prefetch_related("themes")
        .order_by("session__date", "id")
    )


def findings_by_theme(track: LearningTrack) -> list[tuple[Theme, list[Finding]]]:
    """Findings grouped under each of their themes (a finding with two themes appears twice)."""
    groups: dict[Theme, list[Finding]] = defaultdict(list)
    for finding in findings_of_track(track):
        for theme in finding.themes.all():
            groups[theme].append(finding)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0].name))


def project_group_meetings(track: LearningTrack) -> QuerySet[ProjectGroupMeeting]:
    return track.project_group_meetings.order_by("date", "id")


def get_meeting_for_user(user, pk: int) -> ProjectGroupMeeting:
    return _first_or_404(
        ProjectGroupMeeting.objects.filter(
            pk=pk, track__in=tracks_for_user(user).values("pk")
        ).select_related("track")
    )


def reports_of_track(track: LearningTrack) -> QuerySet[TrackReport]:
    return track.reports.select_related("requested_by").order_by("-created_at", "-id")[:5]


def get_report_for_user(user, public_id: uuid.UUID) -> TrackReport:
    return _first_or_404(
        TrackReport.objects.filter(
            public_id=public_id, track__in=tracks_for_user(user).values("pk")
        ).select_related("track")
    )


# --- Theme overview ----------------------------------------------------------------------------------


def tracks_for_theme_overview(user) -> QuerySet[LearningTrack]:
    """Tracks whose theme counts ``user`` may see: their own tracks, and as municipal staff the tracks
    in their region(s)."""
    if not user.is_authenticated:
        return LearningTrack.objects.none()
    scope = Q(pk__in=TrackParticipant.objects.filter(user=user).values("track_id"))
    regions = user.region_ids(Role.MUNICIPAL)
    if regions:
        scope |= Q(region_id__in=regions)
    return LearningTrack.objects.filter(scope)


@dataclass(frozen=True)
class OverviewColumn:
    key: int
    label: str


@dataclass
class ThemeRow:
    name: str
    per_track: list[int] = field(default_factory=list)
    per_region: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.per_track)


@dataclass
class ThemeOverview:
    tracks: list[OverviewColumn]
    regions: list[OverviewColumn]
    rows: list[ThemeRow]

    @property
    def is_empty(self) -> bool:
        return not self.tracks


def theme_overview(user) -> ThemeOverview:
    """How often each theme is tagged on a finding, per track and per region, for the tracks ``user``
    may see. The counts are one aggregate query; the theme names (to show zeros too) a second."""
    Tagging = Finding.themes.through
    counts = (
        Tagging.objects.filter(finding__session__team__track__in=tracks_for_theme_overview(user).values("pk"))
        .values(
            "theme_id",
            "finding__session__team__track_id",
            "finding__session__team__track__name",
            "finding__session__team__track__region_id",
            "finding__session__team__track__region__name",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    tracks: dict[int, str] = {}
    regions: dict[int, str] = {}
    by_theme_track: dict[tuple[int, int], int] = defaultdict(int)
    by_theme_region: dict[tuple[int, int], int] = defaultdict(int)
    for row in counts:
        track_id = row["finding__session__team__track_id"]
        region_id = row["finding__session__team__track__region_id"]
        tracks[track_id] = row["finding__session__team__track__name"]
        regions[region_id] = row["finding__session__team__track__region__name"]
        by_theme_track[row["theme_id"], track_id] += row["n"]
        by_theme_region[row["theme_id"], region_id] += row["n"]
    track_columns = [OverviewColumn(pk, name) for pk, name in sorted(tracks.items(), key=lambda i: i[1])]
    region_columns = [OverviewColumn(pk, name) for pk, name in sorted(regions.items(), key=lambda i: i[1])]
    rows = [
        ThemeRow(
            name=name,
            per_track=[by_theme_track.get((theme_id, c.key), 0) for c in track_columns],
            per_region=[by_theme_region.get((theme_id, c.key), 0) for c in region_columns],
        )
        for theme_id, name in Theme.objects.order_by("name").values_list("id", "name")
    ]
    rows.sort(key=lambda r: (-r.total, r.name))
    return ThemeOverview(tracks=track_columns, regions=region_columns, rows=rows)


def courses_with_counts() -> QuerySet[Course]:
    return (
        Course.objects.prefetch_related("dates")
        .annotate(
            participant_count=Count("participants", distinct=True),
            completed_count=Count("participants", filter=Q(participants__completed=True), distinct=True),
        )
        .order_by("name")
    )
