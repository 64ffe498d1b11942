"""Non-case-bound and network applications within a call: closing moment and scores."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Role
from subsidies import services
from subsidies.models import ApplicationStatus, Decision, SchemeKind
from tests.factories import user_with_role
from tests.subsidies.factories import CallFactory, CallSchemeFactory, amsterdam

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "title": "Woonvorm",
    "purpose": "Een gezinsgerichte woonvorm.",
    "motivation": "Ontbreekt in de regio.",
}
LINES = [{"description": "Ontwikkeling", "amount": Decimal("40000.00"), "is_investment": False}]


@pytest.fixture
def call(committee_member, second_member_call):
    scheme = CallSchemeFactory(name="Stimuleringsimpuls maatwerk – niet-casuïstiekgebonden")
    scheme.committee_members.add(committee_member, second_member_call)
    return CallFactory(scheme=scheme, name="Ronde 1 juni 2026")


@pytest.fixture
def second_member_call(reference_data):
    return user_with_role(Role.COMMITTEE, "commissielid_ronde")


@pytest.fixture
def proposal(call, family_home, provider_user):
    return services.submit_call_application(
        call=call,
        organisation=family_home,
        actor=provider_user,
        now=amsterdam(2026, 5, 20, 12, 0),
        data=PROPOSAL,
        cost_lines=LINES,
    )


def test_provider_submits_a_proposal_within_the_call(proposal, call):
    assert proposal.status == ApplicationStatus.SUBMITTED
    assert proposal.call == call
    assert proposal.case is None and proposal.expert_team is None
    assert str(proposal.decision_due) == "2026-06-18"  # 20 working days, Whit Monday 25 May skipped


def test_late_submission_is_refused_with_the_closing_moment(call, family_home, provider_user):
    with pytest.raises(ValidationError) as error:
        services.submit_call_application(
            call=call,
            organisation=family_home,
            actor=provider_user,
            now=amsterdam(2026, 6, 2, 0, 0, 0),
            data=PROPOSAL,
            cost_lines=LINES,
        )
    assert error.value.messages == ["De indieningstermijn sloot op 1 juni 2026 om 23:59:59."]


def test_submission_in_the_last_second_is_on_time(call, family_home, provider_user):
    application = services.submit_call_application(
        call=call,
        organisation=family_home,
        actor=provider_user,
        now=amsterdam(2026, 6, 1, 23, 59, 59),
        data=PROPOSAL,
        cost_lines=LINES,
    )
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_draft_started_in_time_is_refused_when_submitted_late(call, family_home, provider_user):
    draft = services.start_call_application(
        call=call, organisation=family_home, actor=provider_user, now=amsterdam(2026, 5, 1, 9, 0)
    )
    services.update_draft(application=draft, actor=provider_user, data=PROPOSAL, cost_lines=LINES)
    with pytest.raises(ValidationError, match="sloot op 1 juni 2026 om 23:59:59"):
        services.submit_application(application=draft, actor=provider_user, now=amsterdam(2026, 6, 3, 9, 0))
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_only_providers_of_the_organisation_apply(call, family_home, facilitator):
    with pytest.raises(PermissionDenied):
        services.start_call_application(call=call, organisation=family_home, actor=facilitator)


def _score(application, member, first=8, second=4):
    criteria = list(application.scheme.criteria.all())
    return services.score_application(
        application=application, actor=member, scores={criteria[0].pk: first, criteria[1].pk: second}
    )


def test_two_members_must_score_before_a_decision(proposal, committee_member, second_member_call):
    with pytest.raises(ValidationError, match="Ten minste twee commissieleden"):
        services.decide(
            application=proposal, actor=committee_member, outcome="granted", amount=Decimal("1000")
        )
    _score(proposal, committee_member)
    with pytest.raises(ValidationError, match="Ten minste twee commissieleden"):
        services.decide(
            application=proposal, actor=committee_member, outcome="granted", amount=Decimal("1000")
        )
    _score(proposal, second_member_call)
    services.decide(application=proposal, actor=committee_member, outcome="granted", amount=Decimal("1000"))
    assert Decision.objects.get(application=proposal).amount == Decimal("1000")


def test_scores_stay_within_the_criterion_maximum(proposal, committee_member):
    with pytest.raises(ValidationError, match="tussen 0 en 5"):
        _score(proposal, committee_member, second=6)


def test_scores_need_every_criterion(proposal, committee_member):
    criterion = proposal.scheme.criteria.first()
    with pytest.raises(ValidationError, match="elk criterium"):
        services.score_application(application=proposal, actor=committee_member, scores={criterion.pk: 3})


def test_a_member_changes_their_scores(proposal, committee_member):
    _score(proposal, committee_member, first=2)
    _score(proposal, committee_member, first=9)
    assert proposal.scores.filter(member=committee_member).count() == 2
    assert proposal.scores.get(member=committee_member, criterion__order=1).score == 9


def test_network_scheme_term_is_configurable(family_home, provider_user, committee_member):
    scheme = CallSchemeFactory(
        name="Samen dragen netwerken", kind=SchemeKind.NETWORK, decision_working_days=15
    )
    call = CallFactory(scheme=scheme, name="Netwerken 2026")
    application = services.submit_call_application(
        call=call,
        organisation=family_home,
        actor=provider_user,
        now=amsterdam(2026, 5, 20, 12, 0),
        data=PROPOSAL,
        cost_lines=LINES,
    )
    assert str(application.decision_due) == "2026-06-11"
