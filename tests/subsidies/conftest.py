"""Fixtures of the grant pipeline tests: a case-bound scheme with a committee, a case of the UTR
facilitator, and a draft application on it to which the provider user is invited."""

from decimal import Decimal

import pytest

from core.models import Role
from subsidies import services
from tests.cases.factories import CaseFactory
from tests.factories import user_with_role
from tests.subsidies.factories import SchemeFactory, amsterdam


@pytest.fixture
def scheme(committee_member):
    scheme = SchemeFactory(name="Stimuleringsimpuls maatwerk – casuïstiekgebonden")
    scheme.committee_members.add(committee_member)
    return scheme


@pytest.fixture
def second_member(scheme):
    member = user_with_role(Role.COMMITTEE, "commissielid2")
    scheme.committee_members.add(member)
    return member


@pytest.fixture
def case(facilitator):
    return CaseFactory(facilitator=facilitator, youth_name="Amy", youth_initials="A.")


@pytest.fixture
def draft(case, scheme, family_home, provider_user, facilitator):
    return services.start_application(
        case=case,
        scheme=scheme,
        provider_organisation=family_home,
        invited_users=[provider_user],
        actor=facilitator,
        title="Zelfstandige kamer",
    )


def fill(application, actor, *amounts):
    """Complete the draft with a purpose, motivation and one cost line per amount."""
    return services.update_draft(
        application=application,
        actor=actor,
        data={
            "purpose": "Een zelfstandige kamer bij het gezinshuis.",
            "motivation": "Beschermd zelfstandig worden.",
        },
        cost_lines=[
            {"description": f"Kostenpost {n}", "amount": Decimal(amount), "is_investment": True}
            for n, amount in enumerate(amounts or ("12000.00",), start=1)
        ],
    )


RECEIVED = amsterdam(2026, 3, 9, 10, 0)  # Monday 9 March 2026 → due Monday 16 March 2026


@pytest.fixture
def submitted(draft, provider_user, facilitator):
    fill(draft, provider_user, "12000.00", "3000.00")
    return services.submit_application(application=draft, actor=facilitator, now=RECEIVED)
