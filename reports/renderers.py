"""The regional report in PDF (WeasyPrint), CSV (streamed line by line) and XLSX (openpyxl).

Suppression holds in every format: a hidden cell reads "<5" or "x" (``privacy.display_value``, and in
XLSX the same text). Labels (region, municipality, organisation and theme names) are neutralised
against formula injection as in ``core.exports``; the CSV's values are ``display_value``'s own shapes
(digits, "€ ", "<5", "x", "-"). In XLSX the numbers are numbers: counts, amounts and figures typed, with
the notation of the PDF as number format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.exports import neutralise, xlsx_header_style, xlsx_number, xlsx_text
from core.pdf import render_to_pdf
from reports.charts import bar_chart
from reports.content import RegionalReport
from reports.privacy import AMOUNT, COUNT, HIDDEN, PRIMARY, SUPPRESSED, Column, display_value

XLSX_FORMATS = {COUNT: "#,##0", AMOUNT: '"€" #,##0.00'}
XLSX_FIGURE_FORMAT = "#,##0"  # medians and shares, rounded as in the PDF


class _Line:
    """A file-like object whose ``write`` returns the line, for streaming ``csv.writer`` output."""

    def write(self, value: str) -> str:
        return value


def render_csv(report: RegionalReport) -> Iterator[str]:
    """The report as CSV lines (section, table, row, column, value), one line at a time."""
    writer = csv.writer(_Line(), delimiter=";")
    yield writer.writerow([_("Sectie"), _("Tabel"), _("Rij"), _("Kolom"), _("Waarde")])
    yield writer.writerow(
        [_("Rapportage"), neutralise(report.title), report.region.code, _("Periode"), report.period_label]
    )
    for section in report.sections:
        title = neutralise(str(section.title))
        if section.is_empty:
            yield writer.writerow([title, "", "", "", _("nog geen gegevens")])
            continue
        for table in section.tables:
            for label, values, hidden in table.grid():
                for column, value, is_hidden in zip(table.columns, values, hidden, strict=True):
                    yield writer.writerow(
                        [
                            title,
                            neutralise(str(table.title)),
                            neutralise(str(label)),
                            neutralise(str(column.label)),
                            display_value(value, column, is_hidden),
                        ]
                    )


def _xlsx_value(sheet, value, column: Column, hidden: int):
    """A cell of a report table: the suppression mark as text, else the number typed."""
    if hidden:
        return xlsx_text(sheet, SUPPRESSED if hidden == PRIMARY else HIDDEN)
    if value is None:
        return xlsx_text(sheet, "-")
    if column.kind == AMOUNT:
        value = Decimal(value)
    return xlsx_number(sheet, value, XLSX_FORMATS.get(column.kind, XLSX_FIGURE_FORMAT))


def render_xlsx(report: RegionalReport) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Rapportage"))
    summary.append([xlsx_text(summary, report.title, **xlsx_header_style())])
    summary.append([xlsx_text(summary, _("Periode")), xlsx_text(summary, report.period_label)])
    for section in report.sections:
        sheet = workbook.create_sheet(str(section.title)[:31])
        if section.is_empty:
            sheet.append([xlsx_text(sheet, _("nog geen gegevens"))])
            continue
        sheet.column_dimensions["A"].width = 40
        for table in section.tables:
            sheet.append([xlsx_text(sheet, str(table.title), font=xlsx_header_style()["font"])])
            sheet.append(
                [
                    xlsx_text(sheet, str(text), **xlsx_header_style())
                    for text in [table.row_header, *(column.label for column in table.columns)]
                ]
            )
            for label, values, hidden in table.grid():
                sheet.append(
                    [xlsx_text(sheet, str(label))]
                    + [
                        _xlsx_value(sheet, value, column, is_hidden)
                        for column, value, is_hidden in zip(table.columns, values, hidden, strict=True)
                    ]
                )
            sheet.append([])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_pdf(report: RegionalReport) -> bytes:
    sections = []
    for section in report.sections:
        tables = [
            {
                "table": table,
                "header": [column.label for column in table.columns],
                "rows": [
                    (
                        label,
                        [
                            display_value(value, column, is_hidden)
                            for column, value, is_hidden in zip(table.columns, values, hidden, strict=True)
                        ],
                    )
                    for label, values, hidden in table.grid()
                ],
            }
            for table in section.tables
            if not table.is_empty()
        ]
        chart = mark_safe(bar_chart(section.chart)) if section.chart is not None else ""  # noqa: S308
        sections.append({"section": section, "tables": tables, "chart": chart})
    return render_to_pdf(
        "reports/report_pdf.html",
        {"report": report, "sections": sections, "generated_on": timezone.localdate()},
        title=str(_("Regionale rapportage")),
    )
