"""tenant lifecycle: the two SECURITY DEFINER functions the operator's export/import/delete need.

The app role reads and writes a tenant's rows under row level security like any request does
(export and import run inside the tenant's context). Two things it may not do, and must not be
able to do in general, are done by these functions, which run as the owner:

- platform_advance_identity(table): after an import kept the exported ids, move the table's
  identity sequence past the largest id (setval needs UPDATE on the sequence; the app role has
  only USAGE). It never moves a sequence backwards, so calling it is always harmless.
- platform_delete_tenant(tenant_id, slug): delete every row of one tenant in every tenant table,
  including the append-only ones (audit_log, workflow_transitions) that the app role may not
  DELETE, then the tenant itself. The slug must match (the operator typed it). During the
  purge the transaction carries `jenjang.purging_tenant = <id>`, a setting any future trigger
  guarding an append-only table can honour. The app role loses DELETE on `tenants`, so this
  function is the only way a tenant goes.

Revision ID: 0010
Revises: 0005
Create Date: 2026-11-24
"""
from alembic import op

revision = '0010'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""
        CREATE FUNCTION platform_advance_identity(p_table regclass)
        RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            seq text;
            top bigint;
            cur bigint;
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = p_table AND attname = 'tenant_id'
                           AND NOT attisdropped) THEN
                RAISE EXCEPTION 'not a tenant table: %', p_table;
            END IF;
            seq := pg_get_serial_sequence(p_table::text, 'id');
            IF seq IS NULL THEN
                RETURN NULL;
            END IF;
            EXECUTE format('SELECT max(id) FROM %s', p_table) INTO top;
            IF top IS NULL THEN
                RETURN NULL;
            END IF;
            EXECUTE format('SELECT last_value FROM %s', seq) INTO cur;
            IF cur > top THEN
                RETURN cur;  -- never backwards
            END IF;
            RETURN setval(seq, top);
        END
        $$
    """)
    op.execute("REVOKE ALL ON FUNCTION platform_advance_identity(regclass) FROM PUBLIC")

    op.execute("""
        CREATE FUNCTION platform_delete_tenant(p_tenant bigint, p_slug text)
        RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            t record;
            n bigint;
            deleted bigint := 0;
            remaining int;
            progress boolean;
            previous text;
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM tenants WHERE id = p_tenant AND slug = p_slug) THEN
                RAISE EXCEPTION 'no tenant % with slug %', p_tenant, p_slug USING ERRCODE = 'no_data_found';
            END IF;
            PERFORM set_config('jenjang.purging_tenant', p_tenant::text, true);
            -- Under FORCE RLS an owner without BYPASSRLS sees only the tenant in app.tenant_id:
            -- point it at the tenant being deleted, and put the caller's value back afterwards.
            previous := current_setting('app.tenant_id', true);
            PERFORM set_config('app.tenant_id', p_tenant::text, true);
            -- Every table with a tenant_id column, children before parents: a table whose rows are
            -- still referenced is retried after the others (generic, no table list to maintain).
            LOOP
                remaining := 0;
                progress := false;
                FOR t IN
                    SELECT c.oid::regclass AS rel FROM pg_class c
                    JOIN pg_namespace ns ON ns.oid = c.relnamespace
                    WHERE ns.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'tenants'
                      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                                  AND a.attname = 'tenant_id' AND NOT a.attisdropped)
                    ORDER BY c.relname
                LOOP
                    BEGIN
                        EXECUTE format('DELETE FROM %s WHERE tenant_id = $1', t.rel) USING p_tenant;
                        GET DIAGNOSTICS n = ROW_COUNT;
                        IF n > 0 THEN
                            deleted := deleted + n;
                            progress := true;
                        END IF;
                    EXCEPTION WHEN foreign_key_violation THEN
                        remaining := remaining + 1;
                    END;
                END LOOP;
                EXIT WHEN remaining = 0;
                IF NOT progress THEN
                    RAISE EXCEPTION 'cannot delete tenant %: rows still referenced', p_tenant;
                END IF;
            END LOOP;
            DELETE FROM tenants WHERE id = p_tenant AND slug = p_slug;
            PERFORM set_config('app.tenant_id', coalesce(previous, ''), true);
            PERFORM set_config('jenjang.purging_tenant', '', true);
            RETURN deleted;
        END
        $$
    """)
    op.execute("REVOKE ALL ON FUNCTION platform_delete_tenant(bigint, text) FROM PUBLIC")


def downgrade():
    op.execute("DROP FUNCTION IF EXISTS platform_delete_tenant(bigint, text)")
    op.execute("DROP FUNCTION IF EXISTS platform_advance_identity(regclass)")
