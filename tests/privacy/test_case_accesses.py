"""Who viewed this file: the case page's tab "Inzage" and a full list, for the case's team only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import breakglass
from core.models import AccessLog
from tests.cases.factories import CaseFactory, DocumentFactory
from tests.privacy.conftest import at, broke_the_glass, logged

pytestmark = pytest.mark.django_db

SECTION_TITLE = "Wie heeft dit dossier ingezien"


def case_page(client, case):
    return client.get(reverse("cases:tab", args=[case.reference, "inzage"]))


def accesses_page(client, case, **params):
    return client.get(reverse("privacy:case_accesses", args=[case.reference]), params)


@pytest.mark.parametrize("role_fixture", ["facilitator", "coordinator"])
def test_the_facilitator_and_the_coordinator_see_who_viewed_the_file(request, client_for, case, role_fixture):
    response = case_page(client_for(request.getfixturevalue(role_fixture)), case)

    assert SECTION_TITLE in response.content.decode()


def test_an_administrator_who_broke_the_glass_does_not_see_who_viewed_the_file(client, admin_user, case):
    client.force_login(admin_user)
    session = client.session
    session[breakglass.SESSION_KEY] = {f"cases.case:{case.pk}": 10**12}
    session.save()

    response = case_page(client, case)

    assert response.status_code == 200  # the case itself opens under the grant
    assert SECTION_TITLE not in response.content.decode()
    assert accesses_page(client, case).status_code == 404


@pytest.mark.parametrize(
    "role_fixture",
    ["facilitator_other", "facilitator_fle", "coordinator_fle", "municipal_user", "admin_user"],
)
def test_nobody_else_opens_the_list_of_accesses(request, client_for, case, role_fixture):
    client = client_for(request.getfixturevalue(role_fixture))

    assert accesses_page(client, case).status_code == 404
    assert client.get(reverse("privacy:access_reports", args=[case.reference])).status_code == 404


def test_the_section_lists_views_and_exports_newest_first_with_break_the_glass_and_its_reason(
    client_for, case, coordinator, admin_user
):
    logged(coordinator, AccessLog.Action.VIEW, case, when=at(2026, 3, 2, 10, 0))
    broke_the_glass(admin_user, case, "Melding van Veilig Thuis controleren", when=at(2026, 3, 3, 11, 0))
    document = DocumentFactory(case=case, original_name="verslag.pdf")
    logged(coordinator, AccessLog.Action.VIEW, document, when=at(2026, 3, 4, 12, 0), detail="download")
    logged(coordinator, AccessLog.Action.CHANGE, case, when=at(2026, 3, 5, 12, 0), detail="intake")
    other_case = CaseFactory(facilitator=case.facilitator)
    logged(coordinator, AccessLog.Action.VIEW, other_case, when=at(2026, 3, 6, 12, 0))

    html = case_page(client_for(case.facilitator), case).content.decode()
    section = html[html.index(SECTION_TITLE) :]

    rows = section.split('<tr class="access')[1:]
    # Newest first: the facilitator's own view just now, the download, the break-the-glass, the first view.
    # The change (a write) and the other case's view are not listed.
    assert len(rows) == 4
    assert "document" in rows[1] and "04-03-2026 12:00" in rows[1]
    assert "table-warning" in rows[2] and "Break the glass" in rows[2]
    assert "Melding van Veilig Thuis controleren" in rows[2]
    assert "Functioneel beheerder" in rows[2]
    assert "02-03-2026 10:00" in rows[3]
    assert coordinator.get_full_name() in rows[3]
    assert "Teamcoördinator expertteam (Expertteam" in rows[3]
    assert "06-03-2026" not in section


def test_the_section_shows_at_most_twenty_rows_and_links_to_the_full_list(client_for, case, coordinator):
    for day in range(1, 26):
        logged(coordinator, AccessLog.Action.VIEW, case, when=at(2026, 3, day, 9, 0))

    html = case_page(client_for(coordinator), case).content.decode()
    section = html[html.index(SECTION_TITLE) :]

    assert section.count('<tr class="access') == 20
    assert reverse("privacy:case_accesses", args=[case.reference]) in section


def test_the_full_list_is_paginated_and_names_every_scope(client_for, case, coordinator, provider_user):
    for day in range(1, 29):
        logged(coordinator, AccessLog.Action.VIEW, case, when=at(2026, 2, day, 9, 0))
    for day in range(1, 29):
        logged(provider_user, AccessLog.Action.VIEW, case, when=at(2026, 1, day, 9, 0))
    client = client_for(coordinator)

    first = accesses_page(client, case).content.decode()
    second = accesses_page(client, case, page=2).content.decode()

    assert first.count('<tr class="access') == 50
    assert second.count('<tr class="access') == 6
    assert "Zorgaanbieder (Gezinshuis De Linde)" in second


def test_the_case_page_section_costs_the_same_queries_for_few_and_many_accesses(
    client_for, case, coordinator, django_assert_num_queries
):
    client = client_for(coordinator)
    case_page(client, case)
    with CaptureQueriesContext(connection) as few:
        case_page(client, case)
    for day in range(1, 29):
        logged(coordinator, AccessLog.Action.VIEW, case, when=at(2026, 2, day, 9, 0))
        DocumentFactory(case=case)

    with django_assert_num_queries(len(few.captured_queries)):
        case_page(client, case)
