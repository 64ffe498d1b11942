"""The demo seed of the grant pipeline: idempotent, and every state the demo promises is there."""

import pytest
from django.apps import apps
from django.db.models import Sum
from django.utils import timezone

from cases import demo as cases_demo
from core import demo as core_demo
from core.models import User
from core.workdays import get_calendar
from expertteams import demo as expertteams_demo
from reports import demo as reports_demo
from subsidies import demo
from subsidies.models import (
    ApplicationStatus,
    Call,
    Decision,
    DecisionLetter,
    DecisionOutcome,
    GrantApplication,
    GrantScheme,
    SchemeBudget,
)
from subsidies.rules import recusal_reason
from subsidies.selectors import committee_queue, decision_figures

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in apps.get_app_config("subsidies").get_models()}


@pytest.fixture
def seeded(reference_data, django_capture_on_commit_callbacks):
    core_demo.seed()
    cases_demo.seed()
    expertteams_demo.seed()
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed()


def test_running_the_seed_twice_adds_nothing(seeded, django_capture_on_commit_callbacks):
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed()
    assert counts() == before


def test_three_schemes_with_the_committee_as_member_and_chair(seeded):
    commissie = User.objects.get(username="commissie")
    schemes = GrantScheme.objects.all()
    assert schemes.count() == 3
    case_bound = schemes.get(kind="case_bound")
    assert (case_bound.decision_working_days, case_bound.yearly_budget, case_bound.max_per_application) == (
        5,
        250000,
        25000,
    )
    for scheme in schemes:
        assert scheme.chair == commissie
        assert commissie in scheme.committee_members.all()


def test_amy_request_granted_in_time_with_its_letter(seeded):
    amy = GrantApplication.objects.get(case__youth_name="Amy")
    assert amy.status == ApplicationStatus.GRANTED
    assert amy.provider_organisation.name == "Gezinshuis De Linde"
    assert list(amy.invited_users.values_list("username", flat=True)) == ["gezinshuis"]
    (figure,) = decision_figures(GrantApplication.objects.filter(pk=amy.pk))
    assert figure.on_time and figure.working_days <= 5
    assert DecisionLetter.objects.filter(application=amy).exists()


def test_one_due_tomorrow_one_overdue_and_one_draft_at_the_provider(seeded):
    calendar = get_calendar()
    today = timezone.localdate()
    rows = committee_queue(User.objects.get(username="commissie"), today=today, calendar=calendar)
    case_bound = [row for row in rows if row.application.case_id]
    assert [row.application.decision_due for row in case_bound if not row.overdue] == [
        calendar.add_working_days(today, 1)
    ]
    assert sum(1 for row in case_bound if row.overdue) == 1
    drafts = GrantApplication.objects.filter(status=ApplicationStatus.DRAFT, case__isnull=False)
    assert drafts.count() == 1
    assert drafts.get().invited_users.filter(username="gezinshuis").exists()


def test_proposals_in_an_open_and_a_closed_call(seeded):
    now = timezone.now()
    assert Call.objects.filter(closes_at__gte=now, applications__isnull=False).exists()
    assert Call.objects.filter(closes_at__lt=now, applications__isnull=False).exists()


def test_seed_skips_gracefully_without_cases(reference_data):
    core_demo.seed()
    demo.seed()
    assert GrantScheme.objects.count() == 3
    assert not GrantApplication.objects.filter(case__isnull=False).exists()


def test_two_committee_members_and_one_recused_on_one_request(seeded):
    second = User.objects.get(username="commissie2")
    for scheme in GrantScheme.objects.all():
        assert scheme.committee_members.count() >= 2
    recused_on = [
        application
        for application in GrantApplication.objects.filter(status=ApplicationStatus.SUBMITTED)
        if recusal_reason(second, application)
    ]
    assert [application.provider_organisation.name for application in recused_on] == ["Gezinshuis Het Anker"]


def test_one_suspended_awaiting_completion_and_one_at_risk(seeded):
    suspended = GrantApplication.objects.get(status=ApplicationStatus.SUSPENDED)
    assert suspended.completion_requests.get().completed_at is None
    rows = committee_queue(User.objects.get(username="commissie"))
    assert [row.due for row in rows if row.application == suspended] == [None]
    at_risk = [row.application for row in rows if row.at_risk]
    assert [application.provider_organisation.name for application in at_risk] == ["Gezinshuis Het Anker"]


def test_budget_counters_equal_the_granted_decisions_after_the_whole_demo(
    seeded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reports_demo.seed()
    granted = (
        Decision.objects.filter(outcome=DecisionOutcome.GRANTED)
        .values("application__scheme", "budget_year")
        .annotate(total=Sum("amount"))
    )
    totals = {(row["application__scheme"], row["budget_year"]): row["total"] for row in granted}
    budgets = {(b.scheme_id, b.year): b.granted_total for b in SchemeBudget.objects.all()}
    # the report history
    assert Decision.objects.filter(
        application__case__facilitator__username__startswith="pb_rapportage"
    ).exists()
    assert budgets == totals
