"""Demo data for the regional reports: 18 months of cases in Utrecht Stad and Flevoland, with
outcomes, Raad escalations and decided grants, so that every section and chart has content and some
counts fall under 5. They belong to dedicated demo facilitators, so the demo facilitators' own case
lists stay small. Idempotent: nothing is added when the report facilitators already have cases."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from cases.models import Case, CaseStatus, LivingSituation
from cases.services import next_reference
from core.formatting import AMSTERDAM
from core.models import ExpertTeam, Organisation, Role, RoleAssignment, User
from expertteams.models import Escalation, EscalationKind, Outcome, Step, StepKind, ThreatenedMeasure
from expertteams.services import refresh_case_signals
from subsidies.deadlines import decision_due_date
from subsidies.letters import generate_decision_letter
from subsidies.models import (
    ApplicationStatus,
    CostLine,
    Decision,
    DecisionOutcome,
    GrantApplication,
    GrantScheme,
    SchemeBudget,
    SchemeKind,
)
from subsidies.services import next_reference as next_application_reference

REGIONS = {"UTR": 70, "FLE": 30}
YOUTH_NAMES = ["J.", "K.", "L.", "M.", "N.", "R.", "S.", "T."]
HELP_QUESTIONS = [
    "Het gezin loopt vast na meerdere afgebroken behandelingen; er is geen passende plek gevonden.",
    "Dreigende uithuisplaatsing; de ouders willen hulp thuis die niet steeds wisselt.",
    "Na een crisisplaatsing is er geen vervolgplek; de jongere wil dichter bij school wonen.",
    "Meervoudige problemen in het gezin; de betrokken aanbieders zien geen gezamenlijke route.",
]
# (title, purpose, motivation) of the decided grants on these cases.
GRANTS = [
    (
        "Aanpassing woonruimte voor begeleid wonen",
        "Een eigen kamer met begeleiding op afroep, zodat de jongere stapsgewijs zelfstandig kan wonen.",
        "Er is geen bestaande plek die deze combinatie biedt; de investering maakt de maatwerkoplossing mogelijk.",
    ),
    (
        "Extra gezinshuisplek met ambulante ondersteuning",
        "Een extra plek in een gezinshuis, met ambulante ondersteuning voor de ouders thuis.",
        "Zo blijft de jongere in de buurt van school en ouders en wordt een residentiële plaatsing voorkomen.",
    ),
]


def seed(stdout=None) -> None:
    committee = User.objects.filter(username="commissie").first()
    scheme = GrantScheme.objects.filter(kind=SchemeKind.CASE_BOUND).first()
    provider = Organisation.objects.filter(name="Gezinshuis Het Anker").first()
    for code, count in REGIONS.items():
        team = ExpertTeam.objects.get(region__code=code)
        facilitator, _ = User.objects.get_or_create(
            username=f"pb_rapportage_{code.lower()}",
            defaults={"first_name": "Demo", "last_name": f"Rapportage {code}", "is_active": False},
        )
        RoleAssignment.objects.get_or_create(user=facilitator, role=Role.FACILITATOR, expert_team=team)
        if Case.objects.filter(facilitator=facilitator).exists():
            continue
        _seed_region(team, facilitator, count, committee, scheme, provider)
    if stdout:
        stdout.write("Rapportages: demodata voor Utrecht Stad en Flevoland.")


def _seed_region(team, facilitator, count, committee, scheme, provider) -> None:
    rng = random.Random(team.region.code)
    now = timezone.now().astimezone(AMSTERDAM)
    municipalities = list(team.region.municipalities.all())
    situations = [s for s in LivingSituation.values if s != LivingSituation.OTHER]
    for n in range(count):
        created = now - timedelta(days=rng.randrange(15, 540), hours=rng.randrange(9))
        closed = created + timedelta(days=rng.randrange(20, 150)) if rng.random() < 0.55 else None
        if closed and closed > now:
            closed = None
        case = Case.objects.create(
            reference=next_reference(region=team.region, year=created.year),
            region=team.region,
            municipality=municipalities[n % len(municipalities)],
            expert_team=team,
            facilitator=facilitator,
            status=CaseStatus.CLOSED if closed else CaseStatus.ACTIVE,
            referrer_name="Wijkteam",
            youth_name=YOUTH_NAMES[n % len(YOUTH_NAMES)],
            youth_initials=YOUTH_NAMES[n % len(YOUTH_NAMES)],
            youth_birth_year=2004 + n % 14,
            help_question=HELP_QUESTIONS[n % len(HELP_QUESTIONS)],
            placement_changes=rng.randrange(5),
            created_by=facilitator,
        )
        Case.objects.filter(pk=case.pk).update(created_at=created, closed_at=closed, last_step_at=created)
        if closed:
            step = Step.objects.create(
                case=case,
                kind=StepKind.OUTCOME,
                occurred_on=closed.date(),
                title="Uitkomst",
                author=facilitator,
            )
            Outcome.objects.create(
                step=step,
                living_situation=rng.choice(situations),
                out_of_home_placement_prevented=rng.random() < 0.6,
                secure_placement_prevented=rng.random() < 0.25,
            )
            Case.objects.filter(pk=case.pk).update(outcome_recorded_at=closed)
        if rng.random() < 0.2:
            on = (created + timedelta(days=rng.randrange(5, 40))).date()
            step = Step.objects.create(
                case=case, kind=StepKind.ESCALATION, occurred_on=on, title="Raad", author=facilitator
            )
            Escalation.objects.create(
                step=step,
                kind=rng.choice(EscalationKind.values),
                threatened_measure=rng.choice(ThreatenedMeasure.values),
                status=Escalation.Status.CLOSED if closed else Escalation.Status.OPEN,
                result_kind=Escalation.ResultKind.ALTERNATIVE_FOUND if closed else "",
            )
            # History is written directly; the case's signal fields are still the services' own.
            refresh_case_signals(case)
        if scheme and provider and committee and rng.random() < 0.15:
            _decided_grant(case, scheme, provider, facilitator, committee, created, rng)


def _decided_grant(case, scheme, provider, facilitator, committee, created: datetime, rng) -> None:
    received = created + timedelta(days=rng.randrange(10, 30))
    decided = received + timedelta(days=rng.choice([1, 2, 3, 4, 6, 8]))
    if decided > timezone.now():
        return
    granted = rng.random() < 0.8
    amount = Decimal(rng.randrange(20, 200) * 100)
    if granted:
        # History is written directly, so the grant is booked on the scheme's budget here, under the
        # same ceiling as ``subsidies.services.decide``: the budget counter agrees with the decisions.
        SchemeBudget.objects.get_or_create(
            scheme=scheme, year=decided.year, defaults={"ceiling": scheme.yearly_budget}
        )
        booked = SchemeBudget.objects.filter(
            scheme=scheme, year=decided.year, granted_total__lte=F("ceiling") - amount
        ).update(granted_total=F("granted_total") + amount)
        granted = booked == 1
    title, purpose, motivation = GRANTS[rng.randrange(len(GRANTS))]
    application = GrantApplication.objects.create(
        reference=next_application_reference(year=received.year),
        scheme=scheme,
        case=case,
        expert_team=case.expert_team,
        provider_organisation=provider,
        status=ApplicationStatus.GRANTED if granted else ApplicationStatus.REJECTED,
        title=title,
        purpose=purpose,
        motivation=motivation,
        created_by=facilitator,
        submitted_by=facilitator,
        received_at=received,
        decision_due=decision_due_date(received, scheme.decision_working_days),
        requested_amount=amount,
    )
    CostLine.objects.create(application=application, description=title, amount=amount, is_investment=True)
    GrantApplication.objects.filter(pk=application.pk).update(created_at=received - timedelta(days=5))
    Decision.objects.create(
        application=application,
        outcome=DecisionOutcome.GRANTED if granted else DecisionOutcome.REJECTED,
        amount=amount if granted else Decimal("0"),
        reason=(
            "De aanvraag is volledig, valt binnen de regeling en past binnen het budget."
            if granted
            else "De gevraagde kosten zijn exploitatiekosten; de regeling vergoedt alleen investeringskosten."
        ),
        budget_year=decided.year,
        decided_by=committee,
        decided_at=decided,
    )
    # A decided request has its beschikking, as one decided through the services would.
    generate_decision_letter(application.pk)
