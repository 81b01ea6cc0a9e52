"""A tenant's whole life as data: export to a ZIP, import that ZIP as a new tenant, delete.

Generic over every tenant table: the tables are read from the database catalogue (every table
under the row-level-security wall with a `tenant_id` column), ordered by their foreign keys, so a
module that adds tables needs no change here.

- **Export** runs inside the tenant's context on the app role, like any request: row level
  security itself guarantees that only this tenant's rows leave. One JSON file per table (rows
  serialised by PostgreSQL's own `to_jsonb`, so every column type round-trips), the tenant's
  files under `files/`, and `manifest.json` with the format version, the schema revisions
  (alembic heads), row counts and SHA-256 checksums.
- **Import** creates a new tenant (no provisioning first: it must be empty), inserts every table
  in dependency order keeping the exported ids (keys are `(tenant_id, id)`, so only tenant_id is
  rewritten), moves identity sequences past them (platform_advance_identity, SECURITY DEFINER),
  restores the files, all in the caller's one transaction: a bad ZIP changes nothing.
- **Delete** goes through platform_delete_tenant (SECURITY DEFINER), which removes every row of
  the tenant including the append-only audit log, after the operator typed the slug; the files go
  after the commit.

Server-side sessions and one-time tokens (`NOT_EXPORTED`) are never exported: a session or a
password-reset link must not be usable on another deployment; people sign in again with their
passwords (the argon2 hashes are exported with the users).
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.tenancy.context import tenant_context
from jenjang.tenancy.models import Tenant
from jenjang.tenancy.resolve import mark_hosts_changed

FORMAT = "jenjang-tenant-export"
FORMAT_VERSION = 1
NOT_EXPORTED = {
    "user_sessions": "server-side sign-in sessions: never valid on another deployment",
    "auth_tokens": "one-time invitation and password-reset links: never valid elsewhere",
}
TENANT_FIELDS = ("name", "kind", "province", "hr_agency_name", "timezone", "locale", "primary_color",
                 "logo_mime", "logo_version")
CHUNK = 2000
PURGE_KEY = "jenjang_purge_paths"
FORGET_KEY = "jenjang_forget_tenants"

Progress = Callable[[int, int], None]


class LifecycleError(Exception):
    """A clear, user-facing reason (export/import/delete refused; nothing was changed)."""


@dataclass
class TableInfo:
    name: str
    columns: list[str]              # insertable columns, in table order (generated ones left out)
    key: list[str]                  # primary key columns (the export's row order)
    references: set[str] = field(default_factory=set)
    identity: bool = False


# --- the catalogue -------------------------------------------------------------------------

def tenant_tables(conn=None) -> list[TableInfo]:
    """Every tenant table (FORCE row level security and a tenant_id column), parents first."""
    conn = conn or db.session.connection()
    rows = conn.execute(sa.text("""
        SELECT c.relname,
               ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0
                     AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum)::text[] AS cols,
               ARRAY(SELECT a.attname FROM pg_index x CROSS JOIN unnest(x.indkey) WITH ORDINALITY k(n, o)
                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.n
                     WHERE x.indrelid = c.oid AND x.indisprimary ORDER BY k.o)::text[] AS pkey,
               EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id'
                       AND a.attidentity <> '') AS identity
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relforcerowsecurity
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'
                      AND NOT a.attisdropped)
    """)).all()
    tables = {r.relname: TableInfo(r.relname, list(r.cols), list(r.pkey) or list(r.cols), identity=r.identity)
              for r in rows}
    for child, parent in conn.execute(sa.text("""
        SELECT cl.relname, pl.relname FROM pg_constraint con
        JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_class pl ON pl.oid = con.confrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE con.contype = 'f' AND n.nspname = 'public'
    """)):
        if child in tables and parent in tables and child != parent:
            tables[child].references.add(parent)
    return _dependency_order(tables)


def _dependency_order(tables: dict[str, TableInfo]) -> list[TableInfo]:
    ordered: list[TableInfo] = []
    placed: set[str] = set()
    pending = dict(sorted(tables.items()))
    while pending:
        ready = [name for name, t in pending.items() if t.references <= placed]
        if not ready:
            raise LifecycleError(f"foreign keys form a cycle between {sorted(pending)}")
        for name in ready:
            ordered.append(pending.pop(name))
            placed.add(name)
    return ordered


def schema_revisions(conn=None) -> list[str]:
    conn = conn or db.session.connection()
    return sorted(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())


def _known_revisions(heads: list[str]) -> set[str]:
    """Every revision at or below the current heads (an older export is compatible)."""
    from alembic.script import ScriptDirectory

    from jenjang import ROOT

    script = ScriptDirectory(str(ROOT / "migrations"))
    return {rev.revision for rev in script.iterate_revisions(heads, "base")}


def files_root() -> Path:
    return Path(current_app.config["FILES_DIR"])


def tenant_files_dir(tenant_id: int) -> Path:
    return files_root() / str(int(tenant_id))


def exports_dir() -> Path:
    """Export ZIPs, outside every tenant's own directory (FILES_DIR/<tenant_id>/)."""
    path = files_root() / "_exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def purge_old_exports(keep_days: int | None = None) -> int:
    """Remove export ZIPs (and abandoned partial files) older than EXPORT_KEEP_DAYS: each holds
    every personal record of a region. Returns how many files went."""
    import time

    from flask import current_app

    days = current_app.config["EXPORT_KEEP_DAYS"] if keep_days is None else keep_days
    folder = files_root() / "_exports"
    if not folder.is_dir():
        return 0
    oldest = time.time() - days * 86400
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# --- export --------------------------------------------------------------------------------

def export_tenant(tenant_id: int, out, progress: Progress | None = None) -> dict:
    """Write the tenant's ZIP to `out` (a path or a binary file object); returns the manifest."""
    tenant = db.session.get(Tenant, tenant_id)
    if tenant is None:
        raise LifecycleError("no such tenant")
    with tenant_context(tenant.id):
        conn = db.session.connection()
        tables = [t for t in tenant_tables(conn) if t.name not in NOT_EXPORTED]
        counts = {t.name: conn.execute(sa.text(f'SELECT count(*) FROM "{t.name}" WHERE tenant_id = :tid'),
                                       {"tid": tenant.id}).scalar() for t in tables}
        files_dir = tenant_files_dir(tenant.id)
        files = sorted(p for p in files_dir.rglob("*") if p.is_file()) if files_dir.is_dir() else []
        total, done = sum(counts.values()) + len(files), 0
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_revisions": schema_revisions(conn),
            "exported_at": clock.now().isoformat(),
            "source": {"tenant_id": tenant.id, "slug": tenant.slug},
            "tenant": {f: getattr(tenant, f) for f in TENANT_FIELDS},
            "order": [t.name for t in tables],
            "tables": {},
            "files": {},
            "not_exported": NOT_EXPORTED,
        }
        logo = db.session.scalar(sa.select(Tenant.logo_data).where(Tenant.id == tenant.id))
        manifest["tenant"]["logo_data"] = base64.b64encode(logo).decode() if logo else None
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            for table in tables:
                digest, n = hashlib.sha256(), 0
                order = ", ".join(f'"{c}"' for c in table.key)
                result = conn.execution_options(stream_results=True, max_row_buffer=CHUNK).execute(sa.text(
                    f"""SELECT (to_jsonb(t) - 'tenant_id')::text FROM "{table.name}" t
                        WHERE tenant_id = :tid ORDER BY {order}"""), {"tid": tenant.id})
                with zf.open(f"tables/{table.name}.json", "w", force_zip64=True) as fh:
                    def write(data: bytes, fh=fh, digest=digest):
                        fh.write(data)
                        digest.update(data)

                    write(b"[")
                    for (doc,) in result:
                        write((",\n" if n else "\n").encode() + doc.encode())
                        n += 1
                        if progress and n % CHUNK == 0:
                            progress(done + n, total)
                    write(b"\n]\n")
                done += n
                columns = [c for c in table.columns if c != "tenant_id"]
                manifest["tables"][table.name] = {"rows": n, "sha256": digest.hexdigest(), "columns": columns}
                if progress:
                    progress(done, total)
            for path in files:
                rel = path.relative_to(files_dir).as_posix()
                data = path.read_bytes()
                zf.writestr(f"files/{rel}", data)
                manifest["files"][rel] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                done += 1
                if progress and done % 50 == 0:
                    progress(done, total)
            zf.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True, default=str))
        db.session.rollback()  # a read-only transaction; release it
    if progress:
        progress(total, total)
    return manifest


# --- import --------------------------------------------------------------------------------

def read_manifest(zf: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(zf.read("manifest.json"))
    except KeyError:
        raise LifecycleError("the ZIP has no manifest.json: not a Jenjang tenant export") from None
    except (ValueError, UnicodeDecodeError):
        raise LifecycleError("manifest.json is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise LifecycleError("manifest.json is not a Jenjang tenant export")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise LifecycleError(f"export format version {manifest.get('format_version')!r} is not supported "
                             f"(this deployment reads version {FORMAT_VERSION})")
    for key, kind in (("schema_revisions", list), ("tables", dict), ("files", dict), ("tenant", dict)):
        if not isinstance(manifest.get(key), kind):
            raise LifecycleError(f"manifest.json lacks {key!r}")
    return manifest


def _safe_relpath(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if not rel or path.is_absolute() or any(part in ("", ".", "..") for part in path.parts) or "\\" in rel:
        raise LifecycleError(f"file name {rel!r} in the export is not allowed")
    return path


def _load_table(zf: zipfile.ZipFile, name: str, meta: dict) -> list:
    try:
        raw = zf.read(f"tables/{name}.json")
    except KeyError:
        raise LifecycleError(f"tables/{name}.json is missing from the ZIP") from None
    except (zipfile.BadZipFile, zlib.error) as exc:
        raise LifecycleError(f"tables/{name}.json is damaged: {exc}") from None
    if hashlib.sha256(raw).hexdigest() != meta.get("sha256"):
        raise LifecycleError(f"tables/{name}.json does not match its checksum in the manifest")
    try:
        rows = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise LifecycleError(f"tables/{name}.json is not valid JSON") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise LifecycleError(f"tables/{name}.json is not a list of rows")
    if len(rows) != meta.get("rows"):
        raise LifecycleError(f"tables/{name}.json holds {len(rows)} rows, the manifest says {meta.get('rows')}")
    return rows


def import_tenant(source, slug: str, progress: Progress | None = None) -> Tenant:
    """Create tenant `slug` from an export ZIP (path or binary file object). Flushes, never commits;
    any problem raises LifecycleError and the caller rolls back (nothing is left behind)."""
    from jenjang.tenancy.resolve import slug_problem

    if slug_problem(slug):
        raise LifecycleError(f"{slug!r} is not a usable slug (a lowercase DNS label, not a system name)")
    if db.session.scalar(sa.select(Tenant.id).where(Tenant.slug == slug)) is not None:
        raise LifecycleError(f"a tenant {slug!r} already exists: import only into a new, empty tenant")
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LifecycleError(f"not a ZIP file: {exc}") from None
    written: Path | None = None
    try:
        with zf:
            manifest = read_manifest(zf)
            conn = db.session.connection()
            heads = schema_revisions(conn)
            exported = manifest["schema_revisions"]
            if sorted(exported) != heads:
                unknown = sorted(set(exported) - _known_revisions(heads))
                if unknown or not exported:
                    raise LifecycleError(
                        f"the export's schema {exported} is not compatible with this deployment's {heads}: "
                        f"unknown revisions {unknown} (upgrade this deployment first)")
            local = {t.name: t for t in tenant_tables(conn)}
            unknown_tables = sorted(set(manifest["tables"]) - set(local))
            if unknown_tables:
                raise LifecycleError(f"the export has tables this deployment does not know: {unknown_tables}")
            refused = sorted(set(manifest["tables"]) & set(NOT_EXPORTED))
            if refused:
                raise LifecycleError(f"the export carries tables that are never imported: {refused}")
            for name, meta in manifest["tables"].items():
                extra = sorted(set(meta.get("columns") or []) - set(local[name].columns))
                if extra:
                    raise LifecycleError(f"table {name} in the export has columns unknown here: {extra}")
            file_entries = {rel: _safe_relpath(rel) for rel in manifest["files"]}

            tenant = _create_empty_tenant(slug, manifest["tenant"])
            total = sum(int(m.get("rows") or 0) for m in manifest["tables"].values()) + len(file_entries)
            done = 0
            with tenant_context(tenant.id):
                conn = db.session.connection()
                conn.execute(sa.text("CREATE TEMP TABLE IF NOT EXISTS jenjang_import_rows (doc jsonb) "
                                     "ON COMMIT DROP"))
                for table in [t for t in tenant_tables(conn) if t.name in manifest["tables"]]:
                    meta = manifest["tables"][table.name]
                    rows = _load_table(zf, table.name, meta)
                    if rows:
                        _insert_rows(conn, table, rows, tenant.id)
                    done += len(rows)
                    if progress:
                        progress(done, total)
                for table in local.values():
                    if table.identity and table.name in manifest["tables"]:
                        conn.execute(sa.text("SELECT platform_advance_identity(CAST(:t AS regclass))"),
                                     {"t": f'"{table.name}"'})
                written = tenant_files_dir(tenant.id)
                if written.exists() and any(written.iterdir()):
                    raise LifecycleError(f"files directory {written} is not empty")
                for rel, path in file_entries.items():
                    meta = manifest["files"][rel]
                    try:
                        data = zf.read(f"files/{rel}")
                    except KeyError:
                        raise LifecycleError(f"files/{rel} is missing from the ZIP") from None
                    if not isinstance(meta, dict) or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
                        raise LifecycleError(f"files/{rel} does not match its checksum in the manifest")
                    target = written.joinpath(*path.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                    done += 1
                if file_entries:
                    _on_rollback_remove(written)
                from jenjang.tenancy.operations import provision

                provision(tenant)  # modules newer than the export seed what they need (idempotent)
                from jenjang.core import audit

                audit.record("tenant.imported", object_type="Tenant", object_id=tenant.id,
                             after={"source": manifest.get("source"), "exported_at": manifest.get("exported_at"),
                                    "rows": total - len(file_entries), "files": len(file_entries)})
                db.session.flush()
            if progress:
                progress(total, total)
            return tenant
    except LifecycleError:
        _remove_tree(written)
        raise
    except (sa.exc.DBAPIError, sa.exc.IntegrityError) as exc:
        _remove_tree(written)
        detail = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise LifecycleError(f"the database refused the data: {detail}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        _remove_tree(written)
        raise LifecycleError(f"the ZIP is damaged: {exc}") from None


def _create_empty_tenant(slug: str, fields: dict) -> Tenant:
    allowed = {k: fields[k] for k in TENANT_FIELDS if fields.get(k) is not None}
    tenant = Tenant(slug=slug, **allowed)
    if fields.get("logo_data"):
        try:
            tenant.logo_data = base64.b64decode(fields["logo_data"], validate=True)
        except (ValueError, TypeError):
            raise LifecycleError("the tenant's logo in the manifest is not valid base64") from None
    db.session.add(tenant)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError as exc:
        raise LifecycleError(f"the tenant's settings in the manifest are refused: {exc.orig}") from None
    return tenant


def _insert_rows(conn, table: TableInfo, rows: list[dict], tenant_id: int) -> None:
    present = set().union(*(r.keys() for r in rows[:1])) if rows else set()
    columns = [c for c in table.columns if c == "tenant_id" or c in present]
    conn.execute(sa.text("TRUNCATE jenjang_import_rows"))
    for start in range(0, len(rows), CHUNK):
        conn.execute(sa.text("INSERT INTO jenjang_import_rows (doc) "
                             "SELECT value FROM jsonb_array_elements(CAST(:docs AS jsonb))"),
                     {"docs": json.dumps(rows[start:start + CHUNK])})
    target = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join("CAST(:tid AS bigint)" if c == "tenant_id" else f'r."{c}"' for c in columns)
    # One statement per table: self-references (a unit's parent) are checked at its end.
    conn.execute(sa.text(f'INSERT INTO "{table.name}" ({target}) OVERRIDING SYSTEM VALUE '
                         f'SELECT {values} FROM jenjang_import_rows s '
                         f'CROSS JOIN LATERAL jsonb_populate_record(NULL::"{table.name}", s.doc) r'),
                 {"tid": tenant_id})


# --- delete --------------------------------------------------------------------------------

def delete_tenant(tenant: Tenant, typed_slug: str) -> int:
    """Delete every row of the tenant (after the operator typed its slug); its files and exports
    go when the transaction commits. Returns how many rows went (the tenants row excluded)."""
    if (typed_slug or "").strip() != tenant.slug:
        raise LifecycleError("the slug typed does not match the tenant's slug")
    tenant_id, slug = tenant.id, tenant.slug
    db.session.flush()
    db.session.expunge(tenant)
    deleted = db.session.scalar(sa.text("SELECT platform_delete_tenant(:id, :slug)"),
                                {"id": tenant_id, "slug": slug})
    mark_hosts_changed()  # raw SQL: tell this process's host cache now and again after the commit
    paths = [tenant_files_dir(tenant_id)]
    if (files_root() / "_exports").is_dir():
        paths += list((files_root() / "_exports").glob(f"t{tenant_id}-*"))
    db.session().info.setdefault(PURGE_KEY, []).extend(paths)
    db.session().info.setdefault(FORGET_KEY, []).append(tenant_id)
    return int(deleted or 0)


def _remove_tree(path: Path | None) -> None:
    if path is None or not path.exists():
        return
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _on_rollback_remove(path: Path) -> None:
    db.session().info.setdefault("jenjang_import_written", []).append(path)


@event.listens_for(Session, "after_commit")
def _purge_after_commit(session):
    from jenjang.core import datacache

    session.info.pop("jenjang_import_written", None)
    for path in session.info.pop(PURGE_KEY, []):
        _remove_tree(path)
    for tenant_id in session.info.pop(FORGET_KEY, []):
        datacache.forget_tenant(tenant_id)  # its cached results and progress keys in Redis


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session):
    session.info.pop(PURGE_KEY, None)
    session.info.pop(FORGET_KEY, None)
    for path in session.info.pop("jenjang_import_written", []):
        _remove_tree(path)


def export_name(tenant: Tenant) -> str:
    import secrets

    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return f"t{tenant.id}-{tenant.slug}-{stamp}-{secrets.token_hex(4)}.zip"


def export_bytes(tenant_id: int) -> bytes:
    buf = io.BytesIO()
    export_tenant(tenant_id, buf)
    return buf.getvalue()
