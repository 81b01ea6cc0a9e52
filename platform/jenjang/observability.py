"""One JSON line per request (tenant, user, route, status, duration, request id), and errors to
Sentry when SENTRY_DSN is set."""
from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid

import sqlalchemy as sa
from flask import Flask, g, request

log = logging.getLogger("jenjang.request")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _user_id(user) -> str | None:
    """The signed-in account's id from its identity key, without SQL (None when anonymous or when
    the request never looked at the user)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    state = sa.inspect(user, raiseerr=False)
    if state is not None and state.identity:
        return str(state.identity[-1])  # the primary key ends with the id: (tenant_id, id) or (id,)
    return None


def init_app(app: Flask) -> None:
    dsn = os.environ.get("SENTRY_DSN")
    if dsn:
        import sentry_sdk
        from sentry_sdk.integrations.flask import FlaskIntegration

        sentry_sdk.init(dsn=dsn, integrations=[FlaskIntegration()], send_default_pii=False,
                        environment=app.config["ENV_NAME"],
                        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")))

    @app.before_request
    def start_timer():
        g.started = time.perf_counter()
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex

    @app.after_request
    def log_request(response):
        started = g.get("started")
        if started is None:
            return response
        response.headers["X-Request-Id"] = g.request_id
        if request.endpoint in ("static",):
            return response
        # This runs after the request's commit: the tenant and user objects are expired by then,
        # and reading an attribute would open a new transaction (3–5 round trips). Use what was
        # captured before, and never load the user just to log it.
        tenant_slug = g.get("tenant_slug")
        log.info(json.dumps({
            "request_id": g.request_id,
            "tenant": tenant_slug if tenant_slug is not None else g.get("site"),
            "user": _user_id(g.get("_login_user")),
            "method": request.method,
            "route": request.url_rule.rule if request.url_rule else None,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }, separators=(",", ":")))
        return response
