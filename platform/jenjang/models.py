"""Every model module, imported in one place so Alembic and the schema tests see all tables (importing
a module registers its tables on the metadata)."""
import jenjang.auth.models  # noqa: F401
import jenjang.competency.models  # noqa: F401
import jenjang.console.models  # noqa: F401
import jenjang.contracts.models  # noqa: F401
import jenjang.core.models  # noqa: F401
import jenjang.feedback.models  # noqa: F401
import jenjang.mentoring.models  # noqa: F401
import jenjang.notifications.models  # noqa: F401
import jenjang.people.models  # noqa: F401
import jenjang.promotion.models  # noqa: F401
import jenjang.tenancy.models  # noqa: F401
import jenjang.training.delivery.models  # noqa: F401
import jenjang.training.external.models  # noqa: F401
import jenjang.training.ledger.models  # noqa: F401
import jenjang.training.models  # noqa: F401
import jenjang.workflow.models  # noqa: F401
