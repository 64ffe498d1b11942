from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.models import NonWorkingDay
from core.workdays import WorkingDayCalendar, get_calendar, statutory_non_working_days
from subsidies.deadlines import decision_deadline, decision_due_date

AMS = ZoneInfo("Europe/Amsterdam")

# The decree days of DESIGN.md, as the data migration loads them.
DECREE_DAYS = [
    date(2023, 4, 28),
    date(2023, 5, 19),
    date(2024, 5, 10),
    date(2024, 12, 27),
    date(2025, 5, 30),
    date(2026, 1, 2),
    date(2026, 5, 15),
    date(2027, 5, 7),
    date(2028, 4, 28),
    date(2028, 5, 26),
]
CALENDAR = WorkingDayCalendar(DECREE_DAYS)


def ams(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (ams(2026, 3, 9, 10, 0), date(2026, 3, 16)),  # Monday → Monday
        (ams(2026, 3, 7, 10, 0), date(2026, 3, 13)),  # Saturday → Friday
        (ams(2026, 12, 31, 10, 0), date(2027, 1, 8)),  # New Year skipped
        (ams(2026, 5, 7, 10, 0), date(2026, 5, 18)),  # Ascension and equated Friday skipped
    ],
)
def test_design_examples(received, due):
    assert decision_due_date(received, calendar=CALENDAR) == due


def test_good_friday_is_not_a_working_day():
    good_friday_2026 = date(2026, 4, 3)
    assert not CALENDAR.is_working_day(good_friday_2026)
    # Received Thursday 2 April 2026: Good Friday and Easter Monday are skipped.
    assert decision_due_date(ams(2026, 4, 2, 12), calendar=CALENDAR) == date(2026, 4, 13)


def test_working_days_before_skips_weekends_holidays_and_decree_days():
    # Monday 18 May 2026, back over Friday 15 May (decree day), Thursday 14 May (Ascension) and the weekend.
    assert CALENDAR.working_days_before(date(2026, 5, 18), 1) == date(2026, 5, 13)
    assert CALENDAR.working_days_before(date(2026, 5, 18), 3) == date(2026, 5, 11)


@given(start=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)), count=st.integers(1, 30))
@settings(max_examples=50, deadline=None)
def test_working_days_before_counts_back_exactly_count_working_days(start, count):
    back = CALENDAR.working_days_before(start, count)
    assert back < start
    assert CALENDAR.is_working_day(back)
    # (back, start] holds the count - 1 working days between them, and start itself when it is one.
    assert CALENDAR.working_days_between(back, start) == count - 1 + CALENDAR.is_working_day(start)


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028, 2029, 2031])
def test_fifth_of_may_is_a_holiday_every_year_not_only_in_lustrum_years(year):
    assert date(year, 5, 5) in statutory_non_working_days(year)


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday():
    assert date(2025, 4, 27).weekday() == 6
    assert date(2025, 4, 26) in statutory_non_working_days(2025)
    assert date(2025, 4, 27) not in statutory_non_working_days(2025)
    assert date(2026, 4, 27) in statutory_non_working_days(2026)


@pytest.mark.parametrize("decree_day", DECREE_DAYS)
def test_decree_days_are_not_working_days(decree_day):
    assert not CALENDAR.is_working_day(decree_day)
    assert WorkingDayCalendar().is_working_day(decree_day) == (
        decree_day.weekday() < 5 and decree_day not in statutory_non_working_days(decree_day.year)
    )


@pytest.mark.django_db
def test_decree_days_are_seeded_and_closures_added_by_an_administrator_count():
    calendar = get_calendar()
    assert set(DECREE_DAYS) <= calendar.extra
    received = ams(2026, 3, 9, 10)
    assert decision_due_date(received) == date(2026, 3, 16)
    NonWorkingDay.objects.create(
        date=date(2026, 3, 12), kind=NonWorkingDay.Kind.CLOSURE, description="Heidag"
    )
    assert decision_due_date(received) == date(2026, 3, 17)


def test_receipt_is_dated_in_amsterdam_around_midnight():
    # 23:30 UTC on Monday 9 March is 00:30 on Tuesday in Amsterdam: Tuesday is the day of receipt.
    assert decision_due_date(datetime(2026, 3, 9, 23, 30, tzinfo=UTC), calendar=CALENDAR) == date(2026, 3, 17)
    # 22:59 UTC in summer time (UTC+2) is 00:59 the next day.
    assert decision_due_date(datetime(2026, 6, 7, 22, 59, tzinfo=UTC), calendar=CALENDAR) == date(2026, 6, 15)
    assert decision_due_date(ams(2026, 3, 9, 23, 59, 59), calendar=CALENDAR) == date(2026, 3, 16)


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        decision_due_date(datetime(2026, 3, 9, 10, 0), calendar=CALENDAR)


def test_deadline_is_end_of_day_in_amsterdam():
    deadline = decision_deadline(ams(2026, 3, 9, 10), calendar=CALENDAR)
    assert deadline == ams(2026, 3, 16, 23, 59, 59)


def test_working_days_between_counts_the_interval():
    assert CALENDAR.working_days_between(date(2026, 3, 9), date(2026, 3, 16)) == 5
    assert CALENDAR.working_days_between(date(2026, 3, 16), date(2026, 3, 9)) == -5
    assert CALENDAR.working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0


moments = st.datetimes(
    min_value=datetime(2023, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(received=moments, days=st.integers(min_value=1, max_value=30))
def test_result_is_a_working_day_after_the_day_of_receipt(received, days):
    due = decision_due_date(received, days, calendar=CALENDAR)
    assert CALENDAR.is_working_day(due)
    assert due > received.astimezone(AMS).date()
    assert CALENDAR.working_days_between(received.astimezone(AMS).date(), due) == days


@settings(max_examples=300, deadline=None)
@given(received=moments, later_by=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)))
def test_result_never_decreases_when_receipt_moves_later(received, later_by):
    assert decision_due_date(received + later_by, calendar=CALENDAR) >= decision_due_date(
        received, calendar=CALENDAR
    )


@settings(max_examples=300, deadline=None)
@given(received=moments, days=st.integers(min_value=1, max_value=30))
def test_result_grows_with_working_days(received, days):
    assert decision_due_date(received, days + 1, calendar=CALENDAR) > decision_due_date(
        received, days, calendar=CALENDAR
    )
