"""Server-rendered SVG charts: the gap radar (bars when there are fewer than three competencies),
the heatmap and the 9-box. Each chart carries <title> and <desc> and writes its numbers as text;
the pages also show the same figures in a table, so nothing depends on seeing colour.

Only presentation attributes are used (no inline script, no external resources), so the markup
passes the strict CSP and renders the same inside a PDF.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from jenjang.core.charts import Radar, legend, svg

BRAND = "#1f6f5c"
REQUIRED = "#5b6472"


@dataclass(frozen=True)
class Axis:
    label: str
    required: int
    current: int | None


def _describe(axes: Sequence[Axis], required_label: str, current_label: str) -> str:
    return "; ".join(f"{a.label}: {required_label} {a.required}, {current_label} "
                     f"{a.current if a.current is not None else '—'}" for a in axes)


def gap_chart(axes: Sequence[Axis], *, title: str, required_label: str, current_label: str) -> Markup:
    if len(axes) >= 3:
        return radar(axes, title=title, required_label=required_label, current_label=current_label)
    return bars(axes, title=title, required_label=required_label, current_label=current_label)


def radar(axes: Sequence[Axis], *, title: str, required_label: str, current_label: str) -> Markup:
    size = 420
    chart = Radar(n=len(axes), cx=210, cy=205)
    parts = chart.grid([a.label for a in axes], label_at=5.7)
    parts.append(chart.dashed([a.required for a in axes], REQUIRED))
    parts.append(chart.filled([a.current or 0 for a in axes], BRAND))
    for i, axis in enumerate(axes):
        x, y = chart.point(i, axis.current or 0)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{BRAND}"><title>{escape(axis.label)}: '
                     f'{escape(current_label)} {axis.current if axis.current is not None else "—"}, '
                     f'{escape(required_label)} {axis.required}</title></circle>')
    parts.append(_legend(12, size - 8, required_label, current_label))
    return svg(size, size + 10, title, _describe(axes, required_label, current_label), "".join(parts), "radar")


def _legend(x: int, y: int, required_label: str, current_label: str) -> str:
    return legend(x, y, (REQUIRED, required_label), (BRAND, current_label))


def bars(axes: Sequence[Axis], *, title: str, required_label: str, current_label: str) -> Markup:
    width, row, left = 420, 34, 110
    scale = (width - left - 20) / 5
    height = row * max(len(axes), 1) + 40
    parts = []
    for i, axis in enumerate(axes):
        y = 10 + i * row
        parts.append(f'<text x="{left - 8}" y="{y + 16}" font-size="12" text-anchor="end">{escape(axis.label)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 4}" width="{scale * (axis.current or 0):.1f}" height="16" '
                     f'fill="{BRAND}" fill-opacity="0.6"/>')
        parts.append(f'<line x1="{left + scale * axis.required:.1f}" y1="{y}" x2="{left + scale * axis.required:.1f}" '
                     f'y2="{y + 24}" stroke="{REQUIRED}" stroke-width="3"/>')
        parts.append(f'<text x="{left + scale * 5 + 4:.1f}" y="{y + 16}" font-size="11">'
                     f'{axis.current if axis.current is not None else "—"}/{axis.required}</text>')
    parts.append(_legend(12, height - 6, required_label, current_label))
    return svg(width, height, title, _describe(axes, required_label, current_label), "".join(parts), "bars")


# --- heatmap -----------------------------------------------------------------------------

HEAT_STEPS = ((0.0, "#d1fadf"), (0.5, "#fef7c3"), (1.0, "#fedf89"), (2.0, "#fdb022"), (99, "#f97066"))


def heat_colour(value: float | None) -> str:
    if value is None:
        return "#f2f4f7"
    for limit, colour in HEAT_STEPS:
        if value <= limit:
            return colour
    return HEAT_STEPS[-1][1]


def heatmap(rows: Sequence[tuple[str, str]], columns: Sequence[tuple[int, str]], cells: dict, *, title: str,
            desc: str, cell_title) -> Markup:
    """rows: (key, label); columns: (competency id, code); cells: (row key, competency id) → (avg, below, n).
    cell_title(row_label, code, avg, below, n) gives each cell's tooltip."""
    left, top, cw, ch = 190, 40, 52, 26
    width = left + cw * max(len(columns), 1) + 10
    height = top + ch * max(len(rows), 1) + 10
    parts = []
    for j, (_cid, code) in enumerate(columns):
        x = left + j * cw + cw / 2
        parts.append(f'<text x="{x:.1f}" y="{top - 10}" font-size="11" text-anchor="middle">{escape(code)}</text>')
    for i, (key, label) in enumerate(rows):
        y = top + i * ch
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(f'<text x="{left - 6}" y="{y + 17}" font-size="11" text-anchor="end">'
                     f'<title>{escape(label)}</title>{escape(short)}</text>')
        for j, (cid, code) in enumerate(columns):
            cell = cells.get((key, cid))
            x = left + j * cw
            avg = float(cell[0]) if cell else None
            text = f"{avg:.1f}" if avg is not None else "—"
            tip = cell_title(label, code, avg, cell[1] if cell else 0, cell[2] if cell else 0)
            parts.append(f'<g><title>{escape(tip)}</title><rect x="{x}" y="{y}" width="{cw - 2}" height="{ch - 2}" '
                         f'fill="{heat_colour(avg)}"/><text x="{x + cw / 2 - 1:.1f}" y="{y + 17}" font-size="11" '
                         f'text-anchor="middle" fill="#101828">{text}</text></g>')
    return svg(width, height, title, desc, "".join(parts), "heatmap")


# --- 9-box ---------------------------------------------------------------------------------

# Rows top to bottom: potensial tinggi, menengah, rendah; columns: kinerja di bawah, sesuai, di atas.
GRID = ((6, 8, 9), (3, 5, 7), (1, 2, 4))
BOX_COLOURS = {1: "#fee4e2", 2: "#fef0c7", 3: "#fef0c7", 4: "#fef7c3", 5: "#f2f4f7", 6: "#fef7c3",
               7: "#d1fadf", 8: "#d1fadf", 9: "#a6f4c5"}


def nine_box(counts: dict, *, title: str, desc: str, links: dict[int, str], box_label, axis_labels: dict,
             selected: int | None = None) -> Markup:
    """counts: box → people; links: box → URL of its list; box_label(box) → short text."""
    left, top, cw, ch = 90, 20, 150, 96
    parts = []
    for r, row in enumerate(GRID):
        for c, box in enumerate(row):
            x, y = left + c * cw, top + r * ch
            stroke = "#101828" if box == selected else "#ffffff"
            n = counts.get(box, 0)
            parts.append(
                f'<a href="{escape(links[box])}"><g><title>{escape(box_label(box))}: {n}</title>'
                f'<rect x="{x}" y="{y}" width="{cw - 4}" height="{ch - 4}" rx="6" fill="{BOX_COLOURS[box]}" '
                f'stroke="{stroke}" stroke-width="3"/>'
                f'<text x="{x + 10}" y="{y + 20}" font-size="12" fill="#344054">{box}</text>'
                f'<text x="{x + cw / 2 - 2:.0f}" y="{y + 52}" font-size="26" font-weight="700" text-anchor="middle" '
                f'fill="#101828">{n}</text>'
                f'<text x="{x + cw / 2 - 2:.0f}" y="{y + 76}" font-size="10" text-anchor="middle" fill="#344054">'
                f'{escape(box_label(box))}</text></g></a>')
    for r, key in enumerate(("tinggi", "menengah", "rendah")):
        parts.append(f'<text x="{left - 8}" y="{top + r * ch + ch / 2:.0f}" font-size="11" text-anchor="end">'
                     f'{escape(axis_labels[key])}</text>')
    for c, key in enumerate(("bawah", "sesuai", "atas")):
        parts.append(f'<text x="{left + c * cw + cw / 2 - 2:.0f}" y="{top + 3 * ch + 14}" font-size="11" '
                     f'text-anchor="middle">{escape(axis_labels[key])}</text>')
    parts.append(f'<text x="{left + 1.5 * cw:.0f}" y="{top + 3 * ch + 32}" font-size="12" font-weight="700" '
                 f'text-anchor="middle">{escape(axis_labels["kinerja"])}</text>')
    parts.append(f'<text x="14" y="{top + 1.5 * ch:.0f}" font-size="12" font-weight="700" text-anchor="middle" '
                 f'transform="rotate(-90 14 {top + 1.5 * ch:.0f})">{escape(axis_labels["potensial"])}</text>')
    return svg(left + 3 * cw + 10, top + 3 * ch + 40, title, desc, "".join(parts), "ninebox")
