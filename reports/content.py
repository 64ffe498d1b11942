"""The regional report: figures per region and period, computed with SQL aggregates.

``build_regional_report`` returns a ``RegionalReport`` of suppressed tables (``reports.privacy``);
``reports.renderers`` turn it into PDF, CSV or XLSX. The number of queries does not depend on the
number of cases. Nothing identifying (names, initials, references, pseudonyms) is ever selected.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from cases.models import Case, LivingSituation
from config.routers import reads_from_replica
from core.formatting import AMSTERDAM, format_date, format_month
from core.models import Region
from core.workdays import get_calendar
from expertteams.models import Escalation, EscalationKind, Outcome, ThreatenedMeasure
from learning.models import LearningTeam, Theme
from reports.privacy import AMOUNT, NUMBER, Column, Table, suppress
from subsidies.models import ApplicationStatus, DecisionOutcome, GrantApplication, GrantScheme
from subsidies.selectors import decision_figures


@dataclass
class Section:
    title: str
    tables: list[Table] = field(default_factory=list)
    chart: Table | None = None  # a monthly table drawn as a chart in the PDF

    @property
    def is_empty(self) -> bool:
        return all(table.is_empty() for table in self.tables)


@dataclass
class RegionalReport:
    region: Region
    period_start: date
    period_end: date
    sections: list[Section]

    @property
    def title(self) -> str:
        return _("Regionale rapportage %(region)s") % {"region": self.region.name}

    @property
    def period_label(self) -> str:
        return f"{format_date(self.period_start)} t/m {format_date(self.period_end)}"


def period_bounds(period_start: date, period_end: date) -> tuple[datetime, datetime]:
    """The period as [start, end) moments: from 00:00 on the first day to 00:00 after the last day,
    Europe/Amsterdam."""
    start = datetime.combine(period_start, time.min, tzinfo=AMSTERDAM)
    end = datetime.combine(period_end + timedelta(days=1), time.min, tzinfo=AMSTERDAM)
    return start, end


def months_between(period_start: date, period_end: date) -> list[date]:
    months, day = [], period_start.replace(day=1)
    while day <= period_end:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


@reads_from_replica
def build_regional_report(
    *, region: Region, period_start: date, period_end: date, progress: Callable[[int], None] | None = None
) -> RegionalReport:
    """All sections of the report for ``region`` and the period (inclusive dates, Europe/Amsterdam).

    Reads from the replica when one is configured (``config.routers``); ``progress`` writes go to the primary."""
    if period_end < period_start:
        raise ValueError("period_end lies before period_start")
    step = progress or (lambda pct: None)
    builders = [cases_section, outcomes_section, escalations_section, grants_section, learning_section]
    sections = []
    for n, builder in enumerate(builders, start=1):
        sections.append(builder(region, period_start, period_end))
        step(10 + int(70 * n / len(builders)))
    for section in sections:
        for table in section.tables:
            suppress(table)
        if section.chart is not None:
            suppress(section.chart)
    return RegionalReport(region=region, period_start=period_start, period_end=period_end, sections=sections)


# --- Sections ----------------------------------------------------------------------------------------


def cases_section(region: Region, period_start: date, period_end: date) -> Section:
    start, end = period_bounds(period_start, period_end)
    cases = Case.objects.filter(region=region)
    figures = cases.aggregate(
        referred=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        active=Count(
            "pk", filter=Q(created_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        ),
        closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
    )
    key_figures = Table(
        title=_("Kerncijfers"),
        row_header=_("Casussen"),
        columns=[Column(_("Aantal"))],
        rows=[
            (_("Aangemeld in de periode"), [figures["referred"]]),
            (_("Actief aan het eind van de periode"), [figures["active"]]),
            (_("Afgesloten in de periode"), [figures["closed"]]),
        ],
        with_total=False,
    )
    referred = dict(
        cases.filter(created_at__gte=start, created_at__lt=end)
        .annotate(month=TruncMonth("created_at", tzinfo=AMSTERDAM))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    closed = dict(
        cases.filter(closed_at__gte=start, closed_at__lt=end)
        .annotate(month=TruncMonth("closed_at", tzinfo=AMSTERDAM))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    referred = {_month_key(k): v for k, v in referred.items()}
    closed = {_month_key(k): v for k, v in closed.items()}
    monthly = Table(
        title=_("Aanmeldingen en afsluitingen per maand"),
        row_header=_("Maand"),
        columns=[Column(_("Aangemeld")), Column(_("Afgesloten"))],
        rows=[
            (format_month(month), [referred.get(month, 0), closed.get(month, 0)])
            for month in months_between(period_start, period_end)
        ],
    )
    return Section(title=_("Casussen"), tables=[key_figures, monthly], chart=monthly)


def _month_key(value) -> date:
    value = value.astimezone(AMSTERDAM) if isinstance(value, datetime) and value.tzinfo else value
    return date(value.year, value.month, 1)


def outcomes_section(region: Region, period_start: date, period_end: date) -> Section:
    outcomes = Outcome.objects.filter(
        step__case__region=region, step__occurred_on__gte=period_start, step__occurred_on__lte=period_end
    )
    by_situation = dict(outcomes.values_list("living_situation").annotate(n=Count("pk")).order_by())
    prevented = outcomes.aggregate(
        out_of_home=Count("pk", filter=Q(out_of_home_placement_prevented=True)),
        secure=Count("pk", filter=Q(secure_placement_prevented=True)),
    )
    situations = Table(
        title=_("Uitkomsten naar woonsituatie"),
        row_header=_("Woonsituatie"),
        columns=[Column(_("Aantal"))],
        rows=[(str(label), [by_situation.get(value, 0)]) for value, label in LivingSituation.choices]
        if by_situation
        else [],
    )
    prevention = Table(
        title=_("Voorkomen plaatsingen"),
        row_header=_("Uitkomst"),
        columns=[Column(_("Aantal"))],
        rows=[
            (_("Uithuisplaatsing voorkomen"), [prevented["out_of_home"]]),
            (_("Gesloten plaatsing voorkomen"), [prevented["secure"]]),
        ]
        if by_situation
        else [],
        with_total=False,
        note=_("Een uitkomst kan beide tellen; daarom geen totaal."),
    )
    return Section(title=_("Uitkomsten"), tables=[situations, prevention])


def escalations_section(region: Region, period_start: date, period_end: date) -> Section:
    escalations = Escalation.objects.filter(
        step__case__region=region, step__occurred_on__gte=period_start, step__occurred_on__lte=period_end
    )
    rows = {
        kind: counts
        for kind, *counts in escalations.values_list("kind")
        .annotate(
            total=Count("pk"),
            secure=Count("pk", filter=Q(threatened_measure=ThreatenedMeasure.SECURE_CARE)),
            open=Count("pk", filter=Q(status=Escalation.Status.OPEN)),
            alternative=Count("pk", filter=Q(result_kind=Escalation.ResultKind.ALTERNATIVE_FOUND)),
            measure=Count("pk", filter=Q(result_kind=Escalation.ResultKind.MEASURE_IMPOSED)),
        )
        .order_by()
    }
    table = Table(
        title=_("Escalaties bij de Raad voor de Kinderbescherming"),
        row_header=_("Soort"),
        columns=[
            Column(_("Aantal")),
            Column(_("Gesloten jeugdhulp dreigde")),
            Column(_("Nog open")),
            Column(_("Alternatief gevonden")),
            Column(_("Maatregel opgelegd")),
        ],
        rows=[(str(label), rows.get(value, [0, 0, 0, 0, 0])) for value, label in EscalationKind.choices]
        if rows
        else [],
    )
    return Section(title=_("Raad voor de Kinderbescherming"), tables=[table])


def grants_section(region: Region, period_start: date, period_end: date) -> Section:
    start, end = period_bounds(period_start, period_end)
    applications = GrantApplication.objects.filter(
        Q(expert_team__region=region) | Q(case__region=region),
        received_at__gte=start,
        received_at__lt=end,
    ).exclude(status=ApplicationStatus.WITHDRAWN)
    by_state = {
        key: (n, requested or 0, granted or 0)
        for key, n, requested, granted in applications.values_list("decision__outcome")
        .annotate(n=Count("pk"), requested=Sum("requested_amount"), granted=Sum("decision__amount"))
        .values_list("decision__outcome", "n", "requested", "granted")
        .order_by()
    }
    states = [
        (_("Toegekend"), DecisionOutcome.GRANTED),
        (_("Afgewezen"), DecisionOutcome.REJECTED),
        (_("Nog geen besluit"), None),
    ]
    requests = Table(
        title=_("Subsidieaanvragen en besluiten"),
        row_header=_("Besluit"),
        columns=[Column(_("Aanvragen")), Column(_("Aangevraagd"), AMOUNT), Column(_("Toegekend"), AMOUNT)],
        rows=[(str(label), list(by_state.get(key, (0, 0, 0)))) for label, key in states] if by_state else [],
    )
    figures = decision_figures(applications, calendar=get_calendar())
    schemes = (
        {
            scheme.pk: scheme.name
            for scheme in GrantScheme.objects.filter(pk__in={f.application.scheme_id for f in figures})
        }
        if figures
        else {}
    )
    timing_rows = []
    for scheme_id, name in sorted(schemes.items(), key=lambda item: item[1]):
        mine = [f for f in figures if f.application.scheme_id == scheme_id]
        on_time = sum(1 for f in mine if f.on_time)
        timing_rows.append(
            (
                name,
                [
                    len(mine),
                    on_time,
                    round(100 * on_time / len(mine), 1),
                    statistics.median(f.working_days for f in mine),
                ],
            )
        )
    timing = Table(
        title=_("Besluittermijn"),
        row_header=_("Regeling"),
        columns=[
            Column(_("Besloten")),
            Column(_("Binnen de termijn")),
            Column(_("Aandeel binnen de termijn (%)"), NUMBER),
            Column(_("Mediane besluittijd (werkdagen)"), NUMBER),
        ],
        rows=timing_rows,
        with_total=False,
    )
    return Section(title=_("Stimuleringsimpuls maatwerk"), tables=[requests, timing])


def learning_section(region: Region, period_start: date, period_end: date) -> Section:
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
    themes = Table(
        title=_("Meest voorkomende thema's in bevindingen"),
        row_header=_("Thema"),
        columns=[Column(_("Bevindingen"))],
        rows=[(name, [n]) for name, n in theme_counts],
        with_total=False,
        note=_("Een bevinding kan meer thema's hebben; daarom geen totaal."),
    )
    return Section(title=_("Leernetwerken"), tables=[sessions, themes])
