"""Issue 15: the demo region shows eligible candidates and opens promotion cases whatever the
date (December, early January, February), and the corrected diploma ceilings reach the tenants
that still held the old defaults (migration 0015p), while those that had edited them are told."""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.org import build_region


@pytest.mark.parametrize("when,slug,period,years", [
    ("2026-12-10T09:00", "demodes", dt.date(2027, 1, 1), [2025, 2024]),   # January period: 2026 not final
    ("2027-01-02T08:00", "demojan", dt.date(2027, 2, 1), [2026, 2025]),   # 2026 final from 31 January
    ("2027-02-03T09:00", "demofeb", dt.date(2027, 3, 1), [2026, 2025]),
])
def test_demo_region_has_candidates_and_cases_on_any_date(factory, clock, when, slug, period, years):
    from jenjang.people.demo.populate import populate
    from jenjang.promotion import candidates, demo
    from jenjang.promotion import settings as promo_settings
    from jenjang.tenancy.models import Tenant

    clock.set(when)
    tenant = factory.tenant(slug)

    def grow():
        from jenjang.extensions import db

        populate(db.session.get(Tenant, tenant.id), 400)

    factory.run(tenant, grow)

    def look():
        period = promo_settings.upcoming_periods(count=1)[0]
        rows = candidates.candidates("reguler", period)
        return period, candidates.skp_years_used(period), sum(1 for r in rows if r.eligible)

    got_period, got_years, eligible = factory.run(tenant, look)
    assert (got_period, got_years) == (period, years)
    assert eligible > 0, f"no eligible candidate for {period} (SKP {years}, today {clock.today()})"
    message = factory.run(tenant, lambda: demo.seed_demo_cases(_tenant(tenant.id)))
    opened = factory.scalar(tenant, "SELECT count(*) FROM promotion_cases WHERE status = 'in_progress'")
    assert opened > 0, message


def _tenant(tenant_id):
    from jenjang.extensions import db
    from jenjang.tenancy.models import Tenant

    return db.session.get(Tenant, tenant_id)


def _migration():
    path = Path(__file__).resolve().parents[1] / "migrations" / "versions" / "0015p_promotion_rules.py"
    spec = importlib.util.spec_from_file_location("m0015p", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_old_default_ceilings_are_corrected_and_edited_ones_get_a_notice(factory, owner_engine, client_for, clock):
    clock.set("2026-11-22T09:00")
    m = _migration()
    plain = build_region(factory, factory.tenant("pematangsiantar"))
    edited = build_region(factory, factory.tenant("palangkaraya"), seq=2)
    untouched = factory.tenant("gayungan")
    with owner_engine.begin() as conn:
        for tenant, ceilings in ((plain.tenant, m.OLD), (edited.tenant, {**m.OLD, "S2": "IV/b"})):
            conn.execute(sa.text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant.id)})
            conn.execute(sa.text(
                "INSERT INTO promotion_settings (tenant_id, period_mode, custom_months, rules, education_ceiling, "
                "updated_at) VALUES (:t, 'monthly', '[]', '{}', CAST(:c AS jsonb), now())"),
                {"t": tenant.id, "c": json.dumps(ceilings)})
        m.correct_ceilings(conn)
    assert factory.scalar(plain.tenant, "SELECT education_ceiling::text FROM promotion_settings") == "{}"
    assert factory.scalar(plain.tenant, "SELECT notices::text FROM promotion_settings") == "[]"
    kept = factory.scalar(edited.tenant, "SELECT education_ceiling FROM promotion_settings")
    assert kept["S2"] == "IV/b" and kept["SMA"] == "II/d"  # the tenant's own table stays
    assert factory.scalar(untouched, "SELECT count(*) FROM promotion_settings") == 0

    # an SMA holder at II/d now goes to III/b in the plain region (the old II/d ceiling refused it)
    from jenjang.promotion import settings as promo_settings

    assert factory.run(plain.tenant, lambda: promo_settings.education_ceiling()["SMA"]) == "III/b"
    assert factory.run(edited.tenant, lambda: promo_settings.education_ceiling()["SMA"]) == "II/d"

    c = client_for(edited.tenant)
    c.login("admin@palangkaraya.demo")
    page = c.text(c.get("/promotion/settings"))
    assert "Batas pangkat menurut ijazah telah dikoreksi" in page
    assert "SMA: wilayah II/d, bawaan III/b" in page and "S2: wilayah IV/b, bawaan IV/a" in page
    assert "S1:" not in page.split("Tutup pemberitahuan")[0]  # equal values are not listed
    other = client_for(plain.tenant)
    other.login("admin@pematangsiantar.demo")
    assert "telah dikoreksi" not in other.text(other.get("/promotion/settings"))
    # another tenant cannot dismiss it: 404, and the notice stays
    assert other.post("/promotion/settings/notices/education_ceiling_0015p/dismiss").status_code == 404
    r = c.post("/promotion/settings/notices/education_ceiling_0015p/dismiss")
    assert r.status_code == 302
    assert "telah dikoreksi" not in c.text(c.get("/promotion/settings"))
    assert factory.scalar(edited.tenant, "SELECT notices::text FROM promotion_settings") == "[]"
    assert factory.scalar(edited.tenant, "SELECT count(*) FROM audit_log WHERE action = 'promotion.notice_dismissed'") == 1
