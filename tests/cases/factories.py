"""Cases and their record for the tests of the cases app. Cases made through ``create_case`` where the
test is about intake; the factory otherwise, with a real reference from ``next_reference``."""

from datetime import date

import factory

from cases.models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    Consent,
    ConsentPurpose,
    Document,
    InvolvedPerson,
    InvolvedProfessional,
)
from cases.services import next_reference
from core.models import Municipality, Region
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


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvolvedPerson

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Betrokkene {n}")
    relation = InvolvedPerson.Relation.MOTHER


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvolvedProfessional

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Professional {n}")
    organisation_name = "Levvel"
    role = "Gedragswetenschapper"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    person = None
    purpose = ConsentPurpose.SHARE_WITH_EXPERT_TEAM
    given_on = date(2026, 3, 2)
    recorded_by = factory.LazyAttribute(lambda o: o.case.created_by)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStatusChange

    case = factory.SubFactory(CaseFactory)
    from_status = CaseStatus.REFERRED
    to_status = CaseStatus.INTAKE
    changed_by = factory.LazyAttribute(lambda o: o.case.created_by)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    case = factory.SubFactory(CaseFactory)
    file = factory.django.FileField(data=b"%PDF-1.4\n%%EOF\n", filename="verslag.pdf")
    original_name = "verslag.pdf"
    content_type = "application/pdf"
    size = 15
    uploaded_by = factory.LazyAttribute(lambda o: o.case.created_by)


def municipality(name: str) -> Municipality:
    return Municipality.objects.get(name=name)


def intake_data(**overrides) -> dict:
    """Complete intake fields for ``create_case`` (municipality Utrecht)."""
    data = {
        "municipality": municipality("Utrecht"),
        "referrer_name": "Wijkteam Noord",
        "referrer_organisation": "Buurtteam Utrecht",
        "referrer_role": "Jeugdprofessional",
        "case_holder_name": "Casushouder gemeente",
        "youth_name": "Amy",
        "youth_initials": "",
        "youth_birth_year": 2007,
        "help_question": "We hebben hulp nodig, maar niemand hoort onze vraag.",
        "urgency": "hoog",
    }
    data.update(overrides)
    return data
