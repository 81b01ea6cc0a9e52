"""Turning query results into what pages and exports show: names in the reader's language, the
gap chart, the heatmap grid, export tables. No database access beyond the label lookups."""
from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _

from jenjang.competency import charts, national
from jenjang.competency.exports import Report, Table
from jenjang.competency.jpm import CATEGORY_LABELS, TALENT_POOL_BOXES
from jenjang.competency.labels import BOX_ACTIONS, BOX_NAMES, KINERJA_LABELS, POTENTIAL_LABELS, SOURCE_LABELS
from jenjang.competency.queries import (
    GapReport,
    biggest_gaps,
    gap_report,
    group_labels,
    position_and_unit,
    usable_competencies,
)


def comp_name(row) -> str:
    """A competency's name in the reader's language (national names from national.py)."""
    locale = get_locale()
    if row.code in national.BY_CODE:
        return national.text(national.BY_CODE[row.code].name, locale)
    if national.lang(locale) == "en" and getattr(row, "name_en", None):
        return row.name_en
    return row.name


def fmt_percent(value) -> str:
    return "—" if value is None else f"{float(value):.1f}%"


def gap_chart(report: GapReport):
    axes = [charts.Axis(line.code, line.required, line.current) for line in
            sorted(report.lines, key=lambda ln: ln.code)]
    if not axes:
        return None
    return charts.gap_chart(axes, title=_("Level dibutuhkan dan level saat ini per kompetensi"),
                            required_label=_("Dibutuhkan"), current_label=_("Saat ini"))


def gap_table(report: GapReport) -> Table:
    rows = [[line.code, comp_name(line), line.required, line.current if line.current is not None else "—",
             line.gap, line.surplus, str(SOURCE_LABELS.get(line.source, "—")) if line.source else "—",
             line.assessed_on or "—"] for line in report.lines]
    return Table(_("Kesenjangan"), [_("Kode"), _("Kompetensi"), _("Dibutuhkan"), _("Saat ini"), _("Kesenjangan"),
                                     _("Surplus"), _("Sumber"), _("Tanggal")], rows)


def gap_export(employee, position_name: str | None, report: GapReport) -> Report:
    summary = Table(_("Ringkasan"), [_("Pegawai"), _("NIP"), _("Jabatan"), _("JPM"), _("Kategori"), _("Surplus")],
                    [[employee.display_name, employee.nip, position_name or "—", fmt_percent(report.result.percent),
                      str(CATEGORY_LABELS[report.category]), report.result.surplus_total]])
    return Report(_("Kesenjangan kompetensi dan JPM"), employee.display_name, [summary, gap_table(report)],
                  chart=gap_chart(report))


def heatmap_view(cells: list, competencies: dict, group: str) -> dict:
    """The grid, the SVG and the biggest gaps from heatmap() rows. competencies: id → row."""
    keys = sorted({c.grp for c in cells}, key=lambda k: (k is None, str(k)))
    labels = group_labels(group, keys)
    rows = sorted(((k, str(labels.get(k, "—"))) for k in keys), key=lambda r: r[1])
    used = {c.competency_id for c in cells}
    columns = [(cid, comp.code) for cid, comp in competencies.items() if cid in used]
    grid = {(c.grp, c.competency_id): (c.avg_gap, c.below, c.n) for c in cells}

    def tip(label, code, avg, below, n):
        if avg is None:
            return _("%(row)s × %(code)s: tidak ada standar", row=label, code=code)
        return _("%(row)s × %(code)s: rata-rata kesenjangan %(avg)s; %(below)s dari %(n)s pegawai di bawah standar",
                 row=label, code=code, avg=f"{avg:.2f}", below=below, n=n)

    svg = charts.heatmap(rows, columns, grid, title=_("Peta panas kesenjangan kompetensi"),
                         desc=_("Rata-rata kekurangan level terhadap standar; 0 berarti standar terpenuhi. "
                                "Angka ditulis di setiap sel dan dalam tabel di bawahnya."),
                         cell_title=tip) if rows and columns else None
    top = [(competencies[cid], avg, below, n) for cid, avg, below, n in biggest_gaps(cells)]
    return {"rows": rows, "columns": columns, "grid": grid, "svg": svg, "biggest": top}


def analysis_export(view: dict, distribution: dict, competencies: dict, subtitle: str) -> Report:
    head = [_("Baris")] + [code for _cid, code in view["columns"]]
    grid_rows = [[label] + [float(view["grid"][(key, cid)][0]) if (key, cid) in view["grid"] else "—"
                            for cid, _code in view["columns"]] for key, label in view["rows"]]
    dist = Table(_("Distribusi JPM"), [_("Kategori"), _("Pegawai")], [
        [str(CATEGORY_LABELS[k]), distribution[k]] for k in ("optimal", "cukup_optimal", "kurang_optimal")
    ] + [[str(CATEGORY_LABELS[None]), distribution["no_standard"]]])
    gaps = Table(_("Kesenjangan terbesar"), [_("Kode"), _("Kompetensi"), _("Rata-rata kesenjangan"),
                                             _("Pegawai di bawah standar"), _("Pegawai dengan standar")],
                 [[c.code, comp_name(c), avg, below, n] for c, avg, below, n in view["biggest"]])
    return Report(_("Peta kompetensi"), subtitle, [Table(_("Peta panas"), head, grid_rows), dist, gaps],
                  chart=view["svg"])


def box_label(box: int) -> str:
    return str(BOX_NAMES[box])


def axis_labels() -> dict:
    return {**{k: str(v) for k, v in KINERJA_LABELS.items()}, **{k: str(v) for k, v in POTENTIAL_LABELS.items()},
            "kinerja": _("Kinerja"), "potensial": _("Potensial")}


def talent_export(counts: dict, members: list, subtitle: str, actions: dict | None = None,
                  unplaced: dict | None = None) -> Report:
    actions = actions or {b: str(BOX_ACTIONS[b]) for b in range(1, 10)}
    unplaced = unplaced or {"skp_missing": 0, "no_potential": counts.get(None, 0)}
    boxes = Table(_("Kotak talenta"), [_("Kotak"), _("Uraian"), _("Pegawai"), _("Rekomendasi")],
                  [[b, box_label(b), counts.get(b, 0), actions[b]] for b in range(9, 0, -1)]
                  + [["—", _("SKP belum tersedia"), unplaced["skp_missing"], ""],
                     ["—", _("Belum ada potensi"), unplaced["no_potential"], ""]])
    people = Table(_("Kelompok rencana suksesi"), [_("Nama"), _("NIP"), _("Jabatan"), _("Unit"), _("Kotak"),
                                                   _("JPM")],
                   [[m.full_name, m.nip, m.position_name or "—", m.unit_name or "—", m.box,
                     float(m.jpm) if m.jpm is not None else "—"] for m in members if m.box in TALENT_POOL_BOXES])
    return Report(_("Manajemen talenta (9 kotak)"), subtitle, [boxes, people])


def competency_choices() -> list[tuple[int, str]]:
    """(id, "code · name") of the competencies in force, for a form's select."""
    return [(c.id, f"{c.code} · {comp_name(c)}") for c in usable_competencies()]


def gap_context(employee, rules) -> dict:
    """What a gap page shows of one employee: position, unit, the gap report and its chart."""
    position, unit = position_and_unit(employee)
    report = gap_report(rules, employee.id, employee.position_id)
    return {"employee": employee, "position": position, "unit": unit, "report": report,
            "chart": gap_chart(report)}
