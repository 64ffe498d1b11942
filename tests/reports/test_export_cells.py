"""The report's CSV and XLSX: formula-like labels neutralised, XLSX numbers typed, suppression kept."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.models import Region
from reports.content import RegionalReport, Section
from reports.privacy import AMOUNT, NUMBER, Column, Table, suppress
from reports.renderers import render_csv, render_xlsx

pytestmark = pytest.mark.django_db

SNEAKY = '=HYPERLINK("http://x","klik")'


def report_with(rows) -> RegionalReport:
    table = suppress(
        Table(
            title="Aanvragen per gemeente",
            row_header="Gemeente",
            columns=[Column("Aantal"), Column("Bedrag", AMOUNT), Column("Mediaan", NUMBER)],
            rows=rows,
        )
    )
    return RegionalReport(
        region=Region.objects.get(code="UTR"),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        sections=[Section(title="Subsidies", tables=[table])],
    )


ROWS = [
    (SNEAKY, [12, Decimal("1234.50"), 3.4]),
    ("Houten", [7, Decimal("99"), 2]),
    ("Lopik", [2, Decimal("5"), 1]),
]


def sheet_of(report):
    return load_workbook(io.BytesIO(render_xlsx(report))).worksheets[1]


def test_csv_neutralises_formula_like_labels(reference_data):
    rows = list(csv.reader(io.StringIO("".join(render_csv(report_with(ROWS)))), delimiter=";"))

    labels = {row[2] for row in rows[2:]}
    assert "'" + SNEAKY in labels and SNEAKY not in labels


def test_xlsx_writes_labels_as_plain_strings(reference_data):
    sheet = sheet_of(report_with(ROWS))

    label = sheet["A3"]
    assert label.value == SNEAKY
    assert label.data_type == "s"
    assert label.quotePrefix


def test_xlsx_counts_and_amounts_are_numbers_and_suppression_stays_text(reference_data):
    sheet = sheet_of(report_with(ROWS))

    header = [cell.value for cell in sheet[2]]
    first, small, total = sheet[3], sheet[5], sheet[6]
    assert header == ["Gemeente", "Aantal", "Bedrag", "Mediaan"]
    assert (first[1].value, first[1].data_type, first[1].number_format) == (12, "n", "#,##0")
    assert first[2].value == 1234.5 and first[2].number_format == '"€" #,##0.00'
    assert first[3].value == 3.4 and first[3].number_format == "#,##0.0"  # one decimal, as the PDF shows it
    # Lopik's 2 is a small count: "<5", its amount hidden with it; the total is a number again.
    assert [cell.value for cell in small[1:3]] == ["<5", "x"]
    assert total[0].value == "Totaal" and total[1].value == 21
