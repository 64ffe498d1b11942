"""The regional report in PDF (WeasyPrint), CSV (streamed line by line) and XLSX (openpyxl).

Every value goes through ``privacy.display_value``, so a suppressed cell reads "<5" in every format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.pdf import render_to_pdf
from reports.charts import bar_chart
from reports.content import RegionalReport
from reports.privacy import display_value


class _Line:
    """A file-like object whose ``write`` returns the line, for streaming ``csv.writer`` output."""

    def write(self, value: str) -> str:
        return value


def render_csv(report: RegionalReport) -> Iterator[str]:
    """The report as CSV lines (section, table, row, column, value), one line at a time."""
    writer = csv.writer(_Line(), delimiter=";")
    yield writer.writerow([_("Sectie"), _("Tabel"), _("Rij"), _("Kolom"), _("Waarde")])
    yield writer.writerow(
        [_("Rapportage"), report.title, report.region.code, _("Periode"), report.period_label]
    )
    for section in report.sections:
        if section.is_empty:
            yield writer.writerow([section.title, "", "", "", _("nog geen gegevens")])
            continue
        for table in section.tables:
            for label, values, hidden in table.grid():
                for column, value, is_hidden in zip(table.columns, values, hidden, strict=True):
                    yield writer.writerow(
                        [
                            section.title,
                            table.title,
                            label,
                            column.label,
                            display_value(value, column, is_hidden),
                        ]
                    )


def render_xlsx(report: RegionalReport) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Rapportage"))
    summary.append([report.title])
    summary.append([_("Periode"), report.period_label])
    for section in report.sections:
        sheet = workbook.create_sheet(section.title[:31])
        if section.is_empty:
            sheet.append([_("nog geen gegevens")])
            continue
        for table in section.tables:
            sheet.append([table.title])
            sheet.append([table.row_header] + [column.label for column in table.columns])
            for label, values, hidden in table.grid():
                sheet.append(
                    [label]
                    + [
                        display_value(value, column, is_hidden)
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
