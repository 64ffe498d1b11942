"""No identifying string reaches any format, and suppressed counts read "<5" in all of them."""

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from core.models import Region
from expertteams.models import StepKind
from reports.content import build_regional_report
from reports.renderers import render_csv, render_pdf, render_xlsx
from tests.expertteams.factories import log
from tests.reports.conftest import at, make_case

pytestmark = pytest.mark.django_db
REFERENCE = re.compile(r"[A-Z]{3}-\d{4}-\d{4}")


@pytest.fixture
def report(hand_counted, facilitator):
    distinctive = make_case(
        facilitator,
        created=at(2026, 8, 3, 10),
        youth_name="Xylofoon",
        youth_initials="X.Q.",
        referrer_name="Zwartberg",
    )
    log(StepKind.OUTCOME, case=distinctive, actor=facilitator, occurred_on=date(2026, 9, 1))
    return build_regional_report(
        region=Region.objects.get(code="UTR"), period_start=date(2026, 1, 1), period_end=date(2026, 12, 31)
    )


def pdf_text(report) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(report))).pages)


def xlsx_text(report) -> str:
    workbook = load_workbook(io.BytesIO(render_xlsx(report)), read_only=True)
    return "\n".join(
        ";".join("" if cell is None else str(cell) for cell in row)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def csv_text(report) -> str:
    return "".join(render_csv(report))


@pytest.mark.parametrize("render", [pdf_text, xlsx_text, csv_text], ids=["pdf", "xlsx", "csv"])
def test_no_identifying_data_in_any_format(report, render, hand_counted):
    text = render(report)
    assert "Xylofoon" not in text and "X.Q." not in text and "Zwartberg" not in text
    assert not REFERENCE.search(text)
    assert "Sam" not in text


@pytest.mark.parametrize("render", [pdf_text, xlsx_text, csv_text], ids=["pdf", "xlsx", "csv"])
def test_small_counts_read_less_than_five_in_every_format(report, render):
    text = render(report)
    assert "<5" in text
    assert "Regionale rapportage Utrecht Stad" in text


def test_csv_rows_carry_the_suppressed_value_not_the_number(report):
    rows = list(csv.reader(io.StringIO(csv_text(report)), delimiter=";"))
    closed = next(r for r in rows if r[2] == "Afgesloten in de periode")
    assert closed[4] == "<5"


def test_grant_decisions_about_organisations_are_shown_as_they_are(report):
    rows = list(csv.reader(io.StringIO(csv_text(report)), delimiter=";"))
    scheme = {r[3]: r[4] for r in rows if r[1] == "Subsidieaanvragen en besluiten" and r[2] != "Totaal"}
    assert scheme["Aanvragen"] == "1" and scheme["Toegekend"] == "1"
    assert scheme["Toegekend bedrag"] == "€ 10.000,00"


def test_amounts_are_written_in_dutch_notation():
    from decimal import Decimal

    from core.formatting import format_amount, format_month, format_number

    assert format_amount(Decimal("12345")) == "€ 12.345,00"
    assert format_number(1234) == "1.234"
    assert format_month(date(2026, 3, 1)) == "maart 2026"


def test_the_pdf_has_a_chart(report):
    from reports.charts import bar_chart

    section = report.sections[0]
    svg = bar_chart(section.chart)
    assert svg.startswith("<svg") and "<rect" in svg
    assert "januari 2026"[:3] in svg


def test_the_pdf_is_the_same_twice_whatever_the_caller_activated(report):
    from django.utils import timezone, translation

    expected = render_pdf(report)
    with translation.override("en"), timezone.override("UTC"):
        assert render_pdf(report) == expected
