"""Read side: the bell's count, the inbox, the failed list, the templates in force."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import selectinload
from werkzeug.routing import BuildError

from jenjang.extensions import db
from jenjang.notifications import kinds, rendering
from jenjang.notifications.models import Notification, NotificationPreference, NotificationTemplate

UNREAD_CAP = 100  # the bell shows "99+" beyond this; counting further costs without telling more


def unread_count(user_id: int) -> int:
    """One index-only query on ix_notifications_unread, capped."""
    capped = (sa.select(sa.literal(1)).select_from(Notification)
              # Spelled as the partial index's predicate, so the planner can use it.
              .where(Notification.recipient_user_id == user_id, Notification.read_at.is_(None),
                     Notification.show_in_inbox)
              .limit(UNREAD_CAP).subquery())
    return db.session.scalar(sa.select(sa.func.count()).select_from(capped))


def templates_for(kind_names, locales) -> dict[tuple[str, str], tuple[str, str]]:
    """(subject, body) per (kind, locale): the tenant's own where it has one, else the default."""
    out = {}
    for name in kind_names:
        spec = kinds.get(name)
        if spec is None:
            continue
        for locale in locales:
            loc = locale if locale in spec.subject else "id"
            out[(name, locale)] = (spec.subject[loc], spec.body[loc])
    rows = db.session.execute(sa.select(NotificationTemplate.kind, NotificationTemplate.locale,
                                        NotificationTemplate.subject, NotificationTemplate.body)
                              .where(NotificationTemplate.kind.in_(list(kind_names)))).all()
    for row in rows:
        out[(row.kind, row.locale)] = (row.subject, row.body)
    return out


@dataclass(frozen=True)
class InboxItem:
    notification: Notification
    title: str
    url: str | None


def _in_app_url(link: dict | None) -> str | None:
    if not link:
        return None
    if "url" in link:
        return link["url"]
    try:
        return url_for(link["endpoint"], **(link.get("values") or {}))
    except BuildError:
        return None


def inbox_page(user_id: int, page: int, per_page: int, tenant, locale: str) -> tuple[list[InboxItem], bool]:
    rows = db.session.scalars(
        sa.select(Notification)
        .where(Notification.recipient_user_id == user_id, Notification.show_in_inbox.is_(True))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(per_page + 1).offset((page - 1) * per_page)).all()
    return _items(rows[:per_page], tenant, locale), len(rows) > per_page


def inbox_item(notification: Notification, tenant, locale: str) -> InboxItem:
    return _items([notification], tenant, locale)[0]


def _items(rows: list[Notification], tenant, locale: str) -> list[InboxItem]:
    """Each row with its title: the subject template in the reader's language, on the payload."""
    templates = templates_for({n.kind for n in rows}, {locale})
    items = []
    for n in rows:
        title = n.kind
        if (n.kind, locale) in templates:
            context = {**(n.payload or {}), "recipient_name": "", "tenant_name": tenant.name,
                       "hr_agency_name": tenant.hr_agency_name, "link": None}
            try:
                title = rendering.render(templates[(n.kind, locale)][0], "", context)[0] or n.kind
            except Exception:  # a broken tenant template must not break the inbox
                title = n.kind
        items.append(InboxItem(n, title, _in_app_url(n.link)))
    return items


def failed_page(page: int, per_page: int) -> tuple[list[Notification], bool]:
    rows = db.session.scalars(
        sa.select(Notification).where(Notification.status == "failed")
        .options(selectinload(Notification.recipient))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(per_page + 1).offset((page - 1) * per_page)).all()
    return rows[:per_page], len(rows) > per_page


def in_inbox_of(user_id: int):
    """The criteria of a user's own inbox: their notifications that are shown there."""
    return sa.and_(Notification.recipient_user_id == user_id, Notification.show_in_inbox.is_(True))


def failed_to_retry(limit: int = 5000) -> list[Notification]:
    """The failed messages a "retry all" sends again, at most ``limit`` at a time."""
    return list(db.session.scalars(sa.select(Notification).where(Notification.status == "failed").limit(limit)))


def failed_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                             .where(Notification.status == "failed"))


def preferences(user_id: int) -> dict[str, bool]:
    return dict(db.session.execute(sa.select(NotificationPreference.kind, NotificationPreference.email_enabled)
                                   .where(NotificationPreference.user_id == user_id)).all())


def overridden() -> set[tuple[str, str]]:
    return set(db.session.execute(sa.select(NotificationTemplate.kind, NotificationTemplate.locale)).all())


def template_in_force(kind: str, locale: str) -> tuple[str, str, bool]:
    """(subject, body, is_the_tenants_own)."""
    own = db.session.scalar(sa.select(NotificationTemplate).where(
        NotificationTemplate.kind == kind, NotificationTemplate.locale == locale))
    if own is not None:
        return own.subject, own.body, True
    spec = kinds.get(kind)
    return spec.subject[locale], spec.body[locale], False
