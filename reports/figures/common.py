"""What the figure modules share: the period, clipping of episodes to it, percentiles, definitions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings

from core.formatting import AMSTERDAM
from reports.privacy import Table


@dataclass(frozen=True)
class Period:
    """Inclusive dates, Europe/Amsterdam. ``last`` never lies after ``today``: future days are left out."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=AMSTERDAM)

    @property
    def end(self) -> datetime:
        """The moment after the last day (exclusive)."""
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=AMSTERDAM)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The period of the same length right before this one."""
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def year_earlier(self) -> Period:
        return Period(_minus_year(self.first), _minus_year(self.last))

    def clipped_days(self, started_on: date, ended_on: date | None) -> int:
        """The days of an episode inside the period; an open episode counts to the period's end."""
        first = max(started_on, self.first)
        last = min(ended_on or self.last, self.last)
        return max(0, (last - first).days + 1)


def _minus_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


# Below this many values the 90th percentile is the longest stay or wait of one child: not shown.
PERCENTILE_MIN_VALUES = 10


def percentile(values: list[int | float], share: float) -> float | None:
    """The ``share`` (0–1) percentile by the nearest-rank method; ``None`` (shown as "-") with fewer
    than ``PERCENTILE_MIN_VALUES`` values, where it would be one child's own value.

    Nearest rank keeps the result an observed value (a number of days), as municipalities read it."""
    if len(values) < PERCENTILE_MIN_VALUES:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def median(values: list[int | float]) -> float | None:
    if not values:
        return None
    ordered, middle = sorted(values), len(values) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def crisis_max_stay_days() -> int:
    return int(getattr(settings, "CRISIS_MAX_STAY_DAYS", 28))


def crisis_reduction_goal() -> int:
    """The goal as a percentage of the same period a year earlier (seed 003: 25 %)."""
    return int(getattr(settings, "CRISIS_REDUCTION_GOAL", 25))


@dataclass
class Definition:
    term: str
    text: str


@dataclass
class Section:
    title: str
    tables: list[Table] = field(default_factory=list)
    chart: Table | None = None  # a monthly table drawn as a chart in the PDF
    definitions: list[Definition] = field(default_factory=list)
    relations: list = field(default_factory=list)  # ``disclosure.Relation``s between its tables

    @property
    def is_empty(self) -> bool:
        return all(table.is_empty() for table in self.tables)


def change_percent(now: int | None, before: int | None) -> float | None:
    """The change from ``before`` to ``now`` in percent, one decimal; ``None`` when before is 0."""
    if not before or now is None:
        return None
    return round(100 * (now - before) / before, 1)
