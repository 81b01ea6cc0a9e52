"""Command-line entry points: `flask setup`, `flask db bootstrap`, `flask tenants apply`,
`flask operators create`, `flask worker`, `flask notifications sweep`, `flask mail-sink`.
Provisioning (`tenants apply|import|delete`, `operators …`) runs as the console role
(tenancy/dbroles.py); everything else as the app role.

The top layer (README, "Layers"), with the app factory: it may import anything; the commands that
need the domain modules' demos or the notification machinery load them when they run. It adds
tenancy's lifecycle commands (tenancy/lifecycle_cli.py) to its groups."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_migrate import upgrade
from flask_migrate.cli import db as db_group
from rq import Worker

from jenjang.console.manifest import ManifestError, apply, load
from jenjang.console.operations import ensure_operator
from jenjang.extensions import db
from jenjang.jobs import QUEUES, redis_connection
from jenjang.tenancy import lifecycle_cli
from jenjang.tenancy.bootstrap import bootstrap
from jenjang.tenancy.dbroles import as_console
from jenjang.tenancy.models import Tenant

tenants_cli = AppGroup("tenants", help="Provision and inspect tenants.")
operators_cli = AppGroup("operators", help="Platform operator accounts.")


def _bootstrap() -> None:

    password = os.environ.get("APP_DB_PASSWORD", "jenjang_app")
    for line in bootstrap(current_app.config["OWNER_DATABASE_URL"], current_app.config["APP_DB_ROLE"], password,
                          console_role=current_app.config["CONSOLE_DB_ROLE"],
                          console_password=os.environ.get("CONSOLE_DB_PASSWORD") or password):
        click.echo(line)


@db_group.command("bootstrap")
def db_bootstrap():
    """Create the app role and the console role (no superuser, no BYPASSRLS) and grant each its
    privileges (tenancy/bootstrap.py)."""
    _bootstrap()


@click.command("setup")
def setup():
    """Apply migrations as the owner, then align the app role and its grants."""
    upgrade(revision="heads")
    _bootstrap()


@tenants_cli.command("apply")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--demo", is_flag=True, help="Also create the demo accounts (refused in production).")
@as_console
def tenants_apply(paths, demo):
    """Create or update tenants from their manifests; a second run changes nothing."""

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

    for t in db.session.scalars(sa.select(Tenant).order_by(Tenant.slug)):
        click.echo(f"{t.id}\t{t.slug}\t{t.status}\t{t.name}")


@operators_cli.command("create")
@click.argument("email")
@click.option("--name", default="Operator")
@click.password_option()
@as_console
def operators_create(email, name, password):

    ensure_operator(email, name, password)
    db.session.commit()
    click.echo(f"operator {email} ready")


@operators_cli.command("ensure-demo")
@as_console
def operators_ensure_demo():
    """The demo operator operator@jenjang.demo (never in production)."""
    # lazy: loaded only when this command runs (the demos, the notification machinery)
    from jenjang.people.demo.accounts import DEMO_PASSWORD

    if current_app.config["PRODUCTION"]:
        raise click.ClickException("demo accounts are never created in production mode")
    ensure_operator("operator@jenjang.demo", "Operator Demo", DEMO_PASSWORD)
    db.session.commit()


demo_cli = AppGroup("demo", help="Demo data (development only).")


@demo_cli.command("provision")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def demo_provision(paths):
    """Fill each demo tenant with its demo data when it has none yet."""
    # lazy: loaded only when this command runs (the demos, the notification machinery)
    from jenjang.people.demo.populate import provision_demo_data

    if current_app.config["PRODUCTION"]:
        raise click.ClickException("demo data is never created in production mode")
    # lazy: loaded only when this command runs (the demos, the notification machinery)
    from jenjang.promotion.demo import seed_demo_cases

    for path in paths:
        manifest = load(path)
        click.echo(f"{path}: " + provision_demo_data(manifest))
        tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == manifest.slug))
        if tenant is not None:
            with current_app.test_request_context():
                click.echo(f"{path}: " + seed_demo_cases(tenant))
                # lazy: loaded only when this command runs (the demos, the notification machinery)
                from jenjang.mentoring.demo import provision_demo as mentoring_demo

                click.echo(f"{path}: " + mentoring_demo(tenant))
                # lazy: loaded only when this command runs (the demos, the notification machinery)
                from jenjang.feedback.demo import provision_demo as feedback_demo

                click.echo(f"{path}: " + feedback_demo(tenant))
                # lazy: loaded only when this command runs (the demos, the notification machinery)
                from jenjang.competency.demo import seed_demo_competency

                click.echo(f"{path}: " + seed_demo_competency(tenant))
                # lazy: loaded only when this command runs (the demos, the notification machinery)
                from jenjang.training.demo import seed_demo_training

                click.echo(f"{path}: " + seed_demo_training(tenant))
                # lazy: loaded only when this command runs (the demos, the notification machinery)
                from jenjang.training.demo import seed_demo_delivery

                click.echo(f"{path}: " + seed_demo_delivery(tenant))
                # lazy: loaded only when this command runs (the demos, the notification machinery)
                from jenjang.contracts.demo import seed_demo_renewal

                click.echo(f"{path}: " + seed_demo_renewal(tenant))
            db.session.commit()


@demo_cli.command("populate")
@click.argument("slug")
@click.option("--employees", "count", type=click.IntRange(1, 100_000), default=300, show_default=True,
              help="How many employees the tenant should have in all.")
def demo_populate(slug, count):
    """Build a realistic region (OPD tree, positions, employees with histories and SKP)."""
    # lazy: loaded only when this command runs (the demos, the notification machinery)
    from jenjang.people.demo.populate import analyze_as_owner, populate

    if current_app.config["PRODUCTION"]:
        raise click.ClickException("demo data is never created in production mode")
    tenant = db.session.scalar(sa.select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise click.ClickException(f"no tenant {slug!r}: run flask tenants apply first")
    started = time.perf_counter()
    result = populate(tenant, count)
    db.session.commit()
    analyze_as_owner()
    click.echo(f"{slug}: {result} in {time.perf_counter() - started:.1f} s")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@click.option("--no-scheduler", is_flag=True)
@click.option("--no-sweeper", is_flag=True, help="Do not start the notifications sweeper.")
def worker(burst, no_scheduler, no_sweeper):
    """Run an RQ worker on every queue, with the scheduler (delayed jobs, retries, reminders) and
    the notifications sweeper (re-enqueues messages left pending). Run as many as needed."""
    # lazy: loaded only when this command runs (the demos, the notification machinery)
    from jenjang.notifications import kinds, rendering
    from jenjang.notifications.sweeper import start_sweeper_thread

    # Forked work horses inherit what is prepared here: the compiled templates, the configured ORM
    # mappers and the initialised database dialect (about 0.2 s of CPU per job otherwise, as RQ
    # forks a horse per job). The warm-up connection is closed: each horse opens its own.
    rendering.warm(kinds.KINDS.values())
    sa.orm.configure_mappers()
    try:

        with db.engine.connect():
            pass
        db.engine.dispose()
    except sa.exc.DBAPIError as exc:  # the database is down: the jobs will say so themselves
        click.echo(f"worker: database not reachable at start ({type(exc).__name__})", err=True)
    conn = redis_connection()
    if not burst and not no_sweeper:
        start_sweeper_thread(current_app.config["REDIS_URL"])
        # lazy: loaded only when this command runs (the demos, the notification machinery)
        from jenjang.contracts.tasks import start_daily_thread

        start_daily_thread(current_app.config["REDIS_URL"])  # the contracts' daily reminders and expiry
    w = Worker(list(QUEUES), connection=conn)
    ok = w.work(burst=burst, with_scheduler=not no_scheduler)
    sys.exit(0 if ok or not burst else 0)


notifications_cli = AppGroup("notifications", help="The notification outbox.")


@notifications_cli.command("sweep")
@click.option("--min-age", default=60, show_default=True, help="Seconds a message must have waited.")
def notifications_sweep(min_age):
    """Enqueue messages left pending and reminders past due (for cron, or by hand)."""
    # lazy: loaded only when this command runs (the demos, the notification machinery)
    from jenjang.notifications.tasks import sweep

    click.echo(sweep(min_age))


contracts_cli = AppGroup("contracts", help="PPPK contracts.")


@contracts_cli.command("daily")
def contracts_daily():
    """Enqueue today's contract reminders and expiry for every active tenant (cron, or by hand)."""
    # lazy: loaded only when this command runs (the demos, the notification machinery)
    from jenjang.contracts.tasks import enqueue_daily_jobs

    click.echo(f"contracts: daily job enqueued for {enqueue_daily_jobs()} tenants")


@click.command("mail-sink")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True)
def mail_sink(host, port):
    """The development SMTP sink (messages kept under var/mail for the console's mailbox)."""
    # lazy: loaded only when this command runs (the demos, the notification machinery)
    from jenjang.notifications import sink

    sink.main(["--host", host, "--port", str(port)])


def register_cli(app: Flask) -> None:
    for command in lifecycle_cli.TENANT_COMMANDS:  # tenants export/import/delete
        tenants_cli.add_command(command)
    for command in lifecycle_cli.DB_COMMANDS:  # db distribute
        db_group.add_command(command)
    app.cli.add_command(setup)
    app.cli.add_command(tenants_cli)
    app.cli.add_command(operators_cli)
    app.cli.add_command(worker)
    app.cli.add_command(notifications_cli)
    app.cli.add_command(contracts_cli)
    app.cli.add_command(mail_sink)
    app.cli.add_command(demo_cli)
