"""The operator's view of the background machinery: RQ queues and workers, and (outside
production, or wherever a sink runs) the development mail sink's mailbox."""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app
from redis.exceptions import RedisError
from rq import Queue, Worker

from jenjang.console import bp
from jenjang.core.web import render
from jenjang.jobs import QUEUES, redis_connection
from jenjang.notifications import sink


def queue_stats() -> tuple[list[dict], list[dict]]:
    conn = redis_connection()
    stats = []
    for name in QUEUES:
        q = Queue(name, connection=conn)
        stats.append({"name": name, "queued": q.count, "started": q.started_job_registry.count,
                      "scheduled": q.scheduled_job_registry.count, "failed": q.failed_job_registry.count})
    workers = []
    for w in Worker.all(connection=conn):
        workers.append({"name": w.name, "state": w.get_state(), "queues": ", ".join(w.queue_names()),
                        "heartbeat": w.last_heartbeat, "hostname": w.hostname, "pid": w.pid})
    workers.sort(key=lambda w: w["name"])
    return stats, workers


@bp.route("/queues")
def queues():
    try:
        stats, workers, error = *queue_stats(), None
    except RedisError as exc:
        current_app.logger.warning("console queues: %s", exc)
        stats, workers, error = [], [], str(exc)
    return render("console/queues.html", block="queue_stats", stats=stats, workers=workers, error=error)


def _mail_dir() -> Path:
    return Path(current_app.config.get("MAIL_SINK_DIR") or sink.mail_dir())


@bp.route("/mail")
def mailbox():
    return render("console/mail.html", messages=sink.list_messages(_mail_dir(), limit=100),
                  smtp_url=current_app.config["SMTP_URL"])


@bp.route("/mail/<name>")
def mail_message(name):
    found = sink.read_message(name, _mail_dir())
    if found is None:
        abort(404)
    headers, body = found
    return render("console/mail_message.html", name=name, headers=headers, body=body)
