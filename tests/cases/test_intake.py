"""Intake: registering a referral with persons, professionals and consent; likely duplicates; editing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases.models import Assignment, Case, CaseStatus, Consent
from cases.services import DuplicateCaseWarning, create_case, normalise_initials
from core.models import AccessLog
from tests.cases.factories import CaseFactory, intake_data, municipality

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("initials", "name", "expected"),
    [
        ("", "Amy", "A."),
        ("", "Anna Maria", "A.M."),
        ("a b", "", "A.B."),
        ("j.p.", "Jan", "J.P."),
        ("A.", "", "A."),
    ],
)
def test_initials_are_derived_from_the_name_and_normalised(initials, name, expected):
    assert normalise_initials(initials, name=name) == expected


def test_facilitator_registers_a_case_and_becomes_its_facilitator(facilitator, region_utr, team_utr):
    case = create_case(
        actor=facilitator,
        data=intake_data(),
        persons=[{"name": "Moeder", "relation": "moeder"}, {"name": "Vader", "relation": "vader"}],
        professionals=[{"name": "Jeroen", "organisation_name": "Levvel", "role": "Hulpverlener"}],
        consents=[
            {"person": None, "purpose": "expertteam"},
            {"person": 1, "purpose": "expertteam"},
        ],
    )

    assert case.reference.startswith("UTR-")
    assert (case.region, case.expert_team, case.status) == (region_utr, team_utr, CaseStatus.REFERRED)
    assert case.youth_initials == "A."
    assert case.facilitator == facilitator
    assert Assignment.objects.get(case=case).facilitator == facilitator
    assert case.persons.count() == 2 and case.professionals.count() == 1
    youth, father = Consent.objects.filter(case=case).order_by("id")
    assert youth.person is None and father.person.name == "Vader"
    assert AccessLog.objects.filter(object_id=str(case.pk), action=AccessLog.Action.CREATE).exists()


def test_coordinator_registers_for_their_own_team_without_becoming_facilitator(coordinator):
    case = create_case(actor=coordinator, data=intake_data())

    assert case.facilitator is None
    assert not Assignment.objects.filter(case=case).exists()


def test_nobody_registers_for_a_municipality_of_another_team(facilitator, region_fle):
    with pytest.raises(PermissionDenied):
        create_case(actor=facilitator, data=intake_data(municipality=municipality("Almere")))

    assert not Case.objects.exists()


def test_likely_duplicate_is_refused_until_confirmed_even_in_a_case_the_user_cannot_see(
    facilitator, facilitator_other
):
    hidden = CaseFactory(
        facilitator=facilitator_other,
        youth_initials="A.",
        youth_birth_year=2007,
        municipality=municipality("Utrecht"),
    )

    with pytest.raises(DuplicateCaseWarning) as warning:
        create_case(actor=facilitator, data=intake_data())
    assert warning.value.duplicates == [hidden]

    case = create_case(actor=facilitator, data=intake_data(), confirm_duplicate=True)
    assert case.pk != hidden.pk


def test_same_initials_in_another_birth_year_is_no_duplicate(facilitator):
    CaseFactory(youth_initials="A.", youth_birth_year=2008, municipality=municipality("Utrecht"))

    assert create_case(actor=facilitator, data=intake_data()).pk


def intake_post(**overrides) -> dict:
    post = {
        "referrer_name": "Wijkteam Noord",
        "municipality": municipality("Utrecht").pk,
        "youth_name": "Amy",
        "youth_initials": "",
        "youth_birth_year": "2007",
        "placement_changes": "2",
        "professional_changes": "1",
        "help_question": "Niemand hoort onze vraag",
        "urgency": "hoog",
        "youth_consent_expert_team": "on",
        "consent_date": "2026-03-02",
        "personen-TOTAL_FORMS": "2",
        "personen-INITIAL_FORMS": "0",
        "personen-0-name": "Moeder van Amy",
        "personen-0-relation": "moeder",
        "personen-0-has_parental_authority": "on",
        "personen-0-consent_expert_team": "on",
        "professionals-TOTAL_FORMS": "3",
        "professionals-INITIAL_FORMS": "0",
        "professionals-0-name": "Jeroen",
        "professionals-0-organisation_name": "Levvel",
        "professionals-0-role": "Ambulant hulpverlener",
    }
    post.update(overrides)
    return post


def test_intake_form_registers_the_case_with_persons_professionals_and_consent(client_for, facilitator):
    response = client_for(facilitator).post(reverse("cases:create"), intake_post())

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.reference])
    assert list(case.persons.values_list("name", flat=True)) == ["Moeder van Amy"]
    assert list(case.professionals.values_list("organisation_name", flat=True)) == ["Levvel"]
    assert case.consents.filter(person__isnull=True, purpose="expertteam").exists()
    assert case.consents.filter(person__name="Moeder van Amy", purpose="expertteam").exists()


def test_intake_form_shows_the_likely_duplicate_before_saving_with_reference_and_status_only(
    client_for, facilitator, facilitator_other
):
    hidden = CaseFactory(
        facilitator=facilitator_other,
        youth_name="Anouk",
        youth_initials="A.",
        youth_birth_year=2007,
        municipality=municipality("Utrecht"),
        status=CaseStatus.INTAKE,
    )
    client = client_for(facilitator)

    response = client.post(reverse("cases:create"), intake_post())

    html = response.content.decode()
    assert response.status_code == 200
    assert Case.objects.count() == 1
    assert "Mogelijk dubbele aanmelding" in html
    assert hidden.reference in html and "Intake" in html
    assert "Anouk" not in html
    assert 'name="confirm_duplicate"' in html

    response = client.post(reverse("cases:create"), intake_post(confirm_duplicate="on"))
    assert response.status_code == 302
    assert Case.objects.count() == 2


@pytest.mark.parametrize(
    "user_fixture", ["municipal_user", "committee_member", "provider_user", "learner", "admin_user"]
)
def test_only_facilitators_and_coordinators_reach_the_intake_form(request, client_for, user_fixture):
    client = client_for(request.getfixturevalue(user_fixture))

    assert client.get(reverse("cases:create")).status_code == 404


def test_intake_form_offers_only_municipalities_of_the_users_team(client_for, facilitator):
    html = client_for(facilitator).get(reverse("cases:create")).content.decode()

    assert ">Utrecht<" in html
    assert ">Almere<" not in html


def test_editing_the_intake_is_logged_as_a_change(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, municipality=municipality("Utrecht"))
    post = intake_post(help_question="Zelfstandig wonen met onderwijs", youth_name="Sam", youth_initials="S.")

    response = client_for(facilitator).post(reverse("cases:edit", args=[case.reference]), post)

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:tab", args=[case.reference, "registratie"]) + "#aanmelding"
    case.refresh_from_db()
    assert case.help_question == "Zelfstandig wonen met onderwijs"
    assert AccessLog.objects.filter(object_id=str(case.pk), action=AccessLog.Action.CHANGE).exists()


def test_editing_a_closed_case_is_refused(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, status=CaseStatus.CLOSED)

    response = client_for(facilitator).post(
        reverse("cases:edit", args=[case.reference]), intake_post(help_question="Anders"), follow=True
    )

    case.refresh_from_db()
    assert case.help_question != "Anders"
    assert "afgesloten" in response.content.decode()
