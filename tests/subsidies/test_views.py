"""The pages: starting from the case page, drafting, deciding, calls and the list."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Role, RoleAssignment
from subsidies.models import ApplicationStatus, GrantApplication
from tests.subsidies.factories import CallFactory, amsterdam

pytestmark = pytest.mark.django_db


def test_case_page_offers_to_start_an_application(case, scheme, facilitator, client_for):
    html = (
        client_for(facilitator).get(reverse("cases:tab", args=[case.reference, "subsidies"])).content.decode()
    )
    assert reverse("subsidies:start", args=[case.reference]) in html


def test_team_starts_an_application_from_the_case(
    case, scheme, family_home, provider_user, facilitator, client_for
):
    response = client_for(facilitator).post(
        reverse("subsidies:start", args=[case.reference]),
        {"scheme": scheme.pk, "provider_organisation": family_home.pk, "invited_users": [provider_user.pk]},
    )
    application = GrantApplication.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == reverse("subsidies:detail", args=[application.reference])
    assert list(application.invited_users.all()) == [provider_user]


def test_provider_saves_the_draft_with_cost_lines(draft, provider_user, client_for):
    response = client_for(provider_user).post(
        reverse("subsidies:draft", args=[draft.reference]),
        {
            "title": "Kamer",
            "purpose": "Een kamer.",
            "motivation": "Omdat het nodig is.",
            "kosten-TOTAL_FORMS": "2",
            "kosten-INITIAL_FORMS": "0",
            "kosten-0-description": "Verbouwing",
            "kosten-0-amount": "1000.00",
            "kosten-0-is_investment": "on",
            "kosten-1-description": "",
            "kosten-1-amount": "",
        },
    )
    assert response.status_code == 302
    assert [(line.description, line.amount) for line in draft.cost_lines.all()] == [
        ("Verbouwing", Decimal("1000.00"))
    ]


def test_submit_through_the_view_shows_what_is_missing(draft, facilitator, client_for):
    client = client_for(facilitator)
    response = client.post(reverse("subsidies:submit", args=[draft.reference]), follow=True)
    assert "Geef een motivatie." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_rejection_without_reason_shows_the_error_on_the_form(submitted, committee_member, client_for):
    response = client_for(committee_member).post(
        reverse("subsidies:decide", args=[submitted.reference]),
        {"outcome": "rejected", "confirm_checks": "on"},
    )
    assert response.status_code == 200
    assert "Geef een reden voor de afwijzing." in response.content.decode()


def test_committee_grants_through_the_page(submitted, committee_member, client_for):
    client = client_for(committee_member)
    page = client.get(reverse("subsidies:detail", args=[submitted.reference])).content.decode()
    assert 'id="remaining-budget"' in page
    response = client.post(
        reverse("subsidies:decide", args=[submitted.reference]),
        {"outcome": "granted", "amount": "15000.00", "confirm_checks": "on"},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.GRANTED


def test_member_of_the_submitting_team_is_told_why_and_refused(
    submitted, committee_member, team_utr, client_for
):
    RoleAssignment.objects.create(user=committee_member, role=Role.FACILITATOR, expert_team=team_utr)
    client = client_for(committee_member)
    page = client.get(reverse("subsidies:detail", args=[submitted.reference])).content.decode()
    assert "mag er daarom niet over beslissen" in page
    assert 'id="decide"' not in page
    response = client.post(
        reverse("subsidies:decide", args=[submitted.reference]),
        {"outcome": "granted", "amount": "10.00", "confirm_checks": "on"},
    )
    assert response.status_code == 403
    assert not hasattr(GrantApplication.objects.get(pk=submitted.pk), "decision")


def test_provider_starts_a_proposal_in_an_open_call(family_home, provider_user, client_for):
    call = CallFactory(closes_at=amsterdam(2099, 10, 1, 23, 59, 59))
    client = client_for(provider_user)
    assert call.name in client.get(reverse("subsidies:calls")).content.decode()
    response = client.post(
        reverse("subsidies:call_apply", args=[call.pk]), {"organisation": family_home.pk, "title": "Woonvorm"}
    )
    application = GrantApplication.objects.get(call=call)
    assert response.status_code == 302
    assert application.status == ApplicationStatus.DRAFT
    assert application.provider_organisation == family_home


def test_a_closed_call_takes_no_new_proposals(family_home, provider_user, client_for):
    call = CallFactory(closes_at=amsterdam(2020, 6, 1, 23, 59, 59), opens_at=amsterdam(2020, 1, 1, 0, 0))
    response = client_for(provider_user).post(
        reverse("subsidies:call_apply", args=[call.pk]), {"organisation": family_home.pk, "title": "Te laat"}
    )
    assert response.status_code == 404


def test_list_shows_visible_applications_and_filters_by_status(draft, submitted, facilitator, client_for):
    client = client_for(facilitator)
    html = client.get(reverse("subsidies:list")).content.decode()
    assert submitted.reference in html
    html = client.get(reverse("subsidies:list"), {"status": "concept"}).content.decode()
    assert submitted.reference not in html


def test_list_has_an_empty_state(learner, client_for):
    # A learner has no subsidies navigation, but the list itself leaks nothing either.
    html = client_for(learner).get(reverse("subsidies:list")).content.decode()
    assert "Er zijn (nog) geen aanvragen" in html


def test_the_case_pages_grants_tab_lists_only_applications_the_user_may_open(draft, admin_user, client_for):
    client = client_for(admin_user)
    reason = "Klacht van ouders over inzage; controle op verzoek van de FG."
    client.post(reverse("cases:break_glass", args=[draft.case.reference]), {"reason": reason})

    response = client.get(reverse("cases:tab", args=[draft.case.reference, "subsidies"]))

    assert response.status_code == 200
    assert draft.reference not in response.content.decode()
    assert client.get(reverse("subsidies:detail", args=[draft.reference])).status_code == 404


def test_the_view_rule_shows_the_committee_an_application_from_its_receipt_on_as_the_lists_do(
    draft, committee_member, provider_user, facilitator
):
    import rules

    from subsidies import services
    from subsidies.selectors import applications_for_user
    from tests.subsidies.conftest import fill

    assert not rules.has_perm("subsidies.view_application", committee_member, draft)
    assert not applications_for_user(committee_member).filter(pk=draft.pk).exists()

    fill(draft, provider_user, "12000.00")
    submitted = services.submit_application(application=draft, actor=facilitator)

    assert rules.has_perm("subsidies.view_application", committee_member, submitted)
    assert applications_for_user(committee_member).filter(pk=submitted.pk).exists()
