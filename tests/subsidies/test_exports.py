"""The application list and the committee queue exported as CSV and XLSX: exactly what the page shows,
amounts and dates typed, formula-like text neutralised, each export logged, only for those with the list."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AccessLog, Organisation
from subsidies import selectors, services
from subsidies.models import ApplicationStatus
from tests.exports import csv_rows, xlsx_rows, xlsx_sheet
from tests.subsidies.conftest import RECEIVED
from tests.subsidies.factories import ApplicationFactory, CostLineFactory

pytestmark = pytest.mark.django_db

LIST_HEADER = [
    "Aanvraagnummer",
    "Regeling",
    "Ronde",
    "Casus",
    "Initialen",
    "Aanbieder",
    "Bedrag",
    "Status",
    "Ontvangen",
    "Uiterste beslisdatum",
]
QUEUE_HEADER = [
    "Aanvraagnummer",
    "Regeling",
    "Casus",
    "Initialen",
    "Aanbieder",
    "Aangevraagd",
    "Ontvangen",
    "Uiterste beslisdatum",
    "Resterend",
    "Werkdagen over",
    "In gevaar",
    "Wacht op leden",
]


def submit_on(scheme, facilitator, received_at, amount="12000.00"):
    application = ApplicationFactory(scheme=scheme, case__facilitator=facilitator)
    CostLineFactory(application=application, amount=Decimal(amount))
    return services.submit_application(application=application, actor=facilitator, now=received_at)


def rows_of(response, fmt):
    return csv_rows(response) if fmt == "csv" else xlsx_rows(response)


def list_export(client, fmt, **params):
    return client.get(reverse("subsidies:list"), {**params, "format": fmt})


def queue_export(client, fmt):
    return client.get(reverse("subsidies:committee"), {"format": fmt})


def shown_on_list(client, **params) -> list[str]:
    references, number = [], 1
    while True:
        page = client.get(reverse("subsidies:list"), {**params, "page": number}).context["page"]
        references += [application.reference for application in page.object_list]
        if not page.has_next():
            return references
        number += 1


# --- The application list ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_list_export_has_exactly_the_filtered_rows_of_every_page(scheme, facilitator, client_for, fmt):
    for day in range(30):
        submit_on(scheme, facilitator, RECEIVED + timedelta(hours=day))
    for _n in range(3):
        ApplicationFactory(scheme=scheme, case__facilitator=facilitator)  # drafts, filtered out
    client = client_for(facilitator)

    rows = rows_of(list_export(client, fmt, status=ApplicationStatus.SUBMITTED), fmt)

    shown = shown_on_list(client, status=ApplicationStatus.SUBMITTED)
    assert rows[0] == LIST_HEADER
    assert len(shown) == 30 and [row[0] for row in rows[1:]] == shown


def test_list_csv_has_dutch_amounts_and_dates(submitted, facilitator, client_for):
    row = dict(zip(LIST_HEADER, csv_rows(list_export(client_for(facilitator), "csv"))[1], strict=True))

    assert row["Aanvraagnummer"] == submitted.reference
    assert row["Initialen"] == "A."
    assert row["Bedrag"] == "15000,00"
    assert row["Status"] == "Ingediend"
    assert row["Ontvangen"] == "09-03-2026 10:00"
    assert row["Uiterste beslisdatum"] == "16-03-2026"


def test_list_xlsx_has_amounts_as_numbers_and_dates_as_dates(submitted, facilitator, client_for):
    sheet = xlsx_sheet(list_export(client_for(facilitator), "xlsx"))

    cells = dict(zip(LIST_HEADER, next(sheet.iter_rows(min_row=2)), strict=True))
    assert cells["Bedrag"].value == 15000 and cells["Bedrag"].data_type == "n"
    assert cells["Ontvangen"].value == datetime(2026, 3, 9, 10, 0)
    assert cells["Uiterste beslisdatum"].is_date


def test_a_draft_shows_the_sum_of_its_cost_lines(draft, provider_user, client_for):
    CostLineFactory(application=draft, amount=Decimal("250.50"))

    rows = csv_rows(list_export(client_for(provider_user), "csv"))

    assert rows[1][LIST_HEADER.index("Bedrag")] == "250,50"


def test_list_export_neutralises_formula_like_text(submitted, facilitator, client_for):
    Organisation.objects.filter(pk=submitted.provider_organisation_id).update(name="=cmd|' /C calc'!A0")

    csv_row = csv_rows(list_export(client_for(facilitator), "csv"))[1]
    sheet = xlsx_sheet(list_export(client_for(facilitator), "xlsx"))

    assert csv_row[LIST_HEADER.index("Aanbieder")] == "'=cmd|' /C calc'!A0"
    cell = sheet.cell(row=2, column=LIST_HEADER.index("Aanbieder") + 1)
    assert cell.data_type == "s" and cell.value == "=cmd|' /C calc'!A0"


def test_list_export_is_logged_per_application(submitted, draft, facilitator, client_for):
    b"".join(list_export(client_for(facilitator), "csv").streaming_content)

    rows = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert [(r.object_type, r.object_id, r.detail) for r in rows] == [
        ("subsidies.grantapplication", str(submitted.pk), "aanvragenlijst csv")
    ]


@pytest.mark.parametrize("user_fixture", ["municipal_user", "learner", "admin_user"])
def test_roles_without_an_application_list_get_404_on_its_export(
    request, submitted, client_for, user_fixture
):
    client = client_for(request.getfixturevalue(user_fixture))

    assert list_export(client, "csv").status_code == 404
    assert list_export(client, "xlsx").status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_a_provider_exports_only_what_it_may_see(submitted, provider_user, scheme, facilitator, client_for):
    other = ApplicationFactory(
        scheme=scheme,
        provider_organisation=Organisation.objects.exclude(pk=submitted.provider_organisation_id)
        .filter(kind=Organisation.Kind.PROVIDER)
        .first(),
    )

    rows = csv_rows(list_export(client_for(provider_user), "csv"))

    references = [row[0] for row in rows[1:]]
    assert submitted.reference in references and other.reference not in references


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_list_export_query_count_does_not_grow_with_the_rows(scheme, facilitator, client_for, fmt):
    client = client_for(facilitator)

    def measured():
        with CaptureQueriesContext(connection) as context:
            rows = rows_of(list_export(client, fmt), fmt)
        return len(context), len(rows)

    for hour in range(2):
        submit_on(scheme, facilitator, RECEIVED + timedelta(hours=hour))
    list_export(client, fmt)  # warm-up
    few, few_rows = measured()
    for hour in range(2, 30):
        submit_on(scheme, facilitator, RECEIVED + timedelta(hours=hour))
    many, many_rows = measured()

    assert (few_rows, many_rows) == (3, 31)
    assert many == few


# --- The committee queue -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_queue_export_has_the_rows_of_the_queue_in_its_order(
    scheme, facilitator, committee_member, client_for, fmt
):
    late = submit_on(scheme, facilitator, RECEIVED)
    soon = submit_on(scheme, facilitator, RECEIVED + timedelta(days=2))
    decided = submit_on(scheme, facilitator, RECEIVED - timedelta(days=1))
    services.decide(application=decided, actor=committee_member, outcome="rejected", reason="Onvolledig.")
    client = client_for(committee_member)

    rows = rows_of(queue_export(client, fmt), fmt)

    queue = selectors.committee_queue(committee_member)
    assert rows[0] == QUEUE_HEADER
    assert [row[0] for row in rows[1:]] == [row.application.reference for row in queue]
    assert [row[0] for row in rows[1:]] == [late.reference, soon.reference]
    assert [row[8] for row in rows[1:]] == [row.remaining for row in queue]
    assert [row[10] for row in rows[1:]] == ["ja" if row.at_risk else "nee" for row in queue]
    assert [int(row[11]) for row in rows[1:]] == [row.waiting_for for row in queue]


def test_queue_xlsx_is_typed(submitted, committee_member, client_for):
    sheet = xlsx_sheet(queue_export(client_for(committee_member), "xlsx"))

    cells = dict(zip(QUEUE_HEADER, next(sheet.iter_rows(min_row=2)), strict=True))
    assert cells["Aangevraagd"].value == 15000 and cells["Aangevraagd"].number_format == "#,##0.00"
    assert cells["Uiterste beslisdatum"].is_date
    assert cells["Uiterste beslisdatum"].value.date().isoformat() == "2026-03-16"
    assert cells["Werkdagen over"].data_type == "n"
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


def test_queue_export_is_logged_per_application(submitted, committee_member, client_for):
    b"".join(queue_export(client_for(committee_member), "csv").streaming_content)

    row = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (row.object_type, row.object_id, row.detail) == (
        "subsidies.grantapplication",
        str(submitted.pk),
        "beoordelingslijst csv",
    )


@pytest.mark.parametrize("user_fixture", ["facilitator", "coordinator", "provider_user", "municipal_user"])
def test_only_the_committee_exports_the_queue(request, submitted, client_for, user_fixture):
    client = client_for(request.getfixturevalue(user_fixture))

    assert queue_export(client, "csv").status_code == 404
    assert queue_export(client, "xlsx").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_queue_export_query_count_does_not_grow_with_the_rows(
    scheme, facilitator, committee_member, client_for, fmt
):
    client = client_for(committee_member)

    def measured():
        with CaptureQueriesContext(connection) as context:
            rows = rows_of(queue_export(client, fmt), fmt)
        return len(context), len(rows)

    for day in range(2):
        submit_on(scheme, facilitator, RECEIVED + timedelta(days=day))
    queue_export(client, fmt)  # warm-up
    few, few_rows = measured()
    for day in range(2, 9):
        submit_on(scheme, facilitator, RECEIVED + timedelta(days=day))
    many, many_rows = measured()

    assert (few_rows, many_rows) == (3, 10)
    assert many == few
