"""Server-rendered SVG charts shared by the modules: the frame of a chart (``svg``: <title>,
<desc>, no script, no external resource, so it passes the strict CSP and renders the same in a
PDF), the radar on a 0–5 scale (``Radar``: rings, spokes, labels, a filled and a dashed polygon)
and the legend of a dashed line against a filled area. Competency's gap radar and the 360
report's self-against-others radar are both drawn with it.

What this module may import: MarkupSafe and the standard library; nothing of the domain modules.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

GRID = "#d0d5dd"
SPOKE = "#e4e7ec"
MUTED = "#5b6472"
INK = "#101828"


def svg(width: float, height: float, title: str, desc: str, body: str, ident: str) -> Markup:
    """The chart's frame; ``body`` is trusted markup whose every text piece went through escape()."""
    # Safe: title and desc are escaped here; the body's text was escaped by its builder, numbers formatted.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" class="chart" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>{body}</svg>')


def legend(x: int, y: int, dashed: tuple[str, str], filled: tuple[str, str], *, gap: int = 150) -> str:
    """A dashed line and its label, then a filled swatch (``gap`` further right) and its label;
    each of ``dashed`` and ``filled`` is (colour, label)."""
    (dash_colour, dash_label), (fill_colour, fill_label) = dashed, filled
    return (f'<line x1="{x}" y1="{y - 4}" x2="{x + 24}" y2="{y - 4}" stroke="{dash_colour}" stroke-width="2" '
            f'stroke-dasharray="6 4"/><text x="{x + 30}" y="{y}" font-size="11">{escape(dash_label)}</text>'
            f'<rect x="{x + gap}" y="{y - 10}" width="20" height="10" fill="{fill_colour}" fill-opacity="0.5"/>'
            f'<text x="{x + gap + 26}" y="{y}" font-size="11">{escape(fill_label)}</text>')


@dataclass(frozen=True)
class Radar:
    """A radar of ``n`` axes on the 0–5 scale, centred on (cx, cy); axis 0 points up."""

    n: int
    cx: float
    cy: float
    radius: float = 150

    def point(self, i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / self.n
        r = self.radius * max(0.0, value) / 5
        return self.cx + r * math.cos(angle), self.cy + r * math.sin(angle)

    def _points(self, values: Sequence[float | None]) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in (self.point(i, v or 0) for i, v in enumerate(values)))

    def grid(self, labels: Sequence[str], *, label_at: float) -> list[str]:
        """Rings 1–5 (numbered on axis 0), a spoke per axis and its label at ``label_at``."""
        parts = []
        for ring in range(1, 6):
            parts.append(f'<polygon points="{self._points([ring] * self.n)}" fill="none" stroke="{GRID}" '
                         f'stroke-width="1"/>')
            x, y = self.point(0, ring)
            parts.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="10" fill="{MUTED}">{ring}</text>')
        for i, label in enumerate(labels):
            x, y = self.point(i, 5)
            parts.append(f'<line x1="{self.cx}" y1="{self.cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{SPOKE}"/>')
            lx, ly = self.point(i, label_at)
            anchor = "middle" if abs(lx - self.cx) < 10 else ("start" if lx > self.cx else "end")
            parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="12" text-anchor="{anchor}" fill="{INK}">'
                         f'{escape(label)}</text>')
        return parts

    def filled(self, values: Sequence[float | None], colour: str) -> str:
        return (f'<polygon points="{self._points(values)}" fill="{colour}" fill-opacity="0.25" stroke="{colour}" '
                f'stroke-width="2"/>')

    def dashed(self, values: Sequence[float | None], colour: str) -> str:
        return (f'<polygon points="{self._points(values)}" fill="none" stroke="{colour}" stroke-width="2" '
                f'stroke-dasharray="6 4"/>')
