"""Kenaikan pangkat is a PNS process (issue 17): a PPPK or PPPK paruh waktu is never offered as a
candidate, a case cannot be opened for them (from the candidates list, the new-case form or an
operation) and the refusal names their kind; nor can a diploma adjustment exam be recorded for
them. Positional moves check that the target position admits the employee's kind."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.org import build_region
from tests.pppk_support import RUDI, SARI, add_pppk

PERIOD = dt.date(2026, 12, 1)
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _on_22_november_2026(clock):
    clock.set("2026-11-22T09:00")


@pytest.fixture
def region(factory):
    tenant = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    region = build_region(factory, tenant)
    region.rudi_id = add_pppk(factory, tenant, RUDI, "Rudi Hartono", unit_id=region.unit_id,
                              position_id=region.staff_position_id)
    region.sari_id = add_pppk(factory, tenant, SARI, "Sari Wulandari", kind="PPPK_PW", grade_id=5,
                              unit_id=region.unit_id, position_id=region.staff_position_id)
    return region


def _open(factory, region, employee_id, kind="reguler", **kw):
    def run():
        from jenjang.extensions import db
        from jenjang.people.models import Employee
        from jenjang.promotion import operations

        e = db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))
        return operations.open_case(e, kind, PERIOD, today=TODAY, **kw).id

    return factory.run(region.tenant, run)


def _nothing_written(factory, region):
    assert factory.scalar(region.tenant, "SELECT count(*) FROM promotion_cases") == 0
    assert factory.scalar(region.tenant, "SELECT count(*) FROM workflow_cases") == 0


def test_candidates_never_list_a_pppk(region, factory, client_for):
    c = client_for(region.tenant)
    c.login("hr@pematangsiantar.demo")
    for kind in ("reguler", "pilihan_fungsional", "pilihan_prestasi", "pilihan_ijazah"):
        page = c.text(c.get(f"/promotion/candidates?kind={kind}&period=2026-12-01"))
        assert "Rudi Hartono" not in page and "Sari Wulandari" not in page, kind
    assert "Dewi Lestari" in c.text(c.get("/promotion/candidates?kind=reguler&period=2026-12-01"))


@pytest.mark.parametrize("kind", ["reguler", "pilihan_prestasi", "pilihan_ijazah"])
def test_a_rank_case_is_refused_for_pppk_and_paruh_waktu_naming_the_kind(region, factory, kind):
    from jenjang.promotion.operations import PromotionError

    with pytest.raises(PromotionError, match="Kenaikan pangkat hanya untuk PNS; Rudi Hartono adalah PPPK."):
        _open(factory, region, region.rudi_id, kind)
    with pytest.raises(PromotionError, match="Sari Wulandari adalah PPPK paruh waktu"):
        _open(factory, region, region.sari_id, kind)
    _nothing_written(factory, region)


def test_opening_from_the_candidates_list_or_the_form_refuses_a_pppk(region, factory, client_for):
    c = client_for(region.tenant)
    c.login("hr@pematangsiantar.demo")
    r = c.post("/promotion/candidates/open", {"kind": "reguler", "period": "2026-12-01",
                                              "employee_id": [str(region.sari_id)]})
    assert r.status_code == 302
    page = c.text(c.get(r.headers["Location"]))
    assert "0 kasus dibuka." in page and "Sari Wulandari adalah PPPK paruh waktu" in page
    r = c.post("/promotion/cases/new", {"nip": RUDI, "kind": "reguler", "period_date": "2026-12-01",
                                        "target_position_id": "", "note": ""})
    assert r.status_code == 422 and "Kenaikan pangkat hanya untuk PNS; Rudi Hartono adalah PPPK." in c.text(r)
    _nothing_written(factory, region)


def test_a_diploma_adjustment_exam_is_not_recorded_for_a_pppk(region, factory):
    def run():
        from jenjang.extensions import db
        from jenjang.people.models import Employee
        from jenjang.promotion import operations

        e = db.session.scalar(sa.select(Employee).where(Employee.id == region.rudi_id))
        operations.record_adjustment_exam(e, education_level="S2", passed_on=TODAY, reference=None, today=TODAY)

    from jenjang.promotion.operations import PromotionError

    with pytest.raises(PromotionError, match="penyesuaian ijazah hanya untuk PNS; Rudi Hartono adalah PPPK"):
        factory.run(region.tenant, run)
    assert factory.scalar(region.tenant, "SELECT count(*) FROM adjustment_exams") == 0


def _holders(factory, region, kinds: str) -> None:
    def run():
        from jenjang.extensions import db

        db.session.execute(sa.text("UPDATE positions SET holder_kinds = :k WHERE id = :id"),
                           {"k": kinds, "id": region.other_position_id})

    factory.run(region.tenant, run)


def test_a_move_checks_that_the_target_position_admits_the_employees_kind(region, factory):
    from jenjang.promotion.operations import PromotionError

    _holders(factory, region, "PNS")
    with pytest.raises(PromotionError, match="Jabatan Kepala Seksi Kurikulum hanya untuk PNS; Rudi Hartono "
                                             "adalah PPPK."):
        _open(factory, region, region.rudi_id, "rotasi", target_position_id=region.other_position_id)
    _nothing_written(factory, region)
    _holders(factory, region, "ASN")
    case_id = _open(factory, region, region.rudi_id, "rotasi", target_position_id=region.other_position_id)
    assert factory.scalar(region.tenant, f"SELECT employee_id FROM promotion_cases WHERE id = {case_id}") == \
        region.rudi_id
