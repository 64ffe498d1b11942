"""core.exports: CSV and XLSX of one table, typed, neutralised against formulas, logged."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.utils import timezone

from core import exports
from core.exports import Column, ColumnType
from core.models import AccessLog, Region
from tests.exports import csv_rows, xlsx_rows, xlsx_sheet

FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "＝1+1"]


@dataclass
class Row:
    name: str
    count: int | None
    amount: Decimal | None
    day: date | None
    moment: datetime | None


COLUMNS = [
    Column("Naam", "name"),
    Column("Aantal", "count", ColumnType.INT),
    Column("Bedrag", "amount", ColumnType.DECIMAL),
    Column("Datum", "day", ColumnType.DATE),
    Column("Tijdstip", "moment", ColumnType.DATETIME),
]

ROW = Row(
    name="Amy",
    count=3,
    amount=Decimal("1234.50"),
    day=date(2026, 3, 9),
    # 13:05 UTC is 14:05 in Amsterdam in winter.
    moment=datetime(2026, 3, 9, 13, 5, tzinfo=UTC),
)


def export(rows, fmt, user=None, logged=()):
    return exports.export_response(
        rows, COLUMNS, filename=f"test.{fmt}", format=fmt, user=user, logged=list(logged), detail="test"
    )


@pytest.mark.django_db
def test_csv_is_streamed_with_bom_semicolons_decimal_comma_and_dutch_dates():
    response = export([ROW], "csv")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="test.csv"'
    assert csv_rows(response) == [
        ["Naam", "Aantal", "Bedrag", "Datum", "Tijdstip"],
        ["Amy", "3", "1234,50", "09-03-2026", "09-03-2026 14:05"],
    ]


@pytest.mark.django_db
def test_csv_writes_decimals_with_two_decimals_as_amounts():
    response = export(
        [Row("x", 1, Decimal("250.5"), None, None), Row("y", 2, Decimal("0.125"), None, None)], "csv"
    )

    assert [row[2] for row in csv_rows(response)[1:]] == ["250,50", "0,13"]


@pytest.mark.django_db
def test_csv_leaves_empty_values_empty():
    response = export([Row("", None, None, None, None)], "csv")

    assert csv_rows(response)[1] == ["", "", "", "", ""]


@pytest.mark.django_db
@pytest.mark.parametrize("text", FORMULAS)
def test_csv_neutralises_formula_like_text_with_an_apostrophe(text):
    response = export([Row(text, -5, Decimal("-1.5"), None, None)], "csv")

    row = csv_rows(response)[1]
    assert row[0] == "'" + text
    # Typed numbers are numbers, not text: a negative amount stays a negative amount.
    assert row[1:3] == ["-5", "-1,50"]


@pytest.mark.parametrize("text", ["Amy", "a=b", "'al geneutraliseerd", "1-2", ""])
def test_ordinary_text_is_left_alone(text):
    assert exports.neutralise(text) == text


@pytest.mark.django_db
def test_xlsx_cells_are_typed_with_dutch_number_formats():
    response = export([ROW], "xlsx")

    assert isinstance(response, FileResponse)
    assert response["Content-Disposition"] == 'attachment; filename="test.xlsx"'
    sheet = xlsx_sheet(response)
    header, row = list(sheet.iter_rows(min_row=1, max_row=2))
    assert [cell.value for cell in header] == ["Naam", "Aantal", "Bedrag", "Datum", "Tijdstip"]
    assert [cell.value for cell in row] == [
        "Amy",
        3,
        1234.5,
        datetime(2026, 3, 9),
        datetime(2026, 3, 9, 14, 5),
    ]
    assert [cell.data_type for cell in row] == ["s", "n", "n", "d", "d"]
    assert [cell.number_format for cell in row[1:]] == ["0", "#,##0.00", "dd-mm-yyyy", "dd-mm-yyyy hh:mm"]


@pytest.mark.django_db
def test_xlsx_header_is_bold_filled_frozen_with_widths_and_a_filter():
    sheet = xlsx_sheet(export([ROW], "xlsx"))

    header = sheet["A1"]
    assert header.font.bold
    assert header.fill.fgColor.rgb.endswith(exports.HEADER_FILL)
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 24
    assert sheet.column_dimensions["D"].width == 12
    assert sheet.auto_filter.ref == "A1:E2"


@pytest.mark.django_db
@pytest.mark.parametrize("text", FORMULAS)
def test_xlsx_writes_formula_like_text_as_a_plain_string_never_a_formula(text):
    sheet = xlsx_sheet(export([Row(text, None, None, None, None)], "xlsx"))

    cell = sheet["A2"]
    assert cell.data_type == "s"
    # XML reads a carriage return back as a line feed.
    assert cell.value == text.replace("\r", "\n")
    assert cell.quotePrefix


@pytest.mark.django_db
def test_xlsx_drops_control_characters_openpyxl_cannot_store():
    rows = xlsx_rows(export([Row("a\x00b\x07c", None, None, None, None)], "xlsx"))

    assert rows[1][0] == "abc"


@pytest.mark.django_db
def test_rows_are_read_lazily_once():
    def generated():
        yield ROW
        yield ROW

    assert len(xlsx_rows(export(generated(), "xlsx"))) == 3
    assert len(csv_rows(export(generated(), "csv"))) == 3


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="Unknown export format"):
        export([ROW], "pdf")


def test_requested_format_accepts_only_csv_and_xlsx():
    factory = RequestFactory()

    assert exports.requested_format(factory.get("/", {"format": "csv"})) == "csv"
    assert exports.requested_format(factory.get("/", {"format": "xlsx"})) == "xlsx"
    assert exports.requested_format(factory.get("/", {"format": "html"})) == ""
    assert exports.requested_format(factory.get("/")) == ""


def test_filename_is_a_fixed_stem_and_todays_date():
    assert exports.export_filename("casussen", "csv") == f"casussen-{timezone.localdate():%Y-%m-%d}.csv"


def test_accessor_follows_dotted_paths_calls_methods_and_stops_at_none():
    @dataclass
    class Inner:
        label: str

        def shout(self):
            return self.label.upper()

    @dataclass
    class Outer:
        inner: Inner | None

    assert Column("x", "inner.label").value_of(Outer(Inner("a"))) == "a"
    assert Column("x", "inner.shout").value_of(Outer(Inner("a"))) == "A"
    assert Column("x", "inner.label").value_of(Outer(None)) is None
    assert Column("x", lambda row: 7, ColumnType.INT).value_of(None) == 7


@pytest.mark.django_db
def test_each_exported_object_gets_an_export_row_in_the_access_log(facilitator, reference_data):
    regions = list(Region.objects.order_by("pk")[:3])

    export([ROW], "csv", user=facilitator, logged=regions)

    rows = AccessLog.objects.filter(action=AccessLog.Action.EXPORT).order_by("pk")
    assert [(r.object_type, r.object_id) for r in rows] == [("core.region", str(r.pk)) for r in regions]
    assert {(r.username, r.detail) for r in rows} == {(facilitator.username, "test")}


@pytest.mark.django_db
def test_a_queryset_is_logged_in_three_queries_however_many_objects(
    facilitator, reference_data, django_assert_num_queries
):
    facilitator.role_label  # noqa: B018 - the role is read once per user, not per export
    with django_assert_num_queries(3):
        exports.log_export(facilitator, Region.objects.all(), detail="regio's")

    assert AccessLog.objects.filter(action="export").count() == Region.objects.count()


@pytest.mark.django_db
def test_an_empty_export_is_logged_too(facilitator):
    export([], "xlsx", user=facilitator)

    row = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (row.object_type, row.object_id, row.detail) == ("", "", "test")
