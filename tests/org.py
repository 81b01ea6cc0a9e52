"""A small, realistic organisation for module tests: a Dinas with a bidang, its head, a staff
member eligible for a regular promotion, and the HR/committee/PPK accounts."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class Region:
    tenant: object
    unit_id: int
    head_position_id: int
    staff_position_id: int
    other_position_id: int
    head_id: int  # employee ids
    staff_id: int
    colleague_id: int


def nip(birth: str, tmt: str, gender: str, seq: int) -> str:
    return f"{birth}{tmt}{gender}{seq:03d}"


def build_region(factory, tenant, *, seq: int = 1) -> Region:
    from jenjang.people import operations as people
    from jenjang.people.models import RANK_IDS

    def make():
        dinas = people.save_unit(None, name="Dinas Pendidikan", kind="dinas", parent_id=None, code=f"DISDIK{seq}")
        bidang = people.save_unit(None, name="Bidang Pembinaan Guru", kind="bidang", parent_id=dinas.id,
                                  code=f"BPG{seq}")
        head_pos = people.save_position(None, unit_id=bidang.id, name="Kepala Bidang Pembinaan Guru",
                                        kind="administrator", functional_level=None, min_rank_id=RANK_IDS["III/d"],
                                        max_rank_id=RANK_IDS["IV/b"], job_class=11, is_head=True, quota=1,
                                        code=f"KABID{seq}")
        staff_pos = people.save_position(None, unit_id=bidang.id, name="Analis Kepegawaian", kind="pelaksana",
                                         functional_level=None, min_rank_id=RANK_IDS["II/a"],
                                         max_rank_id=RANK_IDS["III/d"], job_class=7, is_head=False, quota=5,
                                         code=f"ANL{seq}")
        other_pos = people.save_position(None, unit_id=dinas.id, name="Kepala Seksi Kurikulum", kind="pengawas",
                                         functional_level=None, min_rank_id=RANK_IDS["III/a"],
                                         max_rank_id=RANK_IDS["III/d"], job_class=9, is_head=False, quota=1,
                                         code=f"KASI{seq}")
        head = people.create_employee(nip=nip("19790930", "200412", "1", seq), full_name="Agus Salim",
                                      rank_id=RANK_IDS["III/d"], rank_tmt=dt.date(2019, 4, 1),
                                      position_id=head_pos.id, position_tmt=dt.date(2020, 1, 2),
                                      education_level="S2", email=f"atasan@{tenant.slug}.demo")
        staff = people.create_employee(nip=nip("19950715", "201903", "2", seq), full_name="Dewi Lestari",
                                       rank_id=RANK_IDS["III/a"], rank_tmt=dt.date(2021, 10, 1),
                                       position_id=staff_pos.id, position_tmt=dt.date(2019, 3, 1),
                                       education_level="S1", email=f"pegawai@{tenant.slug}.demo")
        colleague = people.create_employee(nip=nip("19900101", "201501", "1", seq), full_name="Budi Santoso",
                                           rank_id=RANK_IDS["III/a"], rank_tmt=dt.date(2024, 4, 1),
                                           position_id=staff_pos.id, position_tmt=dt.date(2015, 1, 1),
                                           education_level="S1", email=f"rekan@{tenant.slug}.demo")
        for e in (head, staff, colleague):
            people.set_skp(e, 2024, "baik")
            people.set_skp(e, 2025, "sangat_baik")
        return Region(tenant, bidang.id, head_pos.id, staff_pos.id, other_pos.id, head.id, staff.id, colleague.id)

    region = factory.run(tenant, make)
    link = _linker(factory, tenant)
    link(f"atasan@{tenant.slug}.demo", region.head_id)
    link(f"pegawai@{tenant.slug}.demo", region.staff_id)
    link(f"rekan@{tenant.slug}.demo", region.colleague_id)
    for email, roles in ((f"hr@{tenant.slug}.demo", ["hr"]), (f"tpk@{tenant.slug}.demo", ["committee"]),
                         (f"ppk@{tenant.slug}.demo", ["ppk"]), (f"admin@{tenant.slug}.demo", ["admin"])):
        if factory.scalar(tenant, f"SELECT count(*) FROM users WHERE email = '{email}'") == 0:
            factory.user(tenant, email, roles=roles)
    return region


def _linker(factory, tenant):
    from tests.helpers import PASSWORD

    def link(email: str, employee_id: int):
        from jenjang.auth import operations as auth_ops
        from jenjang.auth.models import User
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        def run():
            import sqlalchemy as sa

            user = db.session.scalar(sa.select(User).where(User.email == email))
            employee = db.session.scalar(sa.select(Employee).where(Employee.id == employee_id))
            if user is None:
                auth_ops.create_user(full_name=employee.full_name, email=email, employee=employee, password=PASSWORD)
            else:
                user.employee_id = employee_id

        factory.run(tenant, run)

    return link
