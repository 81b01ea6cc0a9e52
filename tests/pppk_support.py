"""PPPK employees for the tests of the modules that must work for them (JP ledger, competency,
360, mentoring, training). They are written straight to the database through the model: the
people form's NI PPPK check is another part of issue 17. Real-format NI PPPK numbers: birth date,
year of appointment, a 2-digit code that is not a month, gender digit, sequence."""
from __future__ import annotations

from tests.helpers import PASSWORD

RUDI = "199001012022211001"  # PPPK, appointed 2022, man
SARI = "199202022024242003"  # PPPK paruh waktu, appointed 2024, woman


def add_pppk(factory, tenant, nip: str, full_name: str, *, kind: str = "PPPK", grade_id: int = 9,
             unit_id: int | None = None, position_id: int | None = None, email: str | None = None,
             education_level: str = "S1") -> int:
    """A PPPK (or PPPK_PW) employee, with an account when given an email; returns the employee id."""

    def go():
        from jenjang.auth import operations as auth_ops
        from jenjang.extensions import db
        from jenjang.people.models import Employee

        employee = Employee(nip=nip, full_name=full_name, email=email, employment_type=kind, grade_id=grade_id,
                            unit_id=unit_id, position_id=position_id, education_level=education_level)
        db.session.add(employee)
        db.session.flush()
        if email:
            auth_ops.create_user(full_name=full_name, email=email, roles=[], employee=employee,
                                 password=PASSWORD)
        return employee.id

    return factory.run(tenant, go)
