"""A small, hand-counted region for the report tests (UTR, 2026), and a distinctive case elsewhere."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases.models import Case, CaseStatus
from core.models import Region
from expertteams.models import StepKind
from subsidies.models import ApplicationStatus, Decision, DecisionOutcome
from tests.expertteams.factories import CaseFactory, log
from tests.subsidies.factories import ApplicationFactory, SchemeFactory

AMS = ZoneInfo("Europe/Amsterdam")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


def make_case(facilitator, *, created, closed=None, region="UTR", **fields):
    case = CaseFactory(facilitator=facilitator, region=Region.objects.get(code=region), **fields)
    Case.objects.filter(pk=case.pk).update(
        created_at=created, closed_at=closed, status=CaseStatus.CLOSED if closed else CaseStatus.ACTIVE
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def hand_counted(facilitator, facilitator_fle, committee_member):
    """UTR in 2026: 7 referred (3 in January, 4 in March; one just after New Year's Eve midnight in
    Amsterdam), 2 closed in 2026, one case of 2025 still active; FLE and 2027 cases must not count."""
    jan = [make_case(facilitator, created=at(2026, 1, d, 10)) for d in (5, 6)]
    jan.append(make_case(facilitator, created=at(2026, 1, 1, 0, 30)))  # 23:30 UTC on 31 December
    march = [make_case(facilitator, created=at(2026, 3, d, 10)) for d in (2, 3, 4)]
    closed = make_case(facilitator, created=at(2026, 3, 9, 10), closed=at(2026, 6, 1, 12))
    old = make_case(facilitator, created=at(2025, 6, 1, 10))
    old_closed = make_case(facilitator, created=at(2025, 5, 1, 10), closed=at(2026, 2, 2, 9))
    make_case(facilitator, created=at(2025, 12, 31, 23, 30))  # 2025 in Amsterdam
    make_case(facilitator_fle, created=at(2026, 1, 7, 10), region="FLE")
    make_case(facilitator, created=at(2027, 1, 3, 10))

    for case in jan[:2]:
        log(StepKind.OUTCOME, case=case, actor=facilitator, occurred_on=date(2026, 4, 1),
            living_situation="gezinshuis", out_of_home_placement_prevented=True, secure_placement_prevented=False)  # fmt: skip
    log(StepKind.OUTCOME, case=march[0], actor=facilitator, occurred_on=date(2026, 4, 2),
        living_situation="thuis", out_of_home_placement_prevented=True, secure_placement_prevented=True)  # fmt: skip
    log(StepKind.ESCALATION, case=march[1], actor=facilitator, occurred_on=date(2026, 5, 1))

    scheme = SchemeFactory(name="Casuïstiekgebonden (test)")
    granted = ApplicationFactory(scheme=scheme, case=march[2], status=ApplicationStatus.GRANTED,
                                 received_at=at(2026, 3, 9, 10), decision_due=date(2026, 3, 16),
                                 requested_amount=Decimal("12000.00"))  # fmt: skip
    Decision.objects.create(application=granted, outcome=DecisionOutcome.GRANTED, amount=Decimal("10000.00"),
                            decided_by=committee_member, decided_at=at(2026, 3, 12, 15))  # fmt: skip
    return {"jan": jan, "march": march, "closed": closed, "old": old, "old_closed": old_closed}
