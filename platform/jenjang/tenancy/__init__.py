"""Tenancy: the pemda is the tenant. Host → tenant, the ORM wall, the database wall (RLS),
tenant-aware jobs. See README "Architecture" for the eight walls."""
