"""`flask tenants export|import|delete` and `flask db distribute`: jenjang.cli adds these commands
to its `tenants` group and to Flask-Migrate's `db` group (the CLI sits above tenancy)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from jenjang.extensions import db
from jenjang.tenancy.dbroles import as_console
from jenjang.tenancy.distribute import already_distributed, citus_present, plan
from jenjang.tenancy.lifecycle import LifecycleError, delete_tenant, export_tenant, import_tenant
from jenjang.tenancy.models import Tenant


def _tenant_by_slug(slug: str):
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise click.ClickException(f"no tenant {slug!r}")
    return tenant


def _progress_printer():
    last = {"pct": -1}

    def show(done: int, total: int):
        pct = int(done * 100 / total) if total else 100
        if pct // 10 != last["pct"] // 10:
            last["pct"] = pct
            click.echo(f"  {pct:3d}% ({done}/{total})", err=True)

    return show


@click.command("export")
@with_appcontext
@click.argument("slug")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def tenants_export(slug, path):
    """Write every row and file of tenant SLUG to the ZIP at PATH."""
    tenant = _tenant_by_slug(slug)
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as fh:
            manifest = export_tenant(tenant.id, fh, progress=_progress_printer())
    except LifecycleError as exc:
        partial.unlink(missing_ok=True)
        raise click.ClickException(str(exc)) from exc
    partial.replace(path)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(f"{slug}: {rows} rows in {len(manifest['tables'])} tables and "
               f"{len(manifest['files'])} files written to {path}")


@click.command("import")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", required=True, help="The new tenant's slug (it must not exist yet).")
@as_console
def tenants_import(path, slug):
    """Create tenant SLUG from an export ZIP. All or nothing: a bad ZIP changes nothing."""
    slug = slug.strip().lower()
    with current_app.test_request_context():
        try:
            tenant = import_tenant(path, slug, progress=_progress_printer())
            db.session.commit()
        except LifecycleError as exc:
            db.session.rollback()
            raise click.ClickException(f"import refused, nothing changed: {exc}") from exc
        click.echo(f"imported {path} as tenant {tenant.slug} (id {tenant.id})")


@click.command("delete")
@with_appcontext
@click.argument("slug")
@click.option("--confirm", "typed", prompt="Type the tenant's slug to confirm",
              help="The slug again: nothing is deleted unless it matches.")
@as_console
def tenants_delete(slug, typed):
    """Delete tenant SLUG: every row (audit log included) and every file. Cannot be undone."""
    tenant = _tenant_by_slug(slug)
    try:
        rows = delete_tenant(tenant, typed)
        db.session.commit()
    except LifecycleError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo(f"deleted tenant {slug}: {rows} rows and its files")


@click.command("distribute")
@with_appcontext
@click.option("--dry-run", is_flag=True, help="Print the statements; change nothing.")
def db_distribute(dry_run):
    """Distribute the schema on Citus: global tables as reference tables, every tenant table by
    tenant_id (co-located). Runs as the owner; explains itself when Citus is not installed."""
    engine = sa.create_engine(current_app.config["OWNER_DATABASE_URL"], poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            the_plan = plan(conn)
            present = citus_present(conn)
            done = already_distributed(conn) if present else set()
            statements = the_plan.statements(done)
            click.echo(f"reference tables ({len(the_plan.reference)}): {', '.join(the_plan.reference)}")
            click.echo(f"distributed by tenant_id ({len(the_plan.distributed)}): "
                       f"{', '.join(the_plan.distributed)}")
            if dry_run or not present:
                for stmt in statements:
                    click.echo(f"  {stmt};")
            if dry_run:
                click.echo("dry run: nothing changed")
                return
            if not present:
                click.echo("the citus extension is not installed in this database, so nothing was done. "
                           "Install Citus on the coordinator (CREATE EXTENSION citus; add the workers with "
                           "citus_add_node), then run `flask db distribute` again; --dry-run prints the plan.",
                           err=True)
                sys.exit(1)
            for stmt in statements:
                click.echo(f"  {stmt}")
                conn.execute(sa.text(stmt))
            click.echo(f"distributed: {len(statements)} tables changed, {len(done)} already in place")
    finally:
        engine.dispose()


TENANT_COMMANDS = (tenants_export, tenants_import, tenants_delete)  # flask tenants …
DB_COMMANDS = (db_distribute,)  # flask db …
