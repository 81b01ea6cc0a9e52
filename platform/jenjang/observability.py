"""One JSON line per request (tenant, user, route, status, duration, request id), and errors to
Sentry when SENTRY_DSN is set."""
from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid

from flask import Flask, g, request

log = logging.getLogger("jenjang.request")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


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
        tenant = g.get("tenant")
        user_id = None
        try:
            from flask_login import current_user

            if current_user and current_user.is_authenticated:
                user_id = current_user.get_id()
        except Exception:  # noqa: S110 - logging must never break a response
            pass
        log.info(json.dumps({
            "request_id": g.request_id,
            "tenant": tenant.slug if tenant is not None else g.get("site"),
            "user": user_id,
            "method": request.method,
            "route": request.url_rule.rule if request.url_rule else None,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }, separators=(",", ":")))
        return response
