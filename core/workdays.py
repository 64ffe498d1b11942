"""Working days as the Algemene termijnenwet (Atw) defines them.

Not a working day: Saturday and Sunday; the general holidays of art. 3(1) every year (New Year's
Day, Easter Monday, Ascension Day, Whit Monday, Christmas and Boxing Day, King's Day and 5 May);
Good Friday (art. 3(2)); and the days in ``NonWorkingDay``: days equated by decree (art. 3(3)) and
closures an administrator adds. The statutory days are computed; the decree days are data because
they are published by decree, three years at a time.

The ``holidays`` package was considered and left out on purpose: its Dutch calendar has 5 May only
in lustrum years and knows neither Good Friday as a legal non-working day nor the decree days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter


@lru_cache(maxsize=256)
def statutory_non_working_days(year: int) -> frozenset[date]:
    """The days of Atw art. 3(1) and 3(2) in ``year`` (weekends not included)."""
    easter_sunday = easter(year)
    kings_day = date(year, 4, 27)
    if kings_day.weekday() == 6:  # a Sunday: celebrated the day before
        kings_day = date(year, 4, 26)
    return frozenset(
        {
            date(year, 1, 1),
            easter_sunday - timedelta(days=2),  # Good Friday
            easter_sunday + timedelta(days=1),  # Easter Monday
            kings_day,
            date(year, 5, 5),
            easter_sunday + timedelta(days=39),  # Ascension Day
            easter_sunday + timedelta(days=50),  # Whit Monday
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


class WorkingDayCalendar:
    """Working-day arithmetic over the statutory days plus a set of extra non-working days.

    Build one per request or job (``get_calendar()`` loads the extra days in one query) and reuse it.
    """

    def __init__(self, extra_non_working_days: Iterable[date] = ()):
        self.extra = frozenset(extra_non_working_days)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in statutory_non_working_days(day.year) and day not in self.extra

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself never counts); ``count`` >= 1."""
        return self._walk(start, count, timedelta(days=1))

    def working_days_before(self, start: date, count: int) -> date:
        """The ``count``-th working day before ``start`` (``start`` itself never counts); ``count`` >= 1."""
        return self._walk(start, count, timedelta(days=-1))

    def _walk(self, start: date, count: int, step: timedelta) -> date:
        if count < 1:
            raise ValueError("count must be at least 1")
        day = start
        remaining = count
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the interval (start, end]; negative when ``end`` lies before ``start``."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=n))
        )


def get_calendar() -> WorkingDayCalendar:
    """The calendar with the decree days and closures an administrator maintains."""
    from core.models import NonWorkingDay

    return WorkingDayCalendar(NonWorkingDay.objects.values_list("date", flat=True))
