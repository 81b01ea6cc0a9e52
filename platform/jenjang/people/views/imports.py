"""Import pages: upload, templates to download, the column-mapping step, the live progress bar
(htmx polls a named block), the preview to confirm (accepting its warnings) or cancel, and the
report of every invalid row."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.core.resources import Load, handles
from jenjang.core.web import render
from jenjang.people import bp, exporting, queries, tasks
from jenjang.people import permissions as pp
from jenjang.people.forms import ImportConfirmForm, ImportUploadForm
from jenjang.people.imports.columns import COLUMNS
from jenjang.people.imports.run import Progress
from jenjang.people.models import IMPORT_KINDS, ImportRun
from jenjang.people.problems import describe

_importer = pp.can_import_people
_run = Load(ImportRun, "import_id")


def _page(run: ImportRun, *, confirm_form=None, mapping_problems=(), status=200, block="import_status"):
    progress = Progress.read(run.id) if run.status in ("queued", "running", "applying") else None
    return render("people/imports/run.html", block=block, run=run, progress=progress,
                  errors=_report_rows(run, run.errors or []),
                  warnings=_report_rows(run, (run.summary or {}).get("warnings", [])),
                  columns=COLUMNS[run.kind], kinds=IMPORT_KINDS, mapping_problems=list(mapping_problems),
                  confirm_form=confirm_form or ImportConfirmForm(), status=status)


@bp.route("/people/import", methods=["GET", "POST"])
@handles(_importer)
def import_start():
    form = ImportUploadForm(kind=request.args.get("kind", "employees"))
    if form.validate_on_submit():
        upload = form.file.data
        run, _problem = tasks.start_import(form.kind.data, upload, upload.filename or "upload",
                                           create_accounts=form.create_accounts.data, user_id=current_user.id)
        return redirect(url_for("people.import_run", import_id=run.id))
    return render("people/imports/upload.html", form=form, runs=queries.recent_import_runs(20), columns=COLUMNS,
                  status=422 if request.method == "POST" else 200)


@bp.route("/people/import/template/<any(units, positions, employees, skp):kind>.<any(csv, xlsx):fmt>")
@handles(_importer)
def import_template(kind, fmt):
    header, rows = exporting.template_rows(kind)
    return exporting.download(fmt, header, rows, sheet=kind, filename=f"templat-{kind}.{fmt}")


def _report_rows(run: ImportRun, entries: list[dict]) -> list[dict]:
    out = []
    for e in entries:
        message, fix = describe(e["code"], e.get("params"))
        out.append(e | {"message": message, "fix": fix})
    return out


@bp.route("/people/import/<int:import_id>")
@handles(_importer, run=_run)
def import_run(run):
    return _page(run)


@bp.route("/people/import/<int:import_id>/confirm", methods=["POST"])
@handles(_importer, run=_run)
def import_confirm(run):
    run = tasks.lock(run)  # a double click applies once
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
@handles(_importer, run=_run)
def import_cancel(run):
    run = tasks.lock(run)
    if run.status == "preview" and ImportConfirmForm().validate_on_submit():
        tasks.cancel(run)
    return redirect(url_for("people.import_run", import_id=run.id))


@bp.route("/people/import/<int:import_id>/mapping", methods=["POST"])
@handles(_importer, run=_run)
def import_mapping(run):
    if run.status != "mapping":
        return redirect(url_for("people.import_run", import_id=run.id))
    mapping = {}
    for column in COLUMNS[run.kind]:
        value = request.form.get(f"col_{column.key}", "")
        mapping[column.key] = int(value) if value.isdigit() else None
    problems = tasks.set_mapping(run, mapping)
    if problems:
        return _page(run, mapping_problems=[p.message for p in problems], status=422, block=None)
    return redirect(url_for("people.import_run", import_id=run.id))


@bp.route("/people/import/<int:import_id>/report.csv")
@handles(_importer, run=_run)
def import_report(run):
    rows = [[e["row"], e["column"], e["value"], e["message"], e["fix"]] for e in _report_rows(run, run.errors or [])]
    return exporting.download("csv", [_("Baris"), _("Kolom"), _("Isi"), _("Masalah"), _("Cara memperbaiki")], rows,
                              filename=f"laporan-impor-{run.id}.csv")
