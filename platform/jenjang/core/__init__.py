"""The framework every module builds on: the clock (`clock`), page helpers (`web`, `nav`, `sites`),
forms and validators, `resources` (handles/require/attempt), `refusals` (the base of operations'
refusals), the audit log (`audit`, `models`; `audit.settings_change` for a settings row),
the building blocks of tenant tables (`tables`), cached tenant-wide reads (`datacache`); and the
page shell's routes in `views` (health, sign-in dispatch, dashboard, language, settings, audit log).

Layer 2 (README, "Layers"): imports only `config` and `extensions`. The tenant in context reaches
it through `scope`, filled by tenancy. `views` is the top of the stack and may import anything."""
from flask import Blueprint

bp = Blueprint("core", __name__)
