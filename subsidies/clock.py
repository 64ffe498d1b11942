"""The committee clock: who still has to act on an undecided application, whether its quorum is
reached, and whether it is at risk (DESIGN.md, "The grant pipeline"; issue 14, item 3).

- **Quorum.** A scheme with scores needs ``GrantScheme.quorum`` members who scored every criterion
  before a decision; a case-bound scheme needs one decision (its quorum is the decision itself).
- **Recused.** A member with any role in the submitting expert team, or with a declared tie to the
  applying organisation or that team (``ConflictDeclaration``), may not score or decide.
- **Who must act.** Before the quorum: the members who have not scored every criterion; after it (and
  on case-bound schemes): every member, as any of them may decide. Never a recused member.
- **At risk.** Fewer than two working days left (the due date today or the next working day) and the
  quorum not reached; an overdue application is overdue, not at risk.

The functions take many applications at once and answer in a fixed number of queries, so the queue,
the dashboard and the reminder sweep stay constant in queries however long the queue is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import format_date
from core.models import Role, RoleAssignment, User
from core.workdays import WorkingDayCalendar
from subsidies.models import ConflictDeclaration, GrantApplication, GrantScheme, Score, ScoringCriterion

# Fewer working days left than this, with the quorum not reached, puts an application at risk.
AT_RISK_WORKING_DAYS = 2


@dataclass(frozen=True)
class ClockState:
    """What the clock knows of one undecided application."""

    members: frozenset[int]
    recused: frozenset[int]
    complete_scorers: frozenset[int]
    quorum: int
    needs_scores: bool

    @property
    def quorum_reached(self) -> bool:
        """Scores: enough complete scorers. Case-bound: never before the decision itself."""
        return self.needs_scores and len(self.complete_scorers) >= self.quorum

    @property
    def must_act(self) -> frozenset[int]:
        """The members the application waits for (sorted by the caller when it needs an order)."""
        eligible = self.members - self.recused
        if self.needs_scores and not self.quorum_reached:
            return eligible - self.complete_scorers
        return eligible


def clock_states(
    applications: Iterable[GrantApplication], today: date | None = None
) -> dict[int, ClockState]:
    """Per application id: its committee, recused members (a role in the submitting team or a tie
    declared for ``today``), complete scorers and quorum. Five queries."""
    applications = list(applications)
    today = today or timezone.localdate()
    if not applications:
        return {}
    scheme_ids = {application.scheme_id for application in applications}
    members = defaultdict(set)
    # Listed on the scheme's committee and holding the committee role (``rules.sits_on_committee``).
    for scheme_id, user_id in GrantScheme.committee_members.through.objects.filter(
        grantscheme_id__in=scheme_ids, user__roles__role=Role.COMMITTEE
    ).values_list("grantscheme_id", "user_id"):
        members[scheme_id].add(user_id)
    team_ids = {application.expert_team_id for application in applications if application.expert_team_id}
    team_people = defaultdict(set)
    for team_id, user_id in RoleAssignment.objects.filter(expert_team_id__in=team_ids).values_list(
        "expert_team_id", "user_id"
    ):
        team_people[team_id].add(user_id)
    everyone = set().union(*members.values())
    declared_org, declared_team = defaultdict(set), defaultdict(set)
    for member_id, organisation_id, team_id in (
        ConflictDeclaration.objects.active_on(today)
        .filter(member_id__in=everyone)
        .values_list("member_id", "organisation_id", "expert_team_id")
    ):
        if organisation_id:
            declared_org[organisation_id].add(member_id)
        if team_id:
            declared_team[team_id].add(member_id)
    scored = complete_scorers_of(applications)
    return {
        application.pk: ClockState(
            members=frozenset(members[application.scheme_id]),
            recused=frozenset(
                members[application.scheme_id]
                & (
                    team_people.get(application.expert_team_id, set())
                    | declared_team.get(application.expert_team_id, set())
                    | declared_org.get(application.provider_organisation_id, set())
                )
            ),
            complete_scorers=frozenset(scored[application.pk]),
            quorum=application.scheme.quorum,
            needs_scores=application.scheme.needs_scores,
        )
        for application in applications
    }


def complete_scorers_of(applications: list[GrantApplication]) -> dict[int, set[int]]:
    """Per application id, the members who scored every criterion of its scheme (nobody on a scheme
    without criteria). Two queries: the criteria per scheme, the scored criteria per member; one when
    no scheme has criteria."""
    criteria = dict(
        ScoringCriterion.objects.filter(scheme_id__in={application.scheme_id for application in applications})
        .values_list("scheme_id")
        .annotate(n=Count("pk"))
        .values_list("scheme_id", "n")
    )
    scored = defaultdict(set)
    if not criteria:
        return scored
    rows = (
        Score.objects.filter(application__in=[application.pk for application in applications])
        .values_list("application_id", "member_id")
        .annotate(n=Count("criterion", distinct=True))
        .values_list("application_id", "member_id", "n")
    )
    by_id = {application.pk: application for application in applications}
    for application_id, member_id, n in rows:
        if n >= criteria.get(by_id[application_id].scheme_id, 0) > 0:
            scored[application_id].add(member_id)
    return scored


def is_at_risk(state: ClockState, due: date | None, today: date, calendar: WorkingDayCalendar) -> bool:
    """Fewer than ``AT_RISK_WORKING_DAYS`` working days left and the quorum not reached."""
    if due is None or due < today or state.quorum_reached:
        return False
    return calendar.working_days_between(today, due) < AT_RISK_WORKING_DAYS


def recusals_of(application: GrantApplication, today: date) -> tuple[tuple[User, str], ...]:
    """The committee members of the application's scheme who are recused, each with the reason. Three
    queries: the members, their roles in the submitting team, their active declared ties."""
    members = list(application.scheme.committee_members.order_by("last_name", "first_name", "pk"))
    in_team = set()
    if application.expert_team_id:
        in_team = set(
            RoleAssignment.objects.filter(
                expert_team_id=application.expert_team_id, user__in=members
            ).values_list("user_id", flat=True)
        )
    declared = {}
    for declaration in (
        ConflictDeclaration.objects.active_on(today)
        .tying(organisation=application.provider_organisation_id, expert_team=application.expert_team_id)
        .filter(member__in=members)
        .select_related("organisation", "expert_team")
    ):
        declared.setdefault(declaration.member_id, declaration)
    recused = []
    for member in members:
        if member.pk in in_team:
            recused.append((member, _("rol in het indienende expertteam")))
        elif member.pk in declared:
            declaration = declared[member.pk]
            recused.append(
                (
                    member,
                    _("band met %(tie)s gemeld: %(description)s (vanaf %(date)s)")
                    % {
                        "tie": declaration.tie,
                        "description": declaration.description,
                        "date": format_date(declaration.valid_from),
                    },
                )
            )
    return tuple(recused)
