"""The decision letter (beschikking): made by the Celery task after a decision, deterministic,
downloadable by the team, the provider and the committee only, and logged as an export."""

import hashlib
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.models import AccessLog
from subsidies import letters, services
from subsidies.models import DecisionLetter
from subsidies.tasks import generate_decision_letter
from tests.subsidies.factories import amsterdam

pytestmark = pytest.mark.django_db

DECIDED = amsterdam(2026, 3, 12, 14, 30)


@pytest.fixture
def granted(submitted, committee_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            application=submitted,
            actor=committee_member,
            outcome="granted",
            amount=Decimal("14500.00"),
            reason="Past binnen de regeling.",
            now=DECIDED,
        )
    return submitted


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_decision_enqueues_the_letter_on_commit(granted):
    letter = DecisionLetter.objects.get(application=granted)
    content = letter.file.open("rb").read()
    assert content.startswith(b"%PDF")
    assert letter.sha256 == hashlib.sha256(content).hexdigest()
    assert letter.generated_at == DECIDED


def test_the_letter_states_the_decision_without_personal_data(granted):
    text = text_of(DecisionLetter.objects.get(application=granted).file.open("rb").read())
    assert granted.reference in text
    assert "Beschikking" in text
    assert "toegekend" in text
    assert "14.500,00" in text
    assert "12 maart 2026" in text
    assert "Past binnen de regeling." in text
    assert "Amy" not in text
    assert "A." not in text.replace("Aanvraag", "")


def test_rejection_letter_carries_the_reason(submitted, committee_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            application=submitted, actor=committee_member, outcome="rejected", reason="Geen investering."
        )
    text = text_of(DecisionLetter.objects.get(application=submitted).file.open("rb").read())
    assert "afgewezen" in text
    assert "Geen investering." in text


def test_regenerating_yields_the_same_document(granted):
    first = DecisionLetter.objects.get(application=granted)
    assert letters.render_decision_letter(granted) == letters.render_decision_letter(granted)
    generate_decision_letter(granted.pk)
    again = DecisionLetter.objects.get(application=granted)
    assert again.sha256 == first.sha256
    assert again.file.name == first.file.name  # unchanged content: nothing rewritten
    assert DecisionLetter.objects.count() == 1


def test_no_letter_without_a_decision(submitted):
    assert generate_decision_letter(submitted.pk) is None
    assert not DecisionLetter.objects.exists()


@pytest.mark.parametrize("who", ["facilitator", "provider_user", "committee_member", "coordinator"])
def test_team_provider_and_committee_download_the_letter(granted, client_for, request, who):
    user = request.getfixturevalue(who)
    response = client_for(user).get(reverse("subsidies:letter", args=[granted.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"beschikking-{granted.reference}.pdf" in response["Content-Disposition"]
    assert AccessLog.objects.filter(
        action="export", object_type="subsidies.decisionletter", username=user.username
    ).exists()


def test_others_cannot_download_the_letter(granted, client_for, facilitator_fle, municipal_user, learner):
    for user in (facilitator_fle, municipal_user, learner):
        response = client_for(user).get(reverse("subsidies:letter", args=[granted.reference]))
        assert response.status_code == 404


def test_the_letter_does_not_depend_on_the_callers_language_or_time_zone(granted):
    from django.utils import timezone, translation

    expected = letters.render_decision_letter(granted)
    with translation.override("en"), timezone.override("UTC"):
        assert letters.render_decision_letter(granted) == expected
