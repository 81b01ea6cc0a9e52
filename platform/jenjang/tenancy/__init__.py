"""Tenancy: the pemda is the tenant. Host → tenant (`resolve`, `web`), the tenant in context
(`context`), the ORM wall (`orm`), the database wall and roles (`bootstrap`, `dbroles`), tenants and
domains (`models`, `operations`), and a tenant's life as data (`lifecycle`: export, import, delete).
See README "Architecture" for the eight walls.

Layer 3 (README, "Layers"): imports `config`, `extensions` and `core`; it fills core's hooks
(`core.scope`, the rate-limit scope in `extensions`) when it loads. Never auth, people or the CLI:
the tenant manifest lives in `console.manifest`, and `jenjang.cli` adds `lifecycle_cli`'s commands."""
