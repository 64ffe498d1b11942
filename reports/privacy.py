"""Statistical disclosure control for regional reports.

A report holds aggregates only. Small counts could still point at a child, so before any rendering
every table passes through ``suppress``:

1. **Primary suppression.** A count from 1 to 4 (body cell or total) is shown as "<5"; 0 stays 0.
2. **Linked cells.** Amounts, medians and shares in a row follow the counts of that row: when a
   count of the row is suppressed, they are hidden too (shown as "x"; an amount can reveal a grant).
3. **Secondary suppression.** In a table with a total row, a hidden cell must not be recoverable
   from the total: in every additive column (counts, amounts) either nothing is hidden, or at least
   two entries are, and when the total is shown and all hidden cells are "<5" (each 1 to 4), the
   remainder (total minus the shown cells) must not pin them down (it must not be exactly 1 or
   exactly 4 per hidden cell). A column that fails gets its smallest non-zero shown body cell hidden
   as well ("x"), or, when there is none, its total. Steps 2 and 3 repeat until nothing changes.

``suppress`` works per table: each table is additive on its own (its total is the sum of its rows).
``suppress_report`` then makes the rules hold across the whole report (``reports.disclosure``): cells
that show the same figure in two tables share a key and are hidden together, totals shared between
tables link their parts, and no hidden cell may be worked out from everything else the report shows.

A table marked ``public`` (decisions about organisations, such as grant decisions) is not suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

SMALL_BELOW = 5  # a count from 1 up to this (excluded) is small: primary suppression
SUPPRESSED = f"<{SMALL_BELOW}"  # primary: a small count
HIDDEN = "x"  # secondary or linked: hidden so that no "<5" can be derived
NONE, PRIMARY, SECONDARY = 0, 1, 2
COUNT, AMOUNT, NUMBER = "count", "amount", "number"
ADDITIVE = {COUNT, AMOUNT}


@dataclass
class Column:
    label: str
    kind: str = COUNT  # COUNT, AMOUNT (euros) or NUMBER (median, share, planned figure: not additive)


@dataclass
class Table:
    title: str
    row_header: str
    columns: list[Column]
    rows: list[tuple[str, list]]
    with_total: bool = True
    total_label: str = "Totaal"
    note: str = ""
    public: bool = False  # decisions about organisations: shown as they are
    # Cells that show the same figure as a cell elsewhere in the report: (row, column) -> key; the total
    # row is row ``len(rows)``. Cells with one key are one figure: hidden in one place, hidden in all.
    keys: dict[tuple[int, int], str] = field(default_factory=dict)
    # Filled by ``suppress``: the same shape as rows (+ total row): NONE, PRIMARY or SECONDARY per cell.
    hidden: list[list[int]] = field(default_factory=list)

    def body_values(self) -> list[list]:
        return [values for _label, values in self.rows]

    def totals(self) -> list:
        return [
            sum((values[i] or 0) for values in self.body_values()) if column.kind in ADDITIVE else None
            for i, column in enumerate(self.columns)
        ]

    def grid(self) -> list[tuple[str, list, list[int]]]:
        """Rows as (label, values, hidden flags), the total row last; call after ``suppress``."""
        lines = [(label, values, self.hidden[n]) for n, (label, values) in enumerate(self.rows)]
        if self.with_total:
            lines.append((self.total_label, self.totals(), self.hidden[len(self.rows)]))
        return lines

    def is_empty(self) -> bool:
        return not self.rows


def is_small(value) -> bool:
    """A count that could point at a child: from 1 to 4 (``SMALL_BELOW``); 0 and ``None`` are not."""
    return value is not None and 0 < value < SMALL_BELOW


def suppress(table: Table) -> Table:
    """Mark the hidden cells of ``table`` (in place, and returned) by the rules of this module."""
    values = table.body_values() + ([table.totals()] if table.with_total else [])
    hidden = [[NONE] * len(table.columns) for _ in values]
    if table.public:
        table.hidden = hidden
        return table
    count_columns = [i for i, c in enumerate(table.columns) if c.kind == COUNT]
    for r, row in enumerate(values):
        for i in count_columns:
            if is_small(row[i]):
                hidden[r][i] = PRIMARY

    table.hidden = hidden
    changed = True
    while changed:
        changed = hide_linked(table)
        if not table.with_total:
            break
        for i, column in enumerate(table.columns):
            if column.kind in ADDITIVE and _derivable(values, hidden, i, counts=column.kind == COUNT):
                body = range(len(table.rows))
                candidates = [r for r in body if not hidden[r][i] and (values[r][i] or 0) > 0]
                target = min(candidates, key=lambda r: values[r][i]) if candidates else len(values) - 1
                if not hidden[target][i]:
                    hidden[target][i], changed = SECONDARY, True
    return table


def hide_linked(table: Table) -> bool:
    """Hide the figures (medians, shares, amounts) of rows with a hidden count; whether any changed."""
    changed = False
    count_columns = [i for i, c in enumerate(table.columns) if c.kind == COUNT]
    for row in table.hidden:
        if any(row[i] for i in count_columns):
            for i, column in enumerate(table.columns):
                if column.kind != COUNT and not row[i]:
                    row[i], changed = SECONDARY, True
    return changed


def _derivable(values, hidden, i: int, *, counts: bool) -> bool:
    """Whether a hidden body cell of column ``i`` can be worked out from the column's total."""
    total_row = len(values) - 1
    hidden_rows = [r for r in range(total_row) if hidden[r][i]]
    if not hidden_rows or hidden[total_row][i]:
        return len(hidden_rows) == 1 and not hidden[total_row][i]
    if len(hidden_rows) == 1:
        return True
    if counts and all(hidden[r][i] == PRIMARY for r in hidden_rows):
        shown = sum((values[r][i] or 0) for r in range(total_row) if not hidden[r][i])
        remainder = (values[total_row][i] or 0) - shown
        return remainder in (len(hidden_rows), 4 * len(hidden_rows))
    return False


def display_value(value, column: Column, hidden: int) -> str:
    """A cell as text in Dutch notation: ``1.234``, ``€ 12.345,00``, ``<5`` or ``x``."""
    from core.formatting import format_amount, format_number

    if hidden == PRIMARY:
        return SUPPRESSED
    if hidden:
        return HIDDEN
    if value is None:
        return "-"
    if column.kind == AMOUNT:
        return format_amount(Decimal(value))
    return format_number(value)
