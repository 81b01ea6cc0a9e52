"""Small helpers shared by views: fragments for htmx, safe redirects, pagination."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from flask import abort, redirect, render_template, request, send_file, url_for
from jinja2_fragments.flask import render_block


def render(template: str, block: str | None = None, status: int = 200, **context):
    """The whole page, or only `block` of it for an htmx request that targets that block."""
    if not isinstance(status, int):  # a template variable named `status` would end up here
        raise TypeError(f"render(status=...) is the HTTP status, got {status!r}")
    if block and request.htmx and not request.htmx.boosted:
        return render_block(template, block, **context), status
    return render_template(template, **context), status


def safe_next(target: str | None, default_endpoint: str = "core.index") -> str:
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
                and "\\" not in target:
            return target
    return url_for(default_endpoint)


def redirect_next(default_endpoint: str = "core.index"):
    return redirect(safe_next(request.values.get("next"), default_endpoint))


def page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", 1)), 10_000))
    except ValueError:
        return 1


def send_stored(path_of: Callable[[], Path], mime: str, name: str, as_attachment: bool = False):
    """An uploaded file from storage, private to whoever may see it: a 404 when it is gone from disk;
    never cached, and sandboxed so a file cannot run script in the app's origin."""
    try:
        path = path_of()
    except FileNotFoundError:
        abort(404)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=mime, download_name=name, as_attachment=as_attachment)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
