"""Crisisopvang and residentieel verblijf: placement episodes (``cases.PlacementEpisode``) per period.

An episode is in the period when it started on or before the last day and has not ended before the
first day; its days in the period are clipped to the period, an open episode counts to the period's
end. A child is a case (the report holds no identities to join cases of one youth).
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import PlacementEpisode, PlacementType
from core.models import Region
from reports.disclosure import Relation
from reports.figures.common import (
    Definition,
    Period,
    Section,
    category_table,
    change_percent,
    counts_table,
    crisis_max_stay_days,
    crisis_reduction_goal,
    share_percent,
    spread_table,
)
from reports.privacy import NUMBER, Column, Table

HOME = (PlacementType.HOME, PlacementType.NETWORK)
FAMILY = (PlacementType.FOSTER_CARE, PlacementType.FAMILY_HOME)
DESTINATIONS = [
    ("home", gettext_lazy("Naar huis of netwerk")),
    ("family", gettext_lazy("Naar pleegzorg of gezinshuis")),
    ("other", gettext_lazy("Naar ander verblijf")),
    ("unknown", gettext_lazy("Nog niet bekend")),
]


def in_period(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}started_on__lte": period.last}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": period.first})
    )


def _episode_counts(region: Region, placement_type: str, periods: dict[str, Period]) -> dict[str, int]:
    """Children and placements per named period, one aggregate query."""
    aggregates = {}
    for name, period in periods.items():
        aggregates[f"{name}_children"] = Count("case", distinct=True, filter=in_period(period))
        aggregates[f"{name}_placements"] = Count("pk", filter=in_period(period))
        aggregates[f"{name}_started"] = Count(
            "pk", filter=Q(started_on__gte=period.first, started_on__lte=period.last)
        )
    return PlacementEpisode.objects.filter(case__region=region, placement_type=placement_type).aggregate(
        **aggregates
    )


def crisis_section(region: Region, period: Period) -> Section:
    maximum, goal = crisis_max_stay_days(), crisis_reduction_goal()
    counts = _episode_counts(region, PlacementType.CRISIS, period.compared())
    stays = [
        (ended_on or period.last) - started_on
        for started_on, ended_on in PlacementEpisode.objects.filter(
            in_period(period), case__region=region, placement_type=PlacementType.CRISIS
        ).values_list("started_on", "ended_on")
    ]
    lengths = [delta.days + 1 for delta in stays]
    beyond = sum(1 for days in lengths if days > maximum)
    key_figures = counts_table(
        _("Crisisopvang in de periode"),
        _("Kerncijfer"),
        [
            (_("Kinderen in crisisopvang"), counts["now_children"]),
            (_("Crisisplaatsingen"), counts["now_placements"]),
            (_("Crisisplaatsingen gestart in de periode"), counts["now_started"]),
            (_("Verblijfsduur langer dan %(days)s dagen") % {"days": maximum}, beyond),
        ],
        keys={(0, 0): "crisis.children", (1, 0): "crisis.placements"},
    )
    length = spread_table(
        _("Verblijfsduur in de crisisopvang (dagen)"),
        _("Crisisplaatsingen"),
        _("Aantal"),
        [(_("In de periode"), lengths)],
        keys={(0, 0): "crisis.placements"},
    )
    comparison = Table(
        title=_("Crisisopvang vergeleken, en het reductiedoel van %(goal)s%%") % {"goal": goal},
        row_header=_("Kerncijfer"),
        columns=[
            Column(_("Deze periode")),
            Column(_("Vorige periode")),
            Column(_("Zelfde periode vorig jaar")),
            Column(_("Verandering t.o.v. vorig jaar (%)"), NUMBER),
            Column(_("Doel: hoogstens"), NUMBER),
        ],
        rows=[
            (
                label,
                [
                    counts[f"now_{name}"],
                    counts[f"previous_{name}"],
                    counts[f"year_{name}"],
                    change_percent(counts[f"now_{name}"], counts[f"year_{name}"]),
                    round(counts[f"year_{name}"] * (100 - goal) / 100, 1),
                ],
            )
            for label, name in (
                (_("Kinderen in crisisopvang"), "children"),
                (_("Crisisplaatsingen"), "placements"),
            )
        ],
        with_total=False,
        keys={(0, 0): "crisis.children", (1, 0): "crisis.placements"},
    )
    definitions = [
        Definition(
            _("Kinderen in crisisopvang"),
            _(
                "Casussen van de regio met een verblijfsperiode van het soort crisisopvang die in de periode "
                "liep (begonnen op of voor de laatste dag, niet geëindigd voor de eerste dag). Een casus is "
                "één kind."
            ),
        ),
        Definition(
            _("Crisisplaatsingen"),
            _(
                "Verblijfsperioden crisisopvang die in de periode liepen; 'gestart' telt alleen die in de periode begonnen."
            ),
        ),
        Definition(
            _("Verblijfsduur"),
            _(
                "Dagen van begin tot einde van een crisisplaatsing die in de periode liep, beide dagen "
                "meegeteld; een lopende plaatsing telt tot het einde van de periode. Mediaan en 90e "
                "percentiel (rangmethode). Langer dan de maximale verblijfsduur: meer dan "
                "%(days)s dagen (instelling CRISIS_MAX_STAY_DAYS)."
            )
            % {"days": maximum},
        ),
        Definition(
            _("Reductiedoel"),
            _(
                "Het doel is %(goal)s%% minder dan in dezelfde periode een jaar eerder (instelling "
                "CRISIS_REDUCTION_GOAL); 'Doel: hoogstens' is het aantal van vorig jaar maal "
                "(100 - %(goal)s)%%. De vorige periode is de even lange periode direct hiervoor."
            )
            % {"goal": goal},
        ),
    ]
    return Section(title=_("Crisisopvang"), tables=[key_figures, length, comparison], definitions=definitions)


def residential_section(region: Region, period: Period) -> Section:
    episodes = PlacementEpisode.objects.filter(
        in_period(period), case__region=region, placement_type=PlacementType.RESIDENTIAL
    ).values_list("case_id", "started_on", "ended_on")
    rows = list(episodes)
    days = sum(period.clipped_days(started_on, ended_on) for _case, started_on, ended_on in rows)
    overview = Table(
        title=_("Residentieel verblijf in de periode"),
        row_header=_("Verblijf"),
        columns=[
            Column(_("Kinderen")),
            Column(_("Plaatsingen")),
            Column(_("Verblijfsdagen in de periode"), NUMBER),
        ],
        rows=[(_("Residentieel"), [len({case for case, *_rest in rows}), len(rows), days])],
        with_total=False,
        keys={(0, 0): "res.children"},
    )
    # Where the youth went after a residential stay that ended in the period: the next episode of the case.
    ended = [(case, ended_on) for case, _start, ended_on in rows if ended_on and ended_on <= period.last]
    following = {}
    if ended:
        for case_id, started_on, placement_type in (
            PlacementEpisode.objects.filter(case_id__in={case for case, _e in ended})
            .order_by("case_id", "started_on")
            .values_list("case_id", "started_on", "placement_type")
        ):
            following.setdefault(case_id, []).append((started_on, placement_type))
    destinations = Counter(_destination(following.get(case_id, []), ended_on) for case_id, ended_on in ended)
    destination_table = category_table(
        _("Beëindigde residentiële plaatsingen naar bestemming"),
        _("Bestemming"),
        [Column(_("Plaatsingen"))],
        DESTINATIONS,
        {name: [n] for name, n in destinations.items()},
        keys={(0, 0): "res.to_home", (1, 0): "res.to_family", (4, 0): "res.ended"},
    )
    home_or_family = destinations["home"] + destinations["family"]
    share = Table(
        title=_("Zo thuis mogelijk: uitstroom naar huis of een gezinsvorm"),
        row_header=_("Residentieel"),
        columns=[
            Column(_("Beëindigd")),
            Column(_("Naar huis of gezinsvorm")),
            Column(_("Aandeel (%)"), NUMBER),
        ],
        rows=[(_("In de periode"), [len(ended), home_or_family, share_percent(home_or_family, len(ended))])]
        if ended
        else [],
        with_total=False,
        keys={(0, 0): "res.ended", (0, 1): "res.home_or_family"},
    )
    definitions = [
        Definition(
            _("Residentieel"),
            _(
                "Verblijfsperioden van het soort residentieel die in de periode liepen. Kinderen: casussen "
                "met zo'n periode. Verblijfsdagen: de dagen van die perioden binnen de periode; een periode "
                "die eerder begon of later eindigt wordt afgekapt op de periode, een lopende telt tot het "
                "einde van de periode."
            ),
        ),
        Definition(
            _("Uitstroom naar huis of gezinsvorm"),
            _(
                "Residentiële perioden die in de periode eindigden, naar de soort van de volgende "
                "verblijfsperiode van dezelfde casus: thuis of netwerk, pleegzorg of gezinshuis, ander "
                "verblijf, of nog niet bekend (geen volgende periode vastgelegd)."
            ),
        ),
    ]
    return Section(
        title=_("Residentieel verblijf"),
        tables=[overview, destination_table, share],
        definitions=definitions,
        relations=[Relation("res.home_or_family", ("res.to_home", "res.to_family"))],
    )


def _destination(following: list[tuple], ended_on) -> str:
    """Where a stay that ended on ``ended_on`` led: the kind of the case's next episode, as a bucket."""
    after = [kind for started_on, kind in following if started_on > ended_on]
    kind = after[0] if after else None
    return "unknown" if kind is None else "home" if kind in HOME else "family" if kind in FAMILY else "other"
