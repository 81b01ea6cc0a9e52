"""The four imports (units, positions, employees, SKP predicates), one module each, and the
registry the import's tasks look a kind up in. What they share is in ``common``."""
from __future__ import annotations

from jenjang.people.imports.kinds.employees import EmployeesHandler
from jenjang.people.imports.kinds.positions import PositionsHandler
from jenjang.people.imports.kinds.skp import SkpHandler
from jenjang.people.imports.kinds.units import UnitsHandler

HANDLERS = {"units": UnitsHandler, "positions": PositionsHandler, "employees": EmployeesHandler, "skp": SkpHandler}
