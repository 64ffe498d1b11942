"""Demo timeline: Amy's whole route (seed 000, "Praktijkvoorbeeld") and a few steps on other demo
cases of the teams UTR and FLE so the dashboard signals show.

Idempotent: a case that already has steps is left alone. Everything goes through the services, so
the case's signal fields are right; only the "stalled" demo case gets its ``last_step_at`` moved
back, because a demo cannot wait ten working days.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.demo import OTHER_CASES
from cases.models import (
    Assignment,
    Case,
    CaseStatus,
    CaseStatusChange,
    Consent,
    LivingSituation,
    PlacementEpisode,
    PlacementType,
)
from core.models import Organisation, User
from expertteams import closing, followups, services
from expertteams.models import ActionItem, Escalation, EscalationKind, PartyKind, Step, ThreatenedMeasure

OTHER_CASES_PER_TEAM = 3


def seed(stdout=None) -> None:
    amy = Case.objects.filter(youth_name="Amy", region__code="UTR").first()
    if amy is not None:
        seed_amy(amy, stdout=stdout)
    _seed_signals()
    for region_code in ("UTR", "FLE"):
        # Always the same first cases of the demo facilitators, so a second run finds them done and
        # adds nothing (other demo data, such as the reports', has cases of its own in these regions).
        others = (
            Case.objects.filter(
                region__code=region_code, facilitator__username__in=("procesbegeleider", "procesbegeleider2")
            )
            .exclude(status=CaseStatus.CLOSED)
            .exclude(youth_name="Amy")
            .order_by("reference")[:OTHER_CASES_PER_TEAM]
        )
        for n, case in enumerate(others):
            if not case.steps.exists():
                _seed_other(case, n)


# The signals of ``cases.demo.OTHER_CASES`` that come from the timeline and the follow-up cycle.
TIMELINE_SIGNALS = {"stalled", "escalation", "overdue", "review", "aftercare"}


def _seed_signals() -> None:
    """The signals ``cases.demo.OTHER_CASES`` promise, made through the services on the cases a demo
    facilitator works on, so every signal field is what the services compute from real steps, actions
    and moments. Only what a demo cannot wait for is moved back afterwards: the last step of the
    "stalled" case and the closing moment of the "aftercare" case. A case with steps or moments is done.
    """
    today = timezone.localdate()
    for name, birth_year, municipality, _status, signals in OTHER_CASES:
        wanted = signals & TIMELINE_SIGNALS
        case = Case.objects.filter(
            youth_name=name,
            youth_birth_year=birth_year,
            municipality__name=municipality,
            facilitator__isnull=False,
        ).first()
        if not wanted or case is None or case.steps.exists() or case.follow_ups.exists():
            continue
        actor = case.facilitator
        if "escalation" in wanted:
            services.log_escalation(
                case=case,
                actor=actor,
                occurred_on=today - timedelta(days=3),
                kind=EscalationKind.INVESTIGATION_REQUEST,
                threatened_measure=ThreatenedMeasure.SUPERVISION_ORDER,
                urgency="hoog",
                summary="Verzoek tot onderzoek door de Raad na zorgen over de veiligheid thuis.",
                actions=[
                    {
                        "description": "Raad terugbellen over de planning",
                        "owner": actor,
                        "owner_name": "",
                        "due_on": today - timedelta(days=4)
                        if "overdue" in wanted
                        else today + timedelta(days=4),
                    }
                ],
            )
        elif "overdue" in wanted:
            services.log_joint_meeting(
                case=case,
                actor=actor,
                occurred_on=today - timedelta(days=9),
                agenda=["Wat is er nodig"],
                participants=[{"name": "Moeder", "party_kind": PartyKind.MOTHER, "attended": True}],
                actions=[
                    {
                        "description": "Plan van aanpak rondsturen",
                        "owner": actor,
                        "owner_name": "",
                        "due_on": today - timedelta(days=4),
                    }
                ],
            )
        if "review" in wanted:
            followups.plan_review(
                case=case,
                actor=actor,
                due_on=today - timedelta(days=3),
                owner=actor,
                what_to_check="Werkt het plan? Gaat de jongere weer naar school?",
            )
        if "stalled" in wanted:
            services.log_contact_family(
                case=case, actor=actor, occurred_on=today - timedelta(days=30), who="Jongere en moeder"
            )
            # A demo cannot wait ten working days.
            Case.objects.filter(pk=case.pk).update(last_step_at=timezone.now() - timedelta(days=30))
        if "aftercare" in wanted:
            _close_three_months_ago(case, actor, today)


def _close_three_months_ago(case: Case, actor: User, today) -> None:
    """Record an outcome and close ``case`` as of three months ago through the services, so its first
    aftercare moment (``followups.schedule_aftercare``) falls in this week."""
    monday = today - timedelta(days=today.weekday())
    closed_on = next(
        (
            day
            for day in (today - timedelta(days=n) for n in range(85, 100))
            if monday
            <= followups.add_months(day, followups.follow_up_months()[0])
            <= monday + timedelta(days=6)
        ),
        today - timedelta(days=91),
    )
    services.log_outcome(
        case=case,
        actor=actor,
        occurred_on=closed_on - timedelta(days=4),
        title="Uitkomst: thuis met steun van het netwerk",
        living_situation=LivingSituation.NETWORK,
        school_or_daytime_activity="Gaat weer naar school.",
    )
    closing.close_case(case=case, actor=actor, decisions={}, reason="Uitkomst bereikt", today=closed_on)
    # A demo cannot wait three months: the closing moment is set back to the day the aftercare counts from.
    closed_at = timezone.make_aware(datetime.combine(closed_on, time(16, 0)))
    Case.objects.filter(pk=case.pk).update(closed_at=closed_at, status_changed_at=closed_at)


def _actor(case: Case) -> User:
    return case.facilitator or case.created_by


def _org(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def seed_amy(case: Case, *, stdout=None) -> None:
    if case.steps.exists():
        return
    if case.is_closed:
        if stdout:
            stdout.write("Amy's casus is al afgesloten zonder tijdlijn; tijdlijn niet aangemaakt.")
        return
    actor = _actor(case)
    # Closed on day 125, three months before today: the first aftercare moment is due this week.
    closed_on = followups.add_months(timezone.localdate(), -3)
    start = closed_on - timedelta(days=125)

    def day(n: int):
        return start + timedelta(days=n)

    services.log_contact_municipality(
        case=case,
        actor=actor,
        occurred_on=day(0),
        who="Casushouder gemeente Utrecht",
        title="Contact met de casushouder",
        summary=(
            "Moeder heeft het ministerie gemaild: 'We hebben hulp nodig, maar niemand hoort onze vraag.' "
            "De behandeling van Amy is gestopt omdat zij 'niet open zou staan voor behandeling'; ambulante "
            "hulp voor het gezin is afgewezen wegens onvoldoende motivatie."
        ),
        agreed="Het expertteam neemt de procesbegeleiding op zich; de casushouder blijft aanspreekpunt bij de gemeente.",
    )
    services.log_contact_family(
        case=case,
        actor=actor,
        occurred_on=day(3),
        who="Amy, moeder en vader",
        title="Kennismaking met Amy en haar ouders",
        summary=(
            "Telefonisch kennisgemaakt. Een gezamenlijk gesprek is nu nog niet mogelijk door de strijd en het "
            "verschil in visie."
        ),
        agreed="Eerst iedereen afzonderlijk spreken om het plaatje helder te krijgen.",
    )
    interviews = [
        (
            PartyKind.YOUTH,
            "Amy",
            "Ik word steeds ergens opgenomen en dan weer weggestuurd. Niemand vraagt wat ik zelf wil.",
            "Leer mij zelfstandig wonen, in een situatie waarin ik weer onderwijs kan volgen en een beroep kan "
            "doen op professionals als het minder gaat. Het liefst in een omgeving waar ik een nieuwe start kan maken.",
            "Dat ik weer in de crisisopvang of in een gesloten instelling beland.",
        ),
        (
            PartyKind.MOTHER,
            "moeder",
            "We hebben hulp nodig, maar niemand hoort onze vraag.",
            "Snel ambulante hulp thuis, zonder steeds wisselende hulpverleners.",
            "Het gezin wankelt; ik herken mijn eigen problemen in die van Amy.",
        ),
        (
            PartyKind.FATHER,
            "vader",
            "De strijd thuis put ons uit; het gaat ook met mij niet goed.",
            "Rust in huis en een perspectief voor Amy.",
            "Dat we het thuis niet meer volhouden.",
        ),
        (
            PartyKind.MUNICIPALITY,
            "casushouder",
            "Er is veel ingezet met weinig resultaat; behandelingen zijn vroegtijdig afgebroken.",
            "Een route waar Amy, ouders en de gemeente achter staan.",
            "Een melding bij de Raad lijkt onvermijdelijk als er niets verandert.",
        ),
    ]
    for n, (party, name, view, wishes, concerns) in enumerate(interviews):
        services.log_interview(
            case=case,
            actor=actor,
            occurred_on=day(7 + n),
            party_kind=party,
            party_name=name,
            title=f"Individueel gesprek met {name}",
            view=view,
            wishes=wishes,
            concerns=concerns,
        )
    meeting = services.log_joint_meeting(
        case=case,
        actor=actor,
        occurred_on=day(20),
        title="Gezamenlijk gesprek ouders, Amy en gemeente",
        location="Stadskantoor Utrecht",
        agenda=[
            "Opening: iedereen krijgt de ruimte om te zeggen wat gezegd moet worden",
            "Wat er is gebeurd, ieder vanuit het eigen perspectief",
            "Wat wil Amy?",
            "Wat willen vader en moeder?",
            "Wat kan de gemeente?",
            "Afspraken en vervolg",
        ],
        participants=[
            {"name": "Amy", "party_kind": PartyKind.YOUTH, "role": "jongere", "attended": True},
            {"name": "Moeder", "party_kind": PartyKind.MOTHER, "role": "ouder met gezag", "attended": True},
            {"name": "Vader", "party_kind": PartyKind.FATHER, "role": "ouder met gezag", "attended": True},
            {
                "name": "Casushouder",
                "party_kind": PartyKind.MUNICIPALITY,
                "role": "gemeente Utrecht",
                "attended": True,
            },
            {
                "name": "Procesbegeleider",
                "party_kind": PartyKind.PROFESSIONAL,
                "role": "expertteam",
                "attended": True,
            },
        ],
        statements=[
            {
                "speaker": "Amy",
                "text": "Ik wil zelfstandig leren wonen, ergens waar ik opnieuw kan beginnen en naar school kan.",
            },
            {
                "speaker": "Moeder",
                "text": "We willen hulp die blijft, geen nieuwe wisseling van hulpverleners.",
            },
            {
                "speaker": "Vader",
                "text": "Thuis lukt het niet meer; ik wil dat Amy een plek krijgt waar het wél gaat.",
            },
            {
                "speaker": "Casushouder",
                "text": "De gemeente wil maatwerk bekostigen als er een passende plek is.",
            },
        ],
        agreements=[
            "De hulpvraag wordt samen opnieuw verhelderd, met een verklarende analyse.",
            "De procesbegeleider zoekt in de regio naar een woonplek met begeleiding op maat.",
            "Geen nieuwe hulpverleners zonder overleg met Amy en ouders.",
        ],
        actions=[
            {
                "description": "Verklarende analyse voorbereiden met Amy en ouders",
                "owner": actor,
                "owner_name": "",
                "due_on": day(25),
            },
            {
                "description": "Gezinshuizen in de regio vragen naar een zelfstandige ruimte",
                "owner": actor,
                "owner_name": "",
                "due_on": day(45),
            },
        ],
    )
    review = followups.plan_review(
        case=case,
        actor=actor,
        due_on=day(50),
        owner=actor,
        what_to_check="Evaluatie van het plan: staan Amy en ouders nog achter de route, loopt de zoektocht?",
    )
    services.log_help_question(
        case=case,
        actor=actor,
        occurred_on=day(25),
        title="Hulpvraag verhelderen (eerste versie)",
        question_after="Snel ambulante hulp thuis voor Amy en het gezin.",
        problems="Vastgelopen situatie thuis; behandeling gestopt; uitval op school.",
        family_wishes="Hulp thuis die niet steeds wisselt.",
    )
    services.log_help_question(
        case=case,
        actor=actor,
        occurred_on=day(35),
        title="Hulpvraag verhelderd met verklarende analyse",
        question_after=(
            "Amy leert stapsgewijs en beschermd zelfstandig wonen, in een omgeving waar ze weer onderwijs volgt en "
            "een beroep kan doen op professionals als het minder gaat; ouders krijgen steun in hun eigen rol."
        ),
        problems=(
            "Lange geschiedenis van opnames en crisisopvang GGZ; uitval op school; wisselende stemmingen; "
            "strijd tussen Amy en haar behandelaren; ouders overbelast."
        ),
        factors=(
            "Wisselende professionals; langdurige behandelingen vroegtijdig afgebroken; ambulante hulp afgewezen "
            "wegens 'onvoldoende motivatie'; moeder heeft vergelijkbare problemen als Amy."
        ),
        hypotheses=(
            "De strijd ontstaat doordat Amy en haar ouders zich niet gehoord voelen: elke nieuwe opname bevestigt "
            "dat er over hen wordt beslist. Thuis is de spanning te groot om daar te werken aan zelfstandigheid."
        ),
        family_wishes=(
            "Amy: zelfstandig wonen met onderwijs en hulp op afroep, een nieuwe start. "
            "Ouders: rust en een functioneel goed contact met Amy."
        ),
    )
    for action in ActionItem.objects.filter(step=meeting).order_by("due_on"):
        services.complete_action(action=action, actor=actor)
    escalation = services.log_escalation(
        case=case,
        actor=actor,
        occurred_on=day(40),
        title="Melding bij de Raad: dreigende gesloten plaatsing",
        kind=EscalationKind.PROTECTION_CONSULTATION,
        threatened_measure=ThreatenedMeasure.SECURE_CARE,
        urgency="crisis",
        board_helps_find_alternatives=True,
        board_involvement=(
            "De Raad is meegenomen in de zoektocht en in de alternatieven die ontstonden door na te denken over "
            "maatwerk; de Raad volgt de situatie op de voet."
        ),
        summary=(
            "Na een melding bij de Raad voor de Kinderbescherming dreigt een gedwongen uithuisplaatsing in een "
            "gesloten instelling. Haast is nodig om dat te voorkomen."
        ),
    )
    services.log_solution_search(
        case=case,
        actor=actor,
        occurred_on=day(45),
        title="Zoektocht in de regio",
        searched_for="Een zelfstandige woonruimte met begeleiding dichtbij, waar Amy weer naar school kan.",
        requests=[
            {
                "organisation": _org("Gezinshuis De Linde"),
                "asked_on": day(42),
                "answer": "Kan een zelfstandige ruimte bij het gezinshuis inrichten; daarvoor zijn investeringskosten nodig.",
                "positive": True,
            },
            {
                "organisation": _org("Levvel"),
                "asked_on": day(42),
                "answer": "Geen passende plek op korte termijn.",
                "positive": False,
            },
            {
                "organisation": _org("Youké"),
                "asked_on": day(43),
                "answer": "Alleen residentieel aanbod beschikbaar.",
                "positive": False,
            },
        ],
        tailored_solution=(
            "Een zelfstandige ruimte bij Gezinshuis De Linde: Amy woont op zichzelf en de gezinshuisouders zijn "
            "dichtbij voor steun. De investeringskosten worden aangevraagd via de stimuleringsimpuls maatwerk "
            "(casuïstiekgebonden)."
        ),
    )
    followups.record_follow_up(
        moment=review,
        actor=actor,
        occurred_on=day(50),
        going_well=True,
        note="Amy en ouders staan achter de route; de Raad denkt mee. De zoektocht loopt.",
    )
    services.close_escalation(
        escalation=Escalation.objects.get(step=escalation),
        actor=actor,
        closed_on=day(60),
        result_kind=Escalation.ResultKind.ALTERNATIVE_FOUND,
        result="De Raad heeft meebewogen naar de oplossing bij het gezinshuis; geen gesloten plaatsing.",
    )
    services.log_placement_change(
        case=case,
        actor=actor,
        occurred_on=day(110),
        title="Verhuisd naar een zelfstandige ruimte bij Gezinshuis De Linde",
        placement_type=PlacementType.INDEPENDENT,
        provider="Zelfstandige ruimte bij Gezinshuis De Linde",
        summary="Geen gesloten plaatsing: Amy woont op zichzelf, met de gezinshuisouders dichtbij.",
    )
    services.log_outcome(
        case=case,
        actor=actor,
        occurred_on=day(120),
        title="Uitkomst: zelfstandige ruimte bij een gezinshuis",
        living_situation=LivingSituation.INDEPENDENT,
        living_situation_notes="Zelfstandige ruimte bij Gezinshuis De Linde",
        school_or_daytime_activity="Amy gaat weer naar school.",
        network=(
            "Een klein eigen netwerk opgebouwd met hulp van de gezinshuisouders; het contact met haar ouders is "
            "functioneel maar goed."
        ),
        risk_behaviour="Wisselende stemmingen blijven, maar leiden niet meer tot risicovol gedrag.",
        secure_placement_prevented=True,
        notes="De Raad voor de Kinderbescherming heeft de situatie gevolgd en meebewogen naar deze oplossing.",
    )
    try:
        closing.close_case(case=case, actor=actor, decisions={}, reason="Uitkomst bereikt", today=day(125))
    except ValidationError as error:
        if stdout:
            stdout.write(f"Amy's casus niet afgesloten: {' '.join(error.messages)}")
        return
    # A demo cannot wait three months: the closing moment is set back to the day the aftercare counts from.
    closed_at = timezone.make_aware(datetime.combine(day(125), time(16, 0)))
    Case.objects.filter(pk=case.pk).update(closed_at=closed_at, status_changed_at=closed_at)
    _date_amy_history(case, referred_on=day(AMY_REFERRED_DAY), intake_on=day(0), active_on=day(20))


# Amy was referred four days before the facilitator's first contact with the case holder.
AMY_REFERRED_DAY = -4


def _at(day, hour: int = 16) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _date_amy_history(case: Case, *, referred_on, intake_on, active_on) -> None:
    """Give Amy's records the moments they happened on: the services stamp "now", which would have her
    registered, assessed and consenting on the day the demo was loaded, after her case was closed. Her
    referral comes first, every step is recorded on the day it took place, and the closing comes last."""
    referred_at = _at(referred_on, 10)
    Case.objects.filter(pk=case.pk).update(created_at=referred_at)
    Consent.objects.filter(case=case).update(given_on=referred_on, recorded_at=referred_at)
    Assignment.objects.filter(case=case).update(assigned_at=referred_at)
    for episode in PlacementEpisode.objects.filter(case=case):
        recorded = referred_at if episode.started_on <= referred_on else _at(episode.started_on)
        PlacementEpisode.objects.filter(pk=episode.pk).update(recorded_at=recorded)
    moments = {CaseStatus.INTAKE: _at(intake_on, 9), CaseStatus.ACTIVE: _at(active_on, 17)}
    for status, moment in moments.items():
        CaseStatusChange.objects.filter(case=case, to_status=status).update(changed_at=moment)
    closed = Case.objects.values_list("closed_at", flat=True).get(pk=case.pk)
    CaseStatusChange.objects.filter(case=case, to_status=CaseStatus.CLOSED).update(changed_at=closed)
    last = None
    for step in Step.objects.filter(case=case):
        Step.objects.filter(pk=step.pk).update(
            created_at=_at(step.occurred_on), updated_at=_at(step.occurred_on)
        )
        last = max(last or step.occurred_on, step.occurred_on)
        for action in ActionItem.objects.filter(step=step):
            ActionItem.objects.filter(pk=action.pk).update(
                created_at=_at(step.occurred_on),
                done_at=_at(max(action.due_on, step.occurred_on)) if action.done_at else None,
            )
    if last is not None:
        Case.objects.filter(pk=case.pk).update(last_step_at=_at(last), outcome_recorded_at=_at(last))


def _seed_other(case: Case, n: int) -> None:
    actor = _actor(case)
    today = timezone.localdate()
    if n == 0:
        services.log_contact_municipality(
            case=case, actor=actor, occurred_on=today - timedelta(days=12), who="Casushouder gemeente"
        )
        services.log_joint_meeting(
            case=case,
            actor=actor,
            occurred_on=today - timedelta(days=8),
            agenda=["Stand van zaken", "Wat is er nodig"],
            participants=[
                {"name": "Jongere", "party_kind": PartyKind.YOUTH, "attended": True},
                {"name": "Moeder", "party_kind": PartyKind.MOTHER, "attended": False},
            ],
            agreements=["Procesbegeleider vraagt een consult aan"],
            actions=[
                {
                    "description": "Consult jeugdpsychiatrie aanvragen",
                    "owner": actor,
                    "owner_name": "",
                    "due_on": today - timedelta(days=3),
                },
                {
                    "description": "Terugbellen school",
                    "owner": actor,
                    "owner_name": "",
                    "due_on": today + timedelta(days=5),
                },
            ],
        )
        # A review of the plan that should have happened: "evaluatie te laat" on the dashboard.
        followups.plan_review(
            case=case,
            actor=actor,
            due_on=today - timedelta(days=2),
            owner=actor,
            what_to_check="Is het consult aangevraagd en gaat het thuis beter?",
        )
    elif n == 1:
        services.log_escalation(
            case=case,
            actor=actor,
            occurred_on=today - timedelta(days=6),
            kind=EscalationKind.INVESTIGATION_REQUEST,
            threatened_measure=ThreatenedMeasure.SUPERVISION_ORDER,
            urgency="hoog",
            summary="Verzoek tot onderzoek door de Raad na zorgen van school.",
        )
        services.log_note(
            case=case, actor=actor, occurred_on=today - timedelta(days=5), summary="Raad gebeld."
        )
    else:
        services.log_contact_family(
            case=case, actor=actor, occurred_on=today - timedelta(days=30), who="Jongere en moeder"
        )
        # A demo cannot wait ten working days: move the last step back so "dreigt vast te lopen" shows.
        Case.objects.filter(pk=case.pk).update(last_step_at=timezone.now() - timedelta(days=30))
