"""Suppression across the whole report: no hidden cell may be worked out from anything else it shows.

Every cell of every table is a variable. Cells that show the same figure in different tables carry
the same key (``Table.keys``) and are one variable. Every additive column of a table with a total row
is a relation ``total = sum of the rows``; a report adds relations between tables (``Relation``), e.g.
"children in crisis care = children in crisis care who were placed by force + the others".

``determined`` plays the attacker: it knows every shown value, that "<5" is 1 to 4, that an "x" count is
0 or at least 5 (else it would read "<5"), an "x" amount at least 0, and all relations. It eliminates (exact rational Gaussian elimination over the hidden variables) and
narrows intervals until nothing changes; a hidden variable whose value is then fixed is disclosed.
``suppress_report`` hides further cells until the attacker learns nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from reports.privacy import (
    ADDITIVE,
    COUNT,
    NONE,
    PRIMARY,
    SECONDARY,
    SMALL_BELOW,
    Table,
    hide_linked,
    is_small,
    suppress,
)

INF = None  # an open upper bound


@dataclass(frozen=True)
class Relation:
    """``total`` equals the sum of ``parts`` (keys of cells)."""

    total: str
    parts: tuple[str, ...]


def cell_key(tables: list[Table], t: int, r: int, c: int) -> str:
    return tables[t].keys.get((r, c)) or f"t{t}:{r}:{c}"


def _cells(tables: list[Table]) -> dict[str, list[tuple[int, int, int]]]:
    cells = defaultdict(list)
    for t, table in enumerate(tables):
        rows = len(table.rows) + (1 if table.with_total else 0)
        for r in range(rows):
            for c in range(len(table.columns)):
                cells[cell_key(tables, t, r, c)].append((t, r, c))
    return cells


def _value(table: Table, r: int, c: int):
    if r == len(table.rows):
        return table.totals()[c]
    return table.rows[r][1][c]


def table_relations(tables: list[Table]) -> list[Relation]:
    """The column totals of every suppressed table with a total row."""
    relations = []
    for t, table in enumerate(tables):
        if not table.with_total or table.public:
            continue
        for c, column in enumerate(table.columns):
            if column.kind in ADDITIVE:
                parts = tuple(cell_key(tables, t, r, c) for r in range(len(table.rows)))
                relations.append(Relation(cell_key(tables, t, len(table.rows), c), parts))
    return relations


def determined(
    values: dict[str, int | float],
    hidden: dict[str, int],
    relations: list[Relation],
    gaps: set[str] = frozenset(),
) -> set[str]:
    """The hidden keys whose value follows from the shown values, the bounds of the marks and
    ``relations`` (see the module docstring). ``gaps``: hidden counts marked "x", which the attacker
    knows are not 1 to 4 (those would read "<5"): 0 or at least 5."""
    unknown = sorted(hidden)
    index = {key: n for n, key in enumerate(unknown)}
    equations = []  # (coefficients over unknowns, right-hand side)
    for relation in relations:
        terms = [(relation.total, Fraction(1))] + [(part, Fraction(-1)) for part in relation.parts]
        coefficients, rhs = [Fraction(0)] * len(unknown), Fraction(0)
        for key, sign in terms:
            if key in index:
                coefficients[index[key]] += sign
            else:
                rhs -= sign * Fraction(values.get(key) or 0)
        if any(coefficients):
            equations.append((coefficients, rhs))
    reduced = _eliminate(equations, len(unknown))
    lower = [Fraction(1) if hidden[key] == PRIMARY else Fraction(0) for key in unknown]
    upper = [Fraction(SMALL_BELOW - 1) if hidden[key] == PRIMARY else INF for key in unknown]
    found = set()
    for coefficients, _rhs in reduced:
        nonzero = [n for n, a in enumerate(coefficients) if a]
        if len(nonzero) == 1:
            found.add(unknown[nonzero[0]])
    system = equations + reduced
    for _round in range(20):
        changed = False
        for coefficients, rhs in system:
            for k, a in enumerate(coefficients):
                if not a:
                    continue
                low, high = _rest_bounds(coefficients, lower, upper, skip=k)
                # a * x_k = rhs - rest, rest in [low, high]
                ends = [None if bound is INF else (rhs - bound) / a for bound in (high, low)]
                new_low, new_high = (ends[0], ends[1]) if a > 0 else (ends[1], ends[0])
                if new_low is not None and new_low > lower[k]:
                    lower[k], changed = new_low, True
                if new_high is not None and (upper[k] is INF or new_high < upper[k]):
                    upper[k], changed = new_high, True
                if unknown[k] in gaps:
                    if is_small(lower[k]):
                        lower[k], changed = Fraction(SMALL_BELOW), True
                    if upper[k] is not INF and is_small(upper[k]):
                        upper[k], changed = Fraction(0), True
        if not changed:
            break
    for n, key in enumerate(unknown):
        # Counts are whole numbers: an interval holding one integer fixes the value.
        if upper[n] is not INF and _ceil(lower[n]) >= _floor(upper[n]):
            found.add(key)
    return found


def _ceil(value: Fraction) -> int:
    return -((-value.numerator) // value.denominator)


def _floor(value: Fraction) -> int:
    return value.numerator // value.denominator


def _rest_bounds(coefficients, lower, upper, *, skip: int):
    low, high = Fraction(0), Fraction(0)
    for n, a in enumerate(coefficients):
        if n == skip or not a:
            continue
        lo, hi = (a * lower[n], None if upper[n] is INF else a * upper[n])
        if a < 0:
            lo, hi = hi, lo
        low = None if low is None or lo is None else low + lo
        high = None if high is None or hi is None else high + hi
    return (INF if low is None else low), (INF if high is None else high)


def _eliminate(equations, size: int):
    """Reduced row echelon form of the equations (Fractions, exact)."""
    rows = [(list(c), r) for c, r in equations]
    pivot_row = 0
    for col in range(size):
        found = next((n for n in range(pivot_row, len(rows)) if rows[n][0][col]), None)
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        coefficients, rhs = rows[pivot_row]
        pivot = coefficients[col]
        rows[pivot_row] = ([a / pivot for a in coefficients], rhs / pivot)
        for n in range(len(rows)):
            if n != pivot_row and rows[n][0][col]:
                factor = rows[n][0][col]
                rows[n] = (
                    [a - factor * b for a, b in zip(rows[n][0], rows[pivot_row][0], strict=True)],
                    rows[n][1] - factor * rows[pivot_row][1],
                )
        pivot_row += 1
    return [row for row in rows[:pivot_row] if any(row[0])]


def suppress_report(tables: list[Table], relations: list[Relation] = ()) -> None:
    """Suppress every table (``privacy.suppress``), then hide further cells until no hidden cell of
    the report can be worked out from the rest (see the module docstring)."""
    for table in tables:
        suppress(table)
    cells = _cells(tables)
    values = {key: _value(tables[t], r, c) for key, places in cells.items() for t, r, c in places[:1]}
    all_relations = table_relations(tables) + list(relations)
    for _round in range(200):
        _unify(tables, cells)
        hidden = {
            key: min(tables[t].hidden[r][c] for t, r, c in places if tables[t].hidden[r][c])
            for key, places in cells.items()
            if any(tables[t].hidden[r][c] for t, r, c in places)
        }
        gaps = {
            key
            for key, mark in hidden.items()
            if mark == SECONDARY and all(tables[t].columns[c].kind == COUNT for t, _r, c in cells[key])
        }
        disclosed = determined(values, hidden, all_relations, gaps)
        if not disclosed:
            return
        if not _hide_one_more(tables, cells, values, hidden, sorted(disclosed)[0], all_relations):
            raise RuntimeError("a suppressed cell cannot be protected")  # pragma: no cover
    raise RuntimeError("suppression did not settle")  # pragma: no cover


def _unify(tables: list[Table], cells) -> None:
    changed = True
    while changed:
        changed = False
        for places in cells.values():
            marks = [tables[t].hidden[r][c] for t, r, c in places]
            if any(marks) and not all(marks):
                mark = min(m for m in marks if m)
                for t, r, c in places:
                    if not tables[t].hidden[r][c]:
                        tables[t].hidden[r][c], changed = mark, True
        for table in tables:
            if not table.public:
                changed = hide_linked(table) or changed


def _hide_one_more(tables, cells, values, hidden, key: str, relations) -> bool:
    """Hide the smallest shown non-zero part of a relation with ``key``; else the smallest non-zero
    member (a total); else any shown member."""
    hideable = {
        k
        for k, places in cells.items()
        if k not in hidden and all(not tables[t].public for t, _r, _c in places)
    }
    mine = [rel for rel in relations if key == rel.total or key in rel.parts]
    parts = [k for rel in mine for k in rel.parts if k in hideable]
    members = [k for rel in mine for k in (rel.total, *rel.parts) if k in hideable]
    # A hidden zero protects little (the attacker may guess it), so non-zero cells go first.
    for pool in ([k for k in parts if values.get(k)], [k for k in members if values.get(k)], members):
        if pool:
            chosen = min(pool, key=lambda k: (values.get(k) or 0, k))
            for t, r, c in cells[chosen]:
                small = tables[t].columns[c].kind == COUNT and is_small(values.get(chosen))
                tables[t].hidden[r][c] = PRIMARY if small else SECONDARY
            return True
    return False


__all__ = ["NONE", "Relation", "determined", "suppress_report", "table_relations"]
