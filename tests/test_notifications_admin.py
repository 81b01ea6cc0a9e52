"""The tenant admin's template editor (sandboxed), and the operator's queues and mailbox."""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

import pytest

from tests.notifications_support import free_port, running_sink, work

HX = {"HX-Request": "true"}
EDIT = "/admin/notifications/templates/core.announcement/id"


@pytest.fixture
def admin(two_tenants, client_for):
    a, _ = two_tenants
    c = client_for(a)
    c.login("admin@pematangsiantar.demo")
    return a, c


def test_admin_edits_a_template_and_the_next_email_uses_it(admin, factory, app, monkeypatch):
    from jenjang.notifications.api import announce

    a, c = admin
    assert "Pengumuman dari admin wilayah" in c.text(c.get("/admin/notifications/templates"))
    assert "Pengumuman: {{ title }}" in c.text(c.get(EDIT))
    r = c.post(EDIT, {"subject": "[{{ tenant_name }}] {{ title }}",
                      "body": "Halo {{ recipient_name }},\n{{ message }}\n{{ link }}"})
    assert r.status_code == 302
    assert "milik wilayah" in c.text(c.get("/admin/notifications/templates"))
    user = factory.user(a, "siti@pematangsiantar.demo", full_name="Siti")
    with running_sink() as sink:
        monkeypatch.setitem(app.config, "SMTP_URL", sink.url)
        factory.run(a, announce, "core.announcement", [user], {"title": "Rapat", "message": "Besok pukul 9."},
                    "rapat", link=("notifications.inbox", {}))
        work(app)
    [msg] = sink.messages
    assert msg["Subject"] == "[Pemerintah Kota Pematangsiantar] Rapat"
    assert msg.get_content().replace("\r\n", "\n").startswith(
        "Halo Siti,\nBesok pukul 9.\nhttp://pematangsiantar.localhost/inbox")
    assert factory.scalar(a, "SELECT count(*) FROM audit_log WHERE action = 'notification_template.saved'") == 1

    assert c.post(EDIT + "/reset").status_code == 302
    assert "Pengumuman: {{ title }}" in c.text(c.get(EDIT))


def test_live_preview_renders_the_sample_data(admin):
    _, c = admin
    c.get(EDIT)
    r = c.client.post(EDIT + "/preview", base_url=c.base_url, headers={**HX, "X-CSRFToken": c.token},
                      data={"subject": "Info: {{ title }}", "body": "{{ message|upper }}"})
    page = c.text(r)
    assert r.status_code == 200
    assert "Info: Batas pengisian SKP" in page
    assert "PENGISIAN SKP TAHUN INI DITUTUP PADA 31 JANUARI." in page
    assert "<html" not in page  # only the preview fragment


@pytest.mark.parametrize("body", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ message|attr('__class__') }}",
    "{{ title.__class__ }}",
    "{% for c in ''|attr('_' ~ '_class_' ~ '_') %}{% endfor %}",
])
def test_a_sandbox_escape_is_refused_at_save_time(admin, factory, body):
    a, c = admin
    r = c.post(EDIT, {"subject": "S", "body": body})
    assert r.status_code == 422
    assert "tidak boleh menjangkau bagian dalam Python" in c.text(r)
    assert factory.scalar(a, "SELECT count(*) FROM notification_templates") == 0


def test_the_sandbox_still_refuses_at_send_time(two_tenants, factory, app, monkeypatch, owner_engine):
    """A template that got into the table without the check (say, by hand) still cannot escape:
    the sandbox hands it an empty value instead of Python's internals."""
    import sqlalchemy as sa

    from jenjang.notifications.api import announce

    a, _ = two_tenants
    with owner_engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO notification_templates (tenant_id, kind, locale, subject, body, updated_at) "
            "VALUES (:t, 'core.announcement', 'id', 'S', :b, now())"),
            {"t": a.id, "b": "{{ message|attr('__class__') }}"})
    user = factory.user(a, "siti@pematangsiantar.demo")
    with running_sink() as sink:
        monkeypatch.setitem(app.config, "SMTP_URL", sink.url)
        factory.run(a, announce, "core.announcement", [user], {"title": "x", "message": "y"}, "jahat")
        work(app)
    [msg] = sink.messages
    assert "class" not in msg.get_content()
    assert msg.get_content().strip() == ""


def test_a_template_with_a_syntax_error_is_refused_with_its_line(admin):
    _, c = admin
    r = c.post(EDIT, {"subject": "S", "body": "Baris satu\n{% if title %}\nbelum ditutup"})
    assert r.status_code == 422
    assert "Baris 3:" in c.text(r) or "Baris 2:" in c.text(r)
    r = c.post(EDIT, {"subject": "{{ title ", "body": "ok"})
    assert r.status_code == 422 and "Baris 1:" in c.text(r)


def test_a_template_naming_an_unknown_variable_is_refused(admin):
    _, c = admin
    r = c.post(EDIT, {"subject": "S", "body": "{{ gaji_pokok }}"})
    assert r.status_code == 422 and "gaji_pokok" in c.text(r)


def test_unknown_kind_or_language_is_a_404(admin):
    _, c = admin
    assert c.get("/admin/notifications/templates/tidak.ada/id").status_code == 404
    assert c.get("/admin/notifications/templates/core.announcement/fr").status_code == 404


# --- the operator console -------------------------------------------------------------------------

@pytest.fixture
def operator(app, client_for):
    from jenjang.console.operations import ensure_operator
    from jenjang.extensions import db
    from jenjang.tenancy.dbroles import console_role

    with app.app_context(), console_role():
        ensure_operator("op@jenjang.id", "Operator", "kata-sandi-operator")
        db.session.commit()
    c = client_for("console.localhost")
    assert c.login("op@jenjang.id", "kata-sandi-operator").status_code == 302
    return c


def test_operator_sees_queue_counts_and_live_workers(two_tenants, factory, app, operator):
    from rq import Queue, Worker

    from jenjang.jobs import redis_connection
    from tests.test_notifications_inbox import _announce

    a, _ = two_tenants
    user = factory.user(a, "siti@pematangsiantar.demo")
    _announce(factory, a, [user], "antre")
    with app.app_context():
        conn = redis_connection()
        Queue("notifications", connection=conn)
        w = Worker(["notifications"], connection=conn, name="pekerja-uji")
        w.register_birth()
    try:
        page = operator.text(operator.get("/queues"))
    finally:
        w.register_death()
    row = page[page.index("<code>notifications</code>"):]
    assert 'data-label="queued">1<' in row
    assert "pekerja-uji" in page and 'data-label="workers">1<' in page
    assert "Antrean" in operator.text(operator.get("/tenants"))  # in the console's navigation


def test_operator_reads_the_sinks_mailbox(app, operator, tmp_path, monkeypatch):
    from jenjang.notifications import sink

    monkeypatch.setitem(app.config, "MAIL_SINK_DIR", str(tmp_path))
    port = free_port()
    controller = sink.start("127.0.0.1", port, tmp_path)
    try:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = "a@b.id", "siti@pematangsiantar.demo", "Undangan ke Jenjang"
        msg["X-Jenjang-Tenant"] = "pematangsiantar"
        msg.set_content("Buka tautan ini: http://pematangsiantar.localhost/invite/abc")
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            smtp.send_message(msg)
    finally:
        controller.stop()
    page = operator.text(operator.get("/mail"))
    assert "Undangan ke Jenjang" in page and "siti@pematangsiantar.demo" in page
    [stored] = sink.list_messages(tmp_path)
    detail = operator.text(operator.get(f"/mail/{stored.name}"))
    assert "http://pematangsiantar.localhost/invite/abc" in detail
    assert operator.get("/mail/..%2Fetc%2Fpasswd").status_code == 404


def test_queues_and_mailbox_are_for_operators_only(two_tenants, client_for):
    a, _ = two_tenants
    tenant_admin = client_for(a)
    tenant_admin.login("admin@pematangsiantar.demo")
    assert tenant_admin.get("/queues").status_code == 404
    assert tenant_admin.get("/mail").status_code == 404
    anonymous = client_for("console.localhost")
    assert anonymous.get("/queues").status_code == 302
    assert anonymous.get("/mail").status_code == 302
