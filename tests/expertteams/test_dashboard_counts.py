"""Dashboard signals at scale: the counts come from one SQL aggregate, each signal lists a bounded
number of cases, and the query count does not grow with the cases in scope."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, CaseStatus
from cases.selectors import SIGNALS
from expertteams import selectors
from tests.expertteams.factories import CaseFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def make_cases(facilitator, count: int, **fields) -> list[Case]:
    cases = [CaseFactory(facilitator=facilitator, **fields) for _ in range(count)]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(
        last_step_at=datetime(2026, 3, 10, 9, tzinfo=AMS)
    )
    return cases


def test_counts_are_exact_beyond_the_listed_cases_and_lists_are_bounded(coordinator, facilitator):
    escalated = make_cases(facilitator, selectors.SIGNAL_CASES_SHOWN + 4)
    Case.objects.filter(pk__in=[c.pk for c in escalated]).update(open_escalation=True)
    moving = make_cases(facilitator, 3, placement_changes=4)
    Case.objects.filter(pk=moving[0].pk).update(open_escalation=True)  # shows under two signals
    closed = make_cases(facilitator, 2, status=CaseStatus.CLOSED, placement_changes=9)

    result = selectors.dashboard_signals(coordinator)["signals"]

    assert result["escalation"]["count"] == len(escalated) + 1
    assert len(result["escalation"]["cases"]) == selectors.SIGNAL_CASES_SHOWN
    assert result["many_changes"]["count"] == 3
    assert {c.pk for c in result["many_changes"]["cases"]} == {c.pk for c in moving}
    listed = {c.pk for values in result.values() for c in values["cases"]}
    assert not listed & {c.pk for c in closed}


def test_listed_cases_are_the_longest_quiet_first(coordinator, facilitator):
    cases = make_cases(facilitator, 12, placement_changes=5)
    for n, case in enumerate(cases):
        Case.objects.filter(pk=case.pk).update(last_step_at=datetime(2026, 1, 1 + n, 9, tzinfo=AMS))

    listed = selectors.dashboard_signals(coordinator)["signals"]["many_changes"]["cases"]

    assert [c.pk for c in listed] == [c.pk for c in cases[: selectors.SIGNAL_CASES_SHOWN]]


def test_signal_queries_do_not_grow_with_the_cases(coordinator, facilitator):
    make_cases(facilitator, 2, placement_changes=4)
    coordinator.role_codes  # noqa: B018  (loaded once per request, by the navigation)
    with CaptureQueriesContext(connection) as few:
        selectors.dashboard_signals(coordinator)
    make_cases(facilitator, 25, placement_changes=4, open_escalation=True)
    with CaptureQueriesContext(connection) as many:
        selectors.dashboard_signals(coordinator)

    # the calendar, the counts (one aggregate with COUNT(*) FILTER), the flagged cases (up to
    # FLAGGED_READ_AT_ONCE of them in one query), the recently closed
    assert len(few) == len(many) == 4
    assert any(
        q["sql"].startswith("SELECT COUNT(") and 'COUNT("cases_case"."id") FILTER (WHERE' in q["sql"]
        for q in many
    )


def test_past_the_threshold_each_signal_reads_its_own_first_cases_with_the_same_result(
    coordinator, facilitator, monkeypatch
):
    cases = make_cases(facilitator, 14, placement_changes=5)
    for n, case in enumerate(cases):
        Case.objects.filter(pk=case.pk).update(
            last_step_at=datetime(2026, 1, 1 + n, 9, tzinfo=AMS), open_escalation=n % 2 == 0
        )
    at_once = selectors.dashboard_signals(coordinator)["signals"]
    monkeypatch.setattr(selectors, "FLAGGED_READ_AT_ONCE", 0)

    coordinator = type(coordinator).objects.get(pk=coordinator.pk)
    coordinator.role_codes  # noqa: B018
    with CaptureQueriesContext(connection) as queries:
        per_signal = selectors.dashboard_signals(coordinator)["signals"]

    # the calendar, the counts, one LIMIT query per signal, the recently closed
    assert len(queries) == 3 + len(SIGNALS)
    for name in SIGNALS:
        assert [c.pk for c in per_signal[name]["cases"]] == [c.pk for c in at_once[name]["cases"]]
    assert [c.pk for c in at_once["escalation"]["cases"]] == [c.pk for c in cases[::2]]
    assert len(at_once["many_changes"]["cases"]) == selectors.SIGNAL_CASES_SHOWN
