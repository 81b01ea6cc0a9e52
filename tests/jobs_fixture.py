"""Jobs used by the tests (importable by an RQ worker)."""
import sqlalchemy as sa

from jenjang.auth.models import User
from jenjang.extensions import db
from jenjang.jobs import tenant_job


def count_users():
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


@tenant_job
def decorated_count():
    return count_users()
