"""Import pages: upload, templates to download, the column-mapping step, the live progress bar
(htmx polls a named block), the preview to confirm (accepting its warnings) or cancel, and the
report of every invalid row."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from jenjang.core.web import render
from jenjang.extensions import db
from jenjang.people import bp, exporting, tasks
from jenjang.people import permissions as pp
from jenjang.people.forms import ImportConfirmForm, ImportUploadForm
from jenjang.people.import_columns import COLUMNS
from jenjang.people.import_run import Progress
from jenjang.people.models import IMPORT_KINDS, ImportRun
from jenjang.people.problems import describe


def _require_importer():
    if not pp.can_import_people(current_user):
        abort(403)


def _run_or_404(import_id: int, *, lock: bool = False) -> ImportRun:
    stmt = sa.select(ImportRun).where(ImportRun.id == import_id)
    return db.first_or_404(stmt.with_for_update() if lock else stmt)


def _page(run: ImportRun, *, confirm_form=None, mapping_problems=(), status=200, block="import_status"):
    progress = Progress.read(run.id) if run.status in ("queued", "running", "applying") else None
    return render("people/import_run.html", block=block, run=run, progress=progress,
                  errors=_report_rows(run, run.errors or []),
                  warnings=_report_rows(run, (run.summary or {}).get("warnings", [])),
                  columns=COLUMNS[run.kind], kinds=IMPORT_KINDS, mapping_problems=list(mapping_problems),
                  confirm_form=confirm_form or ImportConfirmForm(), status=status)


@bp.route("/people/import", methods=["GET", "POST"])
@login_required
def import_start():
    _require_importer()
    form = ImportUploadForm(kind=request.args.get("kind", "employees"))
    if form.validate_on_submit():
        upload = form.file.data
        run, _problem = tasks.start_import(form.kind.data, upload, upload.filename or "upload",
                                           create_accounts=form.create_accounts.data, user_id=current_user.id)
        return redirect(url_for("people.import_run", import_id=run.id))
    runs = db.session.scalars(sa.select(ImportRun).order_by(ImportRun.created_at.desc()).limit(20)).all()
    return render("people/import.html", form=form, runs=runs, columns=COLUMNS,
                  status=422 if request.method == "POST" else 200)


@bp.route("/people/import/template/<any(units, positions, employees, skp):kind>.<any(csv, xlsx):fmt>")
@login_required
def import_template(kind, fmt):
    _require_importer()
    header, rows = exporting.template_rows(kind)
    if fmt == "csv":
        body = "".join(exporting.stream_csv(header, rows))
        response = Response(body, mimetype="text/csv")
    else:
        response = Response(exporting.xlsx_bytes(header, rows, kind),
                            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Content-Disposition"] = f'attachment; filename="templat-{kind}.{fmt}"'
    return response


def _report_rows(run: ImportRun, entries: list[dict]) -> list[dict]:
    out = []
    for e in entries:
        message, fix = describe(e["code"], e.get("params"))
        out.append(e | {"message": message, "fix": fix})
    return out


@bp.route("/people/import/<int:import_id>")
@login_required
def import_run(import_id):
    _require_importer()
    return _page(_run_or_404(import_id))


@bp.route("/people/import/<int:import_id>/confirm", methods=["POST"])
@login_required
def import_confirm(import_id):
    _require_importer()
    run = _run_or_404(import_id, lock=True)  # a double click applies once
    form = ImportConfirmForm()
    if run.status != "preview" or not form.validate_on_submit():
        return redirect(url_for("people.import_run", import_id=run.id))
    if (run.summary or {}).get("warning_count") and not form.accept_warnings.data:
        form.accept_warnings.errors.append(_("Centang kotak ini untuk menerapkan impor beserta peringatannya, "
                                             "atau batalkan lalu perbaiki berkasnya."))
        return _page(run, confirm_form=form, status=422, block=None)
    tasks.confirm(run)
    return redirect(url_for("people.import_run", import_id=run.id))


@bp.route("/people/import/<int:import_id>/cancel", methods=["POST"])
@login_required
def import_cancel(import_id):
    _require_importer()
    run = _run_or_404(import_id, lock=True)
    if run.status == "preview" and ImportConfirmForm().validate_on_submit():
        tasks.cancel(run)
    return redirect(url_for("people.import_run", import_id=run.id))


@bp.route("/people/import/<int:import_id>/mapping", methods=["POST"])
@login_required
def import_mapping(import_id):
    _require_importer()
    run = _run_or_404(import_id)
    if run.status != "mapping":
        return redirect(url_for("people.import_run", import_id=run.id))
    mapping = {}
    for column in COLUMNS[run.kind]:
        value = request.form.get(f"col_{column.key}", "")
        mapping[column.key] = int(value) if value.isdigit() else None
    problems = tasks.set_mapping(run, mapping)
    if problems:
        run.mapping = {k: v for k, v in mapping.items() if v is not None}
        return _page(run, mapping_problems=[p.message for p in problems], status=422, block=None)
    return redirect(url_for("people.import_run", import_id=run.id))


@bp.route("/people/import/<int:import_id>/report.csv")
@login_required
def import_report(import_id):
    _require_importer()
    run = _run_or_404(import_id)
    rows = [[e["row"], e["column"], e["value"], e["message"], e["fix"]] for e in _report_rows(run, run.errors or [])]
    body = "".join(exporting.stream_csv([_("Baris"), _("Kolom"), _("Isi"), _("Masalah"), _("Cara memperbaiki")], rows))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="laporan-impor-{run.id}.csv"'
    return response
