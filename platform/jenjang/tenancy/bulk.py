"""Bulk writes for imports, demo data and fan-outs (people's imports, the 360's assignments): the
one named spot where tenant rows are written with Core statements instead of ORM objects (20,000 ORM objects take minutes; multi-row INSERTs take
seconds). Every statement carries the current tenant explicitly and row level security checks
it again (WITH CHECK), so a bulk write cannot land in another tenant."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from jenjang.extensions import db
from jenjang.tenancy.context import require_tenant_id

BATCH = 1000


def replan() -> None:
    """Forget this connection's cached plans, foreign-key checks included. PostgreSQL plans a
    foreign-key check once per connection; a plan made while `employees` was nearly empty scans
    the table for every row, which turns a 20,000-row history insert quadratic."""
    db.session.execute(sa.text("DISCARD PLANS"))


def reserve_ids(table: sa.Table, n: int) -> list[int]:
    """Take n ids from the table's identity sequence up front, so related rows (history,
    accounts) can be built before anything is inserted."""
    if n <= 0:
        return []
    seq = db.session.scalar(sa.text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name})
    return list(db.session.scalars(sa.text("SELECT nextval(:s) FROM generate_series(1, :n)"),
                                   {"s": seq, "n": n}))


def insert_rows(table: sa.Table, rows: Sequence[dict]) -> int:
    """INSERT `rows` (all with the same keys), stamped with the current tenant.

    One statement per 10,000 rows: each column travels as one array parameter and the server
    unnests them (INSERT … SELECT FROM unnest(…)), so neither SQLAlchemy nor psycopg builds a
    statement per row or a VALUES list with thousands of placeholders."""
    tid = require_tenant_id()
    if not rows:
        return 0
    keys = sorted(set(rows[0]) | {"tenant_id"})
    columns = [table.c[k] for k in keys]
    if any(isinstance(c.type, sa.ARRAY) for c in columns):
        return _insert_values(table, rows, tid)
    dialect = db.session.get_bind().dialect
    casts = ", ".join(f"CAST(:p{i} AS {c.type.compile(dialect=dialect)}[])" for i, c in enumerate(columns))
    names = ", ".join(f'"{c.name}"' for c in columns)
    stmt = sa.text(f'INSERT INTO "{table.name}" ({names}) SELECT * FROM unnest({casts})')
    conn = db.session.connection()
    for start in range(0, len(rows), BATCH * 10):
        chunk = rows[start:start + BATCH * 10]
        params = {f"p{i}": [tid if k == "tenant_id" else r[k] for r in chunk] for i, k in enumerate(keys)}
        conn.execute(stmt, params)
    return len(rows)


def _insert_values(table: sa.Table, rows: Sequence[dict], tid: int) -> int:
    """For tables with array columns (unnest would flatten them): multi-row VALUES batches."""
    conn = db.session.connection()
    stmt = sa.insert(table).returning(table.c.id).execution_options(insertmanyvalues_page_size=BATCH)
    conn.execute(stmt, [dict(r, tenant_id=tid) for r in rows]).all()
    return len(rows)


def update_rows(table: sa.Table, rows: Iterable[dict], columns: Sequence[str]) -> int:
    """UPDATE table SET columns… WHERE tenant_id = current AND id = row['id'], for each row."""
    tid = require_tenant_id()
    rows = [dict(r, b_id=r["id"]) for r in rows]
    if not rows:
        return 0
    stmt = (sa.update(table)
            .where(table.c.tenant_id == tid, table.c.id == sa.bindparam("b_id"))
            .values({c: sa.bindparam(c) for c in columns}))
    conn = db.session.connection()
    for start in range(0, len(rows), BATCH):
        conn.execute(stmt, [{k: r[k] for k in (*columns, "b_id")} for r in rows[start:start + BATCH]])
    return len(rows)
