"""Demo grant pipeline: the three schemes (seed 000), their calls, and applications in every state.

- two committee members (``commissie``, chair, and ``commissie2``); ``commissie2`` declared a tie to
  Gezinshuis Het Anker, so is recused on its request;
- Amy's gezinshuis request for an independent room, granted within 5 working days, with its letter;
- on other open UTR cases of ``procesbegeleider``: a request of Het Anker due tomorrow and not yet
  decided (at risk), one overdue, one draft waiting at the gezinshuis;
- proposals in an open call (suspended: the committee asked for completion) and in a closed call.

Idempotent: schemes and calls by name, applications by case and scheme or by call and title. Dates
are relative to today, so the countdowns in the committee queue always read sensibly.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from cases.models import Case, CaseStatus
from core.demo import DEMO_PASSWORD
from core.formatting import AMSTERDAM, day_end
from core.models import Organisation, Role, RoleAssignment, User
from core.workdays import WorkingDayCalendar, get_calendar
from subsidies import committee as committee_services
from subsidies import completion, letters, services
from subsidies.deadlines import decision_due_date
from subsidies.models import (
    ApplicationStatus,
    Call,
    ConflictDeclaration,
    CostLine,
    Decision,
    DecisionOutcome,
    GrantApplication,
    GrantScheme,
    SchemeBudget,
    SchemeKind,
    Score,
    ScoringCriterion,
)

CASE_BOUND = "Stimuleringsimpuls maatwerk – casuïstiekgebonden"
NON_CASE_BOUND = "Stimuleringsimpuls maatwerk – niet-casuïstiekgebonden"
NETWORK = "Samen dragen netwerken"

SCHEMES = {
    CASE_BOUND: {
        "kind": SchemeKind.CASE_BOUND,
        "decision_working_days": 5,
        "yearly_budget": Decimal("250000.00"),
        "max_per_application": Decimal("25000.00"),
        "description": "Investeringskosten voor een maatwerkoplossing in een casus; de aanbieder schrijft "
        "de aanvraag, het regionale expertteam dient haar in. De commissie toetst vorm, subsidiabiliteit "
        "en budget en beslist binnen 5 werkdagen.",
    },
    NON_CASE_BOUND: {
        "kind": SchemeKind.NON_CASE_BOUND,
        "decision_working_days": 20,
        "yearly_budget": Decimal("500000.00"),
        "max_per_application": Decimal("100000.00"),
        "description": "Ontwikkeling van gezinsgerichte oplossingen door gecontracteerde aanbieders in "
        "Flevoland–Utrecht. Voorstellen vóór 1 juni of vóór 1 oktober.",
    },
    NETWORK: {
        "kind": SchemeKind.NETWORK,
        "decision_working_days": 20,
        "yearly_budget": Decimal("300000.00"),
        "max_per_application": Decimal("75000.00"),
        "description": "Netwerksamenwerking bij meervoudige problemen: betere hulp, kennisontwikkeling, "
        "leren in netwerkzorg en het verbeteren van het systeem. Voorstellen tot 1 juni.",
    },
}
CRITERIA = [("Bijdrage aan gezinsgericht en thuis opgroeien", 10), ("Haalbaarheid en begroting", 5)]
NETWORK_CRITERIA = [("Merkbare verbetering voor kinderen en gezinnen", 10), ("Breedte van het netwerk", 5)]

FAMILY_HOME = "Gezinshuis De Linde"


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


def _say(stdout, text: str) -> None:
    if stdout:
        stdout.write(text)


SECOND_MEMBER = "commissie2"
OTHER_HOME = "Gezinshuis Het Anker"


def _second_member() -> User:
    """A second committee member, so that scored schemes can reach their quorum of two."""
    member, created = User.objects.get_or_create(
        username=SECOND_MEMBER,
        defaults={"first_name": "Noor", "last_name": "El Amrani", "email": "noor@example.org"},
    )
    if created:
        member.set_password(DEMO_PASSWORD)
        member.save(update_fields=["password"])
    RoleAssignment.objects.get_or_create(user=member, role=Role.COMMITTEE)
    return User.objects.get(pk=member.pk)


def _seed_conflict(member: User) -> None:
    """``commissie2`` sits on the board of Gezinshuis Het Anker: recused on its requests."""
    other_home = Organisation.objects.filter(name=OTHER_HOME).first()
    if (
        other_home is None
        or ConflictDeclaration.objects.filter(member=member, organisation=other_home).exists()
    ):
        return
    committee_services.declare_conflict(
        actor=member,
        organisation=other_home,
        description="lid raad van toezicht",
        valid_from=timezone.localdate() - timedelta(days=365),
    )


def seed(stdout=None) -> None:
    committee = User.objects.filter(username="commissie").first()
    schemes = _seed_schemes(committee)
    if committee is not None:
        second = _second_member()
        for scheme in schemes.values():
            scheme.committee_members.add(second)
        _seed_conflict(second)
    calls = _seed_calls(schemes)
    provider = User.objects.filter(username="gezinshuis").first()
    facilitator = User.objects.filter(username="procesbegeleider").first()
    family_home = Organisation.objects.filter(name=FAMILY_HOME).first()
    if provider is None or facilitator is None or family_home is None or committee is None:
        _say(stdout, "Subsidies: demo-gebruikers of Gezinshuis De Linde ontbreken; aanvragen overgeslagen.")
        return
    calendar = get_calendar()
    amy = Case.objects.filter(youth_name="Amy", region__code="UTR").first()
    if amy is None:
        _say(stdout, "Subsidies: Amy's casus ontbreekt; haar aanvraag is overgeslagen.")
    else:
        _seed_amy(amy, schemes[CASE_BOUND], family_home, provider, facilitator, committee, calendar)
    _seed_other_cases(schemes[CASE_BOUND], family_home, provider, facilitator, calendar, stdout)
    _seed_call_proposals(calls, family_home, provider, [committee, _second_member()], calendar)


def _seed_schemes(committee: User | None) -> dict[str, GrantScheme]:
    schemes = {}
    for name, fields in SCHEMES.items():
        scheme, _created = GrantScheme.objects.get_or_create(name=name, defaults=fields)
        if committee is not None:
            scheme.committee_members.add(committee)
            if scheme.chair_id is None:
                scheme.chair = committee
                scheme.save(update_fields=["chair"])
        criteria = NETWORK_CRITERIA if fields["kind"] == SchemeKind.NETWORK else CRITERIA
        if fields["kind"] != SchemeKind.CASE_BOUND:
            for order, (criterion, max_score) in enumerate(criteria, start=1):
                ScoringCriterion.objects.get_or_create(
                    scheme=scheme, name=criterion, defaults={"max_score": max_score, "order": order}
                )
        schemes[name] = scheme
    return schemes


def _closing(day: date) -> datetime:
    return day_end(day)


def _seed_calls(schemes: dict[str, GrantScheme]) -> dict[str, Call]:
    """This year's calls (1 June, 1 October) and, when 1 October has passed, next year's October call
    so that there is always an open one."""
    today = timezone.localdate()
    year = today.year
    wanted = [
        (NON_CASE_BOUND, date(year, 6, 1)),
        (NON_CASE_BOUND, date(year, 10, 1)),
        (NETWORK, date(year, 6, 1)),
    ]
    if today > date(year, 10, 1):
        wanted.append((NON_CASE_BOUND, date(year + 1, 10, 1)))
    calls = {}
    for scheme_name, closes_on in wanted:
        name = f"Ronde {closes_on.day} {('juni' if closes_on.month == 6 else 'oktober')} {closes_on.year}"
        call, _created = Call.objects.get_or_create(
            scheme=schemes[scheme_name],
            name=name,
            defaults={
                "opens_at": datetime(year, 1, 1, tzinfo=AMSTERDAM),
                "closes_at": _closing(closes_on),
                "description": "Voorstellen voor nieuwe gezinsgerichte oplossingen in Flevoland–Utrecht.",
            },
        )
        calls[f"{scheme_name}|{closes_on.isoformat()}"] = call
    return calls


def _working_days_back(calendar: WorkingDayCalendar, day: date, count: int) -> date:
    """The day from which ``day`` is ``count`` working days later."""
    start = day
    while calendar.working_days_between(start, day) < count:
        start -= timedelta(days=1)
    return start


def _amy_request_day(case, calendar: WorkingDayCalendar) -> date:
    """The working day the team submitted Amy's request: after the Raad agreed to the alternative and
    the gezinshuis said yes, seven weeks before she closed (she moved into the room after the grant).
    Without her timeline (no closing yet): 40 working days ago."""
    if case.closed_at is None:
        return _working_days_back(calendar, timezone.localdate(), 40)
    day = case.closed_at.astimezone(AMSTERDAM).date() - timedelta(days=50)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def _seed_amy(case, scheme, family_home, provider, facilitator, committee, calendar) -> None:
    """Amy's request, granted within 5 working days. The timeline demo closes her case, and a closed
    case takes no new requests, so the (past) request is written as history rather than replayed
    through the services."""
    application = GrantApplication.objects.filter(case=case, scheme=scheme).first()
    if application is None:
        received_on = _amy_request_day(case, calendar)
        received_at = _moment(received_on, 10, 15)
        decided_at = _moment(calendar.add_working_days(received_on, 3), 14, 30)
        lines = [
            ("Verbouwing zolder tot zelfstandige kamer met eigen opgang", Decimal("17500.00")),
            ("Keukenblok en sanitair", Decimal("4200.00")),
            ("Brandveiligheid en inrichting", Decimal("1800.00")),
        ]
        total = sum((amount for _description, amount in lines), Decimal("0"))
        application = GrantApplication.objects.create(
            reference=services.next_reference(year=received_on.year),
            scheme=scheme,
            case=case,
            expert_team=case.expert_team,
            provider_organisation=family_home,
            status=ApplicationStatus.GRANTED,
            title="Zelfstandige kamer bij het gezinshuis",
            purpose="Een zelfstandige kamer met eigen opgang bij het gezinshuis, zodat de jongere stapsgewijs "
            "en beschermd kan toegroeien naar zelfstandigheid in de nabijheid van de gezinshuisouders.",
            motivation="De jongere, haar ouders en de betrokken professionals kozen samen voor deze oplossing; "
            "een gezinshuis met deze mogelijkheid bestond nog niet. De gezinshuisouders hebben ruimte en "
            "kunnen de juiste steun geven; de investering maakt de plek mogelijk.",
            created_by=facilitator,
            submitted_by=facilitator,
            received_at=received_at,
            decision_due=decision_due_date(received_at, scheme.decision_working_days, calendar=calendar),
            requested_amount=total,
        )
        application.invited_users.add(provider)
        # Started (and drafted by the gezinshuis) a week before the team submitted it.
        GrantApplication.objects.filter(pk=application.pk).update(created_at=received_at - timedelta(days=7))
        CostLine.objects.bulk_create(
            CostLine(application=application, description=description, amount=amount, is_investment=True)
            for description, amount in lines
        )
        Decision.objects.create(
            application=application,
            outcome=DecisionOutcome.GRANTED,
            amount=total,
            reason="De aanvraag is volledig, valt binnen de regeling en past binnen het budget.",
            budget_year=decided_at.year,
            decided_by=committee,
            decided_at=decided_at,
        )
        SchemeBudget.objects.get_or_create(
            scheme=scheme, year=decided_at.year, defaults={"ceiling": scheme.yearly_budget}
        )
        SchemeBudget.objects.filter(scheme=scheme, year=decided_at.year).update(
            granted_total=F("granted_total") + total
        )
    if not hasattr(application, "decision_letter"):
        letters.generate_decision_letter(application.pk)


def _seed_other_cases(scheme, family_home, provider, facilitator, calendar, stdout) -> None:
    cases = list(
        Case.objects.filter(region__code="UTR", facilitator=facilitator)
        .exclude(status=CaseStatus.CLOSED)
        .exclude(youth_name="Amy")
        .order_by("reference")[:3]
    )
    if len(cases) < 3:
        _say(stdout, "Subsidies: te weinig open demo-casussen in Utrecht; niet alle aanvragen aangemaakt.")
    today = timezone.localdate()
    due = calendar.add_working_days(today, 1)
    received_for_tomorrow = due - timedelta(days=1)
    while calendar.add_working_days(received_for_tomorrow, scheme.decision_working_days) != due:
        received_for_tomorrow -= timedelta(days=1)
    plans = [
        ("Woonbegeleiding in een gezinshuisplek", _moment(received_for_tomorrow, 11, 0)),
        (
            "Aanpassing van een pleeghuis voor 24-uurszorg",
            _moment(_working_days_back(calendar, today, 10), 9, 30),
        ),
        ("Inrichting logeerplek bij het gezinshuis", None),
    ]
    other_home = Organisation.objects.filter(name=OTHER_HOME).first()
    for n, (case, (title, received_at)) in enumerate(zip(cases, plans, strict=False)):
        if GrantApplication.objects.filter(case=case, scheme=scheme).exists():
            continue
        # The request due tomorrow comes from Het Anker, on which ``commissie2`` is recused.
        by_other_home = n == 0 and other_home is not None
        application = services.start_application(
            case=case,
            scheme=scheme,
            provider_organisation=other_home if by_other_home else family_home,
            invited_users=[] if by_other_home else [provider],
            actor=facilitator,
            title=title,
            purpose=f"{title}, als onderdeel van de maatwerkoplossing voor deze casus.",
        )
        lines = [{"description": title, "amount": Decimal("8500.00"), "is_investment": True}]
        if received_at is None:
            # A draft waiting at the gezinshuis: the motivation is still missing.
            services.update_draft(application=application, actor=provider, data={}, cost_lines=lines)
            continue
        services.update_draft(
            application=application,
            actor=facilitator if by_other_home else provider,
            data={"motivation": "Zonder deze investering is de gekozen oplossing niet mogelijk."},
            cost_lines=lines,
        )
        services.submit_application(application=application, actor=facilitator, now=received_at)
        # Replayed today through the services: started (and drafted) three days before its receipt.
        GrantApplication.objects.filter(pk=application.pk).update(created_at=received_at - timedelta(days=3))


def _decide_in_time(proposal: GrantApplication, members: list[User], calendar: WorkingDayCalendar) -> None:
    """Both members score the proposal of a closed call and the chair grants it well within the term,
    through the services, so the budget counter holds exactly the granted decisions."""
    criteria = list(proposal.scheme.criteria.all())
    received_on = proposal.received_at.astimezone(AMSTERDAM).date()
    scored_at = min(_moment(calendar.add_working_days(received_on, 8), 15), timezone.now())
    for offset, member in enumerate(members):
        services.score_application(
            application=proposal,
            actor=member,
            scores={criterion.pk: criterion.max_score - 1 - offset for criterion in criteria},
        )
        Score.objects.filter(application=proposal, member=member).update(scored_at=scored_at)
    services.decide(
        application=proposal,
        actor=members[0],
        outcome=DecisionOutcome.GRANTED,
        amount=proposal.requested_amount,
        reason="Het voorstel sluit aan bij de doelen van de regeling en de begroting is onderbouwd.",
        # Twelve working days after receipt, or now when that is still ahead (a call that just closed).
        now=min(_moment(calendar.add_working_days(received_on, 12), 11), timezone.now()),
    )


def _seed_call_proposals(calls: dict[str, Call], family_home, provider, members, calendar) -> None:
    """A proposal in each closed call, scored by both members and granted in time, and one in the open
    call that the committee asked to complete (suspended: no due date until the gezinshuis completes it)."""
    committee = members[0]
    now = timezone.now()
    open_call = min(
        (c for c in calls.values() if c.closes_at >= now), key=lambda c: c.closes_at, default=None
    )
    closed = [c for c in calls.values() if c.closes_at < now]
    proposals = []
    if open_call is not None:
        proposals.append((open_call, "Doorontwikkeling gezinshuisplekken met zelfstandigheidstraining", now))
    for call in closed:
        title = (
            "Netwerk rond gezinnen met meervoudige problemen in Lekstroom"
            if call.scheme.kind == SchemeKind.NETWORK
            else "Kleinschalige woonvorm met gezinshuisouders"
        )
        proposals.append((call, title, call.closes_at - timedelta(days=10)))
    for call, title, submitted_at in proposals:
        if GrantApplication.objects.filter(call=call, title=title).exists():
            continue
        proposal = services.submit_call_application(
            call=call,
            organisation=family_home,
            actor=provider,
            now=submitted_at,
            data={
                "title": title,
                "purpose": f"{title}: een gezinsgerichte oplossing die nog niet voldoende voorhanden is.",
                "motivation": "Aansluitend bij de ervaringen in casuïstiek als die van de expertteams.",
            },
            cost_lines=[
                {
                    "description": "Projectleiding en ontwikkeling",
                    "amount": Decimal("32000.00"),
                    "is_investment": False,
                },
                {
                    "description": "Aanpassing huisvesting",
                    "amount": Decimal("18000.00"),
                    "is_investment": True,
                },
            ],
        )
        GrantApplication.objects.filter(pk=proposal.pk).update(created_at=submitted_at)
        if call != open_call:
            _decide_in_time(proposal, members, calendar)
        else:
            completion.request_completion(
                application=proposal,
                actor=committee,
                message="Voeg de begroting per jaar en de intentieverklaringen van de samenwerkingspartners toe.",
            )
