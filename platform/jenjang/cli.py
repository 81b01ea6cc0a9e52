"""Command-line entry points: `flask setup`, `flask db bootstrap`, `flask tenants apply`,
`flask operators create`, `flask worker`."""
from __future__ import annotations

import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade
from flask_migrate.cli import db as db_group

tenants_cli = AppGroup("tenants", help="Provision and inspect tenants.")
operators_cli = AppGroup("operators", help="Platform operator accounts.")


def _bootstrap() -> None:
    import os

    from jenjang.tenancy.bootstrap import bootstrap

    for line in bootstrap(current_app.config["OWNER_DATABASE_URL"], current_app.config["APP_DB_ROLE"],
                          os.environ.get("APP_DB_PASSWORD", "jenjang_app")):
        click.echo(line)


@db_group.command("bootstrap")
def db_bootstrap():
    """Create the app role (no superuser, no BYPASSRLS) and grant it its privileges."""
    _bootstrap()


@click.command("setup")
def setup():
    """Apply migrations as the owner, then align the app role and its grants."""
    upgrade(revision="heads")
    _bootstrap()


@tenants_cli.command("apply")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--demo", is_flag=True, help="Also create the demo accounts (refused in production).")
def tenants_apply(paths, demo):
    """Create or update tenants from their manifests; a second run changes nothing."""
    from jenjang.extensions import db
    from jenjang.tenancy.manifest import ManifestError, apply, load

    production = current_app.config["PRODUCTION"]
    if demo and production:
        raise click.ClickException("demo accounts are never created in production mode")
    with current_app.test_request_context():
        for path in paths:
            try:
                changes = apply(load(path), demo=demo, production=production)
                db.session.commit()
            except ManifestError as exc:
                db.session.rollback()
                raise click.ClickException(str(exc)) from exc
            click.echo(f"{path}: " + ("; ".join(changes) if changes else "unchanged"))


@tenants_cli.command("list")
def tenants_list():
    from jenjang.extensions import db
    from jenjang.tenancy.models import Tenant

    for t in db.session.scalars(sa.select(Tenant).order_by(Tenant.slug)):
        click.echo(f"{t.id}\t{t.slug}\t{t.status}\t{t.name}")


@operators_cli.command("create")
@click.argument("email")
@click.option("--name", default="Operator")
@click.password_option()
def operators_create(email, name, password):
    from jenjang.console.operations import ensure_operator
    from jenjang.extensions import db

    ensure_operator(email, name, password)
    db.session.commit()
    click.echo(f"operator {email} ready")


@operators_cli.command("ensure-demo")
def operators_ensure_demo():
    """The demo operator operator@jenjang.demo (never in production)."""
    from jenjang.console.operations import ensure_operator
    from jenjang.extensions import db
    from jenjang.people.demo import DEMO_PASSWORD

    if current_app.config["PRODUCTION"]:
        raise click.ClickException("demo accounts are never created in production mode")
    ensure_operator("operator@jenjang.demo", "Operator Demo", DEMO_PASSWORD)
    db.session.commit()


demo_cli = AppGroup("demo", help="Demo data (development only).")


@demo_cli.command("provision")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def demo_provision(paths):
    """Fill each demo tenant with its demo data when it has none yet."""
    from jenjang.people.demo import provision_demo_data
    from jenjang.tenancy.manifest import load

    if current_app.config["PRODUCTION"]:
        raise click.ClickException("demo data is never created in production mode")
    for path in paths:
        click.echo(f"{path}: " + provision_demo_data(load(path)))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--no-scheduler", is_flag=True)
def worker(burst, no_scheduler):
    """Run an RQ worker on every queue, with the scheduler."""
    from rq import Worker

    from jenjang.jobs import QUEUES, redis_connection

    conn = redis_connection()
    w = Worker(list(QUEUES), connection=conn)
    ok = w.work(burst=burst, with_scheduler=not no_scheduler)
    sys.exit(0 if ok or not burst else 0)


def register_cli(app: Flask) -> None:
    app.cli.add_command(setup)
    app.cli.add_command(tenants_cli)
    app.cli.add_command(operators_cli)
    app.cli.add_command(worker)
    app.cli.add_command(demo_cli)
