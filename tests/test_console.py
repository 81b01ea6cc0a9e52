"""The operator console and the tenant lifecycle."""
from __future__ import annotations

import re

import sqlalchemy as sa

from tests.helpers import PASSWORD


def _operator(app):
    from jenjang.console.operations import ensure_operator
    from jenjang.extensions import db
    from jenjang.tenancy.dbroles import console_role

    with app.app_context(), console_role():
        ensure_operator("operator@jenjang.demo", "Operator", PASSWORD)
        db.session.commit()


def _console(app, client_for):
    _operator(app)
    c = client_for("console.localhost")
    r = c.login("operator@jenjang.demo")
    assert r.status_code == 302
    return c


def test_console_requires_an_operator(app, client_for, two_tenants):
    c = client_for("console.localhost")
    assert c.get("/tenants").status_code == 302
    # a tenant admin's credentials are not an operator's
    assert c.login("admin@pematangsiantar.demo").status_code == 422


def test_operator_sees_every_tenant_with_counts(app, client_for, two_tenants, factory):
    a, b = two_tenants
    factory.user(b, "ketiga@palangkaraya.demo", nip=factory.nip(b, 3))
    c = _console(app, client_for)
    page = c.text(c.get("/tenants"))
    rows = re.findall(r"<tr>\s*<td><a[^>]*>([^<]+)</a></td>.*?data-label=\"users\">(\d+)</td>\s*"
                      r"<td data-label=\"employees\">(\d+)</td>", page, re.S)
    counts = {name: (int(u), int(e)) for name, u, e in rows}
    assert counts == {"Pemerintah Kota Pematangsiantar": (2, 2), "Pemerintah Kota Palangka Raya": (3, 3)}


def test_operator_creates_a_tenant_whose_admin_accepts_the_invitation(app, client_for, capsys):
    c = _console(app, client_for)
    c.get("/tenants/new")
    r = c.post("/tenants/new", {
        "slug": "medan", "name": "Pemerintah Kota Medan", "kind": "kota", "province": "Sumatera Utara",
        "hr_agency_name": "BKPSDM Kota Medan", "timezone": "WIB", "locale": "id", "primary_color": "#224466",
        "domains": "simpeg.pemkomedan.go.id", "admin_name": "Admin Medan", "admin_email": "Admin@Medan.go.id"})
    assert r.status_code == 302, c.text(r)
    link = re.search(r"http://medan\.localhost(/invite/\S+)", capsys.readouterr().out).group(1)
    t = client_for("medan.localhost")
    assert "Admin Medan" in t.text(t.get(link))
    assert t.post(link, {"new_password": "sandi-admin-medan", "confirm": "sandi-admin-medan"}).status_code == 302
    assert t.login("admin@medan.go.id", "sandi-admin-medan").status_code == 302
    assert "Pengguna" in t.text(t.get("/"))
    custom = client_for("simpeg.pemkomedan.go.id")
    assert "Pemerintah Kota Medan" in custom.text(custom.get("/login"))


def test_reserved_or_malformed_slugs_are_refused_with_a_message(app, client_for):
    c = _console(app, client_for)
    base = {"name": "X", "kind": "kota", "province": "P", "hr_agency_name": "BKD", "timezone": "WIB",
            "locale": "id", "primary_color": "#224466", "admin_name": "A", "admin_email": "a@b.go.id"}
    c.get("/tenants/new")
    r = c.post("/tenants/new", {**base, "slug": "console"})
    assert r.status_code == 422 and "Slug ini dipakai oleh sistem" in c.text(r)
    r = c.post("/tenants/new", {**base, "slug": "bad_slug!"})
    assert r.status_code == 422 and "Slug harus berupa label DNS" in c.text(r)
    r = c.post("/tenants/new", {**base, "slug": "ok", "domains": "ok.localhost"})
    assert r.status_code == 422 and "berada di bawah domain platform" in c.text(r)
    r = c.post("/tenants/new", {**base, "slug": "ok", "primary_color": "red"})
    assert r.status_code == 422
    r = c.post("/tenants/new", {**base, "slug": "ok", "name": "N" * 5000})
    assert r.status_code == 422 and "Paling banyak 200 karakter." in c.text(r)
    with app.app_context():
        from jenjang.extensions import db

        assert db.session.execute(sa.text("SELECT count(*) FROM tenants")).scalar() == 0


def test_suspended_tenant_shows_a_clear_page_and_cannot_sign_in(app, client_for, two_tenants):
    a, b = two_tenants
    employee = client_for(a)
    employee.login("pegawai@pematangsiantar.demo")
    c = _console(app, client_for)
    c.get(f"/tenants/{a.id}")
    assert c.post(f"/tenants/{a.id}/suspend", {"reason": "Kontrak berakhir"}).status_code == 302
    r = employee.get("/")
    assert r.status_code == 503
    assert "sedang ditangguhkan" in employee.text(r)
    r = client_for(a).post("/login", {"login": "pegawai@pematangsiantar.demo", "password": PASSWORD})
    assert r.status_code == 503
    assert client_for(b).login("pegawai@palangkaraya.demo").status_code == 302  # B is untouched
    c.get(f"/tenants/{a.id}")
    assert c.post(f"/tenants/{a.id}/reactivate").status_code == 302
    assert employee.get("/").status_code == 200  # the session survived the suspension


def test_operator_edits_domains_and_a_domain_cannot_belong_to_two_tenants(app, client_for, two_tenants):
    a, b = two_tenants
    c = _console(app, client_for)
    fields = {"name": "Pemerintah Kota Pematangsiantar", "kind": "kota", "province": "Sumatera Utara",
              "hr_agency_name": "BKPSDM", "timezone": "WIB", "locale": "id", "primary_color": "#0b6e4f"}
    c.get(f"/tenants/{a.id}")
    assert c.post(f"/tenants/{a.id}", {**fields, "domains": "simpeg.siantar.go.id"}).status_code == 302
    assert client_for("simpeg.siantar.go.id").get("/login").status_code == 200
    r = c.post(f"/tenants/{b.id}", {**fields, "name": "B", "domains": "simpeg.siantar.go.id"})
    assert r.status_code == 422 and "sudah dipakai wilayah lain" in c.text(r)
    assert c.post(f"/tenants/{a.id}", {**fields, "domains": ""}).status_code == 302
    assert client_for("simpeg.siantar.go.id").get("/login").status_code == 404


def test_tenants_apply_is_idempotent(app, ctx):
    from jenjang.extensions import db

    runner = app.test_cli_runner()
    cli = app.cli
    paths = ["tenants/pematangsiantar.toml", "tenants/belawan.toml"]
    first = runner.invoke(cli, ["tenants", "apply", "--demo", *paths])
    assert first.exit_code == 0, first.output
    assert "created tenant pematangsiantar" in first.output
    snapshot = db.session.execute(sa.text(
        "SELECT slug, name, updated_at, logo_version FROM tenants ORDER BY slug")).all()
    second = runner.invoke(cli, ["tenants", "apply", "--demo", *paths])
    assert second.exit_code == 0
    assert second.output.count("unchanged") == 2
    db.session.rollback()
    assert db.session.execute(sa.text(
        "SELECT slug, name, updated_at, logo_version FROM tenants ORDER BY slug")).all() == snapshot


def test_tenants_apply_refuses_demo_accounts_in_production(app):
    app.config["PRODUCTION"] = True
    try:
        result = app.test_cli_runner().invoke(app.cli, ["tenants", "apply", "--demo", "tenants/belawan.toml"])
        assert result.exit_code != 0 and "never created in production" in result.output
    finally:
        app.config["PRODUCTION"] = False


def test_tenants_apply_reports_a_broken_manifest(app, tmp_path):
    bad = tmp_path / "x.toml"
    bad.write_text('slug = "www"\nname = "X"\nkind = "kota"\nprovince = "P"\nhr_agency_name = "B"\n')
    result = app.test_cli_runner().invoke(app.cli, ["tenants", "apply", str(bad)])
    assert result.exit_code != 0 and "reserved" in result.output
