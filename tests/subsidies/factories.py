"""Schemes, calls and applications for the tests of the grant pipeline. Applications are started and
submitted through the services where the test is about the workflow; the factories make the rest."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from core.models import Organisation
from subsidies.models import (
    Call,
    CostLine,
    GrantApplication,
    GrantScheme,
    SchemeKind,
    ScoringCriterion,
)
from subsidies.services import next_reference
from tests.cases.factories import CaseFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def amsterdam(*args) -> datetime:
    """An aware datetime in Europe/Amsterdam, e.g. ``amsterdam(2026, 3, 9, 10, 0)``."""
    return datetime(*args, tzinfo=AMSTERDAM)


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantScheme
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Stimuleringsimpuls maatwerk – casuïstiekgebonden {n}")
    kind = SchemeKind.CASE_BOUND
    decision_working_days = 5
    yearly_budget = Decimal("250000.00")
    max_per_application = Decimal("25000.00")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.committee_members.add(*extracted)


class CallSchemeFactory(SchemeFactory):
    name = factory.Sequence(lambda n: f"Stimuleringsimpuls maatwerk – niet-casuïstiekgebonden {n}")
    kind = SchemeKind.NON_CASE_BOUND
    decision_working_days = 20
    max_per_application = None

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if create:
            ScoringCriterion.objects.get_or_create(
                scheme=self, name="Bijdrage aan gezinsgerichte zorg", defaults={"max_score": 10, "order": 1}
            )
            ScoringCriterion.objects.get_or_create(
                scheme=self, name="Haalbaarheid", defaults={"max_score": 5, "order": 2}
            )


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    scheme = factory.SubFactory(CallSchemeFactory)
    name = factory.Sequence(lambda n: f"Ronde {n}")
    opens_at = factory.LazyFunction(lambda: amsterdam(2026, 1, 1, 0, 0))
    closes_at = factory.LazyFunction(lambda: amsterdam(2026, 6, 1, 23, 59, 59))


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft case-bound application on an active UTR case, without cost lines."""

    class Meta:
        model = GrantApplication

    scheme = factory.SubFactory(SchemeFactory)
    case = factory.SubFactory(CaseFactory)
    expert_team = factory.LazyAttribute(lambda o: o.case.expert_team if o.case else None)
    provider_organisation = factory.LazyFunction(lambda: Organisation.objects.get(name="Gezinshuis De Linde"))
    reference = factory.LazyFunction(next_reference)
    title = "Zelfstandige kamer bij het gezinshuis"
    purpose = "Verbouwing van een zelfstandige kamer met eigen opgang."
    motivation = "Zo kan de jongere stapsgewijs en beschermd zelfstandig worden."
    created_by = factory.LazyAttribute(lambda o: o.case.created_by if o.case else None)


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    application = factory.SubFactory(ApplicationFactory)
    description = "Verbouwing kamer"
    amount = Decimal("12000.00")
    is_investment = True
