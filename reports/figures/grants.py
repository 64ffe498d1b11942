"""Stimuleringsimpuls maatwerk: grant requests and decisions per scheme.

These are decisions about organisations (the applicant is always a provider or a network; a subsidy
decision is public information under the Woo), so these tables are not suppressed (``Table.public``).
They hold no child data: no case reference and no count of children.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from core.models import Region
from core.workdays import get_calendar
from reports.figures.common import Definition, Period, Section, median, per_value, share_percent
from reports.privacy import AMOUNT, NUMBER, Column, Table
from subsidies.models import ApplicationStatus, DecisionOutcome, GrantApplication
from subsidies.selectors import decision_figures


def grants_section(region: Region, period: Period) -> Section:
    applications = GrantApplication.objects.filter(
        Q(expert_team__region=region) | Q(case__region=region),
        received_at__gte=period.start,
        received_at__lt=period.end,
    ).exclude(status=ApplicationStatus.WITHDRAWN)
    per_scheme = (
        applications.values_list("scheme__name")
        .annotate(
            n=Count("pk", distinct=True),
            granted=Count("pk", distinct=True, filter=Q(decision__outcome=DecisionOutcome.GRANTED)),
            rejected=Count("pk", distinct=True, filter=Q(decision__outcome=DecisionOutcome.REJECTED)),
            suspended=Count("pk", distinct=True, filter=Q(completion_requests__isnull=False)),
            open=Count("pk", distinct=True, filter=Q(decision__isnull=True)),
        )
        .order_by("scheme__name")
    )
    amounts = per_value(
        applications, "scheme__name", requested=Sum("requested_amount"), granted=Sum("decision__amount")
    )
    requests = Table(
        title=_("Subsidieaanvragen en besluiten"),
        row_header=_("Regeling"),
        columns=[
            Column(_("Aanvragen")),
            Column(_("Toegekend")),
            Column(_("Afgewezen")),
            Column(_("Opgeschort (aanvulling gevraagd)")),
            Column(_("Nog geen besluit")),
            Column(_("Aangevraagd"), AMOUNT),
            Column(_("Toegekend bedrag"), AMOUNT),
        ],
        rows=[
            (
                name,
                [n, granted, rejected, suspended, still_open, *(a or 0 for a in amounts.get(name, (0, 0)))],
            )
            for name, n, granted, rejected, suspended, still_open in per_scheme
        ],
        public=True,
    )
    figures = decision_figures(applications, calendar=get_calendar())
    by_scheme: dict[str, list] = {}
    for figure in figures:
        by_scheme.setdefault(figure.application.scheme.name, []).append(figure)
    timing = Table(
        title=_("Besluittermijn"),
        row_header=_("Regeling"),
        columns=[
            Column(_("Besloten")),
            Column(_("Binnen de termijn")),
            Column(_("Aandeel binnen de termijn (%)"), NUMBER),
            Column(_("Mediane besluittijd (werkdagen)"), NUMBER),
        ],
        rows=[
            (
                name,
                [
                    len(mine),
                    sum(1 for f in mine if f.on_time),
                    share_percent(sum(1 for f in mine if f.on_time), len(mine)),
                    median([f.working_days for f in mine]),
                ],
            )
            for name, mine in sorted(by_scheme.items())
        ],
        with_total=False,
        public=True,
    )
    definitions = [
        Definition(
            _("Subsidieaanvragen"),
            _(
                "Aanvragen (niet ingetrokken) ontvangen in de periode, van een expertteam of over een casus "
                "van de regio. Opgeschort: de commissie vroeg om aanvulling. Deze cijfers gaan over besluiten "
                "over organisaties en zijn openbaar; ze worden daarom niet afgeschermd."
            ),
        ),
        Definition(
            _("Binnen de termijn"),
            _(
                "Besloten op of voor de uiterste besluitdatum van de regeling (werkdagen na ontvangst, de dag "
                "van ontvangst niet meegeteld), verschoven met de dagen waarin de termijn was opgeschort voor "
                "aanvulling (subsidies.deadlines.decision_due_date)."
            ),
        ),
    ]
    return Section(title=_("Stimuleringsimpuls maatwerk"), tables=[requests, timing], definitions=definitions)
