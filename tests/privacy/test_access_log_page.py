"""The administrator's access log: rows by reference, filtered by period, user and case or application
reference, paginated, exportable as CSV; the privacy pages are for administrators only."""

from datetime import date

import pytest
from django.urls import reverse

from core.models import AccessLog
from privacy.erasure import record_erasure_request
from privacy.models import Requester, RetentionReview
from tests.cases.factories import CaseFactory, DocumentFactory
from tests.privacy.conftest import at, broke_the_glass, logged
from tests.subsidies.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

ADMIN_URL_NAMES = ["privacy:index", "privacy:access_log", "privacy:retention", "privacy:erasure_list"]


def log_page(client, **params):
    return client.get(reverse("privacy:access_log"), params)


def lines(html: str) -> list[str]:
    return html.split('<tr class="log-line')[1:]


@pytest.mark.parametrize("url_name", ADMIN_URL_NAMES)
@pytest.mark.parametrize("role_fixture", ["facilitator", "coordinator", "municipal_user", "committee_member"])
def test_only_administrators_open_the_privacy_pages(request, client_for, url_name, role_fixture):
    client = client_for(request.getfixturevalue(role_fixture))

    assert client.get(reverse(url_name)).status_code == 404


@pytest.mark.parametrize("url_name", ADMIN_URL_NAMES)
def test_administrators_open_the_privacy_pages(client_for, admin_user, url_name):
    assert client_for(admin_user).get(reverse(url_name)).status_code == 200


def test_rows_show_case_and_application_references_instead_of_internal_ids(
    client_for, admin_user, case, coordinator, provider_user
):
    application = ApplicationFactory(case=case)
    document = DocumentFactory(case=case)
    logged(coordinator, AccessLog.Action.VIEW, case)
    logged(coordinator, AccessLog.Action.VIEW, document, detail="download")
    logged(provider_user, AccessLog.Action.VIEW, application)

    html = log_page(client_for(admin_user)).content.decode()

    assert f"casus {case.reference}" in html
    assert f"aanvraag {application.reference}" in html
    assert "subsidies.grantapplication #" not in html and "cases.case #" not in html
    document_line = next(line for line in lines(html) if "download" in line)
    assert case.reference in document_line  # a document names the case it belongs to
    assert document.original_name not in html


def test_filtering_by_case_reference_shows_everything_in_its_file_and_nothing_else(
    client_for, admin_user, case, coordinator, provider_user
):
    application = ApplicationFactory(case=case)
    logged(coordinator, AccessLog.Action.VIEW, case)
    logged(coordinator, AccessLog.Action.VIEW, DocumentFactory(case=case), detail="download")
    logged(provider_user, AccessLog.Action.VIEW, application)
    logged(coordinator, AccessLog.Action.VIEW, CaseFactory(facilitator=case.facilitator))

    by_case = lines(log_page(client_for(admin_user), reference=case.reference.lower()).content.decode())
    by_application = lines(log_page(client_for(admin_user), reference=application.reference).content.decode())
    unknown = lines(log_page(client_for(admin_user), reference="UTR-1999-0001").content.decode())

    assert len(by_case) == 3
    assert all(case.reference in line for line in by_case)
    assert len(by_application) == 1 and application.reference in by_application[0]
    assert unknown == []


def test_filtering_by_period_and_user(client_for, admin_user, case, coordinator, facilitator):
    logged(coordinator, AccessLog.Action.VIEW, case, when=at(2026, 3, 1, 0, 30))  # still 1 March in Amsterdam
    logged(coordinator, AccessLog.Action.VIEW, case, when=at(2026, 3, 31, 23, 30))
    logged(coordinator, AccessLog.Action.VIEW, case, when=at(2026, 4, 1, 0, 10))
    logged(facilitator, AccessLog.Action.VIEW, case, when=at(2026, 3, 15, 12, 0))
    client = client_for(admin_user)

    march = lines(log_page(client, date_from="2026-03-01", date_to="2026-03-31").content.decode())
    by_username = lines(log_page(client, user=coordinator.username).content.decode())
    by_name = lines(log_page(client, user=facilitator.last_name).content.decode())

    assert len(march) == 3
    assert len(by_username) == 3
    assert len(by_name) == 1 and "15-03-2026" in by_name[0]


def test_break_the_glass_rows_are_marked_with_their_reason(client_for, admin_user, case):
    broke_the_glass(admin_user, case, "Klacht van moeder onderzoeken")

    line = lines(log_page(client_for(admin_user)).content.decode())[0]

    assert "table-warning" in line and "Break the glass" in line and "Klacht van moeder onderzoeken" in line


def test_the_log_is_paginated_with_constant_queries(
    client_for, admin_user, coordinator, django_assert_max_num_queries
):
    cases = [CaseFactory() for _n in range(3)]
    for n in range(60):
        logged(coordinator, AccessLog.Action.VIEW, cases[n % 3])
        logged(coordinator, AccessLog.Action.VIEW, DocumentFactory(case=cases[n % 3]), detail="download")
    client = client_for(admin_user)
    log_page(client)

    # 7: the request (session, user, roles), the count, the page with the users, and one query per object
    # type on the page (documents, cases), whatever the number of rows; one spare for the request's
    # own middleware.
    with django_assert_max_num_queries(8):
        first = log_page(client)
    second = log_page(client, page=3)

    assert len(lines(first.content.decode())) == 50
    assert len(lines(second.content.decode())) == 20


def test_the_csv_export_names_references_neutralises_formulas_and_is_logged(
    client_for, admin_user, case, coordinator
):
    logged(coordinator, AccessLog.Action.VIEW, case, detail='=HYPERLINK("http://x")')
    logged(coordinator, AccessLog.Action.VIEW, CaseFactory(facilitator=case.facilitator))
    client = client_for(admin_user)

    response = log_page(client, reference=case.reference, format="csv")

    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert "toegangslog-" in response["Content-Disposition"]
    assert body.startswith("\ufeff")
    header, *rows = [line for line in body.lstrip("\ufeff").splitlines() if line]
    assert header.split(";")[:6] == ["Tijdstip", "Gebruikersnaam", "Rol", "Actie", "Object", "Casusnummer"]
    assert len(rows) == 1
    assert case.reference in rows[0]
    assert "'=HYPERLINK" in rows[0]
    assert AccessLog.objects.filter(
        username=admin_user.username, action=AccessLog.Action.EXPORT, detail="toegangslog csv"
    ).exists()


@pytest.mark.parametrize("role_fixture", ["facilitator", "coordinator", "municipal_user"])
def test_only_administrators_open_a_retention_decision_or_an_erasure_request(
    request, client_for, role_fixture, case, admin_user
):

    review = RetentionReview.objects.create(case=case, destroy_not_before=date(2026, 1, 1))
    item = record_erasure_request(
        actor=admin_user, case=case, requester=Requester.YOUTH, received_on=date(2026, 1, 5)
    )
    client = client_for(request.getfixturevalue(role_fixture))

    assert client.get(reverse("privacy:retention_decide", args=[review.pk])).status_code == 404
    assert (
        client.post(
            reverse("privacy:retention_decide", args=[review.pk]), {"decision": "destroy"}
        ).status_code
        == 404
    )
    assert client.get(reverse("privacy:erasure_detail", args=[item.pk])).status_code == 404
    assert (
        client.post(reverse("privacy:erasure_detail", args=[item.pk]), {"action": "execute"}).status_code
        == 404
    )
