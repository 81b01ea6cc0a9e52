"""Error pages in the user's language. Never a stack trace, never a hint of another tenant."""
from __future__ import annotations

from flask import Flask, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from jenjang.extensions import db

RETRY_AFTER_SECONDS = 5


def database_unavailable(e: BaseException) -> bool:
    """PostgreSQL down, restarting, or the pool exhausted: a temporary condition, not a bug."""
    if isinstance(e, sa_exc.OperationalError | sa_exc.InterfaceError | sa_exc.TimeoutError):
        return True
    return bool(getattr(e, "connection_invalidated", False))


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
        original = getattr(e, "original_exception", None)
        if original is not None and not isinstance(original, HTTPException):
            # an exception outside the view (e.g. the commit in after_request) reaches us wrapped
            return server_error(original)
        code = e.code or 500
        return page(code if code in (400, 403, 404, 405, 409, 413, 429, 503) else 400)

    @app.errorhandler(Exception)
    def server_error(e):
        if database_unavailable(e):
            # A self-contained page: the usual layout would ask the database again (the signed-in
            # user, the tenant's navigation). The pool re-connects by itself (pool_pre_ping).
            app.logger.warning("database unavailable: %s", str(e).splitlines()[0][:300])
            try:
                db.session.rollback()
            except Exception:  # noqa: S110 - the connection is gone; the pool forgets it
                pass
            lang = request.accept_languages.best_match(("id", "en")) or "id"
            # rendered without the context processors, which would ask the database again
            body = app.jinja_env.get_template("errors/unavailable.html").render(
                lang=lang, retry_url=request.full_path.rstrip("?") if request.method == "GET" else "/",
                pico_css=url_for("static", filename="vendor/pico.min.css"),
                app_css=url_for("static", filename="css/app.css"))
            return body, 503, {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
        app.logger.exception("unhandled error")
        db.session.rollback()
        return page(500)
