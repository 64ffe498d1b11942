import pytest
from django.apps import apps

from cases import services as case_services
from cases.models import Case
from core import demo as core_demo
from core.models import Region, User
from expertteams import demo
from expertteams.models import ActionItem, Escalation, HelpQuestion, Interview, Outcome, Step, StepKind
from tests.expertteams.factories import CaseFactory

pytestmark = pytest.mark.django_db


def expertteams_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in apps.get_app_config("expertteams").get_models()
    }


@pytest.fixture
def demo_cases(reference_data):
    core_demo.seed()
    pim = User.objects.get(username="procesbegeleider")
    fatma = User.objects.get(username="procesbegeleider2")
    amy = CaseFactory(youth_name="Amy", facilitator=pim)
    # More cases than the demo fills, so a second run could pick new ones if it were not idempotent.
    utr = [CaseFactory(facilitator=pim, youth_name=f"U{n}") for n in range(5)]
    fle = [CaseFactory(region=Region.objects.get(code="FLE"), facilitator=fatma) for _n in range(5)]
    assert fle[0].reference.startswith("FLE")
    return amy, utr, fle


def test_demo_gives_amy_her_whole_route(demo_cases):
    amy, _utr, _fle = demo_cases

    demo.seed()

    kinds = set(Step.objects.filter(case=amy).values_list("kind", flat=True))
    assert kinds == set(StepKind.values) - {StepKind.CONSULTATION, StepKind.NOTE}
    assert sorted(Interview.objects.filter(step__case=amy).values_list("party_kind", flat=True)) == [
        "father",
        "mother",
        "municipality",
        "youth",
    ]
    # In the order they were recorded: version 2 came after version 1.
    versions = HelpQuestion.objects.filter(step__case=amy).order_by("step__occurred_on", "step__created_at")
    assert list(versions.values_list("question_version", flat=True)) == [
        1,
        2,
    ]
    escalation = Escalation.objects.get(step__case=amy)
    assert (escalation.threatened_measure, escalation.status, escalation.result_kind) == (
        "secure_care",
        "closed",
        "alternative_found",
    )
    outcome = Outcome.objects.get(step__case=amy)
    assert outcome.living_situation == "zelfstandig" and outcome.secure_placement_prevented
    assert ActionItem.objects.filter(step__case=amy).count() == 2
    amy.refresh_from_db()
    assert amy.outcome_recorded_at is not None and not amy.open_escalation and amy.next_action_due is None


def test_demo_gives_other_cases_signals(demo_cases):
    _amy, utr, fle = demo_cases

    demo.seed()

    for cases in (utr, fle):
        for case in cases:
            case.refresh_from_db()
        assert cases[0].next_action_due is not None
        assert cases[1].open_escalation
        assert cases[2].last_step_at is not None


def test_demo_is_idempotent(demo_cases):
    demo.seed()
    first = expertteams_counts()

    demo.seed()

    assert expertteams_counts() == first
    assert first["Step"] > 20


def test_demo_does_nothing_without_amy(reference_data):
    demo.seed()

    assert not Step.objects.exists()


def test_demo_closes_amys_case_through_the_cases_status_service(demo_cases, monkeypatch):
    amy, _utr, _fle = demo_cases
    calls = []

    def change_status(*, case, actor, to_status, reason=""):
        calls.append(to_status)
        Case.objects.filter(pk=case.pk).update(status=to_status)

    monkeypatch.setattr(case_services, "change_status", change_status, raising=False)

    demo.seed()

    amy.refresh_from_db()
    assert calls == ["afgesloten"]  # the factory's case is already in behandeling
    assert amy.status == "afgesloten"
