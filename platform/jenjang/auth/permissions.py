"""Named permission checks. Views and templates call these, never compare role strings."""
from __future__ import annotations


def _has(user, role: str) -> bool:
    return bool(user and user.is_authenticated and not getattr(user, "is_operator", False)
                and user.has_role(role))


def is_signed_in_employee(user) -> bool:
    return bool(user and user.is_authenticated and not getattr(user, "is_operator", False))


def can_administer_tenant(user) -> bool:
    return _has(user, "admin")


def can_manage_users(user) -> bool:
    return _has(user, "admin")


def can_read_audit_log(user) -> bool:
    return _has(user, "admin")


def can_manage_people(user) -> bool:
    return _has(user, "admin") or _has(user, "hr")


def is_committee_member(user) -> bool:
    return _has(user, "committee")


def is_ppk(user) -> bool:
    return _has(user, "ppk")


def is_operator(user) -> bool:
    return bool(user and user.is_authenticated and getattr(user, "is_operator", False))


# Exposed to templates as `perm.<name>(current_user)`.
TEMPLATE_CHECKS = {
    name: fn for name, fn in dict(globals()).items()
    if callable(fn) and (name.startswith("can_") or name.startswith("is_"))
}
