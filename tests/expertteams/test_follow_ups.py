"""The follow-up cycle: review moments of the plan, aftercare moments after closing, "gaat het nog
goed?" as a step (reopening a closed case when not), the dashboard signals and the pages."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus, CaseStatusChange
from cases.selectors import with_signal
from expertteams import closing, followups, selectors
from expertteams.models import FollowUp, Step, StepKind
from tests.expertteams.factories import CaseFactory, log

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(facilitator):
    return CaseFactory(facilitator=facilitator)


def closed_case(facilitator, on: date):
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.OUTCOME, case=case, actor=facilitator)
    closing.close_case(case=case, actor=facilitator, decisions={}, today=on)
    return case


def test_add_months_keeps_the_day_or_takes_the_last_of_a_short_month():
    assert followups.add_months(date(2026, 3, 2), 3) == date(2026, 6, 2)
    assert followups.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert followups.add_months(date(2026, 8, 31), -3) == date(2026, 5, 31)


def test_closing_plans_aftercare_for_the_facilitator_at_3_6_and_12_months(facilitator):
    case = closed_case(facilitator, date(2026, 3, 2))

    moments = FollowUp.objects.filter(case=case)
    assert [(m.kind, m.due_on, m.owner) for m in moments] == [
        ("nazorg", date(2026, 6, 2), facilitator),
        ("nazorg", date(2026, 9, 2), facilitator),
        ("nazorg", date(2027, 3, 2), facilitator),
    ]
    case.refresh_from_db()
    assert case.next_aftercare_due == date(2026, 6, 2)


def test_the_intervals_come_from_the_setting(facilitator, settings):
    settings.FOLLOW_UP_MONTHS = (1, 2)

    case = closed_case(facilitator, date(2026, 3, 2))

    assert list(FollowUp.objects.filter(case=case).values_list("due_on", flat=True)) == [
        date(2026, 4, 2),
        date(2026, 5, 2),
    ]


def test_a_review_moment_has_a_date_who_and_what_to_check(case, facilitator):
    moment = followups.plan_review(
        case=case,
        actor=facilitator,
        due_on=date(2026, 4, 1),
        owner=facilitator,
        what_to_check="Loopt school?",
    )

    assert (moment.kind, moment.owner_name, moment.what_to_check) == (
        "evaluatie",
        str(facilitator.get_full_name() or facilitator.username),
        "Loopt school?",
    )
    case.refresh_from_db()
    assert case.next_review_due == date(2026, 4, 1)


def test_a_review_without_anyone_to_do_it_is_refused(case, facilitator):
    with pytest.raises(ValidationError):
        followups.plan_review(case=case, actor=facilitator, due_on=date(2026, 4, 1), what_to_check="x")
    assert not FollowUp.objects.exists()


def test_going_well_is_recorded_as_a_step_and_the_case_stays_closed(facilitator):
    case = closed_case(facilitator, date(2026, 3, 2))
    moment = FollowUp.objects.filter(case=case).first()

    step = followups.record_follow_up(
        moment=moment, actor=facilitator, occurred_on=date(2026, 6, 3), going_well=True, note="School loopt"
    )

    moment.refresh_from_db()
    case.refresh_from_db()
    assert step.kind == StepKind.FOLLOW_UP and step.follow_up_check.going_well
    assert (moment.step, moment.resolution) == (step, "afgerond")
    assert case.status == CaseStatus.CLOSED
    assert case.next_aftercare_due == date(2026, 9, 2)


def test_not_going_well_reopens_the_closed_case_with_the_reason(facilitator):
    case = closed_case(facilitator, date(2026, 3, 2))
    moment = FollowUp.objects.filter(case=case).first()

    followups.record_follow_up(
        moment=moment,
        actor=facilitator,
        occurred_on=date(2026, 6, 3),
        going_well=False,
        reopen_reason="Amy is weer in de crisisopvang",
    )

    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE and case.closed_at is None
    assert list(FollowUp.objects.filter(case=case).values_list("resolution", "resolution_note")) == [
        ("afgerond", ""),
        ("geannuleerd", "Casus heropend"),
        ("geannuleerd", "Casus heropend"),
    ]
    assert case.next_aftercare_due is None
    change = CaseStatusChange.objects.filter(case=case).last()
    assert (change.from_status, change.to_status, change.reason) == (
        "afgesloten",
        "in_behandeling",
        "Amy is weer in de crisisopvang",
    )


def test_not_going_well_without_a_reason_is_refused_and_nothing_is_written(facilitator):
    case = closed_case(facilitator, date(2026, 3, 2))
    moment = FollowUp.objects.filter(case=case).first()

    with pytest.raises(ValidationError):
        followups.record_follow_up(
            moment=moment, actor=facilitator, occurred_on=date(2026, 6, 3), going_well=False
        )

    assert not Step.objects.filter(kind=StepKind.FOLLOW_UP).exists()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_a_moment_is_recorded_once(facilitator):
    case = closed_case(facilitator, date(2026, 3, 2))
    moment = FollowUp.objects.filter(case=case).first()
    followups.record_follow_up(
        moment=moment, actor=facilitator, occurred_on=date(2026, 6, 3), going_well=True
    )

    with pytest.raises(ValidationError):
        followups.record_follow_up(
            moment=moment, actor=facilitator, occurred_on=date(2026, 6, 4), going_well=True
        )


def test_review_overdue_and_aftercare_this_week_signals(facilitator, coordinator):
    today = timezone.localdate()
    late = CaseFactory(facilitator=facilitator)
    followups.plan_review(
        case=late, actor=facilitator, due_on=today - timedelta(days=1), owner=facilitator, what_to_check="x"
    )
    on_time = CaseFactory(facilitator=facilitator)
    followups.plan_review(
        case=on_time,
        actor=facilitator,
        due_on=today + timedelta(days=30),
        owner=facilitator,
        what_to_check="x",
    )
    aftercare = closed_case(facilitator, followups.add_months(today, -3))

    assert list(with_signal(Case.objects.all(), "review_overdue")) == [late]
    assert list(with_signal(Case.objects.all(), "aftercare_this_week")) == [aftercare]
    counts = {n: v["count"] for n, v in selectors.dashboard_signals(coordinator)["signals"].items()}
    assert counts["review_overdue"] == 1 and counts["aftercare_this_week"] == 1


def test_follow_up_page_records_and_reopens(client_for, facilitator):
    case = closed_case(facilitator, date(2026, 3, 2))
    moment = FollowUp.objects.filter(case=case).first()
    client = client_for(facilitator)
    url = reverse("expertteams:record_follow_up", args=[moment.pk])
    assert client.get(url).status_code == 200

    refused = client.post(url, {"occurred_on": "2026-06-03", "going_well": "0"})
    assert refused.status_code == 200 and Case.objects.get(pk=case.pk).is_closed

    response = client.post(url, {"occurred_on": "2026-06-03", "going_well": "0", "reopen_reason": "Terugval"})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE


def test_my_follow_ups_lists_the_planned_moments_and_the_case_page_shows_them(client_for, facilitator):
    case = closed_case(facilitator, date(2026, 3, 2))
    client = client_for(facilitator)

    listed = client.get(reverse("expertteams:my_follow_ups")).content.decode()
    page = client.get(reverse("cases:tab", args=[case.reference, "nazorg"])).content.decode()

    assert listed.count('class="follow-up-row"') == 3
    assert page.count('class="follow-up ') == 3


@pytest.mark.parametrize(
    "other", ["facilitator_other", "facilitator_fle", "coordinator_fle", "municipal_user"]
)
def test_others_get_404_on_the_follow_up_and_review_pages(client_for, request, facilitator, other):
    case = closed_case(facilitator, date(2026, 3, 2))
    moment = FollowUp.objects.filter(case=case).first()
    client = client_for(request.getfixturevalue(other))

    assert client.get(reverse("expertteams:record_follow_up", args=[moment.pk])).status_code == 404
    assert (
        client.post(
            reverse("expertteams:record_follow_up", args=[moment.pk]),
            {"occurred_on": "2026-06-03", "going_well": "1"},
        ).status_code
        == 404
    )
    assert client.get(reverse("expertteams:plan_review", args=[case.reference])).status_code == 404
    assert "follow-up-row" not in client.get(reverse("expertteams:my_follow_ups")).content.decode()
    assert FollowUp.objects.get(pk=moment.pk).is_planned


def test_plan_review_page(client_for, facilitator, case):
    response = client_for(facilitator).post(
        reverse("expertteams:plan_review", args=[case.reference]),
        {"due_on": "2026-05-01", "owner": facilitator.pk, "what_to_check": "Gaat Amy naar school?"},
    )

    assert response.status_code == 302
    assert FollowUp.objects.get().what_to_check == "Gaat Amy naar school?"
