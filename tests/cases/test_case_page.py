"""The case page: what it shows, that it is logged, escapes free text, and stays within its query budget."""

import pytest
from django.urls import reverse

from cases.models import Assignment, CaseStatus
from core.models import AccessLog
from tests.cases.factories import (
    CaseFactory,
    ConsentFactory,
    DocumentFactory,
    PersonFactory,
    ProfessionalFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db

# 19 = the request (session, user, roles, calendar), the case, one query per record table (persons,
# professionals, consents, documents, status changes, assignments, placement episodes), the access log,
# and the sections of expertteams (evaluation and aftercare moments; the timeline) and subsidies (this
# case has no steps; with steps of every kind the timeline adds up to 4 more, see
# tests/expertteams/test_queries.py). It was 12 when the six tables were one hand-built UNION ALL, 17
# before the placement history (+1: its episodes) and the follow-up section (+1: its moments).
CASE_PAGE_BUDGET = 19


def detail_url(case) -> str:
    return reverse("cases:detail", args=[case.reference])


def test_case_page_shows_the_record(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, youth_name="Amy", youth_initials="A.", youth_birth_year=2007)
    mother = PersonFactory(case=case, name="Moeder van Amy")
    ProfessionalFactory(case=case, name="Jeroen", organisation_name="Levvel", role="Ambulant hulpverlener")
    ConsentFactory(case=case, person=mother)
    ConsentFactory(case=case)
    StatusChangeFactory(case=case, from_status=CaseStatus.REFERRED, to_status=CaseStatus.INTAKE)
    DocumentFactory(case=case, original_name="plan.pdf")
    Assignment.objects.create(case=case, facilitator=facilitator, assigned_by=facilitator)

    response = client_for(facilitator).get(detail_url(case))

    html = response.content.decode()
    assert response.status_code == 200
    for text in (case.reference, "Amy", "A.", "2007", "Moeder van Amy", "Levvel", "Jongere", "plan.pdf"):
        assert text in html
    assert html.count('class="mb-1 status-change"') == 1
    assert html.count('class="mb-1 assignment"') == 1


def test_every_view_of_the_case_page_is_logged(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    client = client_for(facilitator)

    client.get(detail_url(case))
    client.get(detail_url(case))

    assert (
        AccessLog.objects.filter(
            object_type="cases.case", object_id=str(case.pk), action=AccessLog.Action.VIEW, user=facilitator
        ).count()
        == 2
    )


def test_free_text_with_a_script_is_shown_escaped(client_for, facilitator):
    evil = "<script>alert('x')</script>"
    case = CaseFactory(facilitator=facilitator, help_question=evil, youth_name=evil[:60])
    PersonFactory(case=case, name=evil[:120])

    html = client_for(facilitator).get(detail_url(case)).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_case_page_stays_within_its_query_budget_with_30_rows_of_everything(
    client_for, facilitator, django_assert_max_num_queries
):
    case = CaseFactory(facilitator=facilitator)
    for _n in range(30):
        person = PersonFactory(case=case)
        ProfessionalFactory(case=case)
        ConsentFactory(case=case, person=person)
        DocumentFactory(case=case)
        StatusChangeFactory(case=case)
        Assignment.objects.create(case=case, facilitator=facilitator, assigned_by=facilitator)
    client = client_for(facilitator)
    client.get(detail_url(case))  # warm-up request

    with django_assert_max_num_queries(CASE_PAGE_BUDGET):
        response = client.get(detail_url(case))

    html = response.content.decode()
    assert html.count('class="mb-1 person"') == 30
    assert html.count('class="consent"') == 30
    assert html.count('document">') >= 30
    assert html.count('class="mb-1 status-change"') == 30
