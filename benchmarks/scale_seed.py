"""``seed_scale``: the demo data grown to a country's load, for ``make bench`` and capacity planning.

On top of ``seed_demo``: 42 regions with one expert team and three or more municipalities each,
facilitators and a coordinator per team, ``cases`` cases with ``steps`` steps of every kind (each with
its detail and child rows), actions, involved persons with consent, grant applications in every status,
and a learning track per region with sessions. A quarter of the cases lie in Utrecht Stad (the region
of 25,000 in the full run); the demo facilitator ``procesbegeleider`` gets at least 250 cases, one of
them with at least 1,000 steps.

Rows are written with ``bulk_create`` in batches of a few thousand (one INSERT per batch and table),
chunk by chunk of cases, so memory stays flat. The case fields the timeline keeps up to date
(``last_step_at``, ``open_escalation``, ``next_action_due``) are computed here as the services would.
Each detail is filled generically from its model (``_filled``): a new step kind needs no change here.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils import timezone

from cases.models import Case, CaseStatus, Consent, InvolvedPerson
from core.demo import DEMO_PASSWORD
from core.formatting import AMSTERDAM as AMS
from core.models import ExpertTeam, Municipality, Region, Role, RoleAssignment, User
from expertteams.kinds import KINDS
from expertteams.models import ActionItem, Escalation, Step

REGION_COUNT = 42
MIN_MUNICIPALITIES = 3
BATCH = 5000
CASES_PER_CHUNK = 2000
BIG_REGION = "UTR"
BIG_REGION_SHARE = 0.25
DEMO_FACILITATOR = "procesbegeleider"
DEMO_FACILITATOR_CASES = 250
LONG_TIMELINE = 1000
MARKER_PREFIX = "schaal-"  # usernames of the generated users; their presence means "already seeded"
FIRST_DAY = date(2024, 1, 8)
DAYS = 900


@dataclass
class ScaleReport:
    regions: int = 0
    cases: int = 0
    steps: int = 0
    details: int = 0
    actions: int = 0
    applications: int = 0
    sessions: int = 0
    counts: dict = field(default_factory=dict)


def already_seeded() -> bool:
    return User.objects.filter(username__startswith=MARKER_PREFIX).exists()


@contextmanager
def explicit_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let ``bulk_create`` keep the given ``created_at``-like values (``auto_now_add`` off meanwhile)."""
    switched = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                switched.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in switched:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@functools.cache
def _fill_plan(model: type[models.Model]) -> tuple:
    """(attname, kind, extra) of each required non-relation field without a default."""
    plan = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.is_relation or f.has_default() or f.null or f.blank:
            continue
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            continue
        if f.choices:
            plan.append((f.attname, "choice", tuple(value for value, _label in f.flatchoices)))
        else:
            plan.append(
                (f.attname, f.get_internal_type(), (f"Schaaltest {f.verbose_name}", f.max_length or 200))
            )
    return tuple(plan)


def _filled(model: type[models.Model], n: int, on: date, **given) -> dict:
    """A row of ``model`` (attname: value) with ``given`` and a plausible value in every other
    required field, whatever the model (a new step kind needs no change here)."""
    row = dict(given)
    for attname, kind, extra in _fill_plan(model):
        if attname in row:
            continue
        if kind == "choice":
            row[attname] = extra[n % len(extra)]
        elif kind in ("CharField", "TextField"):
            row[attname] = f"{extra[0]} {n}"[: extra[1]]
        elif kind == "DateField":
            row[attname] = on
        elif kind == "DateTimeField":
            row[attname] = datetime.combine(on, time(10), tzinfo=AMS)
        elif kind == "BooleanField":
            row[attname] = n % 2 == 0
        elif kind == "DecimalField":
            row[attname] = Decimal("1000.00")
        elif kind.endswith("IntegerField"):
            row[attname] = 1 + n % 3
    return row


@functools.cache
def _columns(model: type[models.Model]) -> tuple:
    """(column, attname, default) of each non-pk column; ``default`` a value or a callable."""
    columns = []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            default = timezone.now
        else:
            default = f.default if f.has_default() else (None if f.null else f.get_default())
        columns.append((f.column, f.attname, default))
    return tuple(columns)


def _insert(model: type[models.Model], rows: list[dict]) -> list[int]:
    """Insert ``rows`` (attname: value; the rest takes the field's default) and return their primary
    keys in order: ``COPY`` on PostgreSQL with ids drawn from the table's sequence first (no model
    instances: a million rows in seconds), ``bulk_create`` in batches elsewhere."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        return [obj.pk for obj in model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)]
    table, quote = model._meta.db_table, connection.ops.quote_name
    columns = _columns(model)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, model._meta.pk.column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        names = ", ".join(quote(c) for c in [model._meta.pk.column, *(column for column, _a, _d in columns)])
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row(
                    [pk]
                    + [
                        row[attname] if attname in row else (default() if callable(default) else default)
                        for _column, attname, default in columns
                    ]
                )
    return ids


def _bulk(model: type[models.Model], objects: list) -> list:
    """Save a few model instances (organisation, users) with ``bulk_create``."""
    return model.objects.bulk_create(objects, batch_size=BATCH) if objects else []


# --- Organisation --------------------------------------------------------------------------------


def ensure_regions(run: int) -> list[ExpertTeam]:
    """42 regions, each with its expert team and at least three municipalities; returns the teams."""
    existing = Region.objects.count()
    for n in range(existing + 1, REGION_COUNT + 1):
        region = Region.objects.create(code=f"R{n:02d}", name=f"Schaalregio {n}")
        ExpertTeam.objects.create(region=region, name=f"Expertteam Schaalregio {n}")
    for region in Region.objects.all():
        missing = MIN_MUNICIPALITIES - region.municipalities.count()
        _bulk(
            Municipality,
            [Municipality(name=f"Schaalgemeente {region.code} {k}", region=region) for k in range(missing)],
        )
    return list(ExpertTeam.objects.select_related("region").order_by("region__code")[:REGION_COUNT])


def make_staff(teams: list[ExpertTeam], case_count: int, run: int) -> dict[int, list[User]]:
    """Facilitators (about 60 cases each) and one coordinator per team, all with the demo password."""
    password = User(username="x")
    password.set_password(DEMO_PASSWORD)
    per_team = max(2, case_count // (len(teams) * 60))
    users, assignments = [], []
    for team in teams:
        for k in range(per_team):
            users.append(
                User(
                    username=f"{MARKER_PREFIX}{run}-pb-{team.region.code}-{k}",
                    first_name="Procesbegeleider",
                    last_name=f"{team.region.code} {k}",
                    password=password.password,
                )
            )
        users.append(
            User(
                username=f"{MARKER_PREFIX}{run}-coord-{team.region.code}",
                first_name="Coördinator",
                last_name=team.region.code,
                password=password.password,
            )
        )
    _bulk(User, users)
    by_name = {u.username: u for u in User.objects.filter(username__startswith=f"{MARKER_PREFIX}{run}-")}
    facilitators: dict[int, list[User]] = {}
    for team in teams:
        staff = [by_name[f"{MARKER_PREFIX}{run}-pb-{team.region.code}-{k}"] for k in range(per_team)]
        facilitators[team.pk] = staff
        assignments += [RoleAssignment(user=u, role=Role.FACILITATOR, expert_team=team) for u in staff]
        coordinator = by_name[f"{MARKER_PREFIX}{run}-coord-{team.region.code}"]
        assignments.append(RoleAssignment(user=coordinator, role=Role.COORDINATOR, expert_team=team))
    _bulk(RoleAssignment, assignments)
    return facilitators


# --- Cases and timelines -----------------------------------------------------------------------------


def step_counts(case_count: int, step_count: int, rng: random.Random) -> list[int]:
    """Steps per case summing to ``step_count``: the first case gets the long timeline, the rest vary."""
    long = min(max(LONG_TIMELINE, 0), step_count) if case_count else 0
    rest = step_count - long
    others = case_count - 1
    if others <= 0:
        return [step_count] if case_count else []
    average = rest / others
    counts = [max(0, int(rng.triangular(0, 2 * average, average))) for _ in range(others)]
    diff = rest - sum(counts)
    for i in range(abs(diff)):
        k = i % others
        counts[k] = max(0, counts[k] + (1 if diff > 0 else -1))
    return [long, *counts]


def _case_plan(teams, case_count: int, rng: random.Random) -> list[ExpertTeam]:
    """The team of each case: a quarter in the big region, the rest spread evenly."""
    big = [t for t in teams if t.region.code == BIG_REGION]
    others = [t for t in teams if t.region.code != BIG_REGION] or big
    in_big = int(case_count * BIG_REGION_SHARE) if big else 0
    plan = [big[0]] * in_big + [others[n % len(others)] for n in range(case_count - in_big)]
    return plan


@dataclass
class PlannedStep:
    kind: str
    occurred_on: date
    created_at: datetime
    escalation_open: bool
    action_due: date | None
    action_done: bool


def plan_timeline(start: date, count: int, offset: int, kinds: list[str], today: date) -> list[PlannedStep]:
    """``count`` steps spread from ``start`` to today, cycling through ``kinds``; every seventh
    escalation stays open, every eighth step has an action (half of them done)."""
    span = max((min(today, start + timedelta(days=DAYS)) - start).days, 1)
    planned = []
    for k in range(count):
        on = start + timedelta(days=(k * span) // max(count, 1))
        n = offset + k
        planned.append(
            PlannedStep(
                kind=kinds[n % len(kinds)],
                occurred_on=on,
                created_at=datetime.combine(on, time(10), tzinfo=AMS) + timedelta(seconds=k),
                escalation_open=n % 7 == 0,
                action_due=on + timedelta(days=14) if n % 8 == 0 else None,
                action_done=n % 16 == 0,
            )
        )
    return planned


def seed_cases(
    teams,
    facilitators,
    *,
    case_count: int,
    step_count: int,
    run: int,
    rng: random.Random,
    report: ScaleReport,
    stdout=None,
) -> None:
    demo = User.objects.get(username=DEMO_FACILITATOR)
    municipalities: dict[int, list[int]] = {}
    for pk, region_id in Municipality.objects.order_by("pk").values_list("pk", "region_id"):
        municipalities.setdefault(region_id, []).append(pk)
    plan = _case_plan(teams, case_count, rng)
    counts = step_counts(case_count, step_count, rng)
    # The demo facilitator's cases: the first ones of the big region (the long timeline is the very first).
    big_first = bool(plan) and plan[0].region.code == BIG_REGION
    demo_cases = set(range(min(DEMO_FACILITATOR_CASES, len(plan)))) if big_first else set()
    statuses = [CaseStatus.ACTIVE] * 5 + [
        CaseStatus.INTAKE,
        CaseStatus.REFERRED,
        CaseStatus.PAUSED,
        CaseStatus.CLOSED,
        CaseStatus.CLOSED,
    ]
    kinds, today, offset = list(KINDS), date.today(), 0
    for first in range(0, case_count, CASES_PER_CHUNK):
        with transaction.atomic(), explicit_timestamps(Case, Step, ActionItem, Consent):
            cases, timelines = [], []  # rows of Case (attname: value) and their planned steps
            for n in range(first, min(first + CASES_PER_CHUNK, case_count)):
                team = plan[n]
                created_at = datetime.combine(
                    FIRST_DAY + timedelta(days=rng.randrange(DAYS)), time(9), tzinfo=AMS
                )
                status = statuses[n % len(statuses)]
                timeline = plan_timeline(created_at.date(), counts[n], offset, kinds, today)
                offset += counts[n]
                timelines.append(timeline)
                towns = municipalities[team.region_id]
                open_due = [s.action_due for s in timeline if s.action_due and not s.action_done]
                facilitator = (
                    demo if n in demo_cases else facilitators[team.pk][n % len(facilitators[team.pk])]
                )
                cases.append(
                    dict(
                        reference=f"{team.region.code}-S{run}-{n:06d}"[:20],
                        region_id=team.region_id,
                        municipality_id=towns[n % len(towns)],
                        expert_team_id=team.pk,
                        facilitator_id=facilitator.pk,
                        status=status,
                        referrer_name="Wijkteam",
                        youth_name=f"Jongere {n}",
                        youth_initials="J.",
                        youth_birth_year=2006 + n % 12,
                        help_question="Schaaltest: het gezin loopt vast.",
                        placement_changes=n % 5,
                        created_by_id=demo.pk,
                        created_at=created_at,
                        updated_at=created_at,
                        status_changed_at=created_at,
                        closed_at=created_at + timedelta(days=60) if status == CaseStatus.CLOSED else None,
                        last_step_at=max((s.created_at for s in timeline), default=None),
                        open_escalation=any(
                            s.escalation_open and KINDS[s.kind].detail_model is Escalation for s in timeline
                        ),
                        next_action_due=min(open_due, default=None),
                    )
                )
            ids = _insert(Case, cases)
            _seed_persons(ids, cases, demo)
            _seed_steps(ids, [c["facilitator_id"] for c in cases], timelines, report)
        report.cases += len(ids)
        if stdout is not None:
            stdout.write(f"  {report.cases:,} casussen, {report.steps:,} stappen")


def _seed_persons(ids: list[int], cases: list[dict], author: User) -> None:
    persons = _insert(
        InvolvedPerson,
        [
            dict(
                case_id=pk,
                name=f"Moeder van {c['youth_name']}",
                relation="moeder",
                has_parental_authority=True,
            )
            for pk, c in zip(ids, cases, strict=True)
        ],
    )
    _insert(
        Consent,
        [
            dict(
                case_id=pk,
                person_id=person,
                purpose="expertteam",
                given=True,
                given_on=c["created_at"].date(),
                recorded_by_id=author.pk,
                recorded_at=c["created_at"],
            )
            for pk, person, c in zip(ids, persons, cases, strict=True)
        ],
    )


def _seed_steps(
    case_ids: list[int], facilitator_ids: list[int], timelines: list[list[PlannedStep]], report: ScaleReport
) -> None:
    """The planned steps of each case, written by its facilitator, who also owns their actions (as in
    the application: one user owning every action made the "my day" queries unlike any real one)."""
    planned = [
        (pk, author, s)
        for pk, author, timeline in zip(case_ids, facilitator_ids, timelines, strict=True)
        for s in timeline
    ]
    step_ids = _insert(
        Step,
        [
            dict(
                case_id=pk,
                kind=s.kind,
                occurred_on=s.occurred_on,
                title="Schaaltest",
                summary="Schaaltest",
                author_id=author,
                created_at=s.created_at,
                updated_at=s.created_at,
            )
            for pk, author, s in planned
        ],
    )
    details, actions = {}, []
    for n, (step_id, (_case, author, s)) in enumerate(zip(step_ids, planned, strict=True)):
        model = KINDS[s.kind].detail_model
        if model is not None:
            extra = {"status": "open" if s.escalation_open else "closed"} if model is Escalation else {}
            details.setdefault(model, []).append(_filled(model, n, s.occurred_on, step_id=step_id, **extra))
        if s.action_due:
            actions.append(
                dict(
                    step_id=step_id,
                    description="Schaaltest: terugbellen",
                    owner_name="Procesbegeleider",
                    owner_id=author,
                    due_on=s.action_due,
                    done_at=datetime.combine(s.occurred_on, time(15), tzinfo=AMS) if s.action_done else None,
                    created_at=s.created_at,
                )
            )
    children = {}
    for model, rows in details.items():
        detail_ids = _insert(model, rows)
        report.details += len(detail_ids)
        spec = next(spec for spec in KINDS.values() if spec.detail_model is model)
        on = date.today()
        for child in spec.children:
            child_model = model._meta.get_field(child.related_name).related_model
            link = next(
                f.attname
                for f in child_model._meta.concrete_fields
                if f.is_relation and f.related_model is model
            )
            children.setdefault(child_model, []).extend(
                _filled(child_model, k, on, **{link: pk}) for pk in detail_ids for k in range(2)
            )
    for model, rows in children.items():
        _insert(model, rows)
    _insert(ActionItem, actions)
    report.steps += len(step_ids)
    report.actions += len(actions)


# --- The whole run -----------------------------------------------------------------------------------


def seed_scale(*, cases: int, steps: int, applications: int, seed: int = 42, stdout=None) -> ScaleReport:
    """Add the scale data to a database that holds ``seed_demo``'s (see the module docstring)."""
    from benchmarks.scale_grants import seed_applications, seed_learning  # noqa: PLC0415

    rng = random.Random(seed)
    run = User.objects.filter(username__startswith=MARKER_PREFIX, username__endswith="-coord-UTR").count() + 1
    report = ScaleReport()
    with transaction.atomic():
        teams = ensure_regions(run)
        facilitators = make_staff(teams, cases, run)
    report.regions = len(teams)
    seed_cases(
        teams,
        facilitators,
        case_count=cases,
        step_count=steps,
        run=run,
        rng=rng,
        report=report,
        stdout=stdout,
    )
    demo = User.objects.get(username=DEMO_FACILITATOR)
    committee = User.objects.filter(username="commissie").first() or demo
    report.applications = seed_applications(applications, run=run, rng=rng, author=demo, committee=committee)
    with transaction.atomic():
        report.sessions = seed_learning(run=run, author=demo)
    if connection.vendor == "postgresql":
        # The planner's statistics for the new rows, as autovacuum would gather them some time after a
        # load this size (the extended statistics of cases.0006 among them): measure what production plans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return report
