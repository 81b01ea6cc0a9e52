"""least privilege for the global tables: the app role no longer writes `tenants`, so a tenant
admin's own settings go through tenant_update_settings(), SECURITY DEFINER, which changes only
the row of the tenant in `app.tenant_id` and only the fields a tenant admin may edit (name,
agency name, colour, time zone, language, logo). The grants themselves are in
tenancy/bootstrap.py (`flask setup` runs it after the migrations).

Revision ID: 0015s
Revises: 0015o
Create Date: 2026-12-03
"""
from alembic import op

revision = '0015s'
down_revision = '0015o'
branch_labels = None
depends_on = None

SIGNATURE = "tenant_update_settings(text, text, text, text, text, bytea, text, timestamptz)"


def upgrade():
    # A NULL argument leaves that field as it is; p_at is the application's now (SQL never reads
    # the clock itself). Returns whether anything changed.
    op.execute("""
        CREATE FUNCTION tenant_update_settings(p_name text, p_hr_agency_name text, p_primary_color text,
                                               p_timezone text, p_locale text, p_logo_data bytea,
                                               p_logo_mime text, p_at timestamptz)
        RETURNS boolean
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            tid bigint := NULLIF(current_setting('app.tenant_id', true), '')::bigint;
            n int;
        BEGIN
            IF tid IS NULL THEN
                RAISE EXCEPTION 'no tenant in app.tenant_id: refusing to change tenant settings'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF p_locale IS NOT NULL AND p_locale NOT IN ('id', 'en') THEN
                RAISE EXCEPTION 'unknown locale %', p_locale USING ERRCODE = 'check_violation';
            END IF;
            IF p_primary_color IS NOT NULL AND p_primary_color !~ '^#[0-9a-fA-F]{6}$' THEN
                RAISE EXCEPTION 'not a #RRGGBB colour: %', p_primary_color USING ERRCODE = 'check_violation';
            END IF;
            IF p_logo_data IS NOT NULL AND p_logo_mime IS NULL THEN
                RAISE EXCEPTION 'a logo needs its media type' USING ERRCODE = 'not_null_violation';
            END IF;
            UPDATE tenants t SET
                name = coalesce(p_name, t.name),
                hr_agency_name = coalesce(p_hr_agency_name, t.hr_agency_name),
                primary_color = coalesce(p_primary_color, t.primary_color),
                timezone = coalesce(p_timezone, t.timezone),
                locale = coalesce(p_locale, t.locale),
                logo_data = coalesce(p_logo_data, t.logo_data),
                logo_mime = CASE WHEN p_logo_data IS NULL THEN t.logo_mime ELSE p_logo_mime END,
                logo_version = CASE
                    WHEN p_logo_data IS NULL OR (t.logo_data IS NOT DISTINCT FROM p_logo_data
                                                 AND t.logo_mime IS NOT DISTINCT FROM p_logo_mime)
                    THEN t.logo_version ELSE coalesce(t.logo_version, 0) + 1 END,
                updated_at = p_at
            WHERE t.id = tid AND (
                (p_name IS NOT NULL AND p_name IS DISTINCT FROM t.name)
                OR (p_hr_agency_name IS NOT NULL AND p_hr_agency_name IS DISTINCT FROM t.hr_agency_name)
                OR (p_primary_color IS NOT NULL AND p_primary_color IS DISTINCT FROM t.primary_color)
                OR (p_timezone IS NOT NULL AND p_timezone IS DISTINCT FROM t.timezone)
                OR (p_locale IS NOT NULL AND p_locale IS DISTINCT FROM t.locale)
                OR (p_logo_data IS NOT NULL AND (p_logo_data IS DISTINCT FROM t.logo_data
                                                 OR p_logo_mime IS DISTINCT FROM t.logo_mime)));
            GET DIAGNOSTICS n = ROW_COUNT;
            RETURN n > 0;
        END
        $$
    """)
    op.execute(f"REVOKE ALL ON FUNCTION {SIGNATURE} FROM PUBLIC")


def downgrade():
    op.execute(f"DROP FUNCTION IF EXISTS {SIGNATURE}")
