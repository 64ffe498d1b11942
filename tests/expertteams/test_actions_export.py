""" "Mijn acties" exported as CSV and XLSX: exactly the rows of the page, typed, neutralised, logged."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AccessLog
from expertteams.models import StepKind
from tests.expertteams.factories import CaseFactory, log
from tests.exports import csv_rows, xlsx_rows, xlsx_sheet

pytestmark = pytest.mark.django_db

HEADER = [
    "Uiterlijk",
    "Over de datum",
    "Actie",
    "Eigenaar",
    "Casus",
    "Initialen",
    "Leeftijd",
    "Stap",
    "Datum stap",
]


def action(description, due_in_days, **kwargs):
    return {
        "description": description,
        "owner_name": "Pim",
        "due_on": timezone.localdate() + timedelta(days=due_in_days),
        **kwargs,
    }


def export(client, fmt):
    return client.get(reverse("expertteams:my_actions"), {"format": fmt})


def make_actions(case, actor, n):
    log(
        StepKind.CONTACT_FAMILY,
        case=case,
        actor=actor,
        actions=[action(f"actie {i}", i - n // 2) for i in range(n)],
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_has_the_rows_of_every_page_in_the_page_order(client_for, facilitator, fmt):
    case = CaseFactory(facilitator=facilitator)
    make_actions(case, facilitator, 60)  # more than one page of 50
    client = client_for(facilitator)
    shown = [
        a.description
        for n in (1, 2)
        for a in client.get(reverse("expertteams:my_actions"), {"page": n}).context["page"]
    ]

    response = export(client, fmt)

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert rows[0] == HEADER
    assert [row[2] for row in rows[1:]] == shown
    assert len(shown) == 60


def test_csv_row_has_dutch_dates_and_the_overdue_flag(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, actions=[action("bellen", -1)])

    row = csv_rows(export(client_for(facilitator), "csv"))[1]

    assert row[:7] == [
        f"{timezone.localdate() - timedelta(days=1):%d-%m-%Y}",
        "ja",
        "bellen",
        "Pim",
        case.reference,
        "S.",
        str(timezone.localdate().year - 2009),
    ]


def test_the_page_shows_initials_and_age(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, youth_initials="A.", youth_birth_year=2010)
    log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, actions=[action("bellen", 2)])

    html = client_for(facilitator).get(reverse("expertteams:my_actions")).content.decode()

    assert "<td>A.</td>" in html
    assert f'<td class="youth-age">{timezone.localdate().year - 2010}</td>' in html


def test_xlsx_dates_are_dates(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, actions=[action("bellen", 2)])

    cell = xlsx_sheet(export(client_for(facilitator), "xlsx"))["A2"]

    assert cell.is_date and cell.value.date() == timezone.localdate() + timedelta(days=2)


def test_formula_like_action_text_is_neutralised(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    log(
        StepKind.CONTACT_FAMILY,
        case=case,
        actor=facilitator,
        actions=[action("+cmd|' /C calc'!A0", 2, owner_name="@SUM(1)")],
    )
    client = client_for(facilitator)

    row = csv_rows(export(client, "csv"))[1]
    sheet = xlsx_sheet(export(client, "xlsx"))

    assert row[2:4] == ["'+cmd|' /C calc'!A0", "'@SUM(1)"]
    assert sheet["C2"].data_type == "s" and sheet["C2"].value == "+cmd|' /C calc'!A0"


def test_export_is_logged_once_per_case(client_for, facilitator):
    first, second = CaseFactory(facilitator=facilitator), CaseFactory(facilitator=facilitator)
    make_actions(first, facilitator, 3)
    make_actions(second, facilitator, 2)

    export(client_for(facilitator), "xlsx")

    rows = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert sorted(int(r.object_id) for r in rows) == sorted([first.pk, second.pk])
    assert {(r.object_type, r.detail) for r in rows} == {("cases.case", "mijn acties xlsx")}


def test_export_leaves_out_actions_on_cases_the_user_may_not_open(client_for, facilitator, facilitator_other):
    case = CaseFactory(facilitator=facilitator)
    log(
        StepKind.CONTACT_FAMILY,
        case=case,
        actor=facilitator,
        actions=[action("voor collega", 3, owner=facilitator_other)],
    )

    rows = csv_rows(export(client_for(facilitator_other), "csv"))

    assert rows == [HEADER]


@pytest.mark.parametrize(
    "user_fixture", ["municipal_user", "committee_member", "provider_user", "learner", "admin_user"]
)
def test_roles_outside_expert_teams_get_404_on_the_export(request, client_for, user_fixture):
    client = client_for(request.getfixturevalue(user_fixture))

    assert export(client, "csv").status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_the_rows(client_for, facilitator, fmt):
    client = client_for(facilitator)

    def queries_for_export() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as context:
            response = export(client, fmt)
            rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
        return len(context), len(rows)

    for _n in range(2):
        make_actions(CaseFactory(facilitator=facilitator), facilitator, 1)
    export(client, fmt)  # warm-up
    few, few_rows = queries_for_export()
    for _n in range(4):
        make_actions(CaseFactory(facilitator=facilitator), facilitator, 10)
    many, many_rows = queries_for_export()

    assert (few_rows, many_rows) == (3, 43)
    assert many == few
