"""The case list: search, filters, signals, sorting, pagination, escaping and its query budget."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus
from cases.selectors import SIGNALS, current_stalled_before, search_cases, stalled_before, with_signal
from core.models import NonWorkingDay
from core.workdays import WorkingDayCalendar
from tests.cases.factories import CaseFactory, municipality

pytestmark = pytest.mark.django_db

LIST_BUDGET = 8


def listed(client, **params) -> str:
    return client.get(reverse("cases:list"), params).content.decode()


def test_search_matches_reference_initials_and_municipality(coordinator, region_fle, team_utr):
    amy = CaseFactory(youth_initials="A.B.")
    sam = CaseFactory(youth_initials="S.")

    assert list(search_cases(coordinator, query=amy.reference)) == [amy]
    assert list(search_cases(coordinator, query="a.b")) == [amy]
    assert set(search_cases(coordinator, query="utrecht")) == {amy, sam}
    assert list(search_cases(coordinator, query="Almere")) == []


def test_filters_by_status_region_team_and_facilitator(coordinator, facilitator, region_utr, team_utr):
    mine = CaseFactory(facilitator=facilitator, status=CaseStatus.INTAKE)
    other = CaseFactory(status=CaseStatus.ACTIVE)

    assert list(search_cases(coordinator, status=CaseStatus.INTAKE)) == [mine]
    assert list(search_cases(coordinator, facilitator=facilitator.pk)) == [mine]
    assert set(search_cases(coordinator, region=region_utr.pk)) == {mine, other}
    assert set(search_cases(coordinator, team=team_utr.pk)) == {mine, other}


def test_stalled_before_counts_ten_working_days_back_skipping_holidays_and_closures():
    # Thursday 14 May 2026 is Ascension Day, Friday 15 May a decree day, Monday 25 May Whit Monday.
    calendar = WorkingDayCalendar([date(2026, 5, 15)])

    assert stalled_before(date(2026, 5, 29), calendar) == date(2026, 5, 12)
    assert stalled_before(date(2026, 3, 20), WorkingDayCalendar()) == date(2026, 3, 6)


def make_signal_cases():
    today = timezone.localdate()
    long_ago = timezone.now() - timedelta(days=40)
    cases = {
        "stalled": CaseFactory(last_step_at=long_ago),
        "escalation": CaseFactory(open_escalation=True, last_step_at=timezone.now()),
        "overdue_actions": CaseFactory(
            next_action_due=today - timedelta(days=1), last_step_at=timezone.now()
        ),
        "many_changes": CaseFactory(placement_changes=2, professional_changes=1, last_step_at=timezone.now()),
        "review_overdue": CaseFactory(next_review_due=today - timedelta(days=1), last_step_at=timezone.now()),
        # Aftercare happens after closing: this signal (and the one above) also concerns closed cases.
        "aftercare_this_week": CaseFactory(
            status=CaseStatus.CLOSED, next_aftercare_due=today, last_step_at=timezone.now()
        ),
        "none": CaseFactory(
            last_step_at=timezone.now(), next_action_due=today, placement_changes=1, professional_changes=1
        ),
    }
    # A closed case shows no signals, whatever its fields say.
    CaseFactory(
        status=CaseStatus.CLOSED,
        last_step_at=long_ago,
        open_escalation=True,
        next_action_due=today - timedelta(1),
    )
    return cases


@pytest.mark.parametrize("signal", list(SIGNALS))
def test_each_signal_filter_finds_exactly_its_open_cases(coordinator, signal):
    cases = make_signal_cases()

    assert list(with_signal(Case.objects.all(), signal)) == [cases[signal]]
    assert list(search_cases(coordinator, signal=signal)) == [cases[signal]]


def test_a_case_without_steps_is_stalled_ten_working_days_after_its_referral(coordinator):
    old = CaseFactory()
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    CaseFactory()

    assert list(with_signal(Case.objects.all(), "stalled")) == [old]


def test_a_paused_case_is_not_stalled(coordinator):
    CaseFactory(status=CaseStatus.PAUSED, last_step_at=timezone.now() - timedelta(days=40))

    assert not with_signal(Case.objects.all(), "stalled").exists()


def test_a_new_closure_day_moves_the_stalled_threshold_at_once():
    friday = date(2026, 3, 20)
    assert current_stalled_before(friday) == date(2026, 3, 6)

    NonWorkingDay.objects.create(date=date(2026, 3, 10), kind=NonWorkingDay.Kind.CLOSURE)

    assert current_stalled_before(friday) == date(2026, 3, 5)


def test_list_shows_signal_badges_and_links_filtered(client_for, coordinator):
    make_signal_cases()

    html = listed(client_for(coordinator))
    for signal in SIGNALS:
        assert f'data-signal="{signal}"' in html
    only = listed(client_for(coordinator), signal="escalation")
    assert only.count('class="case-row"') == 1


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("reference", ["A", "B", "C"]),
        ("-reference", ["C", "B", "A"]),
        ("created", ["A", "B", "C"]),
        ("-created", ["C", "B", "A"]),
    ],
)
def test_sorting(coordinator, sort, expected):
    cases = {name: CaseFactory() for name in "ABC"}
    for n, name in enumerate("ABC"):
        Case.objects.filter(pk=cases[name].pk).update(created_at=timezone.now() - timedelta(days=10 - n))
    by_pk = {case.pk: name for name, case in cases.items()}

    assert [by_pk[c.pk] for c in search_cases(coordinator, sort=sort)] == expected


def test_sorting_by_status_and_by_last_step(coordinator):
    old_step = CaseFactory(status=CaseStatus.ACTIVE, last_step_at=timezone.now() - timedelta(days=5))
    new_step = CaseFactory(status=CaseStatus.INTAKE, last_step_at=timezone.now())
    no_step = CaseFactory(status=CaseStatus.REFERRED)

    # In the order of the workflow: aangemeld, intake, in behandeling.
    assert list(search_cases(coordinator, sort="status")) == [no_step, new_step, old_step]
    assert list(search_cases(coordinator, sort="-status")) == [old_step, new_step, no_step]
    assert list(search_cases(coordinator, sort="-last_step")) == [new_step, old_step, no_step]
    assert list(search_cases(coordinator, sort="last_step")) == [no_step, old_step, new_step]


def test_pagination_has_25_per_page_and_keeps_the_filters(client_for, coordinator):
    for _n in range(30):
        CaseFactory(status=CaseStatus.INTAKE)
    client = client_for(coordinator)

    first = listed(client, status="intake")
    second = listed(client, status="intake", page=2)
    beyond = listed(client, status="intake", page=99)

    assert first.count('class="case-row"') == 25
    assert second.count('class="case-row"') == 5
    assert beyond.count('class="case-row"') == 5
    assert "status=intake" in first and "page=2" in first
    assert "30 casussen" in first


def test_empty_list_says_so(client_for, facilitator):
    assert "Geen casussen gevonden" in listed(client_for(facilitator))


def test_free_text_is_escaped_in_the_list(client_for, coordinator):
    CaseFactory(municipality=municipality("Utrecht"), youth_initials="<b>")

    html = listed(client_for(coordinator))

    assert "&lt;b&gt;" in html


@pytest.mark.parametrize("user_fixture", ["coordinator", "facilitator"])
def test_list_stays_within_its_query_budget_with_40_cases(
    request, client_for, user_fixture, facilitator, django_assert_max_num_queries
):
    user = request.getfixturevalue(user_fixture)
    for n in range(40):
        CaseFactory(
            facilitator=facilitator, last_step_at=timezone.now() - timedelta(days=n), placement_changes=n % 5
        )
    client = client_for(user)
    client.get(reverse("cases:list"))  # warm-up request

    with django_assert_max_num_queries(LIST_BUDGET):
        html = listed(client, sort="-last_step", q="utrecht")

    assert html.count('class="case-row"') == 25
