"""Doorstroom (referrals, waiting time, throughput time, open cases by age) and school en dagbesteding."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case
from core.formatting import amsterdam_date, format_month
from core.models import Region
from expertteams.models import Outcome, Step, StepKind
from reports.figures.common import (
    Definition,
    Period,
    Section,
    category_table,
    counts_table,
    months_between,
    per_month,
    spread_table,
)
from reports.privacy import Column, Table

AGE_BUCKETS = [(0, 91), (91, 182), (182, 365), (365, None)]


def flow_section(region: Region, period: Period) -> Section:
    start, end = period.start, period.end
    cases = Case.objects.filter(region=region)
    open_at_end = Q(created_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
    ages = {}
    for n, (low, high) in enumerate(AGE_BUCKETS):
        younger = Q(created_at__lte=end - timedelta(days=low))
        older = Q(created_at__gt=end - timedelta(days=high)) if high else Q()
        ages[f"age{n}"] = Count("pk", filter=open_at_end & younger & older)
    figures = cases.aggregate(
        referred=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        active=Count("pk", filter=open_at_end),
        closed=Count("pk", filter=Q(closed_at__gte=start, closed_at__lt=end)),
        **ages,
    )
    key_figures = counts_table(
        _("Kerncijfers"),
        _("Casussen"),
        [
            (_("Aangemeld in de periode"), figures["referred"]),
            (_("Actief aan het eind van de periode"), figures["active"]),
            (_("Afgesloten in de periode"), figures["closed"]),
        ],
        keys={(0, 0): "cases.referred", (1, 0): "cases.active", (2, 0): "cases.closed"},
    )
    monthly = _monthly(cases, period)
    first_contact = list(
        cases.filter(created_at__gte=start, created_at__lt=end)
        .annotate(first_step=Min("steps__occurred_on"))
        .values_list("created_at", "first_step")
    )
    waits = [(first - amsterdam_date(created)).days for created, first in first_contact if first is not None]
    first_outcome = Step.objects.filter(case=OuterRef("pk"), kind=StepKind.OUTCOME).order_by("occurred_on")
    through = [
        (outcome_on - amsterdam_date(created)).days
        for created, outcome_on in cases.annotate(
            outcome_on=Subquery(first_outcome.values("occurred_on")[:1])
        )
        .filter(outcome_on__gte=period.first, outcome_on__lte=period.last)
        .values_list("created_at", "outcome_on")
    ]
    times = spread_table(
        _("Wachttijd en doorlooptijd (dagen)"),
        _("Tijd"),
        _("Casussen"),
        [
            (_("Wachttijd: aanmelding tot eerste contact"), waits),
            (_("Doorlooptijd: aanmelding tot uitkomst"), through),
        ],
    )
    age_labels = [
        _("Korter dan 3 maanden"),
        _("3 tot 6 maanden"),
        _("6 tot 12 maanden"),
        _("12 maanden of langer"),
    ]
    by_age = Table(
        title=_("Open casussen aan het eind van de periode, naar looptijd"),
        row_header=_("Looptijd sinds aanmelding"),
        columns=[Column(_("Casussen"))],
        rows=[(label, [figures[f"age{n}"]]) for n, label in enumerate(age_labels)],
        keys={(len(age_labels), 0): "cases.active"},
    )
    definitions = [
        Definition(
            _("Aangemeld"), _("Casussen van de regio met een aanmelddatum in de periode (Europe/Amsterdam).")
        ),
        Definition(
            _("Actief aan het eind"),
            _(
                "Aangemeld voor het einde van de periode en toen nog niet afgesloten; naar looptijd sinds aanmelding."
            ),
        ),
        Definition(
            _("Afgesloten"), _("Casussen met een afsluitdatum in de periode (bij heropening: de laatste).")
        ),
        Definition(
            _("Wachttijd"),
            _(
                "Voor casussen aangemeld in de periode: dagen van de aanmelddatum tot de datum van de eerste "
                "stap in de tijdlijn (het eerste contact). Casussen zonder stap tellen niet mee."
            ),
        ),
        Definition(
            _("Doorlooptijd"),
            _(
                "Dagen van de aanmelddatum tot de eerste uitkomst, voor casussen waarvan die uitkomst in de "
                "periode viel. Mediaan en 90e percentiel (rangmethode)."
            ),
        ),
    ]
    return Section(
        title=_("Doorstroom"),
        tables=[key_figures, monthly, times, by_age],
        chart=monthly,
        definitions=definitions,
    )


def _monthly(cases, period: Period) -> Table:
    referred, closed = per_month(cases, "created_at", period), per_month(cases, "closed_at", period)
    months = months_between(period.first, period.last)
    return Table(
        title=_("Aanmeldingen en afsluitingen per maand"),
        row_header=_("Maand"),
        columns=[Column(_("Aangemeld")), Column(_("Afgesloten"))],
        rows=[(format_month(month), [referred.get(month, 0), closed.get(month, 0)]) for month in months],
        keys={(len(months), 0): "cases.referred", (len(months), 1): "cases.closed"},
    )


# --- School en dagbesteding --------------------------------------------------------------------------

# The record is free text; these patterns sort it (first match wins). "Uitval op school" is no school.
SCHOOL_PATTERNS = [
    ("none", re.compile(r"geen|thuiszit|uitval|uitgevallen|niet naar school|verzuim|schorsing", re.I)),
    ("school", re.compile(r"school|opleiding|onderwijs|mbo|hbo|studie|studeert|klas", re.I)),
    ("work", re.compile(r"werk|baan|dagbesteding|stage|vrijwilliger", re.I)),
]
SCHOOL_LABELS = [
    ("school", gettext_lazy("Naar school of opleiding")),
    ("work", gettext_lazy("Werk of dagbesteding")),
    ("none", gettext_lazy("Geen school of dagbesteding (thuiszitter, uitval)")),
    ("other", gettext_lazy("Anders")),
    ("missing", gettext_lazy("Niet vastgelegd")),
]


def classify_school(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return "missing"
    return next((name for name, pattern in SCHOOL_PATTERNS if pattern.search(text)), "other")


def school_section(region: Region, period: Period) -> Section:
    cases = Case.objects.filter(region=region)
    at_referral = cases.filter(created_at__gte=period.start, created_at__lt=period.end).values_list(
        "history_school", flat=True
    )
    latest = Outcome.objects.filter(step__case=OuterRef("pk")).order_by("-step__occurred_on", "-pk")
    at_closing = (
        cases.filter(closed_at__gte=period.start, closed_at__lt=period.end)
        .annotate(school=Subquery(latest.values("school_or_daytime_activity")[:1]))
        .values_list("school", flat=True)
    )
    referral_counts, closing_counts = _tally(at_referral), _tally(at_closing)
    table = category_table(
        _("School en dagbesteding bij aanmelding en bij afsluiting"),
        _("School en dagbesteding"),
        [Column(_("Bij aanmelding")), Column(_("Bij afsluiting"))],
        SCHOOL_LABELS,
        {name: [referral_counts[name], closing_counts[name]] for name in referral_counts},
        keys={(len(SCHOOL_LABELS), 0): "cases.referred", (len(SCHOOL_LABELS), 1): "cases.closed"},
    )
    definitions = [
        Definition(
            _("School en dagbesteding"),
            _(
                "Bij aanmelding: het veld 'school en dagbesteding' van casussen aangemeld in de periode; bij "
                "afsluiting: 'school of dagbesteding' in de laatste uitkomst van casussen afgesloten in de "
                "periode. Beide zijn vrije tekst; de rapportage deelt ze in op trefwoorden (eerst 'geen', "
                "'thuiszitter', 'uitval', dan 'school', 'opleiding', dan 'werk', 'dagbesteding')."
            ),
        )
    ]
    return Section(title=_("School en dagbesteding"), tables=[table], definitions=definitions)


def _tally(texts) -> dict[str, int]:
    counts = {name: 0 for name, _label in SCHOOL_LABELS}
    for text in texts:
        counts[classify_school(text)] += 1
    return counts
