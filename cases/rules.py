"""Who may do what with a case. Visibility itself is filtered in SQL by ``selectors.cases_for_user``;
these predicates decide the actions on a case already fetched through it."""

import rules

from cases.models import CaseStatus
from core.models import Role
from core.rules import has_role, is_admin


@rules.predicate
def is_assigned_facilitator(user, case) -> bool:
    """Assigned to the case and still a facilitator in its team (``selectors.cases_for_user`` alike)."""
    return (
        case is not None
        and case.facilitator_id is not None
        and case.facilitator_id == user.pk
        and case.expert_team_id in user.team_ids(Role.FACILITATOR)
    )


@rules.predicate
def is_team_coordinator(user, case) -> bool:
    return case is not None and case.expert_team_id in user.team_ids(Role.COORDINATOR)


@rules.predicate
def is_open(user, case) -> bool:
    return case is not None and case.status != CaseStatus.CLOSED


works_on_case = is_assigned_facilitator | is_team_coordinator

rules.add_perm("cases.add_case", has_role(Role.FACILITATOR, Role.COORDINATOR))
rules.add_perm("cases.view_case", works_on_case)
rules.add_perm("cases.change_case", works_on_case & is_open)
rules.add_perm("cases.change_status", works_on_case)
rules.add_perm("cases.assign_case", is_team_coordinator)
rules.add_perm("cases.break_glass", is_admin)
