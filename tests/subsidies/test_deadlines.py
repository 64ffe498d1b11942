"""``decision_due_date`` as the pipeline uses it: DESIGN.md's examples, Amsterdam dates around
midnight, closures, and properties over any moment of receipt."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.workdays import WorkingDayCalendar
from subsidies.deadlines import decision_deadline, decision_due_date
from tests.subsidies.factories import amsterdam

DECREE_DAYS = [date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7)]
CALENDAR = WorkingDayCalendar(DECREE_DAYS)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (amsterdam(2026, 3, 9, 10, 0), date(2026, 3, 16)),
        (amsterdam(2026, 3, 7, 10, 0), date(2026, 3, 13)),
        (amsterdam(2026, 12, 31, 10, 0), date(2027, 1, 8)),
        (amsterdam(2026, 5, 7, 10, 0), date(2026, 5, 18)),
        (amsterdam(2026, 4, 2, 10, 0), date(2026, 4, 13)),  # Good Friday 3 April and Easter Monday 6 April
        (amsterdam(2027, 5, 4, 10, 0), date(2027, 5, 14)),  # 5 May (no lustrum), Ascension 6 May, 7 May
    ],
)
def test_design_examples(received, due):
    assert decision_due_date(received, calendar=CALENDAR) == due


def test_the_amsterdam_date_counts_not_the_utc_date():
    # Sunday 8 March 2026 23:30 UTC is Monday 9 March 00:30 in Amsterdam.
    received = datetime(2026, 3, 8, 23, 30, tzinfo=UTC)
    assert decision_due_date(received, calendar=CALENDAR) == date(2026, 3, 16)


def test_an_administrator_closure_moves_the_deadline():
    closures = WorkingDayCalendar([*DECREE_DAYS, date(2026, 3, 11)])
    assert decision_due_date(amsterdam(2026, 3, 9, 10, 0), calendar=closures) == date(2026, 3, 17)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        decision_due_date(datetime(2026, 3, 9, 10, 0), calendar=CALENDAR)


def test_the_deadline_is_the_end_of_the_day_in_amsterdam():
    deadline = decision_deadline(amsterdam(2026, 3, 9, 10, 0), calendar=CALENDAR)
    assert deadline == amsterdam(2026, 3, 16, 23, 59, 59)


@given(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)),
    st.integers(min_value=1, max_value=25),
)
def test_the_due_date_is_the_nth_working_day_after_the_day_of_receipt(received, days):
    due = decision_due_date(received, days, calendar=CALENDAR)
    received_on = received.astimezone(amsterdam(2026, 1, 1).tzinfo).date()
    assert CALENDAR.is_working_day(due)
    assert CALENDAR.working_days_between(received_on, due) == days
