"""Import: a new, empty tenant from an export ZIP, every table in dependency order keeping the
exported ids (keys are `(tenant_id, id)`, so only tenant_id is rewritten), identity sequences moved
past them, the files restored; all in the caller's one transaction, so a bad ZIP changes nothing."""
from __future__ import annotations

import base64
import hashlib
import json
import zipfile
import zlib
from pathlib import Path, PurePosixPath

import sqlalchemy as sa

from jenjang.core import audit
from jenjang.extensions import db
from jenjang.tenancy.context import tenant_context
from jenjang.tenancy.lifecycle.catalogue import (
    CHUNK,
    FORMAT,
    FORMAT_VERSION,
    NOT_EXPORTED,
    TENANT_FIELDS,
    LifecycleError,
    Progress,
    TableInfo,
    _known_revisions,
    schema_revisions,
    tenant_tables,
)
from jenjang.tenancy.lifecycle.files import _remove_tree, remove_on_rollback, tenant_files_dir
from jenjang.tenancy.models import Tenant
from jenjang.tenancy.operations import provision
from jenjang.tenancy.resolve import slug_problem


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
    _check_slug_free(slug)
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LifecycleError(f"not a ZIP file: {exc}") from None
    written: list[Path] = []  # the tenant's files directory, once the import writes there
    try:
        with zf:
            tenant = _import(zf, slug, progress, written)
    except LifecycleError:
        _remove_written(written)
        raise
    except (sa.exc.DBAPIError, sa.exc.IntegrityError) as exc:
        _remove_written(written)
        detail = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise LifecycleError(f"the database refused the data: {detail}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        _remove_written(written)
        raise LifecycleError(f"the ZIP is damaged: {exc}") from None
    return tenant


def _check_slug_free(slug: str) -> None:
    if slug_problem(slug):
        raise LifecycleError(f"{slug!r} is not a usable slug (a lowercase DNS label, not a system name)")
    if db.session.scalar(sa.select(Tenant.id).where(Tenant.slug == slug)) is not None:
        raise LifecycleError(f"a tenant {slug!r} already exists: import only into a new, empty tenant")


def _remove_written(written: list[Path]) -> None:
    for path in written:
        _remove_tree(path)


def _import(zf: zipfile.ZipFile, slug: str, progress: Progress | None, written: list[Path]) -> Tenant:
    manifest = read_manifest(zf)
    local = _check_compatible(manifest, db.session.connection())
    file_entries = {rel: _safe_relpath(rel) for rel in manifest["files"]}
    tenant = _create_empty_tenant(slug, manifest["tenant"])
    total = sum(int(m.get("rows") or 0) for m in manifest["tables"].values()) + len(file_entries)
    with tenant_context(tenant.id):
        conn = db.session.connection()
        _restore_rows(zf, conn, manifest, local, tenant.id, lambda done: progress and progress(done, total))
        target = tenant_files_dir(tenant.id)
        written.append(target)
        _restore_files(zf, manifest, file_entries, target)
        provision(tenant)  # modules newer than the export seed what they need (idempotent)
        audit.record("tenant.imported", object_type="Tenant", object_id=tenant.id,
                     after={"source": manifest.get("source"), "exported_at": manifest.get("exported_at"),
                            "rows": total - len(file_entries), "files": len(file_entries)})
        db.session.flush()
    if progress:
        progress(total, total)
    return tenant


def _check_compatible(manifest: dict, conn) -> dict[str, TableInfo]:
    """Refuse an export this deployment cannot take whole; returns the local tenant tables by name."""
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
    return local


def _restore_rows(zf: zipfile.ZipFile, conn, manifest: dict, local: dict[str, TableInfo], tenant_id: int,
                  report) -> None:
    conn.execute(sa.text("CREATE TEMP TABLE IF NOT EXISTS jenjang_import_rows (doc jsonb) "
                         "ON COMMIT DROP"))
    done = 0
    for table in [t for t in tenant_tables(conn) if t.name in manifest["tables"]]:
        rows = _load_table(zf, table.name, manifest["tables"][table.name])
        if rows:
            _insert_rows(conn, table, rows, tenant_id)
        done += len(rows)
        report(done)
    for table in local.values():
        if table.identity and table.name in manifest["tables"]:
            conn.execute(sa.text("SELECT platform_advance_identity(CAST(:t AS regclass))"),
                         {"t": f'"{table.name}"'})


def _restore_files(zf: zipfile.ZipFile, manifest: dict, entries: dict[str, PurePosixPath],
                   target_dir: Path) -> None:
    if target_dir.exists() and any(target_dir.iterdir()):
        raise LifecycleError(f"files directory {target_dir} is not empty")
    for rel, path in entries.items():
        meta = manifest["files"][rel]
        try:
            data = zf.read(f"files/{rel}")
        except KeyError:
            raise LifecycleError(f"files/{rel} is missing from the ZIP") from None
        if not isinstance(meta, dict) or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
            raise LifecycleError(f"files/{rel} does not match its checksum in the manifest")
        target = target_dir.joinpath(*path.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if entries:
        remove_on_rollback(target_dir)


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
