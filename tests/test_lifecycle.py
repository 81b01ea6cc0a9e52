"""Tenant lifecycle: export → import round trip (every tenant table, every file), refusal of bad
ZIPs with nothing changed, deletion that leaves every other tenant untouched, the console pages.

Generic on purpose: the tables come from the database catalogue and the rich tenant is built from
every factory of the isolation suite (ID_FACTORIES), so tables added by later modules are covered
without touching this file."""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.helpers import PASSWORD
from tests.org import build_region


@pytest.fixture(autouse=True)
def _files_dir(app, tmp_path):
    """Our own FILES_DIR: other test runs on this machine share var/files with the same tenant ids."""
    before = app.config["FILES_DIR"]
    app.config["FILES_DIR"] = str(tmp_path / "files")
    yield Path(app.config["FILES_DIR"])
    app.config["FILES_DIR"] = before


def rich_tenant(factory, slug: str, seq: int):
    from tests.test_isolation import ID_FACTORIES

    for key in [k for k in factory.__dict__ if k != "app"]:  # factories cache per test: start afresh
        del factory.__dict__[key]
    tenant = factory.tenant(slug)
    build_region(factory, tenant, seq=seq)
    for make in ID_FACTORIES.values():
        make(factory, tenant)
    return tenant


def tables_of(owner_engine):
    from jenjang.tenancy.lifecycle import tenant_tables

    with owner_engine.connect() as conn:
        return tenant_tables(conn)


def snapshot(owner_engine, tenant_id: int) -> dict[str, list]:
    """Every row of the tenant in every tenant table, tenant_id left out, in key order."""
    out = {}
    with owner_engine.connect() as conn:
        from jenjang.tenancy.lifecycle import tenant_tables

        for t in tenant_tables(conn):
            order = ", ".join(f'"{c}"' for c in t.key)
            out[t.name] = [r[0] for r in conn.execute(sa.text(
                f"SELECT to_jsonb(x) - 'tenant_id' FROM \"{t.name}\" x WHERE tenant_id = :t ORDER BY {order}"),
                {"t": tenant_id})]
    return out


def counts(owner_engine, tenant_id: int) -> dict[str, int]:
    return {name: len(rows) for name, rows in snapshot(owner_engine, tenant_id).items()}


def files_of(root: Path, tenant_id: int) -> dict[str, str]:
    base = root / str(tenant_id)
    if not base.is_dir():
        return {}
    return {p.relative_to(base).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in base.rglob("*") if p.is_file()}


def export(app, tenant) -> bytes:
    from jenjang.tenancy.lifecycle import export_bytes

    with app.app_context():
        return export_bytes(tenant.id)


def do_import(app, data: bytes, slug: str):
    from jenjang.extensions import db
    from jenjang.tenancy.dbroles import console_role
    from jenjang.tenancy.lifecycle import import_tenant

    with app.test_request_context(), console_role():  # the console's and the CLI's privilege
        try:
            tenant = import_tenant(io.BytesIO(data), slug)
            db.session.commit()
            return tenant.id
        except Exception:
            db.session.rollback()
            raise


def test_every_tenant_table_is_found_in_dependency_order(app, owner_engine):
    tables = tables_of(owner_engine)
    names = [t.name for t in tables]
    assert {"employees", "users", "audit_log", "user_sessions"} <= set(names)
    assert "domains" not in names and "tenants" not in names
    for i, t in enumerate(tables):
        assert t.references <= set(names[:i]), f"{t.name} comes before what it references"


def test_round_trip_keeps_every_row_and_every_file(app, factory, owner_engine, client_for, _files_dir):
    from jenjang.tenancy.lifecycle import NOT_EXPORTED

    source = rich_tenant(factory, "asal", seq=1)
    client_for(source).login(f"pegawai@{source.slug}.demo")  # a session, which must not travel
    before = snapshot(owner_engine, source.id)
    populated = {name for name, rows in before.items() if rows}
    # the rich tenant really is rich: people, workflow, promotion, notifications, audit, competency
    assert {"employees", "users", "units", "positions", "workflow_cases", "workflow_transitions",
            "workflow_attachments", "promotion_cases", "notifications", "audit_log",
            "competencies", "user_sessions"} <= populated
    source_files = files_of(_files_dir, source.id)
    assert source_files, "the tenant has files (the workflow attachment)"

    data = export(app, source)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format_version"] == 1 and manifest["schema_revisions"]
        assert set(manifest["tables"]) == set(before) - set(NOT_EXPORTED)
        for name, meta in manifest["tables"].items():
            assert meta["rows"] == len(before[name])
            assert hashlib.sha256(zf.read(f"tables/{name}.json")).hexdigest() == meta["sha256"]
        assert not any(n.startswith("tables/user_sessions") or n.startswith("tables/auth_tokens")
                       for n in zf.namelist())

    new_id = do_import(app, data, "salinan")
    after = snapshot(owner_engine, new_id)
    imported_marker = [r for r in after["audit_log"] if r["action"] == "tenant.imported"]
    assert len(imported_marker) == 1
    after["audit_log"] = [r for r in after["audit_log"] if r["action"] != "tenant.imported"]
    for name in before:
        if name in NOT_EXPORTED:
            assert after[name] == [], name
            continue
        assert after[name] == before[name], f"table {name} differs after the round trip"
    assert files_of(_files_dir, new_id) == source_files
    assert counts(owner_engine, source.id) == {k: len(v) for k, v in before.items()}  # source untouched

    # people sign in on the new tenant with their old passwords
    c = client_for("salinan.localhost")
    assert c.login(f"pegawai@{source.slug}.demo", PASSWORD).status_code == 302
    # identity sequences are past the imported ids: new rows do not collide
    factory.user(type(source)(new_id, "salinan", "Salinan"), "baru@salinan.demo", nip=factory.nip(source, 9))
    with owner_engine.connect() as conn:
        for t in tables_of(owner_engine):
            if not t.identity:
                continue
            top = conn.execute(sa.text(f'SELECT max(id) FROM "{t.name}"')).scalar()
            seq = conn.execute(sa.text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": t.name}).scalar()
            last = conn.execute(sa.text(f"SELECT last_value FROM {seq}")).scalar()
            assert top is None or last >= top, t.name


def _zip(manifest: dict, tables: dict[str, bytes], files: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, data in tables.items():
            zf.writestr(f"tables/{name}.json", data)
        for name, data in (files or {}).items():
            zf.writestr(f"files/{name}", data)
    return buf.getvalue()


def _parts(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        tables = {n[len("tables/"):-len(".json")]: zf.read(n) for n in zf.namelist() if n.startswith("tables/")}
        files = {n[len("files/"):]: zf.read(n) for n in zf.namelist() if n.startswith("files/")}
    return manifest, tables, files


def _break_users(manifest, tables, files):
    rows = json.loads(tables["users"])
    rows[0]["employee_id"] = 987654321  # a user pointing at an employee that does not exist
    tables["users"] = json.dumps(rows).encode()
    manifest["tables"]["users"]["sha256"] = hashlib.sha256(tables["users"]).hexdigest()


def _tamper_file(manifest, tables, files):
    name = next(iter(files))
    files[name] = b"%PDF-1.4 tampered"


def _zip_slip(manifest, tables, files):
    manifest["files"]["../../escape.pdf"] = {"sha256": "0" * 64, "size": 1}
    files["../../escape.pdf"] = b"x"


@pytest.mark.parametrize("damage, message", [
    (lambda m, t, f: m.update(format_version=99), "format version 99"),
    (lambda m, t, f: m.update(schema_revisions=["9999_from_the_future"]), "unknown revisions"),
    (lambda m, t, f: t.update(users=t["users"] + b" "), "does not match its checksum"),
    (lambda m, t, f: m["tables"].update(no_such_table={"rows": 0, "sha256": "", "columns": []}),
     "does not know"),
    (_break_users, "the database refused the data"),
    (_tamper_file, "does not match its checksum"),
    (_zip_slip, "is not allowed"),
])
def test_a_bad_zip_changes_nothing_and_says_why(app, factory, owner_engine, _files_dir, damage, message):
    from jenjang.tenancy.lifecycle import LifecycleError

    source = rich_tenant(factory, "asal", seq=1)
    manifest, tables, files = _parts(export(app, source))
    damage(manifest, tables, files)
    before_tenants = factory.scalar(None, "SELECT count(*) FROM tenants")
    with pytest.raises(LifecycleError, match=message):
        do_import(app, _zip(manifest, tables, files), "salinan")
    assert factory.scalar(None, "SELECT count(*) FROM tenants") == before_tenants
    with owner_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM tenants WHERE slug = 'salinan'")).scalar() == 0
    assert sorted(p.name for p in _files_dir.iterdir()) == [str(source.id)]
    assert not (_files_dir.parent / "escape.pdf").exists()


def test_not_a_zip_and_taken_slugs_are_refused(app, factory):
    from jenjang.tenancy.lifecycle import LifecycleError

    source = factory.tenant("asal")
    with pytest.raises(LifecycleError, match="not a ZIP"):
        do_import(app, b"PK\x03\x04 not really", "salinan")
    with pytest.raises(LifecycleError, match="no manifest.json"):
        do_import(app, _zip({}, {})[:0] or _zip_without_manifest(), "salinan")
    data = export(app, source)
    with pytest.raises(LifecycleError, match="already exists"):
        do_import(app, data, "asal")
    with pytest.raises(LifecycleError, match="not a usable slug"):
        do_import(app, data, "console")


def _zip_without_manifest() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "hi")
    return buf.getvalue()


def test_delete_removes_every_row_and_file_and_nothing_of_the_others(app, factory, owner_engine, _files_dir):
    from jenjang.extensions import db
    from jenjang.tenancy.dbroles import console_role
    from jenjang.tenancy.lifecycle import LifecycleError, delete_tenant
    from jenjang.tenancy.models import Tenant

    doomed = rich_tenant(factory, "hapus", seq=1)
    other = rich_tenant(factory, "tetap", seq=2)
    third = factory.tenant("ketiga")
    build_region(factory, third, seq=3)
    before = {t.id: counts(owner_engine, t.id) for t in (other, third)}
    other_files = files_of(_files_dir, other.id)
    assert sum(counts(owner_engine, doomed.id).values()) > 50 and files_of(_files_dir, doomed.id)
    assert other_files

    from jenjang.jobs import redis_connection

    with app.app_context():
        kept = redis_connection()
        for t in (doomed, other):  # what a tenant leaves in Redis: cached results, progress keys
            kept.set(f"t{t.id}:dc:competency:1:heatmap:x", b"[]")
            kept.set(f"t{t.id}:import:1", b"{}")
    with app.app_context(), console_role():
        tenant = db.session.get(Tenant, doomed.id)
        with pytest.raises(LifecycleError, match="does not match"):
            delete_tenant(tenant, "tetap")
        db.session.rollback()
        assert sum(counts(owner_engine, doomed.id).values()) > 50
        tenant = db.session.get(Tenant, doomed.id)
        delete_tenant(tenant, "hapus")
        db.session.commit()

    assert set(counts(owner_engine, doomed.id).values()) == {0}
    with app.app_context():
        assert list(kept.scan_iter(match=f"t{doomed.id}:*")) == []
        assert {f"t{other.id}:dc:competency:1:heatmap:x".encode(), f"t{other.id}:import:1".encode()} <= set(
            kept.scan_iter(match=f"t{other.id}:*"))
    with owner_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM tenants WHERE id = :i"), {"i": doomed.id}).scalar() == 0
        # every table with a tenant_id column, RLS or not (domains), holds nothing of it
        for (table,) in conn.execute(sa.text(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND column_name = 'tenant_id'")):
            n = conn.execute(sa.text(f'SELECT count(*) FROM "{table}" WHERE tenant_id = :i'),
                             {"i": doomed.id}).scalar()
            assert n == 0, table
    assert not (_files_dir / str(doomed.id)).exists()
    assert {t.id: counts(owner_engine, t.id) for t in (other, third)} == before
    assert files_of(_files_dir, other.id) == other_files


def test_the_app_role_cannot_delete_a_tenant_or_the_audit_log_directly(app, factory):
    from jenjang.extensions import db
    from jenjang.tenancy.context import tenant_context
    from jenjang.tenancy.dbroles import console_role

    t = factory.tenant("asal")
    with app.app_context():
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            db.session.execute(sa.text("DELETE FROM tenants WHERE id = :i"), {"i": t.id})
        db.session.rollback()
        with tenant_context(t.id):
            with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
                db.session.execute(sa.text("DELETE FROM audit_log"))
            db.session.rollback()
        # the function itself is the console's (tenancy/bootstrap.py)
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            db.session.execute(sa.text("SELECT platform_delete_tenant(:i, 'asal')"), {"i": t.id})
        db.session.rollback()
    with app.app_context(), console_role():
        with pytest.raises(sa.exc.DBAPIError, match="no tenant"):
            db.session.execute(sa.text("SELECT platform_delete_tenant(:i, 'wrong-slug')"), {"i": t.id})
        db.session.rollback()
    assert factory.scalar(None, "SELECT count(*) FROM tenants") == 1


# --- the console ---------------------------------------------------------------------------

def _console(app, client_for):
    from tests.test_console import _console as console

    return console(app, client_for)


def _run_jobs(app):
    from rq import Queue, SimpleWorker

    from jenjang.jobs import QUEUES, redis_connection

    conn = redis_connection(app.config["REDIS_URL"])
    with app.app_context():
        SimpleWorker([Queue(q, connection=conn) for q in QUEUES], connection=conn).work(burst=True)


def test_console_export_runs_as_a_job_with_progress_then_downloads(app, factory, client_for):
    source = factory.tenant("asal")
    build_region(factory, source, seq=1)
    c = _console(app, client_for)
    assert "Buat ekspor" in c.text(c.get(f"/tenants/{source.id}"))
    r = c.post(f"/tenants/{source.id}/export")
    assert r.status_code == 302
    status_url = r.headers["Location"]
    page = c.text(c.get(status_url))
    assert "Menunggu giliran" in page and "<progress" in page
    _run_jobs(app)
    page = c.text(c.get(status_url))
    assert "Ekspor selesai" in page
    download = re.search(r'href="([^"]+/download)"', page).group(1)
    r = c.get(download)
    assert r.status_code == 200 and r.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.data)) as zf:
        assert json.loads(zf.read("manifest.json"))["source"]["slug"] == "asal"
    name = status_url.rsplit("/", 1)[1]
    # another tenant's id in the URL, or a made-up name: 404
    other = factory.tenant("lain")
    assert c.get(f"/tenants/{other.id}/exports/{name}").status_code == 404
    assert c.get(f"/tenants/{source.id}/exports/..%2F..%2Fetc%2Fpasswd/download").status_code == 404
    # the export is listed on the tenant's page
    assert name in c.text(c.get(f"/tenants/{source.id}"))
    # past EXPORT_KEEP_DAYS it is removed: no longer listed, no longer downloadable
    with app.app_context():
        from jenjang.tenancy.lifecycle import exports_dir

        path = exports_dir() / name
        old = time.time() - (app.config["EXPORT_KEEP_DAYS"] + 1) * 86400
        os.utime(path, (old, old))
    assert name not in c.text(c.get(f"/tenants/{source.id}"))
    assert not path.exists()
    assert c.get(download).status_code == 404 and c.get(status_url).status_code == 404


def test_console_import_and_typed_delete(app, factory, client_for, owner_engine):
    source = factory.tenant("asal")
    build_region(factory, source, seq=1)
    data = export(app, source)
    c = _console(app, client_for)
    c.get("/tenants/import")
    r = c.post("/tenants/import", {"slug": "salinan", "file": (io.BytesIO(b"not a zip"), "x.zip")},
               content_type="multipart/form-data")
    assert r.status_code == 422 and "Impor ditolak" in c.text(r) and "not a ZIP" in c.text(r)
    r = c.post("/tenants/import", {"slug": "salinan", "file": (io.BytesIO(data), "asal.zip")},
               content_type="multipart/form-data")
    assert r.status_code == 302, c.text(r)
    new_id = int(r.headers["Location"].rsplit("/", 1)[1])
    assert counts(owner_engine, new_id)["employees"] == counts(owner_engine, source.id)["employees"] == 3

    page = c.text(c.get(f"/tenants/{new_id}/delete"))
    assert "tidak dapat dibatalkan" in page
    r = c.post(f"/tenants/{new_id}/delete", {"confirm_slug": "asal"})
    assert r.status_code == 422 and "tidak sama" in c.text(r)
    assert factory.scalar(None, f"SELECT count(*) FROM tenants WHERE id = {new_id}") == 1
    r = c.post(f"/tenants/{new_id}/delete", {"confirm_slug": "salinan"})
    assert r.status_code == 302
    assert factory.scalar(None, f"SELECT count(*) FROM tenants WHERE id = {new_id}") == 0
    assert set(counts(owner_engine, new_id).values()) == {0}
    assert counts(owner_engine, source.id)["employees"] == 3


def test_cli_export_import_delete(app, factory, tmp_path, owner_engine):
    source = factory.tenant("asal")
    build_region(factory, source, seq=1)
    runner = app.test_cli_runner()
    out = tmp_path / "asal.zip"
    r = runner.invoke(args=["tenants", "export", "asal", str(out)])
    assert r.exit_code == 0, r.output
    assert out.is_file() and "written to" in r.output
    r = runner.invoke(args=["tenants", "import", str(out), "--slug", "salinan"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(args=["tenants", "import", str(out), "--slug", "salinan"])
    assert r.exit_code != 0 and "already exists" in r.output
    r = runner.invoke(args=["tenants", "delete", "salinan", "--confirm", "nope"])
    assert r.exit_code != 0 and "does not match" in r.output
    r = runner.invoke(args=["tenants", "delete", "salinan", "--confirm", "salinan"])
    assert r.exit_code == 0, r.output
    with owner_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT slug FROM tenants")).scalars().all() == ["asal"]
