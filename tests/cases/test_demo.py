"""The demo seed of the cases app: Amy's referral and the other demo cases, idempotent."""

import pytest

from cases import demo
from cases.models import Assignment, Case, CaseStatus, CaseStatusChange, Consent, InvolvedPerson
from cases.selectors import cases_for_user, with_signal
from core import demo as core_demo
from core.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(reference_data):
    core_demo.seed()
    demo.seed()


def counts() -> tuple:
    return tuple(
        model.objects.count() for model in (Case, InvolvedPerson, Consent, CaseStatusChange, Assignment)
    )


def test_running_the_seed_twice_adds_nothing(seeded):
    before = counts()

    demo.seed()

    assert counts() == before
    assert Case.objects.count() == 1 + len(demo.OTHER_CASES)


def test_amy_is_referred_by_the_case_holder_and_active_with_the_demo_facilitator(seeded):
    amy = Case.objects.get(youth_name="Amy", region__code="UTR")

    assert amy.youth_initials == "A."
    assert amy.youth_birth_year == 2007
    assert amy.municipality.name == "Utrecht"
    assert amy.facilitator.username == "procesbegeleider"
    assert amy.status == CaseStatus.ACTIVE
    assert amy.risk_secure_care and amy.child_protection_board_involved
    assert sorted(amy.persons.values_list("relation", flat=True)) == ["moeder", "vader"]
    organisations = set(amy.professionals.values_list("organisation__name", flat=True))
    assert organisations == {"Levvel", "Youké", "GGZ Centraal"}
    assert amy.consents.filter(person__isnull=True, purpose="expertteam").exists()


def test_the_two_demo_facilitators_have_disjoint_cases(seeded):
    utr = set(cases_for_user(User.objects.get(username="procesbegeleider")).values_list("pk", flat=True))
    fle = set(cases_for_user(User.objects.get(username="procesbegeleider2")).values_list("pk", flat=True))

    assert utr and fle
    assert not utr & fle


def test_demo_cases_show_their_own_signals_and_several_statuses(seeded):
    # The signals of the timeline and the follow-up cycle come from expertteams.demo, on real steps,
    # actions and moments (every signal after the whole seed_demo: tests/core/test_demo_promises.py).
    # What the cases app owns shows on its own: the changes counters, and a referral left untouched.
    for signal in ("many_changes", "stalled"):
        assert with_signal(Case.objects.all(), signal).exists(), signal
    for signal in ("escalation", "overdue_actions", "review_overdue", "aftercare_this_week"):
        assert not with_signal(Case.objects.all(), signal).exists(), signal  # no fields without rows
    assert Case.objects.values("status").distinct().count() >= 4
    assert Case.objects.values("region").distinct().count() >= 5
