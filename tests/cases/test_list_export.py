"""The case list: search by first name, initials and age, sorting by urgency and next action, the sort
label, and the export of exactly the filtered rows as CSV and XLSX."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.forms import CaseFilterForm
from cases.models import CaseStatus, Urgency
from cases.selectors import DEFAULT_SORT, SORTS, FilterOptions, search_cases
from core.models import AccessLog
from tests.cases.factories import CaseFactory
from tests.exports import csv_rows, xlsx_rows, xlsx_sheet
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXPORT_BUDGET = 9

HEADER = [
    "Casusnummer",
    "Initialen",
    "Geboortejaar",
    "Leeftijd",
    "Gemeente",
    "Regio",
    "Status",
    "Urgentie",
    "Procesbegeleider",
    "Aangemeld",
    "Laatste stap",
    "Eerstvolgende actie",
    "Signalen",
]


def export(client, fmt, **params):
    return client.get(reverse("cases:list"), {**params, "format": fmt})


# --- Search ------------------------------------------------------------------------------------------


def test_search_finds_the_youth_by_the_start_of_the_first_name(coordinator):
    amy = CaseFactory(youth_name="Amy", youth_initials="A.")
    CaseFactory(youth_name="Sam", youth_initials="S.")

    assert list(search_cases(coordinator, query="amy")) == [amy]
    assert list(search_cases(coordinator, query="Am")) == [amy]


def test_search_by_first_name_stays_within_the_users_cases(facilitator, facilitator_other):
    mine = CaseFactory(youth_name="Amy", facilitator=facilitator)
    CaseFactory(youth_name="Amy", facilitator=facilitator_other)

    assert list(search_cases(facilitator, query="Amy")) == [mine]


def test_search_by_initials_still_works(coordinator):
    amy = CaseFactory(youth_name="Anna Bea", youth_initials="A.B.")

    assert list(search_cases(coordinator, query="A.B.")) == [amy]


def test_list_shows_initials_age_and_urgency_but_not_the_first_name(client_for, coordinator):
    CaseFactory(youth_name="Amy", youth_initials="A.", youth_birth_year=2010, urgency=Urgency.CRISIS)

    html = client_for(coordinator).get(reverse("cases:list")).content.decode()

    assert f'<td class="youth-age">{timezone.localdate().year - 2010}</td>' in html
    assert "<td>A.</td>" in html
    assert "<td>Crisis</td>" in html
    assert "Amy" not in html


# --- Sorting -----------------------------------------------------------------------------------------


def test_sorting_by_urgency_puts_crisis_first_then_the_earliest_next_action(coordinator):
    today = timezone.localdate()
    normal = CaseFactory(urgency=Urgency.NORMAL, next_action_due=today)
    high_later = CaseFactory(urgency=Urgency.HIGH, next_action_due=today + timedelta(days=5))
    high_soon = CaseFactory(urgency=Urgency.HIGH, next_action_due=today + timedelta(days=1))
    crisis = CaseFactory(urgency=Urgency.CRISIS)

    assert list(search_cases(coordinator, sort="urgency")) == [crisis, high_soon, high_later, normal]


def test_sorting_by_next_action_puts_the_earliest_first_and_cases_without_actions_last(coordinator):
    today = timezone.localdate()
    none = CaseFactory()
    later = CaseFactory(next_action_due=today + timedelta(days=3))
    overdue = CaseFactory(next_action_due=today - timedelta(days=2))

    assert list(search_cases(coordinator, sort="next_action")) == [overdue, later, none]


def test_every_sort_has_a_label_and_the_first_label_is_the_default_order():
    form = CaseFilterForm(options=FilterOptions())

    assert set(CaseFilterForm.SORT_LABELS) == set(SORTS)
    assert form.fields["sort"].choices[0] == (DEFAULT_SORT, "Nieuwste eerst")


def test_the_sort_control_shows_the_order_the_list_has(client_for, coordinator):
    CaseFactory()
    client = client_for(coordinator)

    unsorted = client.get(reverse("cases:list")).content.decode()
    searched = client.get(reverse("cases:list"), {"q": "utrecht"}).content.decode()

    assert '<option value="-created" selected>Nieuwste eerst</option>' in unsorted
    # Bound without a sort: no option is selected, so the browser shows the first, the real order.
    assert searched.index('value="-created"') < searched.index('value="reference"')


# --- Export ------------------------------------------------------------------------------------------


def make_cases(facilitator, n=30):
    today = timezone.localdate()
    for i in range(n):
        CaseFactory(
            facilitator=facilitator,
            youth_initials="A.B." if i % 2 else "S.",
            status=CaseStatus.INTAKE if i % 3 else CaseStatus.ACTIVE,
            last_step_at=timezone.now() - timedelta(days=i),
            next_action_due=today + timedelta(days=i),
        )


def page_references(client, **params) -> list[str]:
    """The references the HTML list shows, over all its pages."""
    references, number = [], 1
    while True:
        page = client.get(reverse("cases:list"), {**params, "page": number}).context["page"]
        references += [case.reference for case in page.object_list]
        if not page.has_next():
            return references
        number += 1


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_has_exactly_the_filtered_rows_of_every_page_in_the_list_order(
    client_for, coordinator, facilitator, fmt
):
    make_cases(facilitator)
    CaseFactory(youth_initials="Z.", status=CaseStatus.CLOSED)
    client = client_for(coordinator)
    params = {"q": "a.b", "status": "intake", "sort": "next_action"}

    response = export(client, fmt, **params)

    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert rows[0] == HEADER
    shown = page_references(client, **params)
    assert len(shown) > 1 and [row[0] for row in rows[1:]] == shown


def test_csv_export_is_dutch_excel_ready(client_for, coordinator):
    case = CaseFactory(youth_birth_year=2010, next_action_due=date(2026, 3, 9), urgency=Urgency.HIGH)

    response = export(client_for(coordinator), "csv")

    assert response["Content-Disposition"] == (
        f'attachment; filename="casussen-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    row = dict(zip(HEADER, csv_rows(response)[1], strict=True))
    assert row["Casusnummer"] == case.reference
    assert row["Geboortejaar"] == "2010"
    assert row["Leeftijd"] == str(timezone.localdate().year - 2010)
    assert row["Urgentie"] == "Hoog"
    assert row["Eerstvolgende actie"] == "09-03-2026"


def test_xlsx_export_has_numbers_and_dates_typed(client_for, coordinator):
    CaseFactory(youth_birth_year=2010, next_action_due=date(2026, 3, 9))

    sheet = xlsx_sheet(export(client_for(coordinator), "xlsx"))

    cells = {header: cell for header, cell in zip(HEADER, next(sheet.iter_rows(min_row=2)), strict=True)}
    assert cells["Geboortejaar"].value == 2010 and cells["Geboortejaar"].data_type == "n"
    assert cells["Eerstvolgende actie"].is_date
    assert cells["Eerstvolgende actie"].value.date() == date(2026, 3, 9)
    assert cells["Eerstvolgende actie"].number_format == "dd-mm-yyyy"


def test_export_neutralises_formula_like_names(client_for, coordinator):
    sneaky = UserFactory(first_name='=HYPERLINK("http://x")', last_name="")
    CaseFactory(facilitator=sneaky)

    rows = csv_rows(export(client_for(coordinator), "csv"))
    sheet = xlsx_sheet(export(client_for(coordinator), "xlsx"))

    assert rows[1][HEADER.index("Procesbegeleider")].startswith("'=HYPERLINK")
    cell = sheet.cell(row=2, column=HEADER.index("Procesbegeleider") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_export_is_logged_for_each_exported_case(client_for, coordinator):
    exported = [CaseFactory(youth_initials="A."), CaseFactory(youth_initials="A.")]
    CaseFactory(youth_initials="S.")

    b"".join(export(client_for(coordinator), "csv", q="A.").streaming_content)

    rows = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert sorted(int(r.object_id) for r in rows) == sorted(case.pk for case in exported)
    assert {(r.object_type, r.username, r.detail) for r in rows} == {
        ("cases.case", coordinator.username, "casuslijst csv")
    }


def test_export_filename_holds_no_search_terms(client_for, coordinator):
    response = export(client_for(coordinator), "xlsx", q="Amy")

    assert "Amy" not in response["Content-Disposition"]


@pytest.mark.parametrize(
    "user_fixture", ["municipal_user", "committee_member", "provider_user", "learner", "admin_user"]
)
def test_roles_without_a_case_list_get_404_on_the_export(request, client_for, user_fixture):
    CaseFactory()
    client = client_for(request.getfixturevalue(user_fixture))

    assert export(client, "csv").status_code == 404
    assert export(client, "xlsx").status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_a_facilitator_exports_only_their_own_cases(client_for, facilitator, facilitator_other):
    mine = CaseFactory(facilitator=facilitator)
    CaseFactory(facilitator=facilitator_other)

    rows = csv_rows(export(client_for(facilitator), "csv"))

    assert [row[0] for row in rows[1:]] == [mine.reference]


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("cases:list"), {"format": "csv"})

    assert response.status_code == 302


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_query_count_does_not_grow_with_the_rows(client_for, coordinator, facilitator, fmt):
    client = client_for(coordinator)

    def queries_for_export() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as context:
            response = export(client, fmt)
            rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
        return len(context), len(rows)

    make_cases(facilitator, n=3)
    export(client, fmt)  # warm-up
    few, few_rows = queries_for_export()
    make_cases(facilitator, n=40)
    many, many_rows = queries_for_export()

    assert (few_rows, many_rows) == (4, 44)
    # Session and user, filter options, the role checks, the access log (ids, first row, the rest), the rows.
    assert many == few <= EXPORT_BUDGET
