"""Account links (password reset, invitation). Until the outbox exists the link is written to
the server log, which is where a developer running `make run` reads it."""
from __future__ import annotations

import logging

log = logging.getLogger("jenjang.links")


def send_account_link(user, purpose: str, url: str) -> None:
    log.warning("[%s] link for %s: %s", purpose, user.email or user.id, url)
    print(f"\n*** {purpose} link for {user.email or user.id}: {url}\n", flush=True)  # noqa: T201
