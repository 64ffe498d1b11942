"""Break the glass: an administrator opens one case only after stating a reason, which is logged."""

import re

import pytest
from django.urls import reverse

from core.models import AccessLog
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


def page_text(response, reference: str) -> str:
    """The page without the reference and the per-request CSRF tokens and CSP nonces."""
    html = response.content.decode().replace(reference, "X")
    html = re.sub(r'nonce="[A-Za-z0-9+/=]+"', "", html)
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", html)


REASON = "Klacht van ouders over inzage; controle op verzoek van de FG."


def test_admin_without_a_grant_gets_404(client_for, admin_user, facilitator):
    case = CaseFactory(facilitator=facilitator)

    assert client_for(admin_user).get(reverse("cases:detail", args=[case.reference])).status_code == 404


def test_admin_with_a_grant_opens_the_case_and_the_reason_is_logged(client_for, admin_user, facilitator):
    case = CaseFactory(facilitator=facilitator)
    client = client_for(admin_user)

    response = client.post(reverse("cases:break_glass", args=[case.reference]), {"reason": REASON})

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.reference])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert AccessLog.objects.filter(user=admin_user, object_id=str(case.pk), reason=REASON).exists()
    assert AccessLog.objects.filter(
        user=admin_user, object_id=str(case.pk), action="view", reason=""
    ).exists()


def test_admin_with_a_grant_reads_but_does_not_change(client_for, admin_user, facilitator):
    case = CaseFactory(facilitator=facilitator)
    client = client_for(admin_user)
    client.post(reverse("cases:break_glass", args=[case.reference]), {"reason": REASON})

    html = client.get(reverse("cases:detail", args=[case.reference])).content.decode()

    assert "Aanmelding wijzigen" not in html
    assert 'name="to_status"' not in html
    assert client.get(reverse("cases:edit", args=[case.reference])).status_code == 403


def test_unknown_reference_shows_the_same_form_and_a_generic_message(client_for, admin_user, facilitator):
    case = CaseFactory(facilitator=facilitator)
    client = client_for(admin_user)

    known = client.get(reverse("cases:break_glass", args=[case.reference]))
    unknown = client.get(reverse("cases:break_glass", args=["UTR-2026-9999"]))
    posted = client.post(
        reverse("cases:break_glass", args=["UTR-2026-9999"]), {"reason": REASON}, follow=True
    )

    assert known.status_code == unknown.status_code == 200
    assert page_text(known, case.reference) == page_text(unknown, "UTR-2026-9999")
    assert "Niet gevonden" in posted.content.decode()
    assert not AccessLog.objects.filter(reason=REASON).exists()


def test_a_reason_is_required(client_for, admin_user, facilitator):
    case = CaseFactory(facilitator=facilitator)
    client = client_for(admin_user)

    response = client.post(reverse("cases:break_glass", args=[case.reference]), {"reason": ""})

    assert response.status_code == 200
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 404


@pytest.mark.parametrize("user_fixture", ["facilitator_other", "municipal_user", "committee_member"])
def test_only_administrators_may_break_the_glass(request, client_for, facilitator, user_fixture):
    case = CaseFactory(facilitator=facilitator)
    client = client_for(request.getfixturevalue(user_fixture))

    assert client.get(reverse("cases:break_glass", args=[case.reference])).status_code == 404
    assert (
        client.post(reverse("cases:break_glass", args=[case.reference]), {"reason": REASON}).status_code
        == 404
    )
