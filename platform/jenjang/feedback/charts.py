"""The 360 radar: self against "all others" per competency, server-rendered SVG with <title> and
<desc> and the numbers as text (the page shows the same figures in a table). No script, no
external resources: it passes the CSP and renders the same in the PDF. Drawn with core/charts.py,
like competency's gap radar."""
from __future__ import annotations

from markupsafe import Markup

from jenjang.core.charts import Radar, legend, svg

OTHERS = "#1f6f5c"
SELF = "#b54708"


def _fmt(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def radar(lines, *, title: str, self_label: str, others_label: str) -> Markup:
    """`lines`: objects with .code, .self_mean, .others_mean."""
    size = 440
    chart = Radar(n=max(len(lines), 1), cx=220, cy=210)
    parts = chart.grid([ln.code for ln in lines], label_at=5.8)
    parts.append(chart.filled([ln.others_mean for ln in lines], OTHERS))
    parts.append(chart.dashed([ln.self_mean for ln in lines], SELF))
    parts.append(legend(12, size - 6, (SELF, self_label), (OTHERS, others_label), gap=178))
    desc = "; ".join(f"{ln.code}: {self_label} {_fmt(ln.self_mean)}, {others_label} {_fmt(ln.others_mean)}"
                     for ln in lines)
    return svg(size, size + 10, title, desc, "".join(parts), "fb-radar")
