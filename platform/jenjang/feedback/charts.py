"""The 360 radar: self against "all others" per competency, server-rendered SVG with <title> and
<desc> and the numbers as text (the page shows the same figures in a table). No script, no
external resources: it passes the CSP and renders the same in the PDF."""
from __future__ import annotations

import math

from markupsafe import Markup, escape

OTHERS = "#1f6f5c"
SELF = "#b54708"


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def radar(lines, *, title: str, self_label: str, others_label: str) -> Markup:
    """`lines`: objects with .code, .self_mean, .others_mean."""
    size, cx, cy, radius = 440, 220, 210, 150
    n = max(len(lines), 1)

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = radius * max(0.0, value) / 5
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def polygon(values) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v or 0) for i, v in enumerate(values)))

    parts = []
    for ring in range(1, 6):
        parts.append(f'<polygon points="{polygon([ring] * n)}" fill="none" stroke="#d0d5dd" stroke-width="1"/>')
        x, y = point(0, ring)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="10" fill="#5b6472">{ring}</text>')
    for i, line in enumerate(lines):
        x, y = point(i, 5)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#e4e7ec"/>')
        lx, ly = point(i, 5.8)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="12" text-anchor="{anchor}" fill="#101828">'
                     f'{escape(line.code)}</text>')
    parts.append(f'<polygon points="{polygon([ln.others_mean for ln in lines])}" fill="{OTHERS}" '
                 f'fill-opacity="0.25" stroke="{OTHERS}" stroke-width="2"/>')
    parts.append(f'<polygon points="{polygon([ln.self_mean for ln in lines])}" fill="none" stroke="{SELF}" '
                 f'stroke-width="2" stroke-dasharray="6 4"/>')
    y = size - 6
    parts.append(f'<line x1="12" y1="{y - 4}" x2="36" y2="{y - 4}" stroke="{SELF}" stroke-width="2" '
                 f'stroke-dasharray="6 4"/><text x="42" y="{y}" font-size="11">{escape(self_label)}</text>'
                 f'<rect x="190" y="{y - 10}" width="20" height="10" fill="{OTHERS}" fill-opacity="0.5"/>'
                 f'<text x="216" y="{y}" font-size="11">{escape(others_label)}</text>')
    desc = "; ".join(f"{ln.code}: {self_label} {_fmt(ln.self_mean)}, {others_label} {_fmt(ln.others_mean)}"
                     for ln in lines)
    # Safe: every text piece above went through escape(); numbers are formatted here.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size + 10}" width="100%" role="img" '
        f'aria-labelledby="fb-radar-t fb-radar-d" class="chart" preserveAspectRatio="xMidYMid meet">'
        f'<title id="fb-radar-t">{escape(title)}</title><desc id="fb-radar-d">{escape(desc)}</desc>'
        f'{"".join(parts)}</svg>')
