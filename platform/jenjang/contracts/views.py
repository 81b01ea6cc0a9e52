"""Contract pages: HR's list (ending within 30/60/90 days, by unit), an employee's contracts, adding
and correcting a contract with its PDF, the documents, the renewal proposal and its case page with
the letter, the settings, the employee's own page and the HR dashboard card."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from jenjang.contracts import bp, operations, queries
from jenjang.contracts import permissions as perm
from jenjang.contracts.forms import ContractForm, RenewalForm, SettingsForm
from jenjang.contracts.labels import COPY_TO_BKN, ENDS_HONOURABLY, RENEWAL_BASIS, RENEWAL_STATUS, WINDOWS
from jenjang.contracts.models import ContractRenewal
from jenjang.core import clock
from jenjang.core.forms import int_or_none
from jenjang.core.nav import NavItem, registry
from jenjang.core.resources import Load, attempt, handles
from jenjang.core.web import page_number, render, send_stored
from jenjang.people.api import (
    EMPLOYMENT_TYPE_LABELS,
    SKP_LABELS,
    Employee,
    EmploymentContract,
    grade_label,
    unit_options,
)
from jenjang.workflow import api as workflow
from jenjang.workflow.panel import case_panel

registry.add_nav(NavItem("contracts.index", _l("Perjanjian kerja"), perm.can_manage_contracts, order=105,
                         match_prefix="/contracts"))

REFUSALS = (operations.ContractError, workflow.TransitionRefused)
EMPLOYEE = Load(Employee, "employee_id")
CONTRACT = Load(EmploymentContract, "contract_id", visible=perm.can_view_contract)
RENEWAL = Load(ContractRenewal, "renewal_id", visible=perm.can_view_renewal)


@bp.context_processor
def _labels() -> dict:
    return {"kind_labels": EMPLOYMENT_TYPE_LABELS}


@bp.route("/contracts")
@handles(perm.can_manage_contracts)
def index():
    window = request.args.get("window", "90")
    window = window if window in WINDOWS else "90"
    unit_id = int_or_none(request.args.get("unit"))
    page = page_number()
    today = clock.today()
    rows, has_next = queries.contract_page(today, window=window, unit_id=unit_id, page=page)
    return render("contracts/list.html", block="rows", rows=rows, has_next=has_next, page=page, window=window,
                  windows=WINDOWS, unit_id=unit_id, units=unit_options(), today=today)


@bp.route("/contracts/employees/<int:employee_id>")
@handles(perm.can_view_employee_contracts, employee=EMPLOYEE)
def employee_contracts(employee):
    contracts = queries.contracts_of(employee.id)
    renewals = queries.renewals_of(employee.id)
    latest = contracts[0] if contracts else None
    return render("contracts/employee.html", employee=employee, contracts=contracts, renewals=renewals,
                  letters={r.new_contract_id: r for r in renewals if r.new_contract_id},
                  latest=latest, today=clock.today(), statuses=RENEWAL_STATUS, grade_label=grade_label,
                  can_manage=perm.can_manage_contracts(current_user),
                  can_propose=bool(latest) and perm.can_propose_renewal(current_user, latest),
                  open_renewal=next((r for r in renewals if r.is_open), None),
                  unit_name=queries.unit_name(employee.unit_id))


def _contract_form_page(employee: Employee, contract: EmploymentContract | None):
    form = ContractForm(obj=contract if request.method == "GET" else None)
    form.position_id.choices = [("", _("— tidak ada —"))] + queries.position_choices()
    if request.method == "GET":
        if contract is None:
            form.position_id.data = str(employee.position_id or "")
            form.grade_id.data = str(employee.grade_id or "")
        else:
            form.position_id.data = str(contract.position_id or "")
            form.grade_id.data = str(contract.grade_id or "")
    not_pppk = None if employee.is_pppk else _(
        "%(name)s adalah %(kind)s. Perjanjian kerja hanya dicatat untuk PPPK (PP 49/2018); PNS tidak memiliki "
        "perjanjian kerja.", name=employee.display_name, kind=employee.employment_type)
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            with attempt(operations.ContractError) as outcome:
                saved = operations.save_contract(
                    employee, contract, number=form.number.data, starts_on=form.starts_on.data,
                    ends_on=form.ends_on.data, position_id=int_or_none(form.position_id.data),
                    grade_id=int_or_none(form.grade_id.data), upload=request.files.get("document"))
            if outcome.ok:
                flash(_("Perjanjian kerja %(n)s disimpan.", n=saved.number), "success")
                return redirect(url_for("contracts.employee_contracts", employee_id=employee.id))
            field = getattr(form, outcome.exception.field or "", None)
            if field is not None:
                field.errors = list(field.errors) + [outcome.error]
            else:
                form.form_errors.append(outcome.error)
    return render("contracts/form.html", form=form, employee=employee, contract=contract, not_pppk=not_pppk,
                  settings=queries.get_settings(), status=status)


@bp.route("/contracts/employees/<int:employee_id>/new", methods=["GET", "POST"])
@handles(perm.can_manage_contracts, employee=EMPLOYEE)
def contract_new(employee):
    return _contract_form_page(employee, None)


@bp.route("/contracts/<int:contract_id>/edit", methods=["GET", "POST"])
@handles(perm.can_manage_contracts, contract=CONTRACT)
def contract_edit(contract):
    return _contract_form_page(queries.employee(contract.employee_id), contract)


@bp.route("/contracts/<int:contract_id>/document")
@handles(None, contract=CONTRACT)
def contract_document(contract):
    if not contract.document_stored:
        abort(404)
    response = send_stored(lambda: operations.document_path(contract), "application/pdf",
                           contract.document_name or "perjanjian-kerja.pdf")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/contracts/<int:contract_id>/renewal/new", methods=["GET", "POST"])
@handles(perm.can_propose_renewal, contract=CONTRACT)
def renewal_new(contract):
    employee = queries.employee(contract.employee_id)
    settings = queries.get_settings()
    form = RenewalForm(data=None if request.method == "POST" else {"months": settings.min_months})
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            with attempt(*REFUSALS) as outcome:
                renewal = operations.open_renewal(contract, months=form.months.data, note=form.note.data,
                                                  user=current_user)
            if outcome.ok:
                flash(_("Usulan perpanjangan untuk %(name)s diajukan.", name=employee.display_name), "success")
                return redirect(url_for("contracts.renewal_detail", renewal_id=renewal.id))
            form.months.errors = list(form.months.errors) + [outcome.error]
    return render("contracts/renewal_new.html", form=form, contract=contract, employee=employee, settings=settings,
                  basis=RENEWAL_BASIS, status=status)


@bp.route("/contracts/renewals/<int:renewal_id>")
@handles(None, renewal=RENEWAL)
def renewal_detail(renewal):
    employee = renewal.employee
    contract = renewal.contract
    new = queries.contract_by_id(renewal.new_contract_id)
    return render("contracts/renewal.html", renewal=renewal, employee=employee, contract=contract, new=new,
                  wcase=renewal.workflow_case, panel=case_panel(renewal.workflow_case, current_user),
                  skp=queries.last_skp(employee.id), skp_labels=SKP_LABELS,
                  formasi=queries.formasi(employee.position_id or contract.position_id),
                  statuses=RENEWAL_STATUS, basis=RENEWAL_BASIS, copy_to_bkn=COPY_TO_BKN,
                  ends_honourably=ENDS_HONOURABLY, today=clock.today(),
                  new_starts_on=contract.ends_on + queries.ONE_DAY,
                  new_ends_on=queries.period_end(contract.ends_on + queries.ONE_DAY, renewal.months))


@bp.route("/contracts/renewals/<int:renewal_id>/letter.pdf")
@handles(None, renewal=RENEWAL)
def renewal_letter(renewal):
    if renewal.status != "approved" or not renewal.letter_stored:
        abort(404)
    return send_stored(lambda: operations.letter_path(renewal), "application/pdf",
                       f"perpanjangan-{renewal.letter_number.replace('/', '-')}.pdf")


@bp.route("/contracts/settings", methods=["GET", "POST"])
@handles(perm.can_manage_contracts)
def settings():
    current = queries.get_settings()
    form = SettingsForm(data=None if request.method == "POST" else {
        "min_months": current.min_months, "max_months": current.max_months,
        "min_months_regulation": current.min_months_regulation,
        "reminder_days": ", ".join(str(d) for d in sorted(current.reminder_days or [], reverse=True)),
        "letter_number_prefix": current.letter_number_prefix, "letter_signatory": current.letter_signatory})
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            with attempt(operations.ContractError) as outcome:
                operations.save_settings(
                    min_months=form.min_months.data, max_months=form.max_months.data,
                    reminder_days=operations.parse_days(form.reminder_days.data),
                    regulation=form.min_months_regulation.data, letter_number_prefix=form.letter_number_prefix.data,
                    letter_signatory=form.letter_signatory.data)
            if outcome.ok:
                flash(_("Pengaturan perjanjian kerja disimpan."), "success")
                return redirect(url_for("contracts.settings"))
            field = getattr(form, outcome.exception.field or "", form.min_months)
            field.errors = list(field.errors) + [outcome.error]
    return render("contracts/settings.html", form=form, ends_honourably=ENDS_HONOURABLY, basis=RENEWAL_BASIS,
                  status=status)


@bp.route("/me/contracts")
@handles(perm.has_employee_record)
def mine():
    employee = queries.employee(current_user.employee_id)
    if employee is None:
        abort(404)
    contracts = queries.contracts_of(employee.id)
    renewals = queries.renewals_of(employee.id)
    today = clock.today()
    in_force = next((c for c in contracts if c.starts_on <= today <= c.ends_on), None)
    current = in_force or (contracts[0] if contracts else None)
    following = next((c for c in reversed(contracts) if current and c.starts_on > current.ends_on), None)
    return render("contracts/mine.html", employee=employee, contracts=contracts, current=current, following=following,
                  renewals=renewals, letters={r.new_contract_id: r for r in renewals if r.new_contract_id},
                  today=clock.today(), statuses=RENEWAL_STATUS, grade_label=grade_label)


# --- dashboard cards ------------------------------------------------------------------------------

def _hr_card(user) -> dict:
    """Contracts ending in the next 90 days: two statements whatever their number."""
    return {**queries.ending_soon(clock.today(), 90, limit=5), "today": clock.today()}


def _my_card(user) -> dict:
    return {"contract": queries.my_current_contract(user.employee_id), "today": clock.today()}


registry.add_card(25, "contracts/card_hr.html", perm.can_manage_contracts, _hr_card)
registry.add_card(15, "contracts/card_mine.html", perm.has_employee_record, _my_card)
