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

The package: `catalogue` (the tenant tables, schema revisions, the format's constants), `files`
(the tenant's files on disk and their removal with the transaction), `export`, `importing`,
`deletion`. This module is its public face; callers import from `jenjang.tenancy.lifecycle`.
"""
from jenjang.tenancy.lifecycle.catalogue import (
    NOT_EXPORTED,
    LifecycleError,
    TableInfo,
    _dependency_order,
    tenant_tables,
)
from jenjang.tenancy.lifecycle.deletion import delete_tenant
from jenjang.tenancy.lifecycle.export import export_bytes, export_name, export_tenant, purge_old_exports
from jenjang.tenancy.lifecycle.files import exports_dir, files_root, tenant_files_dir
from jenjang.tenancy.lifecycle.importing import import_tenant

__all__ = [
    "NOT_EXPORTED", "LifecycleError", "TableInfo", "_dependency_order", "delete_tenant", "export_bytes",
    "export_name", "export_tenant", "exports_dir", "files_root", "import_tenant", "purge_old_exports",
    "tenant_files_dir", "tenant_tables",
]
