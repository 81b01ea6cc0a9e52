"""Opening, evaluating and closing promotion cases. Flush, never commit."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from jenjang import eligibility
from jenjang.core import audit, clock
from jenjang.core.refusals import Refusal
from jenjang.eligibility import Subject
from jenjang.extensions import db
from jenjang.people import operations as people_ops
from jenjang.people.api import RANKS, Employee, Position
from jenjang.promotion import settings as promo_settings
from jenjang.promotion.kinds import KINDS, PromotionKind, default_steps, workflow_key
from jenjang.promotion.models import AdjustmentExam, DisciplinarySanction, PromotionCase
from jenjang.promotion.permissions import can_view_case
from jenjang.promotion.rules import diploma_entry_rank_id, rank_code
from jenjang.tenancy.models import utcnow
from jenjang.tenancy.operations import provisioner
from jenjang.workflow import api as workflow

SUBJECT_TYPE = "promotion"


class PromotionError(Refusal):
    """A refused change of a promotion case, sanction or adjustment exam."""


# Kenaikan pangkat and the diploma adjustment exam are PNS processes: a PPPK has a golongan
# I–XVII set by contract (Perpres 98/2020), never a kenaikan pangkat; the refusal names the kind.
KIND_OF_EMPLOYMENT = {"PNS": _l("PNS"), "PPPK": _l("PPPK"), "PPPK_PW": _l("PPPK paruh waktu")}
HOLDER_LABELS = {"ASN": _l("PNS dan PPPK"), "PNS": _l("PNS"), "PPPK": _l("PPPK")}


def _refuse_unless_pns(employee: Employee, process) -> None:
    if employee.employment_type != "PNS":
        raise PromotionError(_("%(process)s hanya untuk PNS; %(name)s adalah %(kind)s.", process=process,
                               name=employee.display_name,
                               kind=KIND_OF_EMPLOYMENT.get(employee.employment_type, employee.employment_type)))


@provisioner
def ensure_workflows() -> None:
    """Seed the default workflow of every kind the tenant does not have yet (idempotent)."""
    with force_locale("id"):  # seeded names are data, in the region's language
        for kind in KINDS.values():
            if workflow.definition_by_key(workflow_key(kind.key)) is None:
                workflow.ensure_definition(workflow_key(kind.key), "promotion", str(kind.label),
                                           default_steps(kind), description=kind.regulation)


def applicable_rules(kind: str) -> dict[str, dict]:
    """Enabled rule key → params for this kind, including rules other modules plugged in and the
    tenant switched on."""
    rules = {k: p for k, p in promo_settings.effective_rules(kind).items() if p.get("enabled")}
    return {k: p for k, p in rules.items() if eligibility.get(k) is not None}


def evaluate(employee: Employee, kind: str, as_of: dt.date, *, target_position_id: int | None = None,
             to_rank_id: int | None = None, only: list[str] | None = None) -> list[dict]:
    subject = Subject(employee=employee, kind=kind, as_of=as_of, target_position_id=target_position_id,
                      target_rank_id=to_rank_id)
    results = []
    for key, params in applicable_rules(kind).items():
        if only is not None and key not in only:
            continue
        result = eligibility.get(key).evaluate(subject, params)
        results.append(result.as_json())
    return results


def is_eligible(results: list[dict]) -> bool:
    return all(r["passed"] is not False for r in results)


def _title(employee: Employee, kind: str, period: dt.date) -> str:
    return f"{KINDS[kind].label} — {employee.display_name} ({period.isoformat()})"


def open_case(employee: Employee, kind: str, period_date: dt.date, *, target_position_id: int | None = None,
              to_rank_id: int | None = None, note: str | None = None, user=None,
              today: dt.date | None = None) -> PromotionCase:
    spec = _refuse_unless_openable(employee, kind, period_date, today or clock.today())
    if spec.changes_rank:
        to_rank_id, target_position_id = _target_rank(employee, spec, period_date, to_rank_id), None
    else:
        to_rank_id, target_position_id = None, _target_position(employee, target_position_id)
    if workflow.definition_by_key(workflow_key(kind)) is None:
        ensure_workflows()
    results = evaluate(employee, kind, period_date, target_position_id=target_position_id, to_rank_id=to_rank_id)
    case = PromotionCase(employee_id=employee.id, kind=kind, period_date=period_date,
                         from_rank_id=employee.rank_id, to_rank_id=to_rank_id,
                         from_position_id=employee.position_id, target_position_id=target_position_id,
                         eligibility=results, eligibility_evaluated_at=utcnow(), note=(note or "").strip() or None,
                         created_by_user_id=getattr(user, "id", None))
    db.session.add(case)
    db.session.flush()
    wcase = workflow.start_case(workflow_key(kind), subject_type=SUBJECT_TYPE, subject_id=case.id,
                                subject_employee_id=employee.id, title=_title(employee, kind, period_date),
                                started_by=user)
    case.workflow_case = wcase
    db.session.flush()
    audit.record("promotion.case_opened", case, after={"employee": employee.nip, "kind": kind,
                                                       "period": period_date.isoformat(),
                                                       "eligible": is_eligible(results)})
    return case


def _refuse_unless_openable(employee: Employee, kind: str, period_date: dt.date, today: dt.date) -> PromotionKind:
    """The kind's spec, or PromotionError when no case of it can be opened for the employee."""
    spec = KINDS.get(kind)
    if spec is None:
        raise PromotionError(_("Jenis kenaikan tidak dikenal."))
    if not employee.is_active:
        raise PromotionError(_("%(name)s sudah diarsipkan; kasus tidak dapat dibuka.", name=employee.display_name))
    if period_date < today:
        raise PromotionError(_("Periode %(d)s sudah lewat. Pilih periode yang akan datang.", d=period_date.isoformat()))
    if db.session.scalar(sa.select(PromotionCase.id).where(
            PromotionCase.employee_id == employee.id, PromotionCase.kind == kind,
            PromotionCase.status == "in_progress")) is not None:
        raise PromotionError(_("%(name)s sudah punya kasus %(kind)s yang masih berjalan.",
                               name=employee.display_name, kind=spec.label))
    return spec


def _target_rank(employee: Employee, spec: PromotionKind, period_date: dt.date, to_rank_id: int | None) -> int:
    """The rank a kenaikan pangkat leads to: the one asked for, the new diploma's entry rank, or
    the next one."""
    _refuse_unless_pns(employee, _("Kenaikan pangkat"))
    if employee.rank_id is None:
        raise PromotionError(_("Kenaikan pangkat hanya untuk PNS yang golongannya tercatat."))
    if not promo_settings.is_period(period_date):
        raise PromotionError(_("%(d)s bukan periode kenaikan pangkat wilayah ini.", d=period_date.isoformat()))
    if to_rank_id is None and "diploma_adjustment" in spec.rules:
        to_rank_id = diploma_entry_rank_id(employee.education_level)  # the new diploma's entry rank
    to_rank_id = to_rank_id or employee.rank_id + 1
    if to_rank_id > len(RANKS) or to_rank_id <= employee.rank_id:
        raise PromotionError(_("Golongan tujuan harus di atas golongan sekarang (%(r)s).",
                               r=rank_code(employee.rank_id)))
    return to_rank_id


def _target_position(employee: Employee, target_position_id: int | None) -> int:
    """The position a move leads to: an existing one, not the employee's own, that the employee's
    kind (PNS or PPPK) may hold."""
    position = None if target_position_id is None else db.session.scalar(
        sa.select(Position).where(Position.id == target_position_id))
    if position is None:
        raise PromotionError(_("Pilih jabatan tujuan."))
    if target_position_id == employee.position_id:
        raise PromotionError(_("Jabatan tujuan sama dengan jabatan sekarang."))
    if not position.allows_kind(employee.employment_type):
        raise PromotionError(_("Jabatan %(position)s hanya untuk %(holders)s; %(name)s adalah %(kind)s.",
                               position=position.name, holders=HOLDER_LABELS.get(position.holder_kinds, ""),
                               name=employee.display_name,
                               kind=KIND_OF_EMPLOYMENT.get(employee.employment_type, employee.employment_type)))
    return target_position_id


def record_sanction(employee: Employee, *, level: str, description: str, starts_on: dt.date,
                    ends_on: dt.date | None, decree_number: str | None) -> DisciplinarySanction:
    """A disciplinary sanction (read by the no-sanction rule), with its audit entry."""
    sanction = DisciplinarySanction(employee_id=employee.id, level=level, description=description.strip(),
                                    starts_on=starts_on, ends_on=ends_on, decree_number=decree_number or None)
    db.session.add(sanction)
    db.session.flush()
    audit.record("promotion.sanction_recorded", sanction, after={"employee": employee.nip, "level": sanction.level})
    return sanction


def record_adjustment_exam(employee: Employee, *, education_level: str, passed_on: dt.date,
                           reference: str | None, today: dt.date | None = None) -> AdjustmentExam:
    """A passed diploma adjustment exam (read by the penyesuaian ijazah rule), with its audit entry.
    PromotionError when the date is after today or the employee is not a PNS."""
    _refuse_unless_pns(employee, _("Ujian kenaikan pangkat penyesuaian ijazah"))
    if passed_on > (today or clock.today()):
        raise PromotionError(_("Tanggal lulus tidak boleh sesudah hari ini."))
    exam = AdjustmentExam(employee_id=employee.id, education_level=education_level, passed_on=passed_on,
                          reference=(reference or "").strip() or None)
    db.session.add(exam)
    db.session.flush()
    audit.record("promotion.adjustment_exam_recorded", exam,
                 after={"employee": employee.nip, "education": exam.education_level,
                        "passed_on": exam.passed_on.isoformat()})
    return exam


def reevaluate(case: PromotionCase) -> list[dict]:
    case.eligibility = evaluate(case.employee, case.kind, case.period_date,
                                target_position_id=case.target_position_id, to_rank_id=case.to_rank_id)
    case.eligibility_evaluated_at = utcnow()
    if case.workflow_case is not None and case.workflow_case.is_open:
        workflow.reevaluate(case.workflow_case)
    db.session.flush()
    return case.eligibility


def next_sk_number(case: PromotionCase) -> str:
    settings = promo_settings.get_settings()
    year = (case.closed_at or utcnow()).year
    count = db.session.scalar(sa.select(sa.func.count()).select_from(PromotionCase).where(
        PromotionCase.sk_number.is_not(None), sa.extract("year", PromotionCase.sk_date) == year)) or 0
    prefix = settings.sk_number_prefix or "800.1.3.3"
    return f"{prefix}/{count + 1:04d}/BKPSDM/{year}"


def _on_closed(wcase, outcome: str) -> None:
    case = db.session.scalar(sa.select(PromotionCase).where(PromotionCase.workflow_case_id == wcase.id))
    if case is None:
        return
    case.status = outcome
    case.closed_at = utcnow()
    if outcome != "approved":
        db.session.flush()
        return
    case.sk_date = clock.today()
    case.sk_number = next_sk_number(case)
    employee = case.employee
    reason = _("Ditetapkan melalui kasus kenaikan #%(id)s", id=case.id)
    if KINDS[case.kind].changes_rank:
        people_ops.change_rank(employee, case.to_rank_id, case.period_date, decree_number=case.sk_number,
                               override_reason=reason)
    else:
        people_ops.change_position(employee, case.target_position_id, case.period_date,
                                   decree_number=case.sk_number, override_reason=reason)
    audit.record("promotion.case_approved", case, after={"sk_number": case.sk_number, "kind": case.kind})
    db.session.flush()


def _evaluate_checks(wcase, keys: list[str]) -> list[dict]:
    case = db.session.scalar(sa.select(PromotionCase).where(PromotionCase.id == wcase.subject_id))
    if case is None or not keys:
        return []
    return evaluate(case.employee, case.kind, case.period_date, target_position_id=case.target_position_id,
                    to_rank_id=case.to_rank_id, only=keys)


def _can_view(user, wcase) -> bool:
    case = db.session.scalar(sa.select(PromotionCase).where(PromotionCase.id == wcase.subject_id))
    return case is not None and can_view_case(user, case)


def _known_checks() -> set[str]:
    return set(eligibility.rules())


workflow.register_handler(workflow.SubjectHandler(
    subject_type=SUBJECT_TYPE,
    link=lambda wcase: ("promotion.case_detail", {"promotion_id": wcase.subject_id}),
    evaluate_checks=_evaluate_checks,
    on_closed=_on_closed,
    known_checks=_known_checks,
    can_view=_can_view,
))
