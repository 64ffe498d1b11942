from __future__ import annotations

from django.db.models import Q, QuerySet

from core.models import ExpertTeam, Region, Role
from reports.models import ReportFormat, ReportRequest


def regions_for_user(user) -> QuerySet[Region]:
    """The regions a user may report on: a municipal user's own region, a coordinator's team region."""
    if not user.is_authenticated:
        return Region.objects.none()
    team_regions = ExpertTeam.objects.filter(pk__in=user.team_ids(Role.COORDINATOR)).values("region_id")
    return Region.objects.filter(pk__in=user.region_ids(Role.MUNICIPAL)) | Region.objects.filter(
        pk__in=team_regions
    )


def requests_of(user) -> QuerySet[ReportRequest]:
    """Only the requester ever sees a report request or its file."""
    return ReportRequest.objects.filter(requested_by=user).select_related("region")


def request_list_of(user) -> QuerySet[ReportRequest]:
    """The requester's requests, one line per request (a batch is listed by its PDF)."""
    return requests_of(user).filter(Q(batch__isnull=True) | Q(format=ReportFormat.PDF))
