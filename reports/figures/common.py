"""What the figure modules share: the period, clipping of episodes to it, percentiles, definitions, and
the kinds of table they all build (single counts, counts per category, spreads of days) with the grouped
query behind a count per category."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from core.formatting import AMSTERDAM, day_start
from reports.privacy import NUMBER, Column, Table


@dataclass(frozen=True)
class Period:
    """Inclusive dates, Europe/Amsterdam. ``last`` never lies after ``today``: future days are left out."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return day_start(self.first)

    @property
    def end(self) -> datetime:
        """The moment after the last day (exclusive)."""
        return day_start(self.last + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The period of the same length right before this one."""
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def year_earlier(self) -> Period:
        return Period(_minus_year(self.first), _minus_year(self.last))

    def compared(self) -> dict[str, Period]:
        """This period and the two it is compared with, by the names that prefix the compared figures."""
        return {"now": self, "previous": self.previous(), "year": self.year_earlier()}

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


def share_percent(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``, one decimal; ``None`` when whole is 0."""
    return round(100 * part / whole, 1) if whole else None


def months_between(first: date, last: date) -> list[date]:
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def month_key(value) -> date:
    value = value.astimezone(AMSTERDAM) if isinstance(value, datetime) and value.tzinfo else value
    return date(value.year, value.month, 1)


def per_month(queryset, field: str, period: Period, *, dates: bool = False) -> dict[date, int]:
    """``{first day of the month: count}`` of the rows of ``queryset`` whose ``field`` (a moment, or a
    date with ``dates``) lies in ``period``; months in Amsterdam time. One grouped query."""
    if dates:
        bounds = {f"{field}__gte": period.first, f"{field}__lte": period.last}
        month = TruncMonth(field)
    else:
        bounds = {f"{field}__gte": period.start, f"{field}__lt": period.end}
        month = TruncMonth(field, tzinfo=AMSTERDAM)
    months = per_value(queryset.filter(**bounds).annotate(month=month), "month", n=Count("pk"))
    return {month_key(value): n for value, (n,) in months.items()}


# --- The kinds of table the figure modules build ------------------------------------------------------


def per_value(queryset, field: str, **aggregates) -> dict:
    """``{value of field: [aggregate, ...]}`` (in the order of ``aggregates``): one grouped query."""
    return {
        value: figures for value, *figures in queryset.values_list(field).annotate(**aggregates).order_by()
    }


def counts_table(
    title: str,
    row_header: str,
    counts: list[tuple[str, int]],
    *,
    column: str | None = None,
    keys: dict | None = None,
    note: str = "",
) -> Table:
    """One count per row (``(label, n)``) under one column, "Aantal" unless named. No total: the rows
    count different or overlapping things."""
    return Table(
        title=title,
        row_header=row_header,
        columns=[Column(column or _("Aantal"))],
        rows=[(label, [n]) for label, n in counts],
        with_total=False,
        keys=keys or {},
        note=note,
    )


def category_table(
    title: str, row_header: str, columns: list[Column], categories, counts: dict, *, keys: dict | None = None
) -> Table:
    """Counts per category with a total: a row per ``(value, label)`` of ``categories`` in their order,
    its cells ``counts[value]`` (one per column) or zeros where nothing was counted. When nothing at all
    was counted (``counts`` is empty) the table has no rows and shows as empty."""
    zeros = [0] * len(columns)
    return Table(
        title=title,
        row_header=row_header,
        columns=columns,
        rows=[(str(label), list(counts.get(value, zeros))) for value, label in categories] if counts else [],
        keys=keys or {},
    )


def spread_table(
    title: str,
    row_header: str,
    count_label: str,
    samples: list[tuple[str, list]],
    *,
    keys: dict | None = None,
) -> Table:
    """Per ``(label, days)`` row: how many values, their median and 90th percentile; no total."""
    return Table(
        title=title,
        row_header=row_header,
        columns=[Column(count_label), Column(_("Mediaan"), NUMBER), Column(_("90e percentiel"), NUMBER)],
        rows=[(label, [len(values), median(values), percentile(values, 0.9)]) for label, values in samples],
        with_total=False,
        keys=keys or {},
    )
