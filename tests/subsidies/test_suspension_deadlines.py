"""``decision_due_date`` with suspensions (Awb 4:15 lid 1 sub a): examples and properties."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from core.workdays import WorkingDayCalendar
from subsidies.deadlines import decision_deadline, decision_due_date
from tests.subsidies.factories import AMSTERDAM, amsterdam

CALENDAR = WorkingDayCalendar([date(2026, 1, 2), date(2026, 5, 15), date(2027, 5, 7)])
RECEIVED = amsterdam(2026, 3, 9, 10, 0)  # Monday 9 March 2026 → due Monday 16 March 2026


def due(*suspensions, received=RECEIVED, days=5):
    return decision_due_date(received, days, suspensions=suspensions, calendar=CALENDAR)


def test_without_suspensions_the_due_date_is_unchanged():
    assert due() == date(2026, 3, 16)


def test_the_dates_strictly_between_invitation_and_completion_do_not_count():
    # Invited Wednesday 11, completed Friday 13 March: only Thursday 12 March is suspended.
    assert due((amsterdam(2026, 3, 11, 9, 0), amsterdam(2026, 3, 13, 16, 0))) == date(2026, 3, 17)


def test_a_suspension_over_a_weekend_moves_by_its_working_days_only():
    # Suspended 12–15 March: Thursday and Friday count, the weekend never did.
    assert due((amsterdam(2026, 3, 11, 9, 0), amsterdam(2026, 3, 16, 9, 0))) == date(2026, 3, 18)


def test_an_invitation_completed_the_next_day_suspends_nothing():
    assert due((amsterdam(2026, 3, 11, 9, 0), amsterdam(2026, 3, 12, 9, 0))) == date(2026, 3, 16)


def test_an_open_suspension_has_no_due_date():
    assert due((amsterdam(2026, 3, 11, 9, 0), None)) is None
    open_pair = (amsterdam(2026, 3, 11, 9, 0), None)
    assert decision_deadline(RECEIVED, suspensions=[open_pair], calendar=CALENDAR) is None


def test_an_invitation_on_the_due_date_moves_nothing():
    assert due((amsterdam(2026, 3, 16, 9, 0), amsterdam(2026, 3, 30, 9, 0))) == date(2026, 3, 16)


def test_overlapping_suspensions_count_once():
    first = (amsterdam(2026, 3, 10, 9, 0), amsterdam(2026, 3, 13, 9, 0))  # 11, 12 March
    second = (amsterdam(2026, 3, 11, 9, 0), amsterdam(2026, 3, 14, 9, 0))  # 12, 13 March
    assert due(first, second) == due((amsterdam(2026, 3, 10, 9, 0), amsterdam(2026, 3, 14, 9, 0)))
    assert due(first, second) == date(2026, 3, 19)


def test_the_amsterdam_dates_count_not_the_utc_dates():
    # 11 March 23:30 UTC is 12 March in Amsterdam: then only 13 March (Friday) lies strictly between.
    invited = datetime(2026, 3, 11, 23, 30, tzinfo=UTC)
    assert due((invited, amsterdam(2026, 3, 14, 9, 0))) == date(2026, 3, 17)


def test_a_suspension_found_after_a_first_one_moved_the_date_counts_too():
    # The first suspension moves the date to 18 March; an invitation on 17 March then still counts.
    first = (amsterdam(2026, 3, 11, 9, 0), amsterdam(2026, 3, 16, 9, 0))
    later = (amsterdam(2026, 3, 17, 9, 0), amsterdam(2026, 3, 19, 9, 0))  # 18 March
    assert due(first, later) == date(2026, 3, 19)


@pytest.mark.parametrize(
    "pair",
    [
        (datetime(2026, 3, 11, 9, 0), amsterdam(2026, 3, 13, 9, 0)),
        (amsterdam(2026, 3, 11, 9, 0), datetime(2026, 3, 13, 9, 0)),
        (amsterdam(2026, 3, 13, 9, 0), amsterdam(2026, 3, 11, 9, 0)),
    ],
)
def test_naive_or_reversed_suspensions_are_refused(pair):
    with pytest.raises(ValueError):
        due(pair)


# Properties --------------------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(AMSTERDAM)
)
working_days = st.integers(min_value=1, max_value=25)


@st.composite
def suspensions(draw, received):
    """Completed suspensions starting around the term of an application received at ``received``."""
    offset = draw(st.integers(min_value=0, max_value=40))
    length = draw(st.integers(min_value=0, max_value=30))
    invited = received + timedelta(days=offset, hours=draw(st.integers(min_value=0, max_value=23)))
    return invited, invited + timedelta(days=length, hours=draw(st.integers(min_value=0, max_value=23)))


def amsterdam_date(moment):
    return moment.astimezone(AMSTERDAM).date()


def suspended(day, pairs):
    return any(amsterdam_date(a) < day < amsterdam_date(b) for a, b in pairs)


@given(moments, working_days)
def test_property_no_suspensions_is_the_old_result(received, days):
    expected = CALENDAR.add_working_days(amsterdam_date(received), days)
    assert decision_due_date(received, days, suspensions=(), calendar=CALENDAR) == expected


@given(st.data(), moments, working_days)
def test_property_the_due_date_is_the_nth_unsuspended_working_day(data, received, days):
    pairs = data.draw(st.lists(suspensions(received), max_size=3))
    result = decision_due_date(received, days, suspensions=pairs, calendar=CALENDAR)
    start = amsterdam_date(received)
    counted = [
        start + timedelta(n)
        for n in range(1, (result - start).days + 1)
        if CALENDAR.is_working_day(start + timedelta(n)) and not suspended(start + timedelta(n), pairs)
    ]
    assert len(counted) == days
    assert counted[-1] == result


@given(st.data(), moments, working_days)
def test_property_more_suspension_never_brings_the_date_forward(data, received, days):
    pairs = data.draw(st.lists(suspensions(received), max_size=2))
    extra = data.draw(suspensions(received))
    before = decision_due_date(received, days, suspensions=pairs, calendar=CALENDAR)
    assert decision_due_date(received, days, suspensions=[*pairs, extra], calendar=CALENDAR) >= before
    # A later completion of the same invitation never brings it forward either.
    longer = (extra[0], extra[1] + timedelta(days=data.draw(st.integers(min_value=0, max_value=10))))
    shorter_result = decision_due_date(received, days, suspensions=[*pairs, extra], calendar=CALENDAR)
    assert (
        decision_due_date(received, days, suspensions=[*pairs, longer], calendar=CALENDAR) >= shorter_result
    )


@given(st.data(), moments, working_days)
def test_property_overlapping_suspensions_count_once(data, received, days):
    invited, completed = data.draw(suspensions(received))
    length = (amsterdam_date(completed) - amsterdam_date(invited)).days
    assume(length >= 2)
    # Split (invited, completed) into two overlapping pieces whose union is the same dates.
    cut = data.draw(st.integers(min_value=1, max_value=length - 1))
    overlap = data.draw(st.integers(min_value=0, max_value=cut - 1))
    first = (invited, invited + timedelta(days=cut))
    second = (invited + timedelta(days=cut - 1 - overlap), completed)
    whole = decision_due_date(received, days, suspensions=[(invited, completed)], calendar=CALENDAR)
    assert decision_due_date(received, days, suspensions=[first, second], calendar=CALENDAR) == whole
    twice = [(invited, completed), (invited, completed)]
    assert decision_due_date(received, days, suspensions=twice, calendar=CALENDAR) == whole


@given(st.data(), moments, working_days)
def test_property_an_invitation_on_or_after_the_due_date_moves_nothing(data, received, days):
    pairs = data.draw(st.lists(suspensions(received), max_size=2))
    result = decision_due_date(received, days, suspensions=pairs, calendar=CALENDAR)
    late = datetime.combine(result, datetime.min.time(), tzinfo=AMSTERDAM) + timedelta(
        days=data.draw(st.integers(min_value=0, max_value=30)), hours=data.draw(st.integers(0, 23))
    )
    closing = data.draw(st.one_of(st.none(), st.integers(min_value=0, max_value=30)))
    completed = None if closing is None else late + timedelta(days=closing)
    assert (
        decision_due_date(received, days, suspensions=[*pairs, (late, completed)], calendar=CALENDAR)
        == result
    )


@given(st.data(), moments, working_days)
def test_property_an_open_suspension_reached_by_the_term_has_no_due_date(data, received, days):
    plain = decision_due_date(received, days, calendar=CALENDAR)
    start = amsterdam_date(received)
    invited_on = start + timedelta(
        days=data.draw(st.integers(min_value=0, max_value=(plain - start).days - 1))
    )
    invited = datetime.combine(invited_on, datetime.min.time(), tzinfo=AMSTERDAM) + timedelta(hours=9)
    assert decision_due_date(received, days, suspensions=[(invited, None)], calendar=CALENDAR) is None


@given(st.data(), moments, working_days)
def test_property_the_shift_equals_the_suspended_working_days_before_the_new_date(data, received, days):
    pair = data.draw(suspensions(received))
    plain = decision_due_date(received, days, calendar=CALENDAR)
    moved = decision_due_date(received, days, suspensions=[pair], calendar=CALENDAR)
    start = amsterdam_date(received)
    lost = sum(
        1
        for n in range(1, (moved - start).days + 1)
        if CALENDAR.is_working_day(start + timedelta(n)) and suspended(start + timedelta(n), [pair])
    )
    assert CALENDAR.working_days_between(plain, moved) == lost
