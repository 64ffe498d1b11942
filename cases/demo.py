"""Demo cases: Amy's referral (seed 000, "Praktijkvoorbeeld") and about twenty other cases across regions,
statuses and signals.

Idempotent: a case is identified by the youth's first name, region and birth year; an existing one is
left alone (the timeline app may have moved it on since). Cases of the two demo teams go through the
services, so they have their references, assignments, status history and consents; the demo facilitators
have disjoint cases (``procesbegeleider``: Utrecht Stad, ``procesbegeleider2``: Flevoland). Cases of
other regions have no demo user to work on them: they exist for the regional reports.

The signal fields are backdated directly: a demo cannot wait ten working days.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases import placements, services
from cases.models import (
    Case,
    CaseStatus,
    ConsentPurpose,
    InvolvedPerson,
    LivingSituation,
    PlacementType,
    Urgency,
)
from core.models import Municipality, Organisation, User

AMY = {
    "youth_name": "Amy",
    "youth_initials": "A.",
    "youth_birth_year": 2007,
    "municipality": "Utrecht",
    "referrer_name": "Casushouder gemeente Utrecht",
    "referrer_organisation": "Gemeente Utrecht",
    "referrer_role": "Casushouder jeugd",
    "case_holder_name": "Casushouder gemeente Utrecht",
    "case_holder_contact": "Via het wijkteam Utrecht",
    "history_admissions": (
        "Lange geschiedenis van opnames in de jeugdzorg en residentiële behandeling; behandelingen zijn "
        "vroegtijdig afgebroken door strijd tussen Amy en haar behandelaren."
    ),
    "history_crisis_placements": "Meerdere periodes in de crisisopvang GGZ; na behandelopnames volgt vaak een crisis.",
    "history_school": "Uitval op school.",
    "living_situation": LivingSituation.HOME,
    "living_situation_notes": "Woont na opnames en crisisopvang weer thuis; het gezin loopt vast.",
    "help_question": (
        "Moeder: 'We hebben hulp nodig, maar niemand hoort onze vraag.' De behandeling is gestopt omdat Amy "
        "niet open zou staan voor behandeling; ambulante hulp voor het gezin is afgewezen."
    ),
    "wishes_youth": (
        "Leer mij zelfstandig wonen in een situatie waarbinnen ik weer onderwijs kan volgen en een beroep kan "
        "doen op professionals als het minder gaat, in een omgeving waar ik een nieuwe start kan maken."
    ),
    "wishes_parents": "Snel ambulante hulp thuis, zonder steeds wisselende professionals.",
    "risk_out_of_home": True,
    "risk_secure_care": True,
    "child_protection_board_involved": True,
    "risk_notes": "Melding bij de Raad voor de Kinderbescherming; dreigende gedwongen (gesloten) plaatsing.",
    "urgency": Urgency.CRISIS,
}
AMY_PERSONS = [
    {"name": "Moeder van Amy", "relation": InvolvedPerson.Relation.MOTHER, "has_parental_authority": True},
    {"name": "Vader van Amy", "relation": InvolvedPerson.Relation.FATHER, "has_parental_authority": True},
]
AMY_PROFESSIONALS = [
    ("Ambulant hulpverlener", "Levvel", "Ambulante gezinsbegeleiding"),
    ("Gedragswetenschapper", "Youké", "Gedragswetenschapper"),
    ("Behandelaar", "GGZ Centraal", "Behandelaar (gestopt)"),
]

# Amy's stays before the referral ("een lange historie van opnames in de jeugdzorg/crisisopvang GGZ"),
# ending at home; the timeline's placement change moves her to her own room at the family home.
AMY_EPISODES = [
    {"placement_type": PlacementType.RESIDENTIAL, "provider": "Behandelgroep jeugd-GGZ", "from_days_ago": 1100, "to_days_ago": 800},
    {"placement_type": PlacementType.CRISIS, "provider": "Crisisopvang GGZ", "from_days_ago": 799, "to_days_ago": 740, "forced": True},
    {"placement_type": PlacementType.HOME, "provider": "", "from_days_ago": 739, "to_days_ago": 420},
    {"placement_type": PlacementType.CRISIS, "provider": "Crisisopvang GGZ", "from_days_ago": 419, "to_days_ago": 380},
    {"placement_type": PlacementType.HOME, "provider": "", "from_days_ago": 379, "to_days_ago": None},
]  # fmt: skip

# (first name, birth year, municipality, status, signals); signals: stalled, escalation, overdue, changes,
# review (a review moment overdue), aftercare (closed, aftercare due today).
OTHER_CASES = [
    ("Bram", 2010, "Utrecht", CaseStatus.INTAKE, {"stalled"}),
    ("Chaima", 2008, "Utrecht", CaseStatus.ACTIVE, {"changes"}),
    ("Daan", 2012, "Utrecht", CaseStatus.REFERRED, set()),
    ("Esra", 2006, "Utrecht", CaseStatus.ACTIVE, {"escalation"}),
    ("Finn", 2009, "Utrecht", CaseStatus.ACTIVE, {"overdue"}),
    ("Gijs", 2011, "Utrecht", CaseStatus.PAUSED, set()),
    ("Ilse", 2013, "Utrecht", CaseStatus.ACTIVE, {"stalled", "changes"}),
    ("Jayden", 2009, "Almere", CaseStatus.ACTIVE, {"stalled"}),
    ("Kim", 2008, "Lelystad", CaseStatus.INTAKE, set()),
    ("Lucas", 2011, "Dronten", CaseStatus.REFERRED, set()),
    ("Mila", 2007, "Almere", CaseStatus.ACTIVE, {"escalation", "overdue"}),
    ("Noah", 2010, "Zeewolde", CaseStatus.ACTIVE, {"overdue"}),
    ("Olivia", 2012, "Urk", CaseStatus.PAUSED, set()),
    ("Priya", 2006, "Noordoostpolder", CaseStatus.ACTIVE, {"changes"}),
    ("Quinn", 2009, "Lelystad", CaseStatus.REFERRED, {"stalled"}),
    ("Rens", 2008, "Nieuwegein", CaseStatus.ACTIVE, set()),
    ("Sara", 2010, "Amersfoort", CaseStatus.INTAKE, set()),
    ("Tim", 2007, "Hilversum", CaseStatus.REFERRED, set()),
    ("Umar", 2009, "Zeist", CaseStatus.ACTIVE, {"stalled"}),
    ("Vera", 2011, "Woerden", CaseStatus.ACTIVE, set()),
    ("Wout", 2010, "Utrecht", CaseStatus.ACTIVE, {"review"}),
    ("Xena", 2008, "Utrecht", CaseStatus.ACTIVE, {"aftercare"}),
]
FACILITATOR_BY_REGION = {"UTR": "procesbegeleider", "FLE": "procesbegeleider2"}
# The steps through the workflow to reach each status from "aangemeld".
ROUTE = {
    CaseStatus.REFERRED: [],
    CaseStatus.INTAKE: [CaseStatus.INTAKE],
    CaseStatus.ACTIVE: [CaseStatus.INTAKE, CaseStatus.ACTIVE],
    CaseStatus.PAUSED: [CaseStatus.INTAKE, CaseStatus.PAUSED],
}


def seed(stdout=None) -> None:
    seed_amy()
    for spec in OTHER_CASES:
        _seed_other(*spec)
    if stdout:
        stdout.write(f"Casussen: {Case.objects.count()} in totaal.")


def _existing(name: str, region_code: str, birth_year: int) -> Case | None:
    return Case.objects.filter(youth_name=name, region__code=region_code, youth_birth_year=birth_year).first()


@transaction.atomic
def seed_amy() -> Case:
    existing = _existing("Amy", "UTR", AMY["youth_birth_year"])
    if existing is not None:
        return existing
    facilitator = User.objects.get(username="procesbegeleider")
    data = {**AMY, "municipality": Municipality.objects.get(name=AMY["municipality"])}
    today = timezone.localdate()
    persons = [dict(person) for person in AMY_PERSONS]
    consents = [{"person": None, "purpose": ConsentPurpose.SHARE_WITH_EXPERT_TEAM, "given_on": today}]
    consents += [
        {"person": index, "purpose": ConsentPurpose.SHARE_WITH_EXPERT_TEAM, "given_on": today}
        for index in range(len(persons))
    ]
    consents.append({"person": 0, "purpose": ConsentPurpose.LEARNING_NETWORK, "given_on": today})
    case = services.create_case(
        actor=facilitator,
        data=data,
        persons=persons,
        professionals=[
            {"name": name, "organisation": Organisation.objects.filter(name=org).first(), "role": role}
            for name, org, role in AMY_PROFESSIONALS
        ],
        consents=consents,
        confirm_duplicate=True,
    )
    for status in ROUTE[CaseStatus.ACTIVE]:
        services.change_status(case=case, to_status=status, actor=facilitator)
    for episode in AMY_EPISODES:
        placements.add_episode(
            case=case,
            actor=facilitator,
            placement_type=episode["placement_type"],
            provider=episode["provider"],
            started_on=today - timedelta(days=episode["from_days_ago"]),
            ended_on=today - timedelta(days=episode["to_days_ago"]) if episode["to_days_ago"] else None,
            forced=episode.get("forced", False),
        )
    return case


@transaction.atomic
def _seed_other(name: str, birth_year: int, municipality_name: str, status: str, signals: set[str]) -> None:
    municipality = Municipality.objects.select_related("region__expert_team").get(name=municipality_name)
    region = municipality.region
    if _existing(name, region.code, birth_year) is not None:
        return
    data = {
        "municipality": municipality,
        "referrer_name": f"Wijkteam {municipality.name}",
        "referrer_organisation": f"Gemeente {municipality.name}",
        "referrer_role": "Jeugdconsulent",
        "case_holder_name": f"Casushouder gemeente {municipality.name}",
        "youth_name": name,
        "youth_birth_year": birth_year,
        "help_question": "Het gezin loopt vast; er is geen passend perspectief gevonden.",
        "living_situation": LivingSituation.HOME,
        "urgency": Urgency.HIGH if signals else Urgency.NORMAL,
    }
    username = FACILITATOR_BY_REGION.get(region.code)
    if username:
        actor = User.objects.get(username=username)
        case = services.create_case(
            actor=actor,
            data=data,
            persons=[
                {"name": "Moeder", "relation": InvolvedPerson.Relation.MOTHER, "has_parental_authority": True}
            ],
            consents=[{"person": None, "purpose": ConsentPurpose.SHARE_WITH_EXPERT_TEAM}],
            confirm_duplicate=True,
        )
        for step in ROUTE[status]:
            reason = (
                "Gezin wil eerst de uitslag van het schoolonderzoek afwachten."
                if step == CaseStatus.PAUSED
                else ""
            )
            services.change_status(case=case, to_status=step, actor=actor, reason=reason)
    else:
        # No demo user works in this region's team: a referred case for the regional reports.
        data["youth_initials"] = services.normalise_initials(name=name)
        case = Case.objects.create(
            **data,
            region=region,
            expert_team=region.expert_team,
            status=status if status != CaseStatus.PAUSED else CaseStatus.REFERRED,
            created_by=User.objects.get(username="beheer"),
            reference=services.next_reference(region=region),
        )
    _backdate(case, signals)


def _backdate(case: Case, signals: set[str]) -> None:
    """The referral date, and the hand-kept counters of earlier changes (``changes``). The signals that
    come from the timeline and the follow-up cycle (stalled, escalation, overdue, review, aftercare) are
    made by ``expertteams.demo`` through its services, on real steps, actions and moments."""
    now = timezone.now()
    changes = {"created_at": now - timedelta(days=45 if "stalled" in signals else 7)}
    if "changes" in signals:
        changes["placement_changes"] = 4
        changes["professional_changes"] = 2
    Case.objects.filter(pk=case.pk).update(**changes)
