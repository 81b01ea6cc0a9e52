"""Delivery page: the yearly training budget (the amount HR sets; committed and spent, per programme
and per unit)."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from jenjang.core.resources import handles
from jenjang.core.web import render
from jenjang.training import bp
from jenjang.training.delivery import budget
from jenjang.training.delivery import permissions as dperm
from jenjang.training.delivery.forms import BudgetForm
from jenjang.training.delivery.views.common import year_arg, zone_name


def _form_year() -> int:
    try:
        year = int(request.form.get("year", ""))
    except ValueError:
        abort(400)
    if not 2000 <= year <= 2100:
        abort(400)
    return year


@bp.route("/training/budget", methods=["GET", "POST"])
@handles(dperm.can_manage_budget)
def budget_page():
    year = year_arg() if request.method == "GET" else _form_year()
    form = BudgetForm()
    if form.validate_on_submit():
        budget.set_budget(year, form.parsed, by=current_user.email)
        flash(_("Pagu anggaran pelatihan %(year)s disimpan.", year=year), "success")
        return redirect(url_for("training.budget_page", year=year))
    figures = budget.figures(year, zone_name())
    if request.method == "GET" and figures.budget is not None:
        form.amount.data = budget.rupiah(figures.budget).replace("Rp ", "")
    return render("training/delivery/budget.html", year=year, figures=figures, form=form,
                  status=422 if request.method == "POST" else 200)
