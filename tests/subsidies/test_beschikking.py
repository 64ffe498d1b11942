"""The decision letter is a beschikking (Awb): its parts for every outcome, read back from the PDF."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.pdf import render_html
from subsidies import completion, letters, services
from subsidies.models import DecisionLetter
from tests.factories import UserFactory
from tests.subsidies.factories import amsterdam

pytestmark = pytest.mark.django_db


def text_of(application) -> str:
    pdf = DecisionLetter.objects.get(application=application).file.open("rb").read()
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    """The text with line breaks and non-breaking spaces as plain spaces (a PDF breaks where it must)."""
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture
def chair(scheme):
    chair = UserFactory(username="voorzitter", first_name="Ria", last_name="Voorzitter")
    scheme.chair = chair
    scheme.conditions = "U meldt de ingebruikname van de kamer.\nU bewaart de facturen vijf jaar."
    scheme.save()
    return chair


@pytest.fixture
def granted(submitted, committee_member, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            application=submitted,
            actor=committee_member,
            outcome="granted",
            amount=Decimal("14500.00"),
            reason="Past binnen de regeling.",
            now=amsterdam(2026, 3, 12, 14, 30),
        )
    return submitted


@pytest.fixture
def rejected(submitted, committee_member, chair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            application=submitted,
            actor=committee_member,
            outcome="rejected",
            reason="Het gaat niet om investeringskosten.",
            now=amsterdam(2026, 3, 12, 14, 30),
        )
    return submitted


@pytest.fixture
def not_considered(submitted, committee_member, chair, django_capture_on_commit_callbacks):
    completion.request_completion(
        application=submitted,
        actor=committee_member,
        message="De offerte van de aannemer ontbreekt.",
        completion_due=date(2026, 3, 13),
        now=amsterdam(2026, 3, 10, 9, 0),
    )
    with django_capture_on_commit_callbacks(execute=True):
        completion.not_consider(application=submitted, actor=committee_member, now=amsterdam(2026, 3, 16, 10))
    return submitted


COMMON = [
    "Expertisenetwerk Flevoland–Utrecht",  # sender
    "Postbus 16200",
    "3500 CE Utrecht",
    "Gezinshuis De Linde",  # addressee
    "Beschikking",
    "Ons kenmerk",
    "Secretariaat beoordelingscommissie",  # contact person
    "jeugd@utrecht.nl",
    "14 030",
    "Ria Voorzitter",  # the chair's name and role
    "voorzitter beoordelingscommissie",
    "binnen zes weken",  # the objection clause: term, law, to whom and how
    "artikel 6:7 en 3:45 Algemene wet bestuursrecht",
    "Stuur uw bezwaarschrift naar Expertisenetwerk Flevoland–Utrecht",
    "onderteken het",
]


@pytest.mark.parametrize("outcome", ["granted", "rejected", "not_considered"])
def test_every_letter_has_the_parts_of_a_beschikking(outcome, request):
    application = request.getfixturevalue(outcome)
    text = flat(text_of(application))
    for part in [
        *COMMON,
        application.reference,
        "12 maart 2026" if outcome != "not_considered" else "16 maart 2026",
    ]:
        assert part in text, part
    assert "t.a.v. " + application.invited_users.get().get_full_name() in text
    assert "Amy" not in text


def test_a_grant_states_amount_grounds_conditions_and_payment(granted):
    text = flat(text_of(granted))
    assert "Uw aanvraag is toegekend: wij verlenen u een subsidie van € 14.500,00." in text
    assert "budget 2026" in text
    assert "getoetst op vorm, subsidiabiliteit en budget" in text
    assert "Past binnen de regeling." in text
    assert "U meldt de ingebruikname van de kamer." in text  # the scheme's conditions
    assert "U bewaart de facturen vijf jaar." in text
    assert "binnen 4 weken" in text and "rekeningnummer" in text


def test_a_rejection_has_its_own_wording_and_no_payment(rejected):
    text = flat(text_of(rejected))
    assert "Uw aanvraag is afgewezen" in text
    assert "Het gaat niet om investeringskosten." in text
    assert "Betaling" not in text
    assert "Voorwaarden en verplichtingen" not in text


def test_not_considering_names_the_request_for_completion_and_awb_4_5(not_considered):
    text = flat(text_of(not_considered))
    assert "buiten behandeling gelaten" in text
    assert "artikel 4:5" in text
    assert "10 maart 2026" in text and "13 maart 2026" in text
    assert "De offerte van de aannemer ontbreekt." in text
    assert "nieuwe, volledige aanvraag" in text
    assert "Betaling" not in text and "verlenen" not in text


def test_an_amount_never_breaks_from_its_sign(granted):
    html = render_html("subsidies/letter.html", letters.letter_context(granted))
    assert '<span class="amount">€\u00a014.500,00</span>' in html
    assert "white-space: nowrap" in html
    for line in text_of(granted).splitlines():
        assert not line.rstrip().endswith("€")


def test_without_a_chair_the_deciding_member_signs(
    submitted, committee_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(application=submitted, actor=committee_member, outcome="rejected", reason="Nee.")
    text = flat(text_of(submitted))
    assert committee_member.get_full_name() in text
    assert "lid beoordelingscommissie" in text


def test_the_sender_comes_from_settings(settings, request):
    settings.GRANT_ADMINISTRATOR_NAME = "Regio Gooi en Vechtstreek"
    settings.GRANT_OBJECTION_ADDRESS = ["Postbus 1", "1200 AA Hilversum"]
    # A finished letter is never made again, so the settings are in place before the decision.
    text = flat(text_of(request.getfixturevalue("granted")))
    assert "Regio Gooi en Vechtstreek" in text
    assert "Postbus 1, 1200 AA Hilversum" in text


def test_the_same_decision_gives_the_same_bytes(granted):
    assert letters.render_decision_letter(granted) == letters.render_decision_letter(granted)


def test_the_administrator_edits_the_conditions(admin_user, scheme, client_for):
    response = client_for(admin_user).get(reverse("admin:subsidies_grantscheme_change", args=[scheme.pk]))
    assert 'name="conditions"' in response.content.decode()
    assert 'name="quorum"' in response.content.decode()
