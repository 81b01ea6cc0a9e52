"""Notifications: outbox, delivery, in-app inbox (built out in its own issue)."""
