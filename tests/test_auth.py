"""Sign-in, sign-out, sessions, throttling, password links, CSRF."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from jenjang.core import clock
from tests.helpers import PASSWORD


def test_employee_signs_in_with_email_and_sees_their_region(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    r = c.login("pegawai@pematangsiantar.demo")
    assert r.status_code == 302 and r.headers["Location"] == "/"
    page = c.text(c.get("/"))
    assert "Pemerintah Kota Pematangsiantar" in page
    assert "Selamat datang, Pegawai" in page
    assert "Palangka Raya" not in page


def test_employee_signs_in_with_nip_written_with_spaces(two_tenants, client_for, factory):
    a, _ = two_tenants
    nip = factory.nip(a, 2)
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    c = client_for(a)
    assert c.login(spaced).status_code == 302
    assert "Keluar" in c.text(c.get("/"))


def test_wrong_password_unknown_email_and_unknown_nip_get_the_same_message(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    answers = [
        c.login("pegawai@pematangsiantar.demo", "salah-sekali"),
        c.login("tidakada@pematangsiantar.demo", "salah-sekali"),
        c.login("199001012015011999", "salah-sekali"),
    ]
    for r in answers:
        assert r.status_code == 422
        assert "NIP/email atau kata sandi salah." in c.text(r)


def test_user_of_one_tenant_cannot_sign_in_on_another_tenants_host(two_tenants, client_for):
    a, b = two_tenants
    c = client_for(b)
    r = c.login("pegawai@pematangsiantar.demo")
    assert r.status_code == 422
    assert "NIP/email atau kata sandi salah." in c.text(r)


def test_sign_in_rotates_the_session_token(two_tenants, client_for, app):
    a, _ = two_tenants
    c = client_for(a)
    c.get("/login")
    before = c.cookie("jenjang_session")
    c.login("pegawai@pematangsiantar.demo")
    first = c.cookie("jenjang_session").value
    c.post("/logout")
    c.login("pegawai@pematangsiantar.demo")
    second = c.cookie("jenjang_session").value
    assert before is None or before.value != first
    assert first != second


def test_sign_out_ends_the_session_even_for_a_copied_cookie(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    c.login("pegawai@pematangsiantar.demo")
    stolen = c.cookie("jenjang_session").value
    c.post("/logout")
    thief = client_for(a)
    thief.client.set_cookie("jenjang_session", stolen, domain=a.slug + ".localhost")
    r = thief.get("/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_disabling_a_user_ends_all_their_sessions(two_tenants, client_for, factory):
    a, _ = two_tenants
    employee = client_for(a)
    employee.login("pegawai@pematangsiantar.demo")
    assert employee.get("/").status_code == 200
    admin = client_for(a)
    admin.login("admin@pematangsiantar.demo")
    uid = factory.scalar(a, "SELECT id FROM users WHERE email = 'pegawai@pematangsiantar.demo'")
    r = admin.post(f"/admin/users/{uid}/active", {"active": "0"})
    assert r.status_code == 302
    assert employee.get("/").status_code == 302
    assert employee.login("pegawai@pematangsiantar.demo").status_code == 422


def test_throttling_locks_an_account_after_five_failures_and_says_how_long(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    for _ in range(5):
        assert c.login("pegawai@pematangsiantar.demo", "salah").status_code == 422
    r = c.login("pegawai@pematangsiantar.demo")  # even the right password waits
    assert r.status_code == 429
    assert "Coba lagi dalam 15 menit" in c.text(r)
    # another account from the same address is not locked yet
    assert c.login("admin@pematangsiantar.demo").status_code == 302


def test_throttle_of_one_tenant_does_not_lock_the_same_email_in_another(factory, client_for):
    a = factory.tenant("pematangsiantar")
    b = factory.tenant("palangkaraya")
    factory.user(a, "sama@contoh.go.id")
    factory.user(b, "sama@contoh.go.id")
    ca = client_for(a)
    for _ in range(6):
        ca.login("sama@contoh.go.id", "salah")
    assert client_for(b).login("sama@contoh.go.id").status_code == 302


def test_post_without_csrf_token_is_refused(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    r = c.post("/login", {"login": "pegawai@pematangsiantar.demo", "password": PASSWORD}, csrf=False)
    assert r.status_code == 400
    assert "Formulir sudah kedaluwarsa" in c.text(r)
    c.login("pegawai@pematangsiantar.demo")
    r = c.post("/logout", csrf=False)
    assert r.status_code == 400
    assert c.get("/").status_code == 200  # still signed in


def test_htmx_request_with_csrf_header_is_accepted(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    c.login("pegawai@pematangsiantar.demo")
    c.get("/")
    r = c.client.post("/logout", base_url=c.base_url, headers={"HX-Request": "true", "X-CSRFToken": c.token})
    assert r.status_code == 302


def _reset_link(factory, tenant, email):
    from jenjang.auth import operations
    from jenjang.auth.models import User
    from jenjang.extensions import db

    def issue():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        return operations.issue_token(user, "reset")

    return "/password/reset/" + factory.run(tenant, issue)


def test_reset_link_sets_a_new_password_once(two_tenants, client_for, factory):
    a, _ = two_tenants
    link = _reset_link(factory, a, "pegawai@pematangsiantar.demo")
    c = client_for(a)
    assert c.get(link).status_code == 200
    r = c.post(link, {"new_password": "kata-sandi-baru-1", "confirm": "kata-sandi-baru-1"})
    assert r.status_code == 302
    assert c.login("pegawai@pematangsiantar.demo", "kata-sandi-baru-1").status_code == 302
    again = client_for(a).get(link)
    assert again.status_code == 404
    assert "Tautan tidak berlaku" in again.get_data(as_text=True)


def test_expired_reset_link_is_refused(two_tenants, client_for, factory, owner_engine):
    a, _ = two_tenants
    link = _reset_link(factory, a, "pegawai@pematangsiantar.demo")
    with owner_engine.begin() as conn:
        conn.execute(sa.text("UPDATE auth_tokens SET expires_at = :t"), {"t": clock.now() - dt.timedelta(minutes=1)})
    r = client_for(a).get(link)
    assert r.status_code == 404


def test_reset_link_of_one_tenant_is_not_found_on_another(two_tenants, client_for, factory):
    a, b = two_tenants
    link = _reset_link(factory, a, "pegawai@pematangsiantar.demo")
    assert client_for(b).get(link).status_code == 404


def test_forgot_password_answers_the_same_for_unknown_accounts(two_tenants, client_for, capsys):
    a, _ = two_tenants
    c = client_for(a)
    known = c.post("/password/forgot", {"login": "pegawai@pematangsiantar.demo"})
    printed = capsys.readouterr().out
    unknown = c.post("/password/forgot", {"login": "siapa@pematangsiantar.demo"})
    assert known.status_code == unknown.status_code == 302
    assert "http://pematangsiantar.localhost/password/reset/" in printed
    assert capsys.readouterr().out.count("/password/reset/") == 0


def test_new_password_must_be_long_enough(two_tenants, client_for, factory):
    a, _ = two_tenants
    link = _reset_link(factory, a, "pegawai@pematangsiantar.demo")
    c = client_for(a)
    c.get(link)
    r = c.post(link, {"new_password": "pendek", "confirm": "pendek"})
    assert r.status_code == 422
    assert "Kata sandi minimal 10 karakter." in c.text(r)


def test_over_long_login_field_is_a_form_error_not_a_500(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    r = c.post("/login", {"login": "x" * 5000, "password": "y" * 5000})
    assert r.status_code == 422
    assert "Paling banyak 254 karakter." in c.text(r)


def test_account_page_changes_password_and_language(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    c.login("pegawai@pematangsiantar.demo")
    c.get("/account")
    r = c.post("/account", {"action": "language", "lang-locale": "en"})
    assert r.status_code == 302
    assert "My account" in c.text(c.get("/account"))
    r = c.post("/account", {"action": "password", "pw-current_password": "salah",
                            "pw-new_password": "kata-sandi-baru-2", "pw-confirm": "kata-sandi-baru-2"})
    assert r.status_code == 422
    r = c.post("/account", {"action": "password", "pw-current_password": PASSWORD,
                            "pw-new_password": "kata-sandi-baru-2", "pw-confirm": "kata-sandi-baru-2"})
    assert r.status_code == 302
    assert client_for(a).login("pegawai@pematangsiantar.demo", "kata-sandi-baru-2").status_code == 302


def test_idle_session_expires(two_tenants, client_for, owner_engine):
    a, _ = two_tenants
    c = client_for(a)
    c.login("pegawai@pematangsiantar.demo")
    with owner_engine.begin() as conn:
        conn.execute(sa.text("UPDATE user_sessions SET last_seen_at = :t"),
                     {"t": clock.now() - dt.timedelta(hours=9)})
    assert c.get("/").status_code == 302


def test_a_hash_made_with_older_argon2_parameters_is_remade_at_the_next_sign_in(two_tenants, client_for, factory):
    """Hashes are argon2id at OWASP's minimum (19 MiB, 2 iterations, 1 lane); an account whose hash
    was made with other parameters (the library's default of 64 MiB, 3, 4) still signs in, and
    its hash is re-made with the current ones; a failed sign-in changes nothing."""
    from argon2 import PasswordHasher

    a, _ = two_tenants

    def stored():
        from jenjang.auth.models import User
        from jenjang.extensions import db

        return db.session.scalar(sa.select(User.password_hash).where(User.email == "pegawai@pematangsiantar.demo"))

    def set_old():
        from jenjang.auth.models import User
        from jenjang.extensions import db

        user = db.session.scalar(sa.select(User).where(User.email == "pegawai@pematangsiantar.demo"))
        user.password_hash = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(PASSWORD)

    factory.run(a, set_old)
    old = factory.run(a, stored)
    assert old.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert client_for(a).login("pegawai@pematangsiantar.demo", "salah-sekali").status_code == 422
    assert factory.run(a, stored) == old
    assert client_for(a).login("pegawai@pematangsiantar.demo").status_code == 302
    new = factory.run(a, stored)
    assert new.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert client_for(a).login("pegawai@pematangsiantar.demo").status_code == 302


def test_failures_spread_over_spellings_of_one_login_lock_the_account(two_tenants, client_for, factory):
    """Upper-case email, the NIP and the NIP written with spaces are the same account: five
    failures across them lock it, whatever spelling comes next."""
    a, _ = two_tenants
    nip = factory.nip(a, 2)  # the NIP of pegawai@
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    c = client_for(a)
    for login in ("PEGAWAI@pematangsiantar.demo", nip, spaced, " Pegawai@Pematangsiantar.demo ", nip):
        assert c.login(login, "salah").status_code == 422
    for login in ("pegawai@pematangsiantar.demo", nip, spaced):
        r = c.login(login)  # the right password waits too
        assert r.status_code == 429, login
        assert "Coba lagi dalam 15 menit" in c.text(r)
    assert client_for(a).login("admin@pematangsiantar.demo").status_code == 302  # others are not locked


def test_unknown_logins_are_throttled_with_the_same_message_as_known_ones(two_tenants, client_for):
    a, _ = two_tenants
    unknown_nip = "199001012015011999"
    spaced = f"{unknown_nip[:8]} {unknown_nip[8:14]} {unknown_nip[14]} {unknown_nip[15:]}"
    answers = {}
    for name, spellings in (("known", ["pegawai@pematangsiantar.demo", "PEGAWAI@pematangsiantar.demo"]),
                            ("unknown email", ["tidakada@pematangsiantar.demo", "TIDAKADA@pematangsiantar.demo"]),
                            ("unknown nip", [unknown_nip, spaced])):
        c = client_for(a)
        for i in range(5):
            assert c.login(spellings[i % 2], "salah").status_code == 422
        r = c.login(spellings[0], "salah")
        answers[name] = (r.status_code, c.text(r).count("Terlalu banyak percobaan masuk. Coba lagi dalam 15 menit."))
    assert set(answers.values()) == {(429, 1)}, answers
