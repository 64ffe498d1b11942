"""Server-side SVG charts: bar charts for the PDF (WeasyPrint draws inline SVG) and sparklines for the
municipal dashboard. Suppressed values are drawn as a hatched stub labelled "<5" or "x", never with
their real height. Only presentation attributes, no ``style`` attributes (the CSP forbids them)."""

from __future__ import annotations

import math

from django.utils.html import escape

from reports.privacy import HIDDEN, PRIMARY, SUPPRESSED, Table

COLOURS = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1"]


def nice_ticks(peak: float, count: int = 5) -> list[int]:
    """Round tick values from 0 to at least ``peak`` (steps of 1, 2 or 5 times a power of ten)."""
    peak = max(peak, 1)
    raw = peak / count
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    step = max(1, int(step))
    return list(range(0, int(math.ceil(peak / step)) * step + 1, step))


def bar_chart(table: Table, *, width: int = 680, height: int = 260, y_label: str = "Aantal") -> str:
    """Grouped bars: one group per row of ``table`` (e.g. a month), one bar per column; a y-axis with
    round ticks and gridlines, labelled ``y_label``."""
    rows = [(label, values, hidden) for label, values, hidden in table.grid()[: len(table.rows)]]
    if not rows:
        return ""
    series = len(table.columns)
    left, bottom, top, right = 52, 50, 14, 8
    plot_h = height - bottom - top
    visible = [v for _l, values, hidden in rows for v, h in zip(values, hidden, strict=True) if not h and v]
    ticks = nice_ticks(max(visible + [5]))
    peak = ticks[-1]
    group_w = (width - left - right) / len(rows)
    bar_w = max(2.0, group_w * 0.8 / series)
    base = top + plot_h
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'viewBox="0 0 {width} {height}" font-family="Jeugdcasus Sans" font-size="9">',
        f"<title>{escape(str(table.title))}</title>",
        '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse">'
        '<path d="M0,4 L4,0" stroke="#999" stroke-width="1"/></pattern></defs>',
    ]
    for tick in ticks:
        y = base - plot_h * tick / peak
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end" class="tick">{tick}</text>'
        )
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#333"/>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="#333"/>')
    mid = top + plot_h / 2
    parts.append(
        f'<text x="12" y="{mid:.1f}" text-anchor="middle" transform="rotate(-90 12 {mid:.1f})" '
        f'class="y-label">{escape(y_label)}</text>'
    )
    for n, (label, values, hidden) in enumerate(rows):
        x0 = left + n * group_w + group_w * 0.1
        for s, (value, is_hidden) in enumerate(zip(values, hidden, strict=True)):
            x = x0 + s * bar_w
            if is_hidden:
                h = plot_h * min(4, peak) / peak
                parts.append(
                    f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                    f'fill="url(#hatch)" stroke="{COLOURS[s % 4]}" class="suppressed"/>'
                    f'<text x="{x + bar_w / 2:.1f}" y="{base - h - 2:.1f}" text-anchor="middle" '
                    f'font-size="7">{escape(SUPPRESSED if is_hidden == PRIMARY else HIDDEN)}</text>'
                )
            elif value:
                h = plot_h * value / peak
                parts.append(
                    f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                    f'fill="{COLOURS[s % 4]}"/>'
                )
        short = escape(label[:3] + label[-2:]) if len(rows) > 6 else escape(label)
        parts.append(
            f'<text x="{x0 + group_w * 0.4:.1f}" y="{base + 12}" text-anchor="middle">{short}</text>'
        )
    for s, column in enumerate(table.columns):
        x = left + s * 140
        parts.append(
            f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{COLOURS[s % 4]}"/>'
            f'<text x="{x + 14}" y="{height - 5}">{escape(column.label)}</text>'
        )
    x = left + series * 140
    parts.append(
        f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="url(#hatch)" stroke="#999"/>'
        f'<text x="{x + 14}" y="{height - 5}">{escape("<5 / x: afgeschermd")}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def sparkline(values: list, hidden: list[int], *, width: int = 120, height: int = 28, label: str = "") -> str:
    """A small line of monthly values; a suppressed month breaks the line and shows a grey dot."""
    if not values:
        return ""
    shown = [v for v, h in zip(values, hidden, strict=True) if not h and v is not None]
    peak = max(shown + [5])
    step = (width - 4) / max(1, len(values) - 1)
    points, segments = [], []
    dots = []
    for n, (value, is_hidden) in enumerate(zip(values, hidden, strict=True)):
        x = 2 + n * step
        if is_hidden:
            if points:
                segments.append(points)
            points = []
            dots.append(f'<circle cx="{x:.1f}" cy="{height - 4}" r="1.8" fill="#999" class="suppressed"/>')
            continue
        y = height - 3 - (height - 6) * (value or 0) / peak
        points.append(f"{x:.1f},{y:.1f}")
    if points:
        segments.append(points)
    lines = [
        f'<polyline points="{" ".join(seg)}" fill="none" stroke="#0d6efd" stroke-width="1.5"/>'
        if len(seg) > 1
        else f'<circle cx="{seg[0].split(",")[0]}" cy="{seg[0].split(",")[1]}" r="1.5" fill="#0d6efd"/>'
        for seg in segments
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(label)}" class="sparkline">' + "".join(lines + dots) + "</svg>"
    )
