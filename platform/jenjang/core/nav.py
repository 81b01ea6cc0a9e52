"""Role-aware navigation and dashboard cards. Modules register their entries at import time;
the layout shows an entry only when its permission check passes for the current user."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import request


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy string
    allowed: Callable[[object], bool]
    order: int = 100
    match_prefix: str | None = None

    def active(self) -> bool:
        if self.match_prefix:  # whole path segments: "/me" covers "/me/team", never "/mentoring"
            prefix = self.match_prefix.rstrip("/")
            return request.path == prefix or request.path.startswith(prefix + "/")
        return request.endpoint == self.endpoint


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    cards: list[tuple[int, str, Callable[[object], bool], Callable[[object], dict]]] = field(default_factory=list)

    def add_nav(self, item: NavItem) -> None:
        if all(existing.endpoint != item.endpoint for existing in self.nav):
            self.nav.append(item)
            self.nav.sort(key=lambda i: i.order)

    def add_card(self, order: int, template: str, allowed, context) -> None:
        if all(existing[1] != template for existing in self.cards):
            self.cards.append((order, template, allowed, context))
            self.cards.sort(key=lambda c: c[0])

    def nav_for(self, user) -> list[NavItem]:
        user = _unproxied(user)
        return [item for item in self.nav if item.allowed(user)]

    def cards_for(self, user) -> list[tuple[str, dict]]:
        user = _unproxied(user)
        return [(template, context(user)) for _, template, allowed, context in self.cards if allowed(user)]


def _unproxied(user):
    """The user behind Flask-Login's `current_user` proxy: every check reads several attributes,
    and through the proxy each read is a context lookup (~100 per page with every module's nav)."""
    get = getattr(user, "_get_current_object", None)
    return get() if get is not None else user


registry = Registry()
