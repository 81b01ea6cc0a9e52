"""Sign-in throttling on Redis, per account and per IP, both prefixed by tenant.

If Redis does not answer, sign-in is not blocked by the throttle (it degrades to allowing),
because locking every user out of the region would be worse than a slower brute force."""
from __future__ import annotations

import logging
import math
import time

from limits import parse

from jenjang.extensions import limiter
from jenjang.tenancy.context import rate_limit_prefix

log = logging.getLogger(__name__)

ACCOUNT_LIMIT = parse("5 per 15 minutes")
IP_LIMIT = parse("30 per 15 minutes")


def _keys(login: str, ip: str | None) -> list[tuple]:
    prefix = rate_limit_prefix()
    return [(ACCOUNT_LIMIT, f"{prefix}:login-account:{login.strip().lower()}"),
            (IP_LIMIT, f"{prefix}:login-ip:{ip or '-'}")]


def minutes_until_allowed(login: str, ip: str | None) -> int:
    """0 when a sign-in attempt may proceed, otherwise the minutes to wait."""
    try:
        wait = 0.0
        for item, key in _keys(login, ip):
            if not limiter.limiter.test(item, key):
                stats = limiter.limiter.get_window_stats(item, key)
                wait = max(wait, stats.reset_time - time.time())
        return max(1, math.ceil(wait / 60)) if wait > 0 else 0
    except Exception:  # Redis down: degrade gracefully
        log.warning("throttle storage unavailable; sign-in not throttled", exc_info=True)
        return 0


def record_failure(login: str, ip: str | None) -> None:
    try:
        for item, key in _keys(login, ip):
            limiter.limiter.hit(item, key)
    except Exception:
        log.warning("throttle storage unavailable; failure not counted", exc_info=True)


def clear_account(login: str) -> None:
    try:
        item, key = _keys(login, None)[0]
        limiter.limiter.clear(item, key)
    except Exception:
        log.warning("throttle storage unavailable", exc_info=True)
