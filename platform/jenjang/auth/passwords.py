"""Password hashing with argon2id, at OWASP's recommended minimum (Password Storage Cheat Sheet:
19 MiB of memory, 2 iterations, 1 lane): about 25 ms per sign-in on one core instead of the
library default's 150 ms (64 MiB, 3 iterations, 4 lanes), so a sign-in fits in a page's budget
while guessing stays memory-hard; sign-in attempts are also throttled per account and address.
A hash made with other parameters is re-made with these at the next successful sign-in."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TIME_COST, MEMORY_KIB, LANES = 2, 19 * 1024, 1
_hasher = PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=LANES)
# Verified against when the account does not exist, so a wrong login costs the same time.
_DUMMY_HASH = _hasher.hash("jenjang-timing-equaliser")

MIN_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except (InvalidHashError, ValueError):
        return False
