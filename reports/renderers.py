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
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from core.exports import neutralise, xlsx_header_style, xlsx_number, xlsx_text
from core.pdf import render_to_pdf
from reports.charts import bar_chart
from reports.content import RegionalReport
from reports.privacy import AMOUNT, COUNT, HIDDEN, PRIMARY, SUPPRESSED, Column, display_value

XLSX_FORMATS = {COUNT: "#,##0", AMOUNT: '"€" #,##0.00'}
XLSX_FIGURE_FORMAT = "#,##0.0"  # medians, shares and changes, one decimal as in the PDF
DATE_FORMAT = "dd-mm-yyyy"
PRIVACY_NOTE = gettext_lazy(
    "Aantallen van 1 tot en met 4 over kinderen staan als <5; een x is afgeschermd zodat een verborgen "
    "aantal niet uit een totaal, een andere tabel of een vergelijking volgt. Subsidiebesluiten gaan over "
    "organisaties en zijn niet afgeschermd."
)


class _Line:
    """A file-like object whose ``write`` returns the line, for streaming ``csv.writer`` output."""

    def write(self, value: str) -> str:
        return value


def render_csv(report: RegionalReport) -> Iterator[str]:
    """The report as CSV lines (section, table, row, column, value), one line at a time, the
    definitions last (table "Definities", the term as row, the text as value). The caller encodes it
    as UTF-8 with a byte order mark; ";" separates the fields, as Excel in the Netherlands expects."""
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
    for section_title, definition in report.definitions:
        yield writer.writerow(
            [
                neutralise(str(section_title)),
                _("Definities"),
                neutralise(str(definition.term)),
                "",
                neutralise(str(definition.text)),
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
    """A workbook: a summary sheet (typed dates), a sheet per section with styled headers, typed
    numbers and column widths, and a definitions sheet."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Rapportage"))
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 60
    summary.append([xlsx_text(summary, report.title, **xlsx_header_style())])
    summary.append(
        [xlsx_text(summary, _("Periode vanaf")), xlsx_number(summary, report.period_start, DATE_FORMAT)]
    )
    summary.append(
        [xlsx_text(summary, _("Periode tot en met")), xlsx_number(summary, report.period_end, DATE_FORMAT)]
    )
    if report.data_until and report.data_until < report.period_end:
        summary.append(
            [
                xlsx_text(summary, _("Gegevens tot en met")),
                xlsx_number(summary, report.data_until, DATE_FORMAT),
            ]
        )
    summary.append(
        [xlsx_text(summary, _("Gemaakt op")), xlsx_number(summary, timezone.localdate(), DATE_FORMAT)]
    )
    summary.append([xlsx_text(summary, _("Afscherming")), xlsx_text(summary, str(PRIVACY_NOTE))])
    for section in report.sections:
        sheet = workbook.create_sheet(_sheet_name(str(section.title)))
        if section.is_empty:
            sheet.append([xlsx_text(sheet, _("nog geen gegevens"))])
            continue
        widest = max((len(table.columns) for table in section.tables), default=1)
        sheet.column_dimensions["A"].width = 46
        for n in range(widest):
            sheet.column_dimensions[get_column_letter(n + 2)].width = 20
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
    definitions = workbook.create_sheet(_("Definities"))
    for letter, width in (("A", 28), ("B", 34), ("C", 110)):
        definitions.column_dimensions[letter].width = width
    definitions.append(
        [
            xlsx_text(definitions, str(text), **xlsx_header_style())
            for text in (_("Sectie"), _("Begrip"), _("Definitie"))
        ]
    )
    for section_title, definition in report.definitions:
        definitions.append(
            [
                xlsx_text(definitions, str(section_title)),
                xlsx_text(definitions, str(definition.term)),
                xlsx_text(definitions, str(definition.text)),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str) -> str:
    """An Excel sheet name: at most 31 characters, without the characters Excel refuses."""
    return "".join(c for c in title if c not in "[]:*?/\\")[:31]


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
        chart = (
            mark_safe(bar_chart(section.chart, y_label=str(_("Aantal casussen"))))  # noqa: S308
            if section.chart is not None
            else ""
        )
        sections.append({"section": section, "tables": tables, "chart": chart})
    return render_to_pdf(
        "reports/report_pdf.html",
        {"report": report, "sections": sections, "generated_on": timezone.localdate()},
        title=str(_("Regionale rapportage")),
    )
