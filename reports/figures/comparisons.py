"""Headline figures of every region in a few grouped queries: for the comparison section (this period,
the previous period, the same period a year earlier, the average of all regions) and the municipal
dashboard."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from cases.models import Case, PlacementEpisode, PlacementType
from core.models import Region
from reports.figures.care import in_period
from reports.figures.common import Definition, Period, Section, change_percent
from reports.privacy import NUMBER, Column, Table, is_small

HEADLINES = [
    ("referred", "cases.referred"),
    ("closed", "cases.closed"),
    ("crisis_children", "crisis.children"),
    ("residential_children", "res.children"),
]


def headline_labels() -> dict[str, str]:
    return {
        "referred": _("Aangemeld"),
        "closed": _("Afgesloten"),
        "crisis_children": _("Kinderen in crisisopvang"),
        "residential_children": _("Kinderen in residentieel verblijf"),
    }


def headline_counts(periods: dict[str, Period]) -> dict[int, dict[str, int]]:
    """``{region_id: {"<period>_<figure>": n}}`` for every region; two queries whatever the periods."""
    case_counts, episode_counts = {}, {}
    for name, period in periods.items():
        case_counts[f"{name}_referred"] = Count(
            "pk", filter=Q(created_at__gte=period.start, created_at__lt=period.end)
        )
        case_counts[f"{name}_closed"] = Count(
            "pk", filter=Q(closed_at__gte=period.start, closed_at__lt=period.end)
        )
        for figure, kind in (
            ("crisis_children", PlacementType.CRISIS),
            ("residential_children", PlacementType.RESIDENTIAL),
        ):
            episode_counts[f"{name}_{figure}"] = Count(
                "case", distinct=True, filter=in_period(period) & Q(placement_type=kind)
            )
    result: dict[int, dict[str, int]] = {pk: {} for pk in Region.objects.values_list("pk", flat=True)}
    for row in Case.objects.values("region_id").annotate(**case_counts).order_by():
        result.setdefault(row.pop("region_id"), {}).update(row)
    for row in PlacementEpisode.objects.values("case__region_id").annotate(**episode_counts).order_by():
        result.setdefault(row.pop("case__region_id"), {}).update(row)
    return result


def comparison_section(region: Region, period: Period) -> Section:
    counts = headline_counts(period.compared())
    mine = counts.get(region.pk, {})
    labels = headline_labels()
    rows = []
    for figure, _key in HEADLINES:
        now, previous, year = (mine.get(f"{p}_{figure}", 0) for p in ("now", "previous", "year"))
        everyone = [values.get(f"now_{figure}", 0) for values in counts.values()]
        # The average only where no region's own figure would be suppressed (1 to 4).
        average = (
            round(sum(everyone) / len(everyone), 1) if everyone and not any(map(is_small, everyone)) else None
        )
        rows.append(
            (
                labels[figure],
                [now, previous, change_percent(now, previous), year, change_percent(now, year), average],
            )
        )
    table = Table(
        title=_("Vergelijking met eerdere perioden en met alle regio's"),
        row_header=_("Kerncijfer"),
        columns=[
            Column(_("Deze periode")),
            Column(_("Vorige periode")),
            Column(_("Verandering (%)"), NUMBER),
            Column(_("Zelfde periode vorig jaar")),
            Column(_("Verandering (%)"), NUMBER),
            Column(_("Gemiddelde alle regio's"), NUMBER),
        ],
        rows=rows,
        with_total=False,
        keys={(n, 0): key for n, (_figure, key) in enumerate(HEADLINES)},
    )
    definitions = [
        Definition(
            _("Vergelijking"),
            _(
                "De vorige periode is de even lange periode direct voor deze; vorig jaar is dezelfde periode "
                "een jaar eerder. Verandering in procenten van het eerdere aantal (leeg als dat 0 is of "
                "is afgeschermd). Het gemiddelde van alle regio's staat er alleen als het cijfer van geen "
                "enkele regio afgeschermd zou worden (geen 1 tot en met 4)."
            ),
        )
    ]
    return Section(title=_("Vergelijking"), tables=[table], definitions=definitions)
