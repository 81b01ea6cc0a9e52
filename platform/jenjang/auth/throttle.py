"""Sign-in throttling on Redis, per account and per IP, both prefixed by tenant.

The account counter is the account a login resolves to, not the text typed: `hr@x.demo`,
`HR@x.demo`, the NIP and the NIP written with spaces all count against one account. A login that
matches no account is counted per its normalised text (lower case, no spaces), so unknown logins
are throttled at the same rate and with the same message, and the lock says nothing about which
logins exist.

If Redis does not answer, sign-in is not blocked by the throttle (it degrades to allowing),
because locking every user out of the region would be worse than a slower brute force."""
from __future__ import annotations

import logging
import math
import time

from limits import parse

from jenjang.auth.operations import find_user_by_login
from jenjang.extensions import limiter
from jenjang.tenancy.context import rate_limit_prefix

log = logging.getLogger(__name__)

ACCOUNT_LIMIT = parse("5 per 15 minutes")
IP_LIMIT = parse("30 per 15 minutes")


def normalised(login: str | None) -> str:
    return "".join((login or "").split()).lower()


def account_key(login: str | None) -> str:
    """The counter of a sign-in to the current tenant: its account when the login (email or NIP,
    any case, with or without spaces) resolves to one, otherwise the normalised text."""
    user = find_user_by_login(login or "")
    return f"user:{user.id}" if user is not None else f"text:{normalised(login)}"


def _keys(account: str, ip: str | None) -> list[tuple]:
    """`account`: account_key() of a tenant sign-in, or the normalised email of an operator's."""
    prefix = rate_limit_prefix()
    return [(ACCOUNT_LIMIT, f"{prefix}:login-account:{account}"),
            (IP_LIMIT, f"{prefix}:login-ip:{ip or '-'}")]


def minutes_until_allowed(account: str, ip: str | None) -> int:
    """0 when a sign-in attempt may proceed, otherwise the minutes to wait."""
    try:
        wait = 0.0
        for item, key in _keys(account, ip):
            if not limiter.limiter.test(item, key):
                stats = limiter.limiter.get_window_stats(item, key)
                wait = max(wait, stats.reset_time - time.time())
        return max(1, math.ceil(wait / 60)) if wait > 0 else 0
    except Exception:  # Redis down: degrade gracefully
        log.warning("throttle storage unavailable; sign-in not throttled", exc_info=True)
        return 0


def record_failure(account: str, ip: str | None) -> None:
    try:
        for item, key in _keys(account, ip):
            limiter.limiter.hit(item, key)
    except Exception:
        log.warning("throttle storage unavailable; failure not counted", exc_info=True)


def clear_account(account: str) -> None:
    try:
        item, key = _keys(account, None)[0]
        limiter.limiter.clear(item, key)
    except Exception:
        log.warning("throttle storage unavailable", exc_info=True)
