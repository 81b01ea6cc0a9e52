"""Small helpers shared by views: fragments for htmx, safe redirects, pagination."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, render_template, request, url_for
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
