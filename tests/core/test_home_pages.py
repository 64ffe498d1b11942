"""The home page per role answers "what needs me today": each role's panels show their data (and an
empty state without it), and the page's query count does not grow with the data."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, CaseStatus
from cases.selectors import cases_for_user, with_signal
from core.models import Role, RoleAssignment, User
from expertteams import panels as expertteam_panels
from expertteams.care_models import FollowUp
from expertteams.models import ActionItem, StepKind
from learning import panels as learning_panels
from learning.models import SessionAction
from subsidies import panels as subsidy_panels
from subsidies import services as subsidy_services
from tests.expertteams.factories import CaseFactory, log
from tests.factories import user_with_role
from tests.learning.factories import LearningSessionFactory, LearningTeamFactory, TrackParticipantFactory
from tests.subsidies.factories import CallFactory, amsterdam

pytestmark = pytest.mark.django_db


def page_queries(client, path="/") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def action_on(case, owner, *, due_in: int, done=False) -> ActionItem:
    step = log(StepKind.CONTACT_FAMILY, case=case, actor=case.facilitator)
    today = timezone.localdate()
    return ActionItem.objects.create(
        step=step,
        description=f"Actie over {due_in} dagen",
        owner_name=str(owner),
        owner=owner,
        due_on=today + timedelta(days=due_in),
        done_at=timezone.now() if done else None,
    )


def follow_up_on(case, owner, *, due_in: int) -> FollowUp:
    return FollowUp.objects.create(
        case=case,
        kind=FollowUp.Kind.REVIEW,
        due_on=timezone.localdate() + timedelta(days=due_in),
        owner=owner,
        created_by=owner,
    )


# --- Facilitator ------------------------------------------------------------------------------------


def test_facilitator_sees_due_actions_follow_ups_and_recent_cases(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    overdue = action_on(case, facilitator, due_in=-2)
    later = action_on(case, facilitator, due_in=30)
    action_on(case, facilitator, due_in=1, done=True)
    moment = follow_up_on(case, facilitator, due_in=3)

    content, _ = page_queries(client_for(facilitator))

    assert "Wat vandaag op u wacht" in content
    assert overdue.description in content and later.description not in content
    assert "Actie over 1 dagen" not in content  # done
    assert f"/nazorg/{moment.pk}/" in content
    assert case.reference in content


def test_facilitator_without_work_sees_the_empty_states(client_for, facilitator):
    content, _ = page_queries(client_for(facilitator))
    assert "Geen acties die deze week verlopen." in content
    assert "Geen evaluatie- of nazorgmomenten deze week." in content
    assert "U heeft geen lopende casussen." in content


def test_my_day_reads_in_three_queries_however_much_work(facilitator):
    for _ in range(3):
        case = CaseFactory(facilitator=facilitator)
        action_on(case, facilitator, due_in=-1)
        follow_up_on(case, facilitator, due_in=1)
    facilitator = User.objects.get(pk=facilitator.pk)
    facilitator.role_codes  # noqa: B018  (loaded once per request, by the navigation)
    with CaptureQueriesContext(connection) as queries:
        day = expertteam_panels.my_day(facilitator)
    assert len(queries) == 3
    assert len(day["actions"]) == len(day["moments"]) == len(day["recent"]) == 3


def test_facilitator_home_query_count_does_not_grow(client_for, facilitator):
    client = client_for(facilitator)
    CaseFactory(facilitator=facilitator)
    _, few = page_queries(client)
    for _ in range(5):
        case = CaseFactory(facilitator=facilitator)
        action_on(case, facilitator, due_in=-1)
        follow_up_on(case, facilitator, due_in=2)
    _, many = page_queries(client)
    assert few == many


@pytest.mark.parametrize("role", ["facilitator", "coordinator"])
def test_the_home_page_reads_the_working_day_calendar_once(client_for, facilitator, coordinator, role):
    CaseFactory(facilitator=facilitator)
    client = client_for(facilitator if role == "facilitator" else coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    # "Mijn casussen" and the signals panel count and list with the same signal conditions.
    assert sum('FROM "core_nonworkingday"' in query["sql"] for query in queries) == 1


# --- Coordinator ------------------------------------------------------------------------------------


def test_coordinator_sees_the_workload_per_facilitator_in_two_queries(
    coordinator, facilitator, facilitator_other
):
    busy = [CaseFactory(facilitator=facilitator) for _ in range(3)]
    CaseFactory(facilitator=facilitator, status=CaseStatus.CLOSED)
    action_on(busy[0], facilitator, due_in=-3)
    action_on(busy[0], facilitator, due_in=-2)  # a second overdue action on the same case
    action_on(busy[1], facilitator, due_in=-1)
    action_on(busy[1], facilitator, due_in=4)  # not overdue
    closed = CaseFactory(facilitator=facilitator)
    action_on(closed, facilitator, due_in=-5)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)  # closed cases do not count
    coordinator = User.objects.get(pk=coordinator.pk)
    coordinator.role_codes  # noqa: B018

    # The facilitators, and the team's cases grouped by facilitator.
    with CaptureQueriesContext(connection) as queries:
        rows = expertteam_panels.workload(coordinator)

    assert len(queries) == 2
    # Open cases, and cases with an action past its date (the case list's signal "Acties over de
    # datum": the figure matches the filtered list).
    assert [(u.username, u.open_cases, u.overdue_actions) for u in rows] == [
        (facilitator.username, 3, 2),
        (facilitator_other.username, 0, 0),
    ]
    flagged = with_signal(cases_for_user(coordinator).filter(facilitator=facilitator), "overdue_actions")
    assert flagged.count() == 2


def test_coordinator_home_shows_the_workload_table_and_stays_constant(client_for, coordinator, facilitator):
    client = client_for(coordinator)
    CaseFactory(facilitator=facilitator)
    content, few = page_queries(client)
    assert "Werkverdeling in uw team" in content
    assert f'data-facilitator="{facilitator.username}"' in content
    for n in range(4):
        other = user_with_role(
            Role.FACILITATOR, f"pb_extra_{n}", expert_team=facilitator.roles.first().expert_team
        )
        action_on(CaseFactory(facilitator=other), other, due_in=-1)
    _, many = page_queries(client)
    assert few == many


def test_workload_leaves_out_other_teams(coordinator, facilitator_fle):
    CaseFactory(facilitator=facilitator_fle, region=facilitator_fle.roles.first().expert_team.region)
    assert facilitator_fle.pk not in {u.pk for u in expertteam_panels.workload(coordinator)}


# --- Committee --------------------------------------------------------------------------------------


@pytest.fixture
def members(reference_data):
    return [user_with_role(Role.COMMITTEE, f"lid{n}") for n in range(1, 4)]


def submit_proposal(members, provider_user, family_home):
    call = CallFactory(opens_at=amsterdam(2020, 1, 1, 0, 0), closes_at=amsterdam(2099, 1, 1, 0, 0))
    call.scheme.committee_members.add(*members)
    return subsidy_services.submit_call_application(
        call=call,
        organisation=family_home,
        actor=provider_user,
        data={"purpose": "Netwerkzorg.", "motivation": "Samen dragen."},
        cost_lines=[{"description": "Coördinatie", "amount": Decimal("20000"), "is_investment": False}],
    )


def score_all(application, member):
    subsidy_services.score_application(
        application=application,
        actor=member,
        scores={criterion.pk: 3 for criterion in application.scheme.criteria.all()},
    )


def test_committee_member_sees_the_applications_waiting_for_their_scores(
    client_for, members, provider_user, family_home
):
    waiting = submit_proposal(members, provider_user, family_home)
    scored = submit_proposal(members, provider_user, family_home)
    score_all(scored, members[0])

    content, _ = page_queries(client_for(members[0]))

    assert "Uw scores ontbreken" in content
    assert f'data-application="{waiting.reference}"' in content
    assert f'data-application="{scored.reference}"' not in content
    assert [a.pk for a in subsidy_panels.scores_missing(members[1])] == [waiting.pk, scored.pk]


def test_a_recused_member_is_not_asked_for_scores(members, provider_user, family_home, team_utr):
    application = submit_proposal(members, provider_user, family_home)
    application.expert_team = team_utr
    application.save(update_fields=["expert_team"])
    RoleAssignment.objects.create(user=members[2], role=Role.COORDINATOR, expert_team=team_utr)
    assert subsidy_panels.scores_missing(members[2]) == []
    assert subsidy_panels.scores_missing(members[1]) == [application]


def test_committee_home_query_count_does_not_grow(client_for, members, provider_user, family_home):
    client = client_for(members[0])
    submit_proposal(members, provider_user, family_home)
    content, few = page_queries(client)
    for _ in range(4):
        submit_proposal(members, provider_user, family_home)
    _, many = page_queries(client)
    assert few == many
    with CaptureQueriesContext(connection) as queries:
        subsidy_panels.scores_missing(members[0])
    assert len(queries) == 6  # the applications, then the clock's five


def test_committee_member_without_work_sees_the_empty_state(client_for, members):
    content, _ = page_queries(client_for(members[0]))
    assert "Er wachten geen aanvragen op uw scores." in content


# --- Learning participant ---------------------------------------------------------------------------


def test_learner_sees_next_sessions_and_open_actions(client_for, learner):
    team = LearningTeamFactory()
    TrackParticipantFactory(track=team.track, user=learner)
    today = timezone.localdate()
    LearningSessionFactory(team=team, date=today - timedelta(days=30), place="Oude zaal")
    LearningSessionFactory(team=team, date=today + timedelta(days=14), place="Raadzaal")
    held = LearningSessionFactory(team=team, date=today - timedelta(days=7))
    SessionAction.objects.create(session=held, description="Ouders uitnodigen", due_on=today)
    SessionAction.objects.create(session=held, description="Al gedaan", done=True)

    content, _ = page_queries(client_for(learner))

    assert "Wat er aankomt" in content
    assert "Raadzaal" in content and "Oude zaal" not in content
    assert "Ouders uitnodigen" in content and "Al gedaan" not in content


def test_learner_panel_reads_in_two_queries_and_hides_other_tracks(learner):
    mine = LearningTeamFactory()
    TrackParticipantFactory(track=mine.track, user=learner)
    other = LearningTeamFactory()
    today = timezone.localdate()
    for team in (mine, mine, other):
        LearningSessionFactory(team=team, date=today + timedelta(days=3))
    with CaptureQueriesContext(connection) as queries:
        upcoming = learning_panels.upcoming(learner)
    assert len(queries) == 2
    assert {s.team_id for s in upcoming["sessions"]} == {mine.pk}


def test_learner_without_tracks_sees_the_empty_states(client_for, learner):
    content, _ = page_queries(client_for(learner))
    assert "Er staan geen leerbijeenkomsten gepland." in content
    assert "Geen open acties." in content


# --- Municipality and administrator -----------------------------------------------------------------


def test_municipal_home_has_the_regions_figures_and_report_requests(client_for, municipal_user):
    content, _ = page_queries(client_for(municipal_user))
    assert "Kerncijfers Utrecht" in content or "Kerncijfers" in content
    assert ">Rapportages</h2>" in content


def test_administrator_home_has_calendar_two_factor_and_retention_panels(client_for, admin_user):
    content, _ = page_queries(client_for(admin_user))
    assert ">Functioneel beheer</h2>" in content  # the working-day calendar warnings
    assert 'id="gebruikers-kop"' in content  # users without two-factor authentication
    assert 'id="privacy-paneel-kop"' in content  # retention decisions due


# --- The README's screenshots (scripts/screenshots.py) ------------------------------------------------


def test_the_screenshots_cover_every_role_with_a_demo_account_and_the_case_page():
    from core.demo import DEMO_ACCOUNT_DESCRIPTIONS
    from scripts import screenshots as script

    homes = {username for _, username, path in script.SHOTS if path == "/"}
    assert homes <= set(DEMO_ACCOUNT_DESCRIPTIONS)
    assert len(homes) == len(Role.values)  # one demo account per role
    assert any(path == "{case}" for _, _, path in script.SHOTS)
    assert script.VIEWPORT == {"width": 1280, "height": 900}
