"""Uitkomsten en na afsluiting: living situation at closing and at the follow-up moments, placements
prevented, forced placements, returns to crisis care within six months after closing."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from cases.models import Case, CaseStatus, CaseStatusChange, LivingSituation, PlacementEpisode, PlacementType
from core.formatting import amsterdam_date
from core.models import Region
from expertteams.models import Outcome
from reports.figures.common import Definition, Period, Section, category_table, counts_table, per_value
from reports.privacy import Column, Table

RETURN_WINDOW_DAYS = 183  # "binnen 6 maanden"


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def outcomes_section(region: Region, period: Period) -> Section:
    cases = Case.objects.filter(region=region)
    latest_outcome = Outcome.objects.filter(step__case=OuterRef("pk")).order_by("-step__occurred_on", "-pk")
    at_closing = per_value(
        cases.filter(closed_at__gte=period.start, closed_at__lt=period.end).annotate(
            situation=Subquery(latest_outcome.values("living_situation")[:1])
        ),
        "situation",
        n=Count("pk"),
    )
    closing_table = category_table(
        _("Woonsituatie bij afsluiting"),
        _("Woonsituatie"),
        [Column(_("Casussen"))],
        [*LivingSituation.choices, (None, _("Geen uitkomst vastgelegd"))],
        at_closing,
        keys={(len(LivingSituation.choices) + 1, 0): "cases.closed"},
    )
    follow_up = _after_closing_situations(cases, period)
    outcomes = Outcome.objects.filter(
        step__case__region=region, step__occurred_on__gte=period.first, step__occurred_on__lte=period.last
    )
    prevented = outcomes.aggregate(
        recorded=Count("pk"),
        out_of_home=Count("pk", filter=Q(out_of_home_placement_prevented=True)),
        secure=Count("pk", filter=Q(secure_placement_prevented=True)),
    )
    prevention = counts_table(
        _("Voorkomen plaatsingen"),
        _("Uitkomst"),
        [
            (_("Uitkomsten vastgelegd in de periode"), prevented["recorded"]),
            (_("Uithuisplaatsing voorkomen"), prevented["out_of_home"]),
            (_("Gesloten plaatsing voorkomen"), prevented["secure"]),
        ]
        if prevented["recorded"]
        else [],
        note=_("Een uitkomst kan beide tellen; daarom geen totaal."),
    )
    forced = PlacementEpisode.objects.filter(
        case__region=region, forced=True, started_on__gte=period.first, started_on__lte=period.last
    ).aggregate(children=Count("case", distinct=True), placements=Count("pk"))
    forced_table = Table(
        title=_("Gedwongen plaatsingen gestart in de periode"),
        row_header=_("Gedwongen"),
        columns=[Column(_("Kinderen")), Column(_("Plaatsingen"))],
        rows=[(_("Gedwongen plaatsingen"), [forced["children"], forced["placements"]])],
        with_total=False,
    )
    closings, returned, reopened = _returns(cases, period)
    returns = counts_table(
        _("Na afsluiting: terug in crisisopvang"),
        _("Afsluitingen in de periode"),
        [
            (_("Afsluitingen (ook van later heropende casussen)"), closings),
            (_("Heropend binnen 6 maanden"), reopened),
            (_("Terug in crisisopvang binnen 6 maanden"), returned),
        ],
    )
    definitions = [
        Definition(
            _("Woonsituatie bij afsluiting"),
            _(
                "Casussen met een afsluitdatum in de periode, naar de woonsituatie van hun laatste uitkomst. "
                "Een heropende casus telt bij zijn laatste afsluiting."
            ),
        ),
        Definition(
            _("Woonsituatie na afsluiting"),
            _(
                "Voor elk nazorgmoment (%(months)s maanden na afsluiting) dat in de periode valt: de soort "
                "verblijf van de verblijfsperiode van de casus op die dag; 'onbekend' als er geen periode "
                "loopt."
            )
            % {"months": "/".join(str(m) for m in _months())},
        ),
        Definition(
            _("Voorkomen plaatsingen"),
            _(
                "Uitkomsten met een datum in de periode waarin een uithuisplaatsing of gesloten plaatsing voorkomen is."
            ),
        ),
        Definition(
            _("Gedwongen plaatsingen"),
            _(
                "Verblijfsperioden die in de periode begonnen en als gedwongen zijn vastgelegd; kinderen = casussen."
            ),
        ),
        Definition(
            _("Terug in crisisopvang"),
            _(
                "Afsluitingen in de periode (statuswijzigingen naar afgesloten, dus ook van casussen die daarna "
                "zijn heropend) waarna binnen 183 dagen een crisisplaatsing van dezelfde casus begon; "
                "heropend: de casus werd binnen 183 dagen heropend. Geteld tot vandaag."
            ),
        ),
    ]
    return Section(
        title=_("Uitkomsten en na afsluiting"),
        tables=[closing_table, follow_up, prevention, forced_table, returns],
        definitions=definitions,
    )


def _months() -> tuple[int, ...]:
    return tuple(getattr(settings, "FOLLOW_UP_MONTHS", (3, 6, 12)))


def _after_closing_situations(cases, period: Period) -> Table:
    """Per follow-up moment in the period: the placement type on that day. Two queries."""
    months = _months()
    earliest = period.first - timedelta(days=31 * max(months) + 1)
    closed = {
        pk: amsterdam_date(closed_at)
        for pk, closed_at in cases.filter(
            closed_at__gte=period.start - (period.first - earliest), closed_at__lt=period.end
        ).values_list("pk", "closed_at")
    }
    moments = [
        (pk, m, add_months(day, m))
        for pk, day in closed.items()
        for m in months
        if period.first <= add_months(day, m) <= period.last
    ]
    episodes = {}
    if moments:
        for case_id, started_on, ended_on, kind in PlacementEpisode.objects.filter(
            case_id__in={pk for pk, _m, _d in moments}
        ).values_list("case_id", "started_on", "ended_on", "placement_type"):
            episodes.setdefault(case_id, []).append((started_on, ended_on, kind))

    def kind_on(pk, day):
        """The placement type of the case's episode running on ``day``; ``None`` when none runs."""
        return next(
            (k for start, end, k in episodes.get(pk, []) if start <= day and (end is None or end >= day)),
            None,
        )

    counts = Counter((kind_on(pk, day), m) for pk, m, day in moments)
    return category_table(
        _("Woonsituatie na afsluiting, op de nazorgmomenten"),
        _("Woonsituatie"),
        [Column(_("%(m)s maanden") % {"m": m}) for m in months],
        [*PlacementType.choices, (None, _("Onbekend"))],
        {kind: [counts[(kind, m)] for m in months] for kind, _m in counts},
    )


def _returns(cases, period: Period) -> tuple[int, int, int]:
    """Closings in the period, those followed by a crisis placement, and those reopened, within 183
    days. Three queries."""
    closings = list(
        CaseStatusChange.objects.filter(
            case__in=cases,
            to_status=CaseStatus.CLOSED,
            changed_at__gte=period.start,
            changed_at__lt=period.end,
        ).values_list("case_id", "changed_at")
    )
    if not closings:
        return 0, 0, 0
    ids = {case_id for case_id, _at in closings}
    crisis = {}
    for case_id, started_on in PlacementEpisode.objects.filter(
        case_id__in=ids, placement_type=PlacementType.CRISIS
    ).values_list("case_id", "started_on"):
        crisis.setdefault(case_id, []).append(started_on)
    reopenings = {}
    for case_id, changed_at in CaseStatusChange.objects.filter(
        case_id__in=ids, from_status=CaseStatus.CLOSED
    ).values_list("case_id", "changed_at"):
        reopenings.setdefault(case_id, []).append(changed_at)
    window = timedelta(days=RETURN_WINDOW_DAYS)
    returned = sum(
        1
        for case_id, at in closings
        if any(amsterdam_date(at) < day <= amsterdam_date(at) + window for day in crisis.get(case_id, []))
    )
    reopened = sum(
        1
        for case_id, at in closings
        if any(at < moment <= at + window for moment in reopenings.get(case_id, []))
    )
    return len(closings), returned, reopened
