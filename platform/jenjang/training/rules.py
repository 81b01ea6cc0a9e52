"""The training module's rules for the promotion eligibility engine (registered on import)."""
