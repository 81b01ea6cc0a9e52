"""The page shell: navigation by role, language, error pages, settings, audit log."""
from __future__ import annotations

import io

import sqlalchemy as sa


def test_navigation_fits_the_role(two_tenants, client_for):
    a, _ = two_tenants
    admin = client_for(a)
    admin.login("admin@pematangsiantar.demo")
    page = admin.text(admin.get("/"))
    assert 'href="/admin/users"' in page and 'href="/admin/audit"' in page
    employee = client_for(a)
    employee.login("pegawai@pematangsiantar.demo")
    page = employee.text(employee.get("/"))
    assert 'href="/admin/users"' not in page and 'href="/admin/audit"' not in page
    assert employee.get("/admin/users").status_code == 403
    assert employee.get("/admin/audit").status_code == 403
    assert employee.get("/admin/settings").status_code == 403


def test_language_switch_for_a_visitor(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    assert "Masuk" in c.text(c.get("/login"))
    r = c.post("/locale", {"locale": "en", "next": "/login"})
    assert r.status_code == 302 and r.headers["Location"] == "/login"
    page = c.text(c.get("/login"))
    assert '<html lang="en"' in page and "Sign in" in page


def test_language_switch_refuses_foreign_redirects(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    c.get("/login")
    r = c.post("/locale", {"locale": "en", "next": "//evil.example/"})
    assert r.headers["Location"] == "/"
    assert c.post("/locale", {"locale": "xx"}).status_code == 400


def test_error_pages_speak_the_users_language(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    r = c.get("/tidak-ada")
    assert r.status_code == 404 and "Halaman tidak ditemukan" in c.text(r)
    c.post("/locale", {"locale": "en", "next": "/"})
    r = c.get("/tidak-ada")
    assert "Page not found" in c.text(r)


def test_admin_changes_the_region_branding_and_it_is_audited(two_tenants, client_for, factory):
    a, _ = two_tenants
    c = client_for(a)
    c.login("admin@pematangsiantar.demo")
    c.get("/admin/settings")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    r = c.post("/admin/settings", {"name": "Pemko Siantar", "hr_agency_name": "BKPSDM Siantar",
                                   "primary_color": "#AA3300", "timezone": "WIB", "locale": "id",
                                   "logo": (io.BytesIO(png), "logo.png")}, content_type="multipart/form-data")
    assert r.status_code == 302
    page = c.text(c.get("/"))
    assert "Pemko Siantar" in page and "/branding/logo" in page
    assert c.get("/branding/logo").data == png
    assert "#aa3300" in c.text(c.get("/branding/theme.css"))
    audit = c.text(c.get("/admin/audit?action=tenant."))
    assert "tenant.settings_changed" in audit and "Pemko Siantar" in audit


def test_a_logo_that_lies_about_its_type_is_refused(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    c.login("admin@pematangsiantar.demo")
    c.get("/admin/settings")
    r = c.post("/admin/settings", {"name": "X", "hr_agency_name": "Y", "primary_color": "#aa3300",
                                   "timezone": "WIB", "locale": "id",
                                   "logo": (io.BytesIO(b"<script>alert(1)</script>"), "logo.png")},
               content_type="multipart/form-data")
    assert r.status_code == 422 and "Logo harus berkas PNG atau JPG." in c.text(r)


def test_audit_log_records_sign_in_and_is_append_only(two_tenants, client_for, app):
    a, b = two_tenants
    c = client_for(a)
    c.login("admin@pematangsiantar.demo")
    page = c.text(c.get("/admin/audit"))
    assert "auth.signed_in" in page and "admin@pematangsiantar.demo" in page
    cb = client_for(b)
    cb.login("admin@palangkaraya.demo")
    assert "admin@pematangsiantar.demo" not in cb.text(cb.get("/admin/audit"))
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT set_config('app.tenant_id', :a, false)"), {"a": str(a.id)})
        import pytest
        from sqlalchemy.exc import ProgrammingError

        with pytest.raises(ProgrammingError):
            conn.execute(sa.text("DELETE FROM audit_log"))
        conn.rollback()
        conn.execute(sa.text("SELECT set_config('app.tenant_id', :a, false)"), {"a": str(a.id)})
        with pytest.raises(ProgrammingError):
            conn.execute(sa.text("UPDATE audit_log SET action = 'x'"))
    engine.dispose()


def test_admin_invites_a_user_and_sets_roles(two_tenants, client_for, capsys):
    a, _ = two_tenants
    c = client_for(a)
    c.login("admin@pematangsiantar.demo")
    c.get("/admin/users/new")
    r = c.post("/admin/users/new", {"full_name": "Budi Kepegawaian", "email": "budi@siantar.go.id",
                                    "roles": ["hr"], "send_invitation": "y"})
    assert r.status_code == 302
    assert "/invite/" in capsys.readouterr().out
    detail = r.headers["Location"]
    page = c.text(c.get(detail))
    assert "Budi Kepegawaian" in page and "Kirim ulang undangan" in page
    r = c.post(detail, {"roles": ["hr", "committee"]})
    assert r.status_code == 302
    assert c.text(c.get("/admin/users?q=budi")).count("committee") == 1
    r = c.post("/admin/users/new", {"full_name": "Lagi", "email": "budi@siantar.go.id"})
    assert r.status_code == 422 and "sudah dipakai" in c.text(r)


def test_user_search_returns_only_the_rows_fragment_to_htmx(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    c.login("admin@pematangsiantar.demo")
    r = c.get("/admin/users?q=pegawai", headers={"HX-Request": "true"})
    body = c.text(r)
    assert "<html" not in body and "Pegawai" in body and "Admin" not in body


def test_admin_cannot_remove_their_own_admin_role(two_tenants, client_for, factory):
    a, _ = two_tenants
    c = client_for(a)
    c.login("admin@pematangsiantar.demo")
    uid = factory.scalar(a, "SELECT id FROM users WHERE email = 'admin@pematangsiantar.demo'")
    c.get(f"/admin/users/{uid}")
    r = c.post(f"/admin/users/{uid}", {"roles": ["hr"]})
    assert r.status_code == 422
    assert "admin" in factory.scalar(a, f"SELECT roles FROM users WHERE id = {uid}")


def test_readyz_names_the_failing_part(app):
    from jenjang import create_app

    broken = create_app({"DATABASE_URL": app.config["OWNER_DATABASE_URL"], "REDIS_URL": "redis://127.0.0.1:1/0",
                         "JENJANG_ENV": "test", "SECRET_KEY": "x"})
    r = broken.test_client().get("/readyz", base_url="http://console.localhost")
    assert r.status_code == 503
    assert r.json == {"status": "unavailable", "failing": ["redis"]}


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    import pytest

    from jenjang.config import load_settings

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("JENJANG_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        load_settings({"DATABASE_URL": "postgresql://x@127.0.0.1/x", "REDIS_URL": "redis://127.0.0.1:6379/0"})


def test_production_cookie_is_host_prefixed_and_secure(app):
    from jenjang import create_app

    prod = create_app({"DATABASE_URL": app.config["OWNER_DATABASE_URL"], "REDIS_URL": app.config["REDIS_URL"],
                       "JENJANG_ENV": "production", "SECRET_KEY": "a-real-secret"})
    assert prod.config["SESSION_COOKIE_NAME"] == "__Host-jenjang"
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    assert prod.config["SESSION_COOKIE_DOMAIN"] is None


def test_every_response_has_security_headers_and_a_request_id(two_tenants, client_for, caplog):
    import json
    import logging

    a, _ = two_tenants
    c = client_for(a)
    with caplog.at_level(logging.INFO, logger="jenjang.request"):
        r = c.get("/login", headers={"X-Request-Id": "abc12345-test"})
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Referrer-Policy"] == "same-origin"
    assert r.headers["X-Request-Id"] == "abc12345-test"
    line = json.loads([rec.getMessage() for rec in caplog.records if rec.name == "jenjang.request"][-1])
    assert line["tenant"] == "pematangsiantar" and line["route"] == "/login" and line["status"] == 200
    assert line["request_id"] == "abc12345-test" and line["duration_ms"] >= 0


def test_pages_carry_no_inline_script(two_tenants, client_for):
    import re

    a, _ = two_tenants
    c = client_for(a)
    c.login("admin@pematangsiantar.demo")
    for path in ("/login", "/", "/account", "/admin/users", "/admin/audit", "/admin/settings"):
        html = c.text(c.get(path))
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+=\"", html), path


def test_a_nav_prefix_matches_whole_path_segments(app):
    """"Tim saya" (/me) must not light up on /mentoring, nor "Organisasi" (/org) on /organisation."""
    from jenjang.core.nav import NavItem

    item = NavItem("people.my_team", "Tim saya", lambda user: True, match_prefix="/me")
    for path, expected in (("/me", True), ("/me/team", True), ("/mentoring", False), ("/mentoring/x", False)):
        with app.test_request_context(path):
            assert item.active() is expected, path
