"""Contracts: the perjanjian kerja of PPPK employees and their renewal.

Owns: the tenant's contract settings, renewal proposals and the log of reminders sent (models.py;
the contracts themselves are people's ``EmploymentContract``, table ``employee_contracts``), the
HR pages (list, an employee's contracts, add/edit with the signed PDF), the renewal workflow
(handler in workflow.py: the unit proposes, BKPSDM checks SKP and formasi, the PPK decides; the
renewal letter in documents.py), the daily job (reminders before the end, and the expiry that
archives a PPK whose contract ended without renewal: tasks.py), the HR dashboard card and the
employee's own page.

It may import core, tenancy, storage, jobs, auth, ``jenjang.people`` (its models and operations,
to record contracts and archive), notifications' api and ``jenjang.workflow.api``.
"""
from flask import Blueprint

bp = Blueprint("contracts", __name__)

from jenjang.contracts import kinds as _kinds  # noqa: E402,F401  (notification kinds, workflow handler)
