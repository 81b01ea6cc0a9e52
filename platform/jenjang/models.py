"""Every model, imported in one place so Alembic and the schema tests see all tables."""
from jenjang.auth.models import AuthToken, User, UserSession  # noqa: F401
from jenjang.console.models import Operator, OperatorSession  # noqa: F401
from jenjang.core.models import AuditEntry  # noqa: F401
from jenjang.people.models import Employee  # noqa: F401
from jenjang.tenancy.models import Domain, Tenant  # noqa: F401
