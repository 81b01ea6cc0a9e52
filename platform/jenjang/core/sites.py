"""Pages that share a URL across sites: `/login` and `/logout` answer on the tenant hosts (auth)
and on the console host (console). The package that owns a site registers its views here when
its views load; core's routes dispatch on `g.site` (core sits below both and imports neither)."""
from __future__ import annotations

from collections.abc import Callable

TENANT = "tenant"

_views: dict[tuple[str, str], Callable] = {}


def register(site: str, **views: Callable) -> None:
    """`register("console", login=operator_login, logout=operator_logout)`."""
    for name, view in views.items():
        _views[(site, name)] = view


def view(site: str | None, name: str) -> Callable:
    """The site's view called `name`; the tenant hosts' for any site that registered none."""
    return _views.get((site or TENANT, name)) or _views[(TENANT, name)]
