"""Account links (password reset, invitation) go out through the outbox like every message: the
row is part of the transaction that issued the token, and is emailed after the commit.

Outside production the link is also printed, which is where a developer running `make run`
without a mail client reads it (the operator console's mailbox shows the email too)."""
from __future__ import annotations

import logging
import uuid

from flask import current_app

from jenjang.notifications.api import announce

log = logging.getLogger("jenjang.links")


def send_account_link(user, purpose: str, url: str) -> None:
    announce(f"account.{purpose}", [user.id], {}, f"account.{purpose}:{uuid.uuid4().hex}", link=url)
    if not current_app.config["PRODUCTION"]:
        log.warning("[%s] link for %s: %s", purpose, user.email or user.id, url)
        print(f"\n*** {purpose} link for {user.email or user.id}: {url}\n", flush=True)  # noqa: T201
