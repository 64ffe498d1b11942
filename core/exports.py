"""Lists as spreadsheets: one table streamed as CSV or XLSX from the list's own URL (``?format=csv``).

A view declares its columns once (header, accessor, type) and hands the exact rows its page shows,
all pages, to ``export_response``. Both formats are written for Dutch spreadsheet users:

- CSV: UTF-8 with a byte-order mark and ``;`` between fields (what Dutch Excel opens without a wizard),
  decimals with a comma, dates as ``dd-mm-jjjj``; streamed row by row, so memory stays constant.
- XLSX: openpyxl's write-only mode (rows go to a temporary file, not to memory); numbers are numbers,
  dates are dates with a Dutch number format, a bold filled header row that stays in view, column widths.

Every text cell is neutralised against formula injection (OWASP "CSV injection"): in CSV a text that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a line break gets a leading apostrophe; in XLSX every text
is written as a plain string (never a formula), those cells also carry Excel's own quote prefix.

Each export is logged in the access log (NEN 7513) before anything is sent: one ``export`` row per
object whose data leaves the application, so "who exported this file" is answered per case or application.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from django.db import models
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from core import audit
from core.formatting import AMSTERDAM, format_date, format_moment
from core.models import AccessLog

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# What a spreadsheet may read as the start of a formula (OWASP), also in full-width form.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

HEADER_FILL = "DDE4EE"
CENTS = Decimal("0.01")  # a decimal column holds amounts: two decimals, as its XLSX number format


class ColumnType(StrEnum):
    TEXT = "text"
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"


NUMBER_FORMATS = {
    ColumnType.INT: "0",
    ColumnType.DECIMAL: "#,##0.00",
    ColumnType.DATE: "dd-mm-yyyy",
    ColumnType.DATETIME: "dd-mm-yyyy hh:mm",
}
DEFAULT_WIDTHS = {
    ColumnType.TEXT: 24,
    ColumnType.INT: 10,
    ColumnType.DECIMAL: 14,
    ColumnType.DATE: 12,
    ColumnType.DATETIME: 17,
}


@dataclass(frozen=True)
class Column:
    """One column: its Dutch ``header``, how to read the value from a row, and the value's type.

    ``accessor`` is a dotted attribute path (``"municipality.name"``; a method at the end is called,
    e.g. ``"get_status_display"``) or a function of the row. ``None`` at any step gives an empty cell.
    """

    header: str
    accessor: str | Callable[[Any], Any]
    type: ColumnType = ColumnType.TEXT
    width: int | None = None

    def value_of(self, row: Any) -> Any:
        if callable(self.accessor):
            value = self.accessor(row)
        else:
            value = row
            for name in self.accessor.split("."):
                value = getattr(value, name, None)
                if value is None:
                    return None
            if callable(value):
                value = value()
        return typed(value, self.type)

    @property
    def xlsx_width(self) -> int:
        return self.width or max(DEFAULT_WIDTHS[self.type], len(str(self.header)) + 2)


def typed(value: Any, kind: ColumnType) -> Any:
    """``value`` as the Python type of column type ``kind`` (aware moments in Amsterdam time, naive)."""
    if value is None or value == "":
        return None
    if kind == ColumnType.INT:
        return int(value)
    if kind == ColumnType.DECIMAL:
        return Decimal(value)
    if kind == ColumnType.DATE:
        if isinstance(value, datetime):
            return value.astimezone(AMSTERDAM).date() if timezone.is_aware(value) else value.date()
        return value
    if kind == ColumnType.DATETIME:
        if timezone.is_aware(value):
            value = value.astimezone(AMSTERDAM)
        return value.replace(tzinfo=None, second=0, microsecond=0)
    return str(value)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """``text`` made inert for a spreadsheet: a leading apostrophe when it could start a formula."""
    return "'" + text if is_formula_like(text) else text


def requested_format(request) -> str:
    """``"csv"`` or ``"xlsx"`` when the request asks for an export (``?format=``), else ``""``."""
    value = request.GET.get("format", "")
    return value if value in FORMATS else ""


def export_filename(stem: str, format: str) -> str:
    """``casussen-2026-11-29.csv``: a fixed stem and today's date, never personal data or search terms."""
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{format}"


# --- CSV ---------------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose ``write`` returns the line, so ``csv.writer`` output can be streamed."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: Any, kind: ColumnType) -> str:
    if value is None:
        return ""
    if kind == ColumnType.DECIMAL:
        return f"{value.quantize(CENTS, ROUND_HALF_UP):f}".replace(".", ",")
    if kind == ColumnType.DATE:
        return format_date(value)
    if kind == ColumnType.DATETIME:
        return format_moment(value)
    if kind == ColumnType.INT:
        return str(value)
    return neutralise(value)


def csv_lines(rows: Iterable, columns: Sequence[Column]) -> Iterator[str]:
    """The header and one line per row, the first line starting with the UTF-8 byte-order mark."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([neutralise(str(column.header)) for column in columns])
    for row in rows:
        yield writer.writerow([csv_cell(column.value_of(row), column.type) for column in columns])


# --- XLSX --------------------------------------------------------------------------------------------


def xlsx_text(sheet, text: str, **style):
    """A write-only cell holding ``text`` as a plain string, never a formula.

    openpyxl reads a text starting with "=" as a formula, so the type is forced to an inline string;
    formula-like text also gets Excel's quote prefix (it stays text when someone edits the cell), and
    control characters XML cannot hold are dropped. ``style``: cell attributes such as ``font``.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    for name, value in style.items():
        setattr(cell, name, value)
    return cell


def xlsx_number(sheet, value, number_format: str):
    """A write-only cell holding a number or date ``value`` with an Excel ``number_format``."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format
    return cell


def xlsx_header_style() -> dict:
    """The style of a header cell: bold on a light fill."""
    from openpyxl.styles import Font, PatternFill

    return {"font": Font(bold=True), "fill": PatternFill("solid", fgColor=HEADER_FILL)}


def write_xlsx(rows: Iterable, columns: Sequence[Column], target, *, sheet_title: str) -> int:
    """Write the table to ``target`` (a path or binary file) as an XLSX workbook; returns the row count."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.xlsx_width
    sheet.freeze_panes = "A2"
    header = xlsx_header_style()
    sheet.append([xlsx_text(sheet, str(column.header), **header) for column in columns])
    count = 0
    for row in rows:
        cells = []
        for column in columns:
            value = column.value_of(row)
            if value is None:
                cells.append(None)
            elif column.type == ColumnType.TEXT:
                cells.append(xlsx_text(sheet, value))
            else:
                cells.append(xlsx_number(sheet, value, NUMBER_FORMATS[column.type]))
        sheet.append(cells)
        count += 1
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    workbook.save(target)
    return count


# --- The response ------------------------------------------------------------------------------------


def log_export(user, objects: models.QuerySet | Sequence[models.Model], *, detail: str) -> None:
    """One ``export`` row in the access log per object in ``objects``, each with its case file (three
    queries for a queryset, however many objects: the ids with their case files, the first row, the
    rest in one insert).

    An empty export is logged too (one row without an object id), so every export can be found.
    """
    if isinstance(objects, models.QuerySet):
        object_type = objects.model._meta.label_lower
        rows = audit.file_cases_of_rows(objects)
    else:
        object_type = objects[0]._meta.label_lower if objects else ""
        rows = list({obj.pk: (obj.pk, audit.file_case_of(obj)) for obj in objects}.values())
    # Each row names its case file, so the case's "who viewed this file" lists the export too.
    first = audit.record(
        user,
        AccessLog.Action.EXPORT,
        object_type=object_type,
        object_id=rows[0][0] if rows else "",
        detail=detail,
        file_case_id=rows[0][1] if rows else None,
    )
    AccessLog.objects.bulk_create(
        AccessLog(
            user=first.user,
            username=first.username,
            role=first.role,
            object_type=object_type,
            object_id=str(pk),
            action=AccessLog.Action.EXPORT,
            ip_address=first.ip_address,
            user_agent=first.user_agent,
            detail=first.detail,
            file_case_id=file_case_id,
        )
        for pk, file_case_id in rows[1:]
    )


def list_export(
    request,
    rows: Iterable,
    columns: Sequence[Column],
    *,
    stem: str,
    format: str,
    logged: models.QuerySet | Sequence[models.Model],
    what: str,
    sheet_title: str = "",
):
    """A list page's export for the requesting user: ``export_response`` with the file named
    ``<stem>-<date>.<format>`` and the access log's detail ``"<what> <format>"``."""
    return export_response(
        rows,
        columns,
        filename=export_filename(stem, format),
        format=format,
        user=request.user,
        logged=logged,
        detail=f"{what} {format}",
        sheet_title=sheet_title,
    )


def export_response(
    rows: Iterable,
    columns: Sequence[Column],
    *,
    filename: str,
    format: str,
    user,
    logged: models.QuerySet | Sequence[models.Model],
    detail: str,
    sheet_title: str = "",
):
    """The table as a download: a streamed CSV, or an XLSX built in a temporary file and streamed.

    ``rows`` is iterated once, lazily (pass ``queryset.iterator()`` for long lists). ``logged`` are the
    objects whose data the rows carry (cases, applications); each gets an access-log row for ``user``
    with ``detail`` (e.g. ``"casuslijst csv"``) before anything is sent. ``filename`` holds no
    personal data (``export_filename``). An unknown ``format`` raises ``ValueError``.
    """
    if format not in FORMATS:
        raise ValueError(f"Unknown export format: {format}")
    log_export(user, logged, detail=detail)
    if format == "csv":
        response = StreamingHttpResponse(csv_lines(rows, columns), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when the download ends
    write_xlsx(rows, columns, target, sheet_title=sheet_title or filename.rsplit(".", 1)[0])
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=filename, content_type=CONTENT_TYPES["xlsx"])
