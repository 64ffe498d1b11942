"""The exports people can use: XLSX with typed numbers and dates, a sheet per section, styled headers,
column widths and a definitions sheet; CSV in UTF-8 with BOM and ";"; the PDF with its definitions
appendix and charts with readable axes; no future months."""

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.models import Region
from reports.charts import bar_chart, nice_ticks, sparkline
from reports.content import build_regional_report
from reports.privacy import Column, Table, suppress
from reports.renderers import render_csv, render_pdf, render_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(hand_counted):
    return build_regional_report(
        region=Region.objects.get(code="UTR"),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        today=date(2026, 10, 15),
    )


def test_xlsx_has_a_sheet_per_section_and_a_definitions_sheet(report):
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    assert workbook.sheetnames[0] == "Rapportage"
    for title in (
        "Doorstroom",
        "Crisisopvang",
        "Residentieel verblijf",
        "School en dagbesteding",
        "Definities",
    ):
        assert title in workbook.sheetnames
    definitions = workbook["Definities"]
    assert [c.value for c in definitions[1]] == ["Sectie", "Begrip", "Definitie"]
    assert any(row[1] == "Wachttijd" for row in definitions.iter_rows(values_only=True))
    assert definitions.column_dimensions["C"].width >= 100


def test_xlsx_numbers_and_dates_are_typed_and_headers_styled(report):
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    summary = workbook["Rapportage"]
    assert summary["B2"].value == datetime(2026, 1, 1) and summary["B2"].number_format == "dd-mm-yyyy"
    flow = workbook["Doorstroom"]
    header = flow[2]
    assert header[0].font.bold and header[0].fill.fill_type == "solid"
    referred = next(row for row in flow.iter_rows() if row[0].value == "Aangemeld in de periode")
    assert referred[1].value == 7 and referred[1].data_type == "n"
    closed = next(row for row in flow.iter_rows() if row[0].value == "Afgesloten in de periode")
    assert closed[1].value == "<5"
    assert flow.column_dimensions["A"].width == 46 and flow.column_dimensions["B"].width == 20


def test_csv_has_bom_semicolons_all_sections_and_definitions(report):
    data = "".join(render_csv(report)).encode("utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    sections = {row[0] for row in rows}
    for title in ("Doorstroom", "Crisisopvang", "Residentieel verblijf", "Uitkomsten en na afsluiting",
                  "School en dagbesteding", "Vergelijking", "Stimuleringsimpuls maatwerk"):  # fmt: skip
        assert title in sections
    assert any(row[1] == "Definities" and row[2] == "Doorlooptijd" for row in rows)


def test_future_months_are_left_out_of_every_format(report):
    rows = list(csv.reader(io.StringIO("".join(render_csv(report))), delimiter=";"))
    months = {row[2] for row in rows if row[1] == "Aanmeldingen en afsluitingen per maand"}
    assert "oktober 2026" in months and "november 2026" not in months and "december 2026" not in months


def test_pdf_has_the_definitions_appendix_and_every_section(report):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(report))).pages)
    assert "Bijlage: definities" in text
    for title in ("Crisisopvang", "Residentieel verblijf", "School en dagbesteding", "Wachttijd"):
        assert title in text


def test_chart_has_round_ticks_a_y_label_and_draws_suppressed_cells_as_such():
    table = Table("t", "Maand", [Column("Aangemeld")], [("jan", [3]), ("feb", [23]), ("mrt", [12])])
    suppress(table)
    svg = bar_chart(table, y_label="Aantal casussen")
    assert nice_ticks(23) == [0, 5, 10, 15, 20, 25]
    for tick in (0, 5, 10, 15, 20, 25):
        assert f'class="tick">{tick}</text>' in svg
    assert 'class="y-label">Aantal casussen</text>' in svg
    assert svg.count('class="suppressed"') == 2  # "<5" for January and the "x" that protects it
    assert "&lt;5" in svg and "style=" not in svg


def test_sparkline_breaks_at_a_suppressed_month():
    svg = sparkline([10, 3, 12, 14], [0, 1, 0, 0], label="Aangemeld")
    assert svg.count("<circle") == 2  # the lone first point and the grey dot of the hidden month
    assert "<polyline" in svg and "style=" not in svg
