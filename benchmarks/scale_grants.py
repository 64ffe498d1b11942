"""``seed_scale``'s grant applications (every status, with cost lines and decisions) and learning
tracks (one per region, a team per municipality, sessions). See ``benchmarks.scale_seed``."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction

from cases.models import Case
from core.formatting import AMSTERDAM as AMS
from core.models import ExpertTeam, Municipality, Organisation, Region, User
from core.workdays import get_calendar
from learning.models import LearningSession, LearningTeam, LearningTrack
from subsidies.deadlines import decision_due_date
from subsidies.models import (
    ApplicationStatus,
    CostLine,
    Decision,
    DecisionOutcome,
    GrantApplication,
    GrantScheme,
)

BATCH = 5000
# Most applications wait for the committee: the queue and the reminder sweep are what scale.
STATUS_WEIGHTS = {
    ApplicationStatus.SUBMITTED: 12,
    ApplicationStatus.DRAFT: 2,
    ApplicationStatus.GRANTED: 2,
    ApplicationStatus.REJECTED: 1,
    ApplicationStatus.WITHDRAWN: 1,
    ApplicationStatus.SUSPENDED: 1,
    ApplicationStatus.NOT_CONSIDERED: 1,
}
DECIDED = {
    ApplicationStatus.GRANTED: DecisionOutcome.GRANTED,
    ApplicationStatus.REJECTED: DecisionOutcome.REJECTED,
    ApplicationStatus.NOT_CONSIDERED: DecisionOutcome.NOT_CONSIDERED,
}


def seed_applications(count: int, *, run: int, rng: random.Random, author: User, committee: User) -> int:
    """``count`` applications over the schemes of ``seed_demo``, cycling through every status."""
    schemes = list(GrantScheme.objects.order_by("pk"))
    providers = list(Organisation.objects.filter(kind__in=["provider", "family_home"]).order_by("pk"))
    if not schemes or not providers or count <= 0:
        return 0
    case_ids = list(Case.objects.order_by("?").values_list("pk", "expert_team_id")[: min(count, 50_000)])
    teams = list(ExpertTeam.objects.values_list("pk", flat=True))
    statuses = [status for status, weight in STATUS_WEIGHTS.items() for _ in range(weight)]
    today = date.today()
    calendar = get_calendar()
    made = 0
    for first in range(0, count, BATCH):
        with transaction.atomic():
            rows = []
            for n in range(first, min(first + BATCH, count)):
                scheme = schemes[n % len(schemes)]
                status = statuses[n % len(statuses)]
                received = today - timedelta(days=rng.randrange(1, 60))
                case_id, team_id = case_ids[n % len(case_ids)] if case_ids else (None, teams[n % len(teams)])
                submitted = status != ApplicationStatus.DRAFT
                rows.append(
                    GrantApplication(
                        reference=f"S{run}-{n:07d}",
                        scheme=scheme,
                        case_id=case_id if scheme.kind == "case_bound" else None,
                        expert_team_id=team_id,
                        provider_organisation=providers[n % len(providers)],
                        status=status,
                        title=f"Schaaltest aanvraag {n}",
                        purpose="Schaaltest",
                        motivation="Schaaltest",
                        created_by=author,
                        submitted_by=author if submitted else None,
                        received_at=datetime.combine(received, time(10), tzinfo=AMS) if submitted else None,
                        # As the services store it: the scheme's working days from receipt, on the
                        # administrator's calendar (``subsidies.deadlines.decision_due_date``).
                        decision_due=decision_due_date(
                            datetime.combine(received, time(10), tzinfo=AMS),
                            scheme.decision_working_days,
                            calendar=calendar,
                        )
                        if submitted
                        else None,
                        requested_amount=Decimal(1000 + n % 20 * 500),
                    )
                )
            saved = GrantApplication.objects.bulk_create(rows, batch_size=BATCH)
            CostLine.objects.bulk_create(
                [
                    CostLine(application=a, description="Begeleiding", amount=a.requested_amount)
                    for a in saved
                ],
                batch_size=BATCH,
            )
            Decision.objects.bulk_create(
                [
                    Decision(
                        application=a,
                        outcome=DECIDED[a.status],
                        amount=a.requested_amount if a.status == ApplicationStatus.GRANTED else Decimal(0),
                        reason="Schaaltest",
                        budget_year=a.received_at.year,
                        decided_by=committee,
                        decided_at=a.received_at + timedelta(days=7),
                    )
                    for a in saved
                    if a.status in DECIDED
                ],
                batch_size=BATCH,
            )
            made += len(saved)
    return made


def seed_learning(*, run: int, author: User, sessions_per_team: int = 2) -> int:
    """A learning track per region with a team per municipality and a few sessions each."""
    tracks = LearningTrack.objects.bulk_create(
        [
            LearningTrack(
                name=f"Schaalleertraject {run} {region.code}",
                region=region,
                period_start=date(2026, 1, 1),
                period_end=date(2026, 12, 31),
            )
            for region in Region.objects.order_by("code")
        ]
    )
    by_region = {track.region_id: track for track in tracks}
    teams = LearningTeam.objects.bulk_create(
        [
            LearningTeam(track=by_region[m.region_id], municipality=m)
            for m in Municipality.objects.filter(region_id__in=by_region)
        ]
    )
    sessions = LearningSession.objects.bulk_create(
        [
            LearningSession(
                team=team,
                date=date(2026, 2 + k * 3, 10),
                place="Stadskantoor",
                agenda="Casus bespreken",
                duration_minutes=120,
                created_by=author,
            )
            for team in teams
            for k in range(sessions_per_team)
        ],
        batch_size=BATCH,
    )
    return len(sessions)
