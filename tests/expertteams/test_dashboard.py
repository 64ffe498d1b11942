from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus
from cases.selectors import stalled_before
from core.models import Region
from core.workdays import WorkingDayCalendar
from expertteams import selectors
from expertteams.models import StepKind
from tests.expertteams.factories import CaseFactory, log

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
FRIDAY = date(2026, 3, 13)


def with_last_step(case, moment: datetime):
    Case.objects.filter(pk=case.pk).update(last_step_at=moment)
    return case


def references(signals, name):
    return {case.reference for case in signals["signals"][name]["cases"]}


def test_ten_working_days_before_a_friday_is_the_friday_two_weeks_earlier():
    assert stalled_before(FRIDAY, WorkingDayCalendar()) == date(2026, 2, 27)


def test_case_without_a_step_for_ten_working_days_threatens_to_stall(facilitator):
    # Friday 13 March: a last step before Friday 27 February means ten whole working days without one.
    stalled = with_last_step(CaseFactory(facilitator=facilitator), datetime(2026, 2, 26, 15, 0, tzinfo=AMS))
    recent = with_last_step(CaseFactory(facilitator=facilitator), datetime(2026, 2, 27, 9, 0, tzinfo=AMS))
    paused = with_last_step(
        CaseFactory(facilitator=facilitator, status=CaseStatus.PAUSED), datetime(2026, 1, 5, 9, 0, tzinfo=AMS)
    )

    signals = selectors.dashboard_signals(facilitator, today=FRIDAY)

    assert references(signals, "stalled") == {stalled.reference}
    assert recent.reference not in references(signals, "stalled")
    assert paused.reference not in references(signals, "stalled")


def test_dashboard_counts_each_signal_for_the_coordinators_team_only(
    facilitator, facilitator_fle, coordinator
):
    today = timezone.localdate()
    escalated = CaseFactory(facilitator=facilitator)
    log(StepKind.ESCALATION, case=escalated, actor=facilitator, occurred_on=today)
    overdue = CaseFactory(facilitator=facilitator)
    late = {"description": "Bellen", "owner_name": "Pim", "due_on": today - timedelta(days=1)}
    log(StepKind.CONTACT_FAMILY, case=overdue, actor=facilitator, occurred_on=today, actions=[late])
    moving = CaseFactory(facilitator=facilitator, placement_changes=3)
    log(StepKind.NOTE, case=moving, actor=facilitator, occurred_on=today)
    quiet = CaseFactory(facilitator=facilitator)
    log(StepKind.NOTE, case=quiet, actor=facilitator, occurred_on=today)
    fle_case = CaseFactory(region=Region.objects.get(code="FLE"), facilitator=facilitator_fle)
    log(StepKind.ESCALATION, case=fle_case, actor=facilitator_fle, occurred_on=today)
    closed = CaseFactory(facilitator=facilitator, status=CaseStatus.CLOSED, placement_changes=5)
    Case.objects.filter(pk=closed.pk).update(closed_at=timezone.now(), open_escalation=True)

    signals = selectors.dashboard_signals(coordinator)

    counts = {name: values["count"] for name, values in signals["signals"].items()}
    assert counts == {
        "stalled": 0,
        "escalation": 1,
        "overdue_actions": 1,
        "many_changes": 1,
        "review_overdue": 0,
        "aftercare_this_week": 0,
    }
    assert references(signals, "escalation") == {escalated.reference}
    assert references(signals, "overdue_actions") == {overdue.reference}
    assert references(signals, "many_changes") == {moving.reference}
    assert [case.reference for case in signals["recently_closed"]] == [closed.reference]


def test_facilitator_sees_signals_of_their_own_cases_only(facilitator, facilitator_other):
    other_case = CaseFactory(facilitator=facilitator_other)
    log(StepKind.ESCALATION, case=other_case, actor=facilitator_other)

    assert selectors.dashboard_signals(facilitator)["signals"]["escalation"]["count"] == 0
    assert selectors.dashboard_signals(facilitator_other)["signals"]["escalation"]["count"] == 1


def test_dashboard_panel_shows_counts_and_references(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.ESCALATION, case=case, actor=facilitator)

    html = client_for(facilitator).get(reverse("core:dashboard")).content.decode()

    assert "Signalen op uw casussen" in html
    assert "Open escalatie bij de Raad" in html
    assert case.reference in html
    assert "Recent afgesloten" in html


def test_dashboard_panel_is_not_shown_to_the_municipality(client_for, municipal_user):
    html = client_for(municipal_user).get(reverse("core:dashboard")).content.decode()

    assert "Signalen op uw casussen" not in html
