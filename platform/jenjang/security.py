"""Security headers on every response. The Content Security Policy allows no inline script
(htmx runs with allowEval=false); inline style attributes are allowed for progress bars."""
from __future__ import annotations

from flask import Flask, abort, request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")


def init_app(app: Flask) -> None:
    production = app.config["PRODUCTION"]

    @app.before_request
    def refuse_nul_bytes():
        """A NUL byte can never be stored (PostgreSQL text refuses it) and has no use in a form:
        a clear 400 instead of a database error (found by tests/test_fuzz_forms.py)."""
        for values in (request.args, request.form):
            for _key, value in values.items(multi=True):
                if "\x00" in _key or "\x00" in value:
                    abort(400)
        for _key, storage in request.files.items(multi=True):
            if "\x00" in (storage.filename or ""):
                abort(400)
        return None

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if production:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
