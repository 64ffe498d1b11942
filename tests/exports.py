"""Read exports back as tables, for the tests of every exported list."""

from __future__ import annotations

import csv
import io


def response_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:
    """The CSV download as rows of strings (header first); asserts the BOM and the separator."""
    data = response_bytes(response)
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def xlsx_sheet(response):
    """The first worksheet of the XLSX download, loaded by openpyxl."""
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(response_bytes(response))).worksheets[0]


def xlsx_rows(response) -> list[list]:
    """The XLSX download as rows of typed values (header first)."""
    return [list(row) for row in xlsx_sheet(response).iter_rows(values_only=True)]
