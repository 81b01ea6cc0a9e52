"""The load benchmark's database: `jenjang_load` (JENJANG_LOAD_DB) on the server named by
DATABASE_URL (or the embedded one), migrated, with the app role; one tenant of 20,000 employees
(`beban`) and 20 small ones (`kecil01` … `kecil20`), each with the demo accounts, demo competency
data (standards, assessment-centre results, potential), and sign-in accounts for the simulated
users. The big tenant also gets promotion cases waiting at the committee's step.

Built once and reused (`--rebuild` starts over); `reset()` puts the mutable state back before a
run (cases at the committee's step, the 360 forms and enrolments of the 360/training modules)."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "platform"))

LOAD_DB = os.environ.get("JENJANG_LOAD_DB", "jenjang_load")
BIG = "beban"
SMALL = tuple(f"kecil{n:02d}" for n in range(1, 21))
PASSWORD = "beban-kata-sandi-panjang"  # noqa: S105 - throwaway accounts in a throwaway database
EMPLOYEE_USERS_BIG = 400
EMPLOYEE_USERS_SMALL = 8
HR_USERS = 10
COMMITTEE_USERS = 10
CASES = 600


def log(msg: str) -> None:
    print(f"[load] {time.strftime('%H:%M:%S')} {msg}", flush=True)


def server_urls() -> tuple[str, str]:
    """(admin URL on the maintenance database, owner URL of the load database)."""
    from sqlalchemy.engine import make_url

    from jenjang.config import normalise_db_url

    base = os.environ.get("DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    if base == "embedded":
        from jenjang import embedded

        base = embedded.database_url("postgres")
    url = make_url(normalise_db_url(base))
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    owner = url.set(database=LOAD_DB).render_as_string(hide_password=False)
    return admin, owner


def ensure_database(rebuild: bool) -> tuple[str, bool]:
    """Create (or with `rebuild`, recreate) the load database. Returns (owner URL, created)."""
    import psycopg

    admin, owner = server_urls()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (LOAD_DB,)).fetchone()
        if exists and rebuild:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                         "AND pid <> pg_backend_pid()", (LOAD_DB,))
            conn.execute(f'DROP DATABASE "{LOAD_DB}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{LOAD_DB}"')
    return owner, not exists


def make_app(owner: str):
    from flask_migrate import upgrade

    from jenjang import create_app
    from jenjang.tenancy.bootstrap import bootstrap

    os.environ["DATABASE_URL"] = owner
    app = create_app({"DATABASE_URL": owner, "JENJANG_ENV": "development"})
    with app.app_context():
        upgrade(revision="heads")
    bootstrap(owner, app.config["APP_DB_ROLE"], os.environ.get("APP_DB_PASSWORD", "jenjang_app"),
              console_role=app.config["CONSOLE_DB_ROLE"])
    return app


def _tenant(slug: str, name: str, kind: str):
    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.tenancy import operations as tenancy_ops
    from jenjang.tenancy.dbroles import console_role
    from jenjang.tenancy.models import Tenant

    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        with console_role():  # provisioning: the console role
            tenant = tenancy_ops.create_tenant(slug, name=name, kind=kind, province="Sumatera Utara",
                                               hr_agency_name=f"BKPSDM {name}", timezone="WIB", locale="id",
                                               primary_color="#1f6f5c")
            db.session.commit()
    return tenant


def _populate(tenant, employees: int) -> str:
    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.people.demo.accounts import ensure_demo_accounts
    from jenjang.people.demo.populate import populate
    from jenjang.people.models import Employee
    from jenjang.tenancy.context import tenant_context

    with tenant_context(tenant.id):
        ensure_demo_accounts(tenant)
        db.session.flush()
        have = db.session.scalar(sa.select(sa.func.count()).select_from(Employee))
    if have >= employees:
        db.session.commit()
        return f"{have} employees present"
    result = populate(tenant, employees)
    db.session.commit()
    return result


def _users(tenant, employee_users: int, hr: int, committee: int) -> int:
    """Sign-in accounts for the simulated users (one password hash computed once)."""
    import sqlalchemy as sa

    from jenjang.auth.models import User
    from jenjang.auth.passwords import hash_password
    from jenjang.extensions import db
    from jenjang.people.models import Employee
    from jenjang.tenancy.context import tenant_context

    domain = f"{tenant.slug}.load"
    with tenant_context(tenant.id):
        if db.session.scalar(sa.select(User.id).where(User.email.like(f"%@{domain}")).limit(1)):
            return 0
        pw = hash_password(PASSWORD)
        linked = set(db.session.scalars(sa.select(User.employee_id).where(User.employee_id.is_not(None))))
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Employee).where(Employee.status == "active"))
        step = max(1, total // max(1, employee_users + hr + committee))
        ids = [i for i in db.session.scalars(sa.select(Employee.id).where(Employee.status == "active")
                                             .order_by(Employee.id)) if i not in linked][::step]
        rows = []
        for n in range(employee_users):
            rows.append(User(full_name=f"Pegawai Beban {n}", email=f"p{n}@{domain}", roles=[],
                             employee_id=ids[n], password_hash=pw))
        for n in range(hr):
            rows.append(User(full_name=f"HR Beban {n}", email=f"hr{n}@{domain}", roles=["hr"],
                             employee_id=ids[employee_users + n], password_hash=pw))
        for n in range(committee):
            rows.append(User(full_name=f"TPK Beban {n}", email=f"tpk{n}@{domain}", roles=["committee"],
                             employee_id=ids[employee_users + hr + n], password_hash=pw))
        db.session.add_all(rows)
        db.session.commit()
        return len(rows)


def _cases(tenant, how_many: int) -> str:
    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.people.models import Employee
    from jenjang.promotion import candidates, operations
    from jenjang.promotion import settings as promo_settings
    from jenjang.promotion.models import PromotionCase
    from jenjang.tenancy.context import tenant_context
    from jenjang.workflow import api as workflow

    with tenant_context(tenant.id):
        have = db.session.scalar(sa.select(sa.func.count()).select_from(PromotionCase))
        if have >= how_many // 2:
            return f"{have} promotion cases present"
        operations.ensure_workflows()
        period = promo_settings.upcoming_periods(count=1)[0]
        found = [c for c in candidates.candidates("reguler", period) if c.eligible]
        opened = 0
        for candidate in found[:how_many]:
            employee = db.session.scalar(sa.select(Employee).where(Employee.id == candidate.employee_id))
            try:
                with db.session.begin_nested():
                    operations.open_case(employee, "reguler", period, note="Data uji beban")
                opened += 1
            except (operations.PromotionError, workflow.TransitionRefused):
                continue
        db.session.commit()
        return f"{opened} promotion cases opened ({len(found)} eligible candidates)"


CYCLE_NAME = "Penilaian 360 uji beban"


def _feedback_cycle(tenant, per_rater: int = 3) -> str:
    """An open 360 cycle in which each simulated employee rates `per_rater` colleagues (peers),
    with the default questionnaire; prepared by hand (as HR may) and launched through the
    module's own operations."""
    import datetime as dt

    import sqlalchemy as sa

    from jenjang.auth.models import User
    from jenjang.extensions import db
    from jenjang.feedback import operations as fb_ops
    from jenjang.feedback import tasks as fb_tasks
    from jenjang.feedback.models import FeedbackCycle
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.models import utcnow

    with tenant_context(tenant.id):
        if db.session.scalar(sa.select(FeedbackCycle.id).where(FeedbackCycle.name == CYCLE_NAME)):
            return "360 cycle present"
        today = dt.date.today()
        cycle = fb_ops.create_cycle(name=CYCLE_NAME, period_start=today - dt.timedelta(days=365), period_end=today,
                                    deadline=today + dt.timedelta(days=60), peer_count=3, anonymity_threshold=3,
                                    include_self=False, include_supervisor=False, include_subordinates=False,
                                    reminder_days=3)
        fb_ops.default_questionnaire(cycle)
        raters = list(db.session.scalars(sa.select(User.employee_id).where(
            User.email.like(f"p%@{tenant.slug}.load"), User.employee_id.is_not(None)).order_by(User.id)))
        for i, rater in enumerate(raters):
            for k in range(1, per_rater + 1):
                fb_ops.add_assignment(cycle, raters[(i + k) % len(raters)], rater, "peer")
        cycle.assignments_prepared_at = utcnow()
        db.session.flush()
        result = fb_tasks.launch(cycle)
        db.session.commit()
        return f"360 cycle open: {result}"


def _training(tenant) -> str:
    from jenjang.extensions import db
    from jenjang.training.demo import seed_demo_training

    result = seed_demo_training(tenant)
    db.session.commit()
    return result


def _module_ready(module: str) -> bool:
    import importlib

    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def build(app, rebuild: bool, employees: int) -> None:
    """Everything the pages need; each step skips what is already there."""
    from jenjang.competency.demo import seed_demo_competency
    from jenjang.extensions import db
    from jenjang.people.demo.populate import analyze_as_owner

    with app.test_request_context():
        started = time.perf_counter()
        big = _tenant(BIG, "Kabupaten Beban", "kabupaten")
        log(f"{BIG}: " + _populate(big, employees))
        for n, slug in enumerate(SMALL):
            small = _tenant(slug, f"Kota Kecil {n + 1}", "kota")
            _populate(small, 120 + 15 * n)
        analyze_as_owner()
        log(f"organisations ready in {time.perf_counter() - started:.0f} s")
        for tenant in (big, *[_tenant(s, "", "kota") for s in SMALL]):
            res = seed_demo_competency(tenant)
            db.session.commit()
            if tenant.slug in (BIG, SMALL[0]):
                log(f"{tenant.slug}: {res}")
        made = _users(big, EMPLOYEE_USERS_BIG, HR_USERS, COMMITTEE_USERS)
        for slug in SMALL:
            made += _users(_tenant(slug, "", "kota"), EMPLOYEE_USERS_SMALL, 1, 1)
        log(f"{made} sign-in accounts created" if made else "sign-in accounts present")
        log(f"{BIG}: " + _cases(big, CASES))
        for slug in (BIG, *SMALL):
            tenant = _tenant(slug, "", "kota")
            for what, module, fn in (("360", "jenjang.feedback.tasks", _feedback_cycle),
                                     ("training", "jenjang.training.demo", _training)):
                if not _module_ready(module):
                    continue
                try:
                    result = fn(tenant)
                except Exception as exc:  # noqa: BLE001 - a module still being built must not stop the rest
                    db.session.rollback()
                    result = f"not seeded ({type(exc).__name__}: {exc})"
                if slug in (BIG, SMALL[0]):
                    log(f"{slug}: {what}: {result}")
    _analyze_all(app)


def _analyze_all(app) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(app.config["OWNER_DATABASE_URL"], poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("ANALYZE"))
            conn.commit()
    finally:
        engine.dispose()


def warm(app) -> str:
    """What the worker does after every change under a cached topic (core/datacache.py): the
    region views computed into Redis, so the measured pages start where a running deployment is
    (the run flushes Redis first, and no RQ worker runs beside the benchmark)."""
    import sqlalchemy as sa

    from jenjang.core import datacache
    from jenjang.extensions import db
    from jenjang.jobs import run_tenant_job
    from jenjang.tenancy.models import Tenant

    started = time.perf_counter()
    with app.app_context():
        ids = list(db.session.scalars(sa.select(Tenant.id)))
        db.session.remove()
        for tid in ids:
            for topic in datacache.WARMERS:
                run_tenant_job(tid, "jenjang.core.datacache:warm_job", topic)
    return (f"cached views warmed for {len(ids)} tenants in {time.perf_counter() - started:.1f} s "
            f"(topics: {', '.join(sorted(datacache.WARMERS))}), as the worker does after a change")


def current_hashes(app) -> str:
    """Accounts built before the password parameters changed get hashes made with the current
    ones, as their first sign-in would do: otherwise that first sign-in verifies the old, costlier
    hash (64 MiB on four threads) inside the measurement."""
    import sqlalchemy as sa

    from jenjang.auth.models import User
    from jenjang.auth.passwords import hash_password, needs_rehash
    from jenjang.extensions import db
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.models import Tenant

    fresh, changed = hash_password(PASSWORD), 0
    with app.app_context():
        for tid in list(db.session.scalars(sa.select(Tenant.id))):
            with tenant_context(tid):
                old = [h for h in db.session.scalars(sa.select(User.password_hash).distinct()) if needs_rehash(h)]
                if old:
                    changed += db.session.execute(sa.update(User).where(User.password_hash.in_(old))
                                                  .values(password_hash=fresh)).rowcount
                db.session.commit()
        db.session.remove()
    return f"{changed} password hashes re-made with the current parameters" if changed else "password hashes current"


def reset(app) -> str:
    """Mutable state back to the start: every promotion case of the big tenant waits at the
    committee's step again (with no failing checks), so committee members have work."""
    import sqlalchemy as sa

    from jenjang.extensions import db
    from jenjang.tenancy.models import Tenant
    from jenjang.workflow.models import WorkflowCase, WorkflowVersion

    with app.test_request_context():
        from jenjang.tenancy.context import tenant_context

        big = db.session.scalar(sa.select(Tenant).where(Tenant.slug == BIG))
        with tenant_context(big.id):
            versions = db.session.scalars(sa.select(WorkflowVersion).where(WorkflowVersion.id.in_(
                sa.select(WorkflowCase.version_id).where(WorkflowCase.subject_type == "promotion")))).all()
            moved = 0
            for version in versions:
                index = next((i for i, s in enumerate(version.steps) if s["actor"] == "role:committee"), None)
                if index is None:
                    continue
                moved += db.session.execute(
                    sa.update(WorkflowCase)
                    .where(WorkflowCase.version_id == version.id, WorkflowCase.subject_type == "promotion")
                    .values(step_index=index, status="in_progress", closed_at=None, last_checks=[],
                            lock_version=WorkflowCase.lock_version + 1,
                            step_due_at=sa.func.now() + sa.text("interval '10 days'"))
                    .execution_options(synchronize_session=False)).rowcount
            db.session.commit()
    return f"{moved} promotion cases at the committee's step"
