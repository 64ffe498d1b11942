"""The municipal dashboard panel: this year's headline figures of the user's region, each with a
server-made SVG sparkline of its months, under the same suppression as the report.

The headline of a monthly figure is the total of its months, so the months and the headline are one
table for ``reports.disclosure.suppress_report``: no hidden month follows from the headline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cases.models import Case, PlacementEpisode, PlacementType
from core.formatting import format_month
from core.models import Region
from reports.charts import sparkline
from reports.disclosure import suppress_report
from reports.figures.care import in_period
from reports.figures.common import Period, months_between, per_month
from reports.privacy import Column, Table, display_value
from reports.selectors import regions_for_user


@dataclass
class Headline:
    label: str
    value: str
    chart: SafeString | str = ""


def region_headlines(region: Region, *, today: date | None = None) -> list[Headline]:
    """This year up to today: referrals, closings and crisis placements started (with sparklines),
    children in crisis care and in residential care. Five queries."""
    today = today or timezone.localdate()
    period = Period(today.replace(month=1, day=1), today)
    months = months_between(period.first, period.last)
    cases = Case.objects.filter(region=region)
    episodes = PlacementEpisode.objects.filter(case__region=region)
    monthly = [
        (_("Aangemeld"), per_month(cases, "created_at", period)),
        (_("Afgesloten"), per_month(cases, "closed_at", period)),
        (
            _("Crisisplaatsingen gestart"),
            per_month(episodes.filter(placement_type=PlacementType.CRISIS), "started_on", period, dates=True),
        ),
    ]
    tables = [
        Table(
            title=str(label),
            row_header=_("Maand"),
            columns=[Column(str(label))],
            rows=[(format_month(m), [counts.get(m, 0)]) for m in months],
        )
        for label, counts in monthly
    ]
    children = episodes.filter(in_period(period)).aggregate(
        crisis=Count("case", distinct=True, filter=Q(placement_type=PlacementType.CRISIS)),
        residential=Count("case", distinct=True, filter=Q(placement_type=PlacementType.RESIDENTIAL)),
    )
    stock = Table(
        title="kinderen",
        row_header="",
        columns=[Column("n")],
        rows=[
            (_("Kinderen in crisisopvang"), [children["crisis"]]),
            (_("Kinderen in residentieel verblijf"), [children["residential"]]),
        ],
        with_total=False,
    )
    suppress_report([*tables, stock])
    headlines = []
    for table in tables:
        grid = table.grid()
        total_label, totals, total_hidden = grid[-1]
        values = [values[0] for _label, values, _flags in grid[:-1]]
        flags = [flags[0] for _label, _values, flags in grid[:-1]]
        headlines.append(
            Headline(
                label=table.title,
                value=display_value(totals[0], table.columns[0], total_hidden[0]),
                chart=mark_safe(sparkline(values, flags, label=table.title)),  # noqa: S308 (built from numbers)
            )
        )
    for label, values, flags in stock.grid():
        headlines.append(
            Headline(label=str(label), value=display_value(values[0], stock.columns[0], flags[0]))
        )
    return headlines


def panel_context(request) -> dict | None:
    """The figures of the first region the user may report on (``selectors.regions_for_user``)."""
    region = regions_for_user(request.user).order_by("name").first()
    if region is None:
        return None
    return {"region": region, "headlines": region_headlines(region), "year": timezone.localdate().year}
