"""Error pages in the user's language. Never a stack trace, never a hint of another tenant."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    def page(code: int, template: str = "errors/error.html", **ctx):
        if request.headers.get("HX-Request"):
            # htmx swaps nothing on errors; the page shows a toast from the HX-Trigger header.
            return render_template("errors/fragment.html", code=code, **ctx), code
        return render_template(template, code=code, **ctx), code

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return page(400, csrf=True)

    @app.errorhandler(RateLimitExceeded)
    def rate_limited(e):
        return page(429)

    @app.errorhandler(HTTPException)
    def http_error(e):
        code = e.code or 500
        return page(code if code in (400, 403, 404, 405, 409, 413, 429, 503) else 400)

    @app.errorhandler(Exception)
    def server_error(e):
        app.logger.exception("unhandled error")
        from jenjang.extensions import db

        db.session.rollback()
        return page(500)
