"""Every status change of an application, through the services."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseStatus
from core.models import AccessLog
from subsidies import lifecycle, services
from subsidies.models import ApplicationStatus, Decision
from tests.cases.factories import CaseFactory
from tests.subsidies.conftest import RECEIVED, fill

pytestmark = pytest.mark.django_db


def test_facilitator_starts_a_draft_with_a_reference_and_invites_the_provider(
    draft, provider_user, facilitator
):
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.reference.startswith(f"SIM-{date.today().year}-")
    assert list(draft.invited_users.all()) == [provider_user]
    assert draft.expert_team_id == draft.case.expert_team_id
    assert AccessLog.objects.filter(object_type="subsidies.grantapplication", action="create").exists()


def test_references_count_up(case, scheme, family_home, facilitator):
    first = services.start_application(
        case=case, scheme=scheme, provider_organisation=family_home, invited_users=[], actor=facilitator
    )
    second = services.start_application(
        case=case, scheme=scheme, provider_organisation=family_home, invited_users=[], actor=facilitator
    )
    assert int(second.reference[-4:]) == int(first.reference[-4:]) + 1


def test_facilitator_of_another_case_cannot_start(case, scheme, family_home, facilitator_other):
    with pytest.raises(PermissionDenied):
        services.start_application(
            case=case,
            scheme=scheme,
            provider_organisation=family_home,
            invited_users=[],
            actor=facilitator_other,
        )


def test_coordinator_of_the_team_may_start(case, scheme, family_home, coordinator):
    application = services.start_application(
        case=case, scheme=scheme, provider_organisation=family_home, invited_users=[], actor=coordinator
    )
    assert application.created_by == coordinator


def test_only_users_of_the_provider_can_be_invited(case, scheme, family_home, facilitator, facilitator_other):
    with pytest.raises(ValidationError) as error:
        services.start_application(
            case=case,
            scheme=scheme,
            provider_organisation=family_home,
            invited_users=[facilitator_other],
            actor=facilitator,
        )
    assert "medewerkers van de gekozen zorgaanbieder" in str(error.value)


def test_no_application_on_a_closed_case(scheme, family_home, facilitator):
    closed = CaseFactory(facilitator=facilitator, status=CaseStatus.CLOSED)
    with pytest.raises(PermissionDenied):
        services.start_application(
            case=closed, scheme=scheme, provider_organisation=family_home, invited_users=[], actor=facilitator
        )


def test_provider_drafts_cost_lines(draft, provider_user):
    fill(draft, provider_user, "12000.00", "500.50")
    assert [line.amount for line in draft.cost_lines.all()] == [Decimal("12000.00"), Decimal("500.50")]
    assert AccessLog.objects.filter(
        action="change", detail="concept", username=provider_user.username
    ).exists()


def test_team_submits_freezes_and_sets_the_deadline(submitted, facilitator):
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.received_at == RECEIVED
    assert submitted.decision_due == date(2026, 3, 16)
    assert submitted.submitted_by == facilitator
    assert submitted.requested_amount == Decimal("15000.00")
    assert AccessLog.objects.filter(detail="status concept -> ingediend").exists()


def test_submitted_application_is_frozen(submitted, provider_user, facilitator):
    with pytest.raises(ValidationError, match="niet meer worden gewijzigd"):
        fill(submitted, provider_user, "1.00")
    with pytest.raises(ValidationError, match="al ingediend"):
        services.submit_application(application=submitted, actor=facilitator)


def test_provider_cannot_submit_a_case_bound_application(draft, provider_user):
    fill(draft, provider_user)
    with pytest.raises(PermissionDenied):
        services.submit_application(application=draft, actor=provider_user)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_facilitator_without_a_role_on_the_case_cannot_submit(draft, provider_user, facilitator_other):
    fill(draft, provider_user)
    with pytest.raises(PermissionDenied):
        services.submit_application(application=draft, actor=facilitator_other)


def test_submission_checks_completeness(draft, facilitator):
    with pytest.raises(ValidationError) as error:
        services.submit_application(application=draft, actor=facilitator)
    messages = error.value.messages
    assert "Beschrijf waarvoor het geld is." in messages
    assert "Geef een motivatie." in messages
    assert "Voeg ten minste één kostenregel toe." in messages


def test_amounts_must_be_above_zero(draft, provider_user, facilitator):
    fill(draft, provider_user, "100.00", "0.00")
    with pytest.raises(ValidationError, match="groter zijn dan nul"):
        services.submit_application(application=draft, actor=facilitator)


def test_total_may_not_exceed_the_scheme_maximum(draft, provider_user, facilitator):
    fill(draft, provider_user, "20000.00", "5000.01")
    with pytest.raises(ValidationError, match="hoger dan het maximum van € 25.000,00"):
        services.submit_application(application=draft, actor=facilitator)


def test_total_at_the_maximum_is_accepted(draft, provider_user, facilitator):
    fill(draft, provider_user, "20000.00", "5000.00")
    services.submit_application(application=draft, actor=facilitator, now=RECEIVED)
    assert draft.status == ApplicationStatus.SUBMITTED


def test_no_submission_when_the_case_was_closed(draft, provider_user, facilitator):
    fill(draft, provider_user)
    type(draft.case).objects.filter(pk=draft.case_id).update(status=CaseStatus.CLOSED)
    with pytest.raises(ValidationError, match="casus is afgesloten"):
        services.submit_application(application=draft, actor=facilitator)


def test_team_withdraws_a_draft(draft, facilitator):
    services.withdraw_application(application=draft, actor=facilitator, reason="Andere oplossing gevonden")
    assert draft.status == ApplicationStatus.WITHDRAWN
    assert AccessLog.objects.filter(detail="status concept -> ingetrokken").exists()


def test_team_withdraws_a_submitted_application(submitted, coordinator):
    services.withdraw_application(application=submitted, actor=coordinator)
    assert submitted.status == ApplicationStatus.WITHDRAWN


def test_committee_grants(submitted, committee_member):
    decision = services.decide(
        application=submitted, actor=committee_member, outcome="granted", amount=Decimal("15000.00")
    )
    assert submitted.status == ApplicationStatus.GRANTED
    assert decision.amount == Decimal("15000.00")
    assert AccessLog.objects.filter(
        detail__contains="ingediend -> toegekend", username=committee_member.username
    ).exists()


def test_committee_rejects_with_a_reason(submitted, committee_member):
    decision = services.decide(
        application=submitted, actor=committee_member, outcome="rejected", reason="Niet subsidiabel."
    )
    assert submitted.status == ApplicationStatus.REJECTED
    assert decision.amount == 0


def test_rejection_needs_a_reason(submitted, committee_member):
    with pytest.raises(ValidationError, match="reden voor de afwijzing"):
        services.decide(application=submitted, actor=committee_member, outcome="rejected", reason="  ")
    assert not Decision.objects.exists()


def test_a_decision_is_final(submitted, committee_member, second_member):
    services.decide(application=submitted, actor=committee_member, outcome="granted", amount=Decimal("100"))
    with pytest.raises(ValidationError, match="Er is al een besluit genomen over deze aanvraag."):
        services.decide(application=submitted, actor=second_member, outcome="rejected", reason="Toch niet")
    with pytest.raises(ValidationError):
        services.withdraw_application(application=submitted, actor=submitted.case.facilitator)
    assert Decision.objects.count() == 1


def test_a_draft_cannot_be_decided(draft, committee_member):
    with pytest.raises(ValidationError, match="niet \\(meer\\) ingediend"):
        services.decide(application=draft, actor=committee_member, outcome="granted", amount=Decimal("1"))


def test_the_lifecycle_is_one_table_with_final_decisions_and_withdrawals():
    assert lifecycle.TRANSITIONS == {
        ApplicationStatus.DRAFT: (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN),
        ApplicationStatus.SUBMITTED: (
            ApplicationStatus.GRANTED,
            ApplicationStatus.REJECTED,
            ApplicationStatus.SUSPENDED,
            ApplicationStatus.NOT_CONSIDERED,
            ApplicationStatus.WITHDRAWN,
        ),
        ApplicationStatus.SUSPENDED: (
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.NOT_CONSIDERED,
            ApplicationStatus.WITHDRAWN,
        ),
        ApplicationStatus.GRANTED: (),
        ApplicationStatus.REJECTED: (),
        ApplicationStatus.NOT_CONSIDERED: (),
        ApplicationStatus.WITHDRAWN: (),
    }


def test_a_submitted_application_cannot_be_submitted_again_and_nothing_changes(submitted, facilitator):
    with pytest.raises(lifecycle.TransitionError, match="Deze aanvraag is al ingediend."):
        services.submit_application(application=submitted, actor=facilitator)
    submitted.refresh_from_db()
    assert submitted.received_at == RECEIVED


def test_a_withdrawn_application_cannot_be_withdrawn_again_or_decided(draft, facilitator, committee_member):
    services.withdraw_application(application=draft, actor=facilitator)
    with pytest.raises(lifecycle.TransitionError, match="kan niet meer worden ingetrokken"):
        services.withdraw_application(application=draft, actor=facilitator)
    with pytest.raises(lifecycle.TransitionError, match="niet \\(meer\\) ingediend"):
        services.decide(application=draft, actor=committee_member, outcome="rejected", reason="Nee")


@pytest.mark.parametrize("status", [ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN])
def test_only_a_draft_can_be_changed(draft, provider_user, status):
    type(draft).objects.filter(pk=draft.pk).update(status=status)
    with pytest.raises(ValidationError, match="kan niet meer worden gewijzigd") as refused:
        services.update_draft(application=draft, actor=provider_user, data={"title": "Anders"})
    assert refused.value.code == "frozen"
    draft.refresh_from_db()
    assert draft.title == "Zelfstandige kamer"
