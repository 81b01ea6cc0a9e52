"""People and organisation: units (OPD), positions, ranks, employees, reporting lines."""
