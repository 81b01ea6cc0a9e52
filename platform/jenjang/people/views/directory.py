"""The directory of employees: search, filters, sort, pages, and its export (CSV or XLSX)."""
from __future__ import annotations

from flask import request
from flask_login import current_user

from jenjang.core import clock
from jenjang.core.resources import handles
from jenjang.core.web import render
from jenjang.people import bp, exporting, queries
from jenjang.people import permissions as pp
from jenjang.people.models import RANKS


def _filters() -> queries.DirectoryFilters:
    return queries.DirectoryFilters.from_args(request.args, allow_nip=pp.can_search_by_nip(current_user),
                                              allow_archived=pp.can_see_archived(current_user))


@bp.route("/people")
@handles(pp.can_browse_directory)
def directory():
    f = _filters()
    rows, total, has_next = queries.directory_page(f)
    return render("people/directory.html", block="directory_rows", f=f, rows=rows, total=total,
                  has_next=has_next, units=queries.unit_options(), ranks=list(enumerate(RANKS, start=1)),
                  personal=pp.can_see_directory_personal_data(current_user))


@bp.route("/people/export.<any(csv, xlsx):fmt>")
@handles(pp.can_export_directory)
def export(fmt):
    f = _filters()
    # Read everything inside the request's transaction (the commit hook runs before a streamed
    # body would be consumed); the CSV text itself is then generated piece by piece.
    rows = exporting.directory_rows(queries.directory_all(f))
    response = exporting.download(fmt, exporting.directory_header(), rows, sheet="Pegawai",
                                  filename=f"pegawai-{clock.today().isoformat()}.{fmt}")
    response.headers["Cache-Control"] = "no-store"
    return response
