"""The committee's decision: who may decide, the amount, the budget ceiling and the scores."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Role, RoleAssignment
from subsidies import services
from subsidies.models import ApplicationStatus, Decision, SchemeBudget
from tests.factories import user_with_role
from tests.subsidies.conftest import RECEIVED, fill

pytestmark = pytest.mark.django_db


def test_committee_member_of_submitting_team_cannot_decide(submitted, committee_member, team_utr):
    RoleAssignment.objects.create(user=committee_member, role=Role.COORDINATOR, expert_team=team_utr)
    member = type(committee_member).objects.get(pk=committee_member.pk)
    with pytest.raises(PermissionDenied, match="hoort bij het expertteam dat deze aanvraag indiende"):
        services.decide(application=submitted, actor=member, outcome="granted", amount=Decimal("10"))
    assert not Decision.objects.exists()


def test_committee_member_of_another_team_may_decide(submitted, committee_member, team_fle):
    RoleAssignment.objects.create(user=committee_member, role=Role.FACILITATOR, expert_team=team_fle)
    member = type(committee_member).objects.get(pk=committee_member.pk)
    services.decide(application=submitted, actor=member, outcome="granted", amount=Decimal("10"))
    assert submitted.status == ApplicationStatus.GRANTED


def test_committee_member_of_another_scheme_cannot_decide(submitted):
    outsider = user_with_role(Role.COMMITTEE, "ander_commissielid")
    with pytest.raises(PermissionDenied, match="geen lid van de beoordelingscommissie"):
        services.decide(application=submitted, actor=outsider, outcome="granted", amount=Decimal("10"))


def test_superuser_without_committee_role_cannot_decide(submitted, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    submitted.scheme.committee_members.add(admin_user)
    with pytest.raises(PermissionDenied):
        services.decide(application=submitted, actor=admin_user, outcome="granted", amount=Decimal("10"))


def test_facilitator_cannot_decide(submitted, facilitator):
    with pytest.raises(PermissionDenied):
        services.decide(application=submitted, actor=facilitator, outcome="granted", amount=Decimal("10"))


def test_grant_at_most_the_requested_amount(submitted, committee_member):
    with pytest.raises(ValidationError, match="hoger dan het aangevraagde bedrag van € 15.000,00"):
        services.decide(
            application=submitted, actor=committee_member, outcome="granted", amount=Decimal("15000.01")
        )


def test_grant_needs_a_positive_amount(submitted, committee_member):
    with pytest.raises(ValidationError, match="Vul het toe te kennen bedrag in"):
        services.decide(application=submitted, actor=committee_member, outcome="granted")
    with pytest.raises(ValidationError, match="groter zijn dan nul"):
        services.decide(application=submitted, actor=committee_member, outcome="granted", amount=Decimal("0"))


def test_granting_books_the_amount_on_the_budget_of_the_year(submitted, committee_member):
    services.decide(
        application=submitted, actor=committee_member, outcome="granted", amount=Decimal("14000.00")
    )
    budget = SchemeBudget.objects.get(scheme=submitted.scheme)
    assert budget.ceiling == Decimal("250000.00")
    assert budget.granted_total == Decimal("14000.00")
    assert budget.year == submitted.decision.budget_year


def test_grant_never_exceeds_the_budget_ceiling(submitted, committee_member):
    year = services.budget_year()
    SchemeBudget.objects.create(
        scheme=submitted.scheme, year=year, ceiling=Decimal("250000.00"), granted_total=Decimal("240000.00")
    )
    with pytest.raises(ValidationError, match="resterende budget van deze regeling in .* is € 10.000,00"):
        services.decide(
            application=submitted, actor=committee_member, outcome="granted", amount=Decimal("10000.01")
        )
    assert SchemeBudget.objects.get(scheme=submitted.scheme).granted_total == Decimal("240000.00")
    services.decide(
        application=submitted, actor=committee_member, outcome="granted", amount=Decimal("10000.00")
    )
    assert SchemeBudget.objects.get(scheme=submitted.scheme).remaining == Decimal("0")


def test_rejection_leaves_the_budget_alone(submitted, committee_member):
    services.decide(
        application=submitted, actor=committee_member, outcome="rejected", reason="Buiten de regeling."
    )
    assert not SchemeBudget.objects.filter(granted_total__gt=0).exists()


def test_budget_row_is_guarded_by_a_database_constraint(scheme):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SchemeBudget.objects.create(
            scheme=scheme, year=2026, ceiling=Decimal("10"), granted_total=Decimal("11")
        )


def test_submission_uses_the_scheme_decision_term(draft, provider_user, facilitator, scheme):
    scheme.decision_working_days = 10
    scheme.save()
    fill(draft, provider_user)
    services.submit_application(application=draft, actor=facilitator, now=RECEIVED)
    assert str(draft.decision_due) == "2026-03-23"
