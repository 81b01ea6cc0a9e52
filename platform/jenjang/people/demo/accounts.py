"""The six demo accounts of every demo tenant (never in production): admin, HR, the PPK, the
committee, a supervisor and an employee, each with an employee record and a NIP of its own."""
from __future__ import annotations

import hashlib

import sqlalchemy as sa

from jenjang.auth import operations as auth_ops
from jenjang.auth.models import User
from jenjang.extensions import db
from jenjang.people.models import Employee
from jenjang.tenancy.models import Tenant

DEMO_PASSWORD = "jenjang-demo"  # noqa: S105 - documented demo credential, refused in production

# (local part, roles, full name, front title, back title, birth date, TMT CPNS, gender)
DEMO_ACCOUNTS = (
    ("admin", ["admin"], "Rudi Hartono", None, "S.Kom.", "19850312", "200901", "1"),
    ("hr", ["hr"], "Siti Rahmawati", None, "S.Psi., M.M.", "19880521", "201101", "2"),
    # The PPK is the regional head; the demo account acts for the office (usually the Sekda).
    ("ppk", ["ppk"], "Bambang Sutrisno", "Drs.", "M.Si.", "19680817", "199203", "1"),
    ("tpk", ["committee"], "Maria Simanjuntak", "Dr.", "M.AP.", "19740204", "199903", "2"),
    ("atasan", [], "Agus Salim Nasution", None, "S.E., M.Ak.", "19790930", "200412", "1"),
    ("pegawai", [], "Dewi Lestari", None, "S.Sos.", "19950715", "201903", "2"),
)


# A seventh sign-in: a PPPK whose contract ends soon, attached by the contracts demo to the PPPK it
# opened a renewal for (the PPPK are generated, so the account follows one of them).
PPPK_LOCAL = "pppk"


def attach_demo_login(tenant: Tenant, employee: Employee, local: str = PPPK_LOCAL) -> str | None:
    """Give a generated demo employee the sign-in `<local>@<slug>.demo`; None when it exists."""
    email = demo_email(local, tenant)
    if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
        return None
    employee.email = email
    auth_ops.create_user(full_name=employee.full_name, email=email, employee=employee, password=DEMO_PASSWORD)
    db.session.flush()  # the user and its audit entry, while the caller's tenant context is open
    return f"created demo account {email} (NI PPPK {employee.nip})"


def demo_nip(tenant: Tenant, birth: str, tmt: str, gender: str, index: int) -> str:
    seq = int(hashlib.sha256(tenant.slug.encode()).hexdigest()[:4], 16) % 800 + 100 + index
    return f"{birth}{tmt}{gender}{seq:03d}"


def demo_email(local: str, tenant: Tenant) -> str:
    return f"{local}@{tenant.slug}.demo"


def ensure_demo_accounts(tenant: Tenant, _config: dict | None = None) -> list[str]:
    changes = []
    for index, (local, roles, name, front, back, birth, tmt, gender) in enumerate(DEMO_ACCOUNTS):
        email = demo_email(local, tenant)
        if db.session.scalar(sa.select(User.id).where(User.email == email)) is not None:
            continue
        nip = demo_nip(tenant, birth, tmt, gender, index)
        employee = db.session.scalar(sa.select(Employee).where(Employee.nip == nip))
        if employee is None:
            employee = Employee(nip=nip, full_name=name, front_title=front, back_title=back, email=email)
            db.session.add(employee)
            db.session.flush()
        auth_ops.create_user(full_name=name, email=email, roles=roles, employee=employee,
                             password=DEMO_PASSWORD)
        changes.append(f"created demo account {email} (NIP {nip})")
    return changes


def demo_logins(tenant: Tenant) -> list[dict]:
    """For the demo hint on the sign-in page (development only)."""
    rows = []
    for index, (local, roles, *_rest) in enumerate(DEMO_ACCOUNTS):
        birth, tmt, gender = _rest[3], _rest[4], _rest[5]
        rows.append({"email": demo_email(local, tenant), "roles": roles or ["employee"],
                     "nip": demo_nip(tenant, birth, tmt, gender, index)})
    pppk = db.session.execute(sa.select(Employee.nip).join(User, User.employee_id == Employee.id)
                              .where(User.email == demo_email(PPPK_LOCAL, tenant))).first()
    if pppk is not None:
        rows.append({"email": demo_email(PPPK_LOCAL, tenant), "roles": ["employee"], "nip": pppk.nip})
    return rows
