"""The placement history of a case: episodes of where the youth stayed, and what derives from them.

Each write here is one transaction on a locked case row, logs to the access log, and recomputes the
derived fields of the case in the same UPDATE: ``placement_moves`` (the number of changes of placement:
episodes minus one, empty without episodes; the "veel wisselingen" signal reads it) and
``living_situation`` (the type of the open episode). The hand-kept counters ``placement_changes`` and
``professional_changes`` are history from before the episodes and are no longer written.

A change of placement on the timeline (``expertteams``' "verblijfswijziging" step) calls
``change_placement``: the open episode ends the day before the new one starts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.locking import lock_open_case
from cases.models import Case, PlacementEpisode, PlacementType
from core import audit
from core.formatting import format_date
from core.models import AccessLog, User

# Episode types that mean the youth lives away from home in care (for the summary on the case page).
OUT_OF_HOME = (
    PlacementType.FOSTER_CARE,
    PlacementType.FAMILY_HOME,
    PlacementType.RESIDENTIAL,
    PlacementType.SECURE,
    PlacementType.CRISIS,
)


def _check_dates(started_on: date, ended_on: date | None) -> None:
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": _("De einddatum ligt voor de begindatum.")}, code="dates")
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("De begindatum ligt in de toekomst.")}, code="future")


def refresh_derived_fields(case: Case) -> None:
    """Recompute ``placement_moves`` and ``living_situation`` from the episodes (call with the case locked)."""
    episodes = PlacementEpisode.objects.filter(case=case)
    count = episodes.count()
    current = episodes.filter(ended_on__isnull=True).values_list("placement_type", flat=True).first()
    changes = {"placement_moves": count - 1 if count else None}
    if current:
        changes["living_situation"] = current
    Case.objects.filter(pk=case.pk).update(**changes)
    for name, value in changes.items():
        setattr(case, name, value)


@transaction.atomic
def add_episode(
    *,
    case: Case,
    actor: User,
    placement_type: str,
    started_on: date,
    ended_on: date | None = None,
    provider: str = "",
    forced: bool = False,
    notes: str = "",
) -> PlacementEpisode:
    """Record one stay in the history (at intake, or filling in the past), and return it.

    An episode without ``ended_on`` is the current one; a case has at most one, and a second is refused
    (use ``change_placement`` to move). Episodes of one case may not overlap. Raises ``ValidationError``
    with a Dutch message; then nothing is written.
    """
    locked = lock_open_case(case)
    _check_dates(started_on, ended_on)
    if placement_type not in PlacementType.values:
        raise ValidationError({"placement_type": _("Kies een soort verblijf.")}, code="type")
    others = PlacementEpisode.objects.filter(case=locked)
    if ended_on is None and others.filter(ended_on__isnull=True).exists():
        raise ValidationError(
            _("Er is al een huidige verblijfplek. Leg een verblijfswijziging vast in de tijdlijn."),
            code="open_episode",
        )
    last_day = ended_on or date.max
    overlapping = others.filter(started_on__lte=last_day).exclude(ended_on__lt=started_on)
    if overlapping.exists():
        raise ValidationError(
            _("Deze periode overlapt met een periode die al in de verblijfsgeschiedenis staat."),
            code="overlap",
        )
    episode = PlacementEpisode.objects.create(
        case=locked,
        placement_type=placement_type,
        provider=provider.strip(),
        started_on=started_on,
        ended_on=ended_on,
        forced=forced,
        notes=notes.strip(),
        recorded_by=actor,
    )
    audit.record(actor, AccessLog.Action.CHANGE, locked, detail="verblijfsperiode toegevoegd")
    refresh_derived_fields(case)
    return episode


@transaction.atomic
def change_placement(
    *,
    case: Case,
    actor: User,
    placement_type: str,
    started_on: date,
    provider: str = "",
    forced: bool = False,
    notes: str = "",
) -> PlacementEpisode:
    """The youth moves: end the current episode the day before ``started_on`` and start a new one.

    Refused (``ValidationError``) when the new stay would start on or before the current one started.
    """
    locked = lock_open_case(case)
    current = PlacementEpisode.objects.select_for_update().filter(case=locked, ended_on__isnull=True).first()
    if current is not None:
        if started_on <= current.started_on:
            raise ValidationError(
                {
                    "occurred_on": _(
                        "De nieuwe verblijfplek moet na het begin van de huidige (%(day)s) ingaan."
                    )
                    % {"day": format_date(current.started_on)}
                },
                code="before_current",
            )
        current.ended_on = started_on - timedelta(days=1)
        current.save(update_fields=["ended_on"])
    return add_episode(
        case=case,
        actor=actor,
        placement_type=placement_type,
        started_on=started_on,
        provider=provider,
        forced=forced,
        notes=notes,
    )


@transaction.atomic
def correct_episode(
    *,
    episode: PlacementEpisode,
    actor: User,
    placement_type: str,
    started_on: date,
    provider: str = "",
    forced: bool = False,
) -> PlacementEpisode:
    """Correct the episode a placement change started: its type, place, forced flag and first day.

    A new first day also moves the end of the episode before it (the day before); refused with a
    ``ValidationError`` when that would leave the earlier episode ending before it began, or when the
    episode has already ended before the new first day.
    """
    case = lock_open_case(episode.case)
    episode = PlacementEpisode.objects.select_for_update().get(pk=episode.pk)
    if started_on != episode.started_on:
        _check_dates(started_on, episode.ended_on)
        previous = (
            PlacementEpisode.objects.select_for_update()
            .filter(case=case, started_on__lt=episode.started_on)
            .order_by("-started_on", "-pk")
            .first()
        )
        if previous is not None:
            if started_on <= previous.started_on:
                raise ValidationError(
                    {"occurred_on": _("De nieuwe datum ligt voor het begin van de vorige verblijfplek.")},
                    code="before_previous",
                )
            previous.ended_on = started_on - timedelta(days=1)
            previous.save(update_fields=["ended_on"])
    episode.placement_type = placement_type
    episode.provider = provider.strip()
    episode.forced = forced
    episode.started_on = started_on
    episode.save(update_fields=["placement_type", "provider", "forced", "started_on"])
    audit.record(actor, AccessLog.Action.CHANGE, case, detail="verblijfsperiode gecorrigeerd")
    refresh_derived_fields(case)
    return episode


@dataclass(frozen=True)
class PlacementSummary:
    """What the case page shows about the placement history."""

    episodes: list[PlacementEpisode]
    moves: int
    forced: int
    days_by_type: list[tuple[str, int]]  # (label, days) for each out-of-home type that occurred
    current: PlacementEpisode | None


def placement_summary(episodes: list[PlacementEpisode], today: date | None = None) -> PlacementSummary:
    """Totals of ``episodes`` (already loaded, oldest first), without a query."""
    today = today or timezone.localdate()
    days: dict[str, int] = defaultdict(int)
    for episode in episodes:
        if episode.placement_type in OUT_OF_HOME:
            days[episode.placement_type] += episode.days(today)
    labels = dict(PlacementType.choices)
    return PlacementSummary(
        episodes=episodes,
        moves=max(len(episodes) - 1, 0),
        forced=sum(1 for episode in episodes if episode.forced),
        days_by_type=[(labels[kind], days[kind]) for kind in PlacementType.values if kind in days],
        current=next((episode for episode in episodes if episode.ended_on is None), None),
    )
