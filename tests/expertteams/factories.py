"""Cases and steps for the timeline tests. Steps are made through the services, as the app does."""

from datetime import date, timedelta

import factory

from cases.models import Case, CaseStatus, LivingSituation
from cases.services import next_reference
from core.models import Organisation, Region
from expertteams import services
from expertteams.models import StepKind
from tests.factories import UserFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    region = factory.LazyFunction(lambda: Region.objects.get(code="UTR"))
    municipality = factory.LazyAttribute(lambda o: o.region.municipalities.first())
    expert_team = factory.LazyAttribute(lambda o: o.region.expert_team)
    facilitator = None
    reference = factory.LazyAttribute(lambda o: next_reference(region=o.region))
    status = CaseStatus.ACTIVE
    referrer_name = "Wijkteam Noord"
    youth_name = "Sam"
    youth_initials = "S."
    youth_birth_year = 2009
    help_question = "Het gezin loopt vast; er is geen perspectief."
    created_by = factory.LazyAttribute(lambda o: o.facilitator or UserFactory())


def step_kwargs(kind: str, *, on: date | None = None, owner=None) -> dict:
    """Complete keyword arguments for ``services.log_<kind>``."""
    on = on or date(2026, 3, 2)
    common = {"occurred_on": on}
    action = {
        "description": "Gezinshuizen bellen",
        "owner_name": "Pim",
        "owner": owner,
        "due_on": on + timedelta(7),
    }
    return {
        StepKind.CONTACT_MUNICIPALITY: {
            **common,
            "who": "Casushouder gemeente",
            "summary": "Situatie besproken",
            "agreed": "Samen optrekken",
        },
        StepKind.CONTACT_FAMILY: {**common, "who": "Amy en ouders", "summary": "Kennismaking"},
        StepKind.INTERVIEW: {
            **common,
            "party_kind": "mother",
            "party_name": "moeder",
            "view": "Niemand hoort onze vraag",
            "wishes": "Ambulante hulp thuis",
            "concerns": "Het gaat niet goed met ons",
        },
        StepKind.JOINT_MEETING: {
            **common,
            "agenda": ["Kennismaking", "Wat wil Amy"],
            "participants": [
                {"name": "Amy", "party_kind": "youth", "role": "", "attended": True},
                {"name": "Vader", "party_kind": "father", "role": "", "attended": False},
            ],
            "statements": [{"speaker": "Amy", "text": "Ik wil zelfstandig wonen"}],
            "agreements": ["Hulpvraag verhelderen"],
            "actions": [action],
        },
        StepKind.HELP_QUESTION: {
            **common,
            "question_after": "Zelfstandig leren wonen met onderwijs",
            "problems": "Strijd met behandelaren",
            "factors": "Wisselende professionals",
            "hypotheses": "Geen gedeeld beeld",
            "family_wishes": "Een nieuwe start",
        },
        StepKind.SOLUTION_SEARCH: {
            **common,
            "searched_for": "Kamer met begeleiding",
            "tailored_solution": "Zelfstandige ruimte bij een gezinshuis",
            "requests": [
                {
                    "organisation": Organisation.objects.get(name="Gezinshuis De Linde"),
                    "answer": "Ja",
                    "positive": True,
                },
                {"organisation_name": "Jeugdzorgaanbieder X", "answer": "Geen plek", "positive": False},
            ],
        },
        StepKind.ESCALATION: {
            **common,
            "kind": "beschermingsoverleg",
            "threatened_measure": "secure_care",
            "urgency": "crisis",
            "board_helps_find_alternatives": True,
            "board_involvement": "Denkt mee over maatwerk",
        },
        StepKind.CONSULTATION: {
            **common,
            "expertise": "Kinder- en jeugdpsychiatrie",
            "advice": "Rust en structuur",
        },
        StepKind.OUTCOME: {
            **common,
            "living_situation": LivingSituation.INDEPENDENT,
            "living_situation_notes": "Zelfstandige ruimte bij gezinshuis",
            "school_or_daytime_activity": "Weer naar school",
            "secure_placement_prevented": True,
        },
        StepKind.NOTE: {**common, "summary": "Telefoon van school"},
        StepKind.PLACEMENT_CHANGE: {
            **common,
            "placement_type": "gezinshuis",
            "provider": "Gezinshuis De Linde",
            "summary": "Verhuisd naar een zelfstandige ruimte bij het gezinshuis",
        },
        StepKind.FOLLOW_UP: {
            **common,
            "going_well": True,
            "summary": "School loopt, contact met ouders goed",
        },
    }[kind]


def log(kind: str, *, case, actor, **overrides):
    return services.log_step(step_kind=kind, case=case, actor=actor, **{**step_kwargs(kind), **overrides})
