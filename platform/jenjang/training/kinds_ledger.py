"""Notification kinds of this part of training (registered on import)."""
