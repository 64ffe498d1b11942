"""Reads of cases. Access is filtered in SQL: every caller starts from ``cases_for_user``."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from cases.models import Case
from core import breakglass
from core.models import Role


def cases_for_user(user) -> QuerySet[Case]:
    """The cases ``user`` works on: as the assigned facilitator, or as coordinator of the case's team.

    Nobody else sees a case (other facilitators, municipality, committee, providers, learners,
    administrators without a break-the-glass grant).
    """
    if not user.is_authenticated:
        return Case.objects.none()
    visible = (
        Q(facilitator=user, facilitator__isnull=False) if user.has_role(Role.FACILITATOR) else Q(pk__in=[])
    )
    coordinated_teams = user.team_ids(Role.COORDINATOR)
    if coordinated_teams:
        visible |= Q(expert_team_id__in=coordinated_teams)
    return Case.objects.filter(visible)


def get_case_for_request(request, reference: str, queryset: QuerySet[Case] | None = None) -> Case:
    """The case with ``reference`` if the requesting user may see it, else ``Http404`` (leaks nothing).

    An administrator who broke the glass for this case (``core.breakglass``) sees it too.
    """
    base = queryset if queryset is not None else Case.objects.all()
    case = base.filter(pk__in=cases_for_user(request.user).values("pk"), reference=reference).first()
    if case is None and request.user.has_role(Role.ADMIN):
        candidate = base.filter(reference=reference).first()
        if candidate is not None and breakglass.has_grant(request, "cases.case", candidate.pk):
            case = candidate
    if case is None:
        raise Http404
    return case
