"""Export: the tenant's rows (one JSON file per table, serialised by PostgreSQL's `to_jsonb`) and
files into a ZIP with `manifest.json`; run in the tenant's context on the app role, so row level
security itself guarantees only this tenant's rows leave."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import secrets
import time
import zipfile

import sqlalchemy as sa
from flask import current_app

from jenjang.core import clock
from jenjang.extensions import db
from jenjang.tenancy.context import tenant_context
from jenjang.tenancy.lifecycle import catalogue
from jenjang.tenancy.lifecycle.files import files_root, tenant_files_dir
from jenjang.tenancy.models import Tenant


def purge_old_exports(keep_days: int | None = None) -> int:
    """Remove export ZIPs (and abandoned partial files) older than EXPORT_KEEP_DAYS: each holds
    every personal record of a region. Returns how many files went."""
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


def export_tenant(tenant_id: int, out, progress: catalogue.Progress | None = None) -> dict:
    """Write the tenant's ZIP to `out` (a path or a binary file object); returns the manifest."""
    tenant = db.session.get(Tenant, tenant_id)
    if tenant is None:
        raise catalogue.LifecycleError("no such tenant")
    with tenant_context(tenant.id):
        conn = db.session.connection()
        tables = [t for t in catalogue.tenant_tables(conn) if t.name not in catalogue.NOT_EXPORTED]
        counts = {t.name: conn.execute(sa.text(f'SELECT count(*) FROM "{t.name}" WHERE tenant_id = :tid'),
                                       {"tid": tenant.id}).scalar() for t in tables}
        files_dir = tenant_files_dir(tenant.id)
        files = sorted(p for p in files_dir.rglob("*") if p.is_file()) if files_dir.is_dir() else []
        total, done = sum(counts.values()) + len(files), 0
        manifest = {
            "format": catalogue.FORMAT,
            "format_version": catalogue.FORMAT_VERSION,
            "schema_revisions": catalogue.schema_revisions(conn),
            "exported_at": clock.now().isoformat(),
            "source": {"tenant_id": tenant.id, "slug": tenant.slug},
            "tenant": {f: getattr(tenant, f) for f in catalogue.TENANT_FIELDS},
            "order": [t.name for t in tables],
            "tables": {},
            "files": {},
            "not_exported": catalogue.NOT_EXPORTED,
        }
        logo = db.session.scalar(sa.select(Tenant.logo_data).where(Tenant.id == tenant.id))
        manifest["tenant"]["logo_data"] = base64.b64encode(logo).decode() if logo else None
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            for table in tables:
                digest, n = hashlib.sha256(), 0
                order = ", ".join(f'"{c}"' for c in table.key)
                result = conn.execution_options(stream_results=True, max_row_buffer=catalogue.CHUNK).execute(sa.text(
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
                        if progress and n % catalogue.CHUNK == 0:
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


def export_name(tenant: Tenant) -> str:
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    return f"t{tenant.id}-{tenant.slug}-{stamp}-{secrets.token_hex(4)}.zip"


def export_bytes(tenant_id: int) -> bytes:
    buf = io.BytesIO()
    export_tenant(tenant_id, buf)
    return buf.getvalue()
