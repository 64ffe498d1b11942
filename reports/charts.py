"""Server-side SVG charts for the PDF (WeasyPrint draws inline SVG). Suppressed values are drawn as
a hatched stub labelled "<5", never with their real height."""

from __future__ import annotations

from django.utils.html import escape

from reports.privacy import HIDDEN, PRIMARY, SUPPRESSED, Table

COLOURS = ["#0d6efd", "#20c997", "#fd7e14", "#6f42c1"]


def bar_chart(table: Table, *, width: int = 680, height: int = 240) -> str:
    """Grouped bars: one group per row of ``table`` (e.g. a month), one bar per column."""
    rows = [(label, values, hidden) for label, values, hidden in table.grid()[: len(table.rows)]]
    if not rows:
        return ""
    series = len(table.columns)
    left, bottom, top = 36, 48, 16
    plot_h = height - bottom - top
    visible = [v for _l, values, hidden in rows for v, h in zip(values, hidden, strict=True) if not h and v]
    peak = max(visible + [5])
    group_w = (width - left - 8) / len(rows)
    bar_w = max(2.0, group_w * 0.8 / series)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Jeugdcasus Sans" font-size="9">',
        '<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse">'
        '<path d="M0,4 L4,0" stroke="#999" stroke-width="1"/></pattern></defs>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 4}" y2="{top + plot_h}" stroke="#333"/>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end">{peak}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    for n, (label, values, hidden) in enumerate(rows):
        x0 = left + n * group_w + group_w * 0.1
        for s, (value, is_hidden) in enumerate(zip(values, hidden, strict=True)):
            x = x0 + s * bar_w
            if is_hidden:
                h = plot_h * 4 / peak
                parts.append(
                    f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                    f'fill="url(#hatch)" stroke="{COLOURS[s % 4]}"/>'
                    f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - h - 2:.1f}" text-anchor="middle" '
                    f'font-size="7">{escape(SUPPRESSED if is_hidden == PRIMARY else HIDDEN)}</text>'
                )
            elif value:
                h = plot_h * value / peak
                parts.append(
                    f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                    f'fill="{COLOURS[s % 4]}"/>'
                )
        short = escape(label[:3] + label[-2:]) if len(rows) > 6 else escape(label)
        parts.append(
            f'<text x="{x0 + group_w * 0.4:.1f}" y="{top + plot_h + 12}" text-anchor="middle">{short}</text>'
        )
    for s, column in enumerate(table.columns):
        x = left + s * 120
        parts.append(
            f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{COLOURS[s % 4]}"/>'
            f'<text x="{x + 14}" y="{height - 5}">{escape(column.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
