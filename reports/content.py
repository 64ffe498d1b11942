"""The regional report: figures per region and period, computed with SQL aggregates.

``build_regional_report`` returns a ``RegionalReport`` of suppressed tables; ``reports.renderers`` turn it
into PDF, CSV or XLSX. The figures live in ``reports.figures`` (one module per theme, each figure with
its definition); suppression holds across the whole report (``reports.disclosure``). The number of
queries does not depend on the number of cases. Nothing identifying (names, initials, references,
pseudonyms) is ever selected. Days after today are left out of the period (no future months).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from config.routers import reads_from_replica
from core.formatting import format_date
from core.models import Region
from expertteams.models import Escalation, EscalationKind, ThreatenedMeasure
from learning.models import LearningTeam, Theme
from reports.disclosure import suppress_report
from reports.figures.care import crisis_section, residential_section
from reports.figures.common import (
    Definition,
    Period,
    Section,
    category_table,
    counts_table,
    months_between,
    per_value,
)
from reports.figures.comparisons import comparison_section
from reports.figures.flow import flow_section, school_section
from reports.figures.grants import grants_section
from reports.figures.outcomes import outcomes_section
from reports.privacy import NUMBER, Column, Table

__all__ = ["RegionalReport", "Section", "build_regional_report", "months_between"]


@dataclass
class RegionalReport:
    region: Region
    period_start: date
    period_end: date
    sections: list[Section]
    data_until: date | None = None  # the last day counted when the period runs into the future

    @property
    def title(self) -> str:
        return _("Regionale rapportage %(region)s") % {"region": self.region.name}

    @property
    def period_label(self) -> str:
        label = f"{format_date(self.period_start)} t/m {format_date(self.period_end)}"
        if self.data_until and self.data_until < self.period_end:
            label += " " + _("(gegevens t/m %(day)s)") % {"day": format_date(self.data_until)}
        return label

    @property
    def definitions(self) -> list[tuple[str, Definition]]:
        return [(section.title, d) for section in self.sections for d in section.definitions]

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


BUILDERS = [
    flow_section,
    crisis_section,
    residential_section,
    outcomes_section,
    school_section,
    comparison_section,
]


@reads_from_replica
def build_regional_report(
    *,
    region: Region,
    period_start: date,
    period_end: date,
    progress: Callable[[int], None] | None = None,
    today: date | None = None,
) -> RegionalReport:
    """All sections of the report for ``region`` and the period (inclusive dates, Europe/Amsterdam).

    Days after ``today`` are left out. Reads from the replica when one is configured
    (``config.routers``); ``progress`` writes go to the primary."""
    if period_end < period_start:
        raise ValueError("period_end lies before period_start")
    today = today or timezone.localdate()
    period = Period(period_start, max(period_start, min(period_end, today)))
    step = progress or (lambda pct: None)
    builders = [*BUILDERS, escalations_section, grants_section, learning_section]
    sections = []
    for n, builder in enumerate(builders, start=1):
        sections.append(builder(region, period))
        step(10 + int(70 * n / len(builders)))
    tables = [table for section in sections for table in section.tables]
    suppress_report(tables, [relation for section in sections for relation in section.relations])
    return RegionalReport(
        region=region,
        period_start=period_start,
        period_end=period_end,
        sections=sections,
        data_until=period.last,
    )


# --- Sections of other apps -----------------------------------------------------------------------


def escalations_section(region: Region, period: Period) -> Section:
    period_start, period_end = period.first, period.last
    escalations = Escalation.objects.filter(
        step__case__region=region, step__occurred_on__gte=period_start, step__occurred_on__lte=period_end
    )
    counts = per_value(
        escalations,
        "kind",
        total=Count("pk"),
        secure=Count("pk", filter=Q(threatened_measure=ThreatenedMeasure.SECURE_CARE)),
        open=Count("pk", filter=Q(status=Escalation.Status.OPEN)),
        alternative=Count("pk", filter=Q(result_kind=Escalation.ResultKind.ALTERNATIVE_FOUND)),
        measure=Count("pk", filter=Q(result_kind=Escalation.ResultKind.MEASURE_IMPOSED)),
    )
    table = category_table(
        _("Escalaties bij de Raad voor de Kinderbescherming"),
        _("Soort"),
        [
            Column(_("Aantal")),
            Column(_("Gesloten jeugdhulp dreigde")),
            Column(_("Nog open")),
            Column(_("Alternatief gevonden")),
            Column(_("Maatregel opgelegd")),
        ],
        EscalationKind.choices,
        counts,
    )
    definition = Definition(
        _("Escalaties"),
        _("Stappen 'Raad voor de Kinderbescherming' met een datum in de periode, naar soort en resultaat."),
    )
    return Section(title=_("Raad voor de Kinderbescherming"), tables=[table], definitions=[definition])


def learning_section(region: Region, period: Period) -> Section:
    period_start, period_end = period.first, period.last
    held_in_period = Q(sessions__date__gte=period_start, sessions__date__lte=period_end)
    teams = (
        LearningTeam.objects.filter(track__region=region)
        .annotate(held=Count("sessions", filter=held_in_period))
        .values_list("track__name", "municipality__name", "planned_sessions", "held")
        .order_by("track__name", "municipality__name")
    )
    sessions = Table(
        title=_("Leerbijeenkomsten: gehouden tegenover gepland"),
        row_header=_("Team"),
        columns=[Column(_("Gepland"), NUMBER), Column(_("Gehouden in de periode"))],
        rows=[(f"{municipality} ({track})", [planned, held]) for track, municipality, planned, held in teams],
    )
    theme_counts = (
        Theme.objects.annotate(
            n=Count(
                "findings",
                filter=Q(
                    findings__session__team__track__region=region,
                    findings__session__date__gte=period_start,
                    findings__session__date__lte=period_end,
                ),
            )
        )
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values_list("name", "n")[:10]
    )
    themes = counts_table(
        _("Meest voorkomende thema's in bevindingen"),
        _("Thema"),
        list(theme_counts),
        column=_("Bevindingen"),
        note=_("Een bevinding kan meer thema's hebben; daarom geen totaal."),
    )
    definition = Definition(
        _("Leerbijeenkomsten"),
        _(
            "Bijeenkomsten van de leerteams van de regio met een datum in de periode; thema's van hun bevindingen."
        ),
    )
    return Section(title=_("Leernetwerken"), tables=[sessions, themes], definitions=[definition])
