"""Workflow pages: the definition editor (`definitions`), the generic case actions every module's
case page posts to (`cases`) and the holiday calendar (`holidays`). Importing this package
registers their routes on the workflow blueprint."""
from jenjang.workflow.views import cases, definitions, holidays  # noqa: F401  (routes register)
