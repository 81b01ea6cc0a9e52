"""The outbox end to end: real PostgreSQL, real Redis, real RQ workers and a real SMTP server."""
from __future__ import annotations

import datetime as dt
import time

import pytest
import sqlalchemy as sa

from jenjang.core import clock
from tests.notifications_support import kill_tree, redis_server, running_sink, start_worker, work


@pytest.fixture
def sink(app, monkeypatch):
    with running_sink() as s:
        monkeypatch.setitem(app.config, "SMTP_URL", s.url)
        yield s


@pytest.fixture
def fast_retries(app, monkeypatch):
    """Three attempts, retried at once (RQ Retry with no interval), so a burst worker sees them all."""
    monkeypatch.setitem(app.config, "NOTIFICATION_RETRY_INTERVALS", [0, 0])


def _announce(factory, tenant, user_ids, key="pengumuman-1", title="Batas SKP", **kw):
    from jenjang.notifications.api import announce

    return factory.run(tenant, announce, "core.announcement", user_ids,
                       {"title": title, "message": "Isi SKP sebelum 31 Januari."}, key,
                       link=("notifications.inbox", {}), **kw)


def _rows(factory, tenant):
    from jenjang.notifications.models import Notification

    def load():
        from jenjang.extensions import db

        return [(n.recipient_user_id, n.channel, n.status, n.attempts, n.last_error)
                for n in db.session.scalars(sa.select(Notification).order_by(Notification.id))]

    return factory.run(tenant, load)


def _ids(factory, tenant):
    from jenjang.extensions import db

    return factory.run(tenant, lambda: list(db.session.scalars(sa.text("SELECT id FROM notifications ORDER BY id"))))


def _set_locale(factory, tenant, user_id, locale):
    from jenjang.auth.models import User
    from jenjang.extensions import db

    factory.run(tenant, lambda: setattr(db.session.get(User, (tenant.id, user_id)), "locale", locale))


def _sweep(app, min_age=0):
    from jenjang.notifications.tasks import sweep

    with app.app_context():
        return sweep(min_age)


def test_committed_change_delivers_exactly_one_email_with_content_and_host(two_tenants, factory, app, sink):
    a, _ = two_tenants
    user = factory.user(a, "siti@pematangsiantar.demo", full_name="Siti Rahmawati")
    assert _announce(factory, a, [user]) == 1
    work(app)
    assert len(sink.messages) == 1
    msg = sink.messages[0]
    assert msg["To"] == "siti@pematangsiantar.demo"
    assert msg["Subject"] == "Pengumuman: Batas SKP"
    assert msg["X-Jenjang-Tenant"] == "pematangsiantar"
    body = msg.get_content()
    assert "Yth. Siti Rahmawati" in body and "Isi SKP sebelum 31 Januari." in body
    assert "http://pematangsiantar.localhost/inbox" in body
    assert "Pemerintah Kota Pematangsiantar" in body
    assert _rows(factory, a) == [(user, "email", "sent", 1, None)]
    # Nothing more goes out: not from the worker again, not from the sweeper, not for a replayed event.
    assert _announce(factory, a, [user]) == 0
    _sweep(app)
    work(app)
    assert len(sink.messages) == 1


def test_rolled_back_change_leaves_no_row_and_sends_nothing(two_tenants, factory, app, sink):
    from jenjang.extensions import db
    from jenjang.jobs import redis_connection
    from jenjang.notifications.api import announce
    from jenjang.tenancy.context import tenant_context

    a, _ = two_tenants
    user = factory.user(a, "siti@pematangsiantar.demo")
    with app.test_request_context(), tenant_context(a.id):
        assert announce("core.announcement", [user], {"title": "x", "message": "y"}, "batal") == 1
        db.session.flush()
        db.session.rollback()
    assert _rows(factory, a) == []
    with app.app_context():
        assert redis_connection().llen("rq:queue:notifications") == 0
    work(app)
    assert sink.messages == []


def test_email_speaks_the_recipients_language_else_the_tenants(two_tenants, factory, app, sink):
    a, _ = two_tenants
    english = factory.user(a, "english@pematangsiantar.demo")
    _set_locale(factory, a, english, "en")
    indonesian = factory.user(a, "indonesia@pematangsiantar.demo")
    _announce(factory, a, [english, indonesian])
    work(app)
    subjects = {str(m["To"]): str(m["Subject"]) for m in sink.messages}
    assert subjects == {"english@pematangsiantar.demo": "Announcement: Batas SKP",
                        "indonesia@pematangsiantar.demo": "Pengumuman: Batas SKP"}
    english_body = next(m for m in sink.messages if m["To"] == "english@pematangsiantar.demo").get_content()
    assert english_body.startswith("Dear ")


def test_recipient_without_email_is_notified_in_app_only(two_tenants, factory, app, sink):
    a, _ = two_tenants
    no_email = factory.user(a, None, full_name="Tanpa Email")
    _announce(factory, a, [no_email])
    work(app)
    assert sink.messages == []
    assert _rows(factory, a) == [(no_email, "in_app", "sent", 0, None)]


def test_email_turned_off_for_a_kind_is_respected(two_tenants, factory, app, sink):
    from jenjang.notifications import operations

    a, _ = two_tenants
    quiet = factory.user(a, "sepi@pematangsiantar.demo")
    loud = factory.user(a, "ramai@pematangsiantar.demo")
    factory.run(a, operations.set_email_preferences, quiet, {"core.announcement": False})
    _announce(factory, a, [quiet, loud])
    work(app)
    assert sink.to() == ["ramai@pematangsiantar.demo"]
    channels = {r[0]: r[1] for r in _rows(factory, a)}
    assert channels == {quiet: "in_app", loud: "email"}


def test_smtp_refusing_is_retried_then_failed_with_the_reason_and_can_be_retried(
        two_tenants, factory, app, sink, fast_retries, client_for):
    a, _ = two_tenants
    user = factory.user(a, "penuh@pematangsiantar.demo")
    sink.refuse_with = "550 5.2.2 Mailbox penuh"
    _announce(factory, a, [user])
    work(app)
    assert sink.messages == []
    [(_, _, status, attempts, error)] = _rows(factory, a)
    assert (status, attempts) == ("failed", 3)
    assert "550" in error and "Mailbox penuh" in error

    admin = client_for(a)
    admin.login("admin@pematangsiantar.demo")
    page = admin.text(admin.get("/admin/notifications/failed"))
    assert "penuh@pematangsiantar.demo" in page and "Mailbox penuh" in page
    notification_id = factory.scalar(a, "SELECT id FROM notifications")
    sink.refuse_with = None
    assert admin.post(f"/admin/notifications/failed/{notification_id}/retry").status_code == 302
    work(app)
    assert sink.to() == ["penuh@pematangsiantar.demo"]
    assert _rows(factory, a)[0][2] == "sent"
    assert "penuh@pematangsiantar.demo" not in admin.text(admin.get("/admin/notifications/failed"))


def test_smtp_unreachable_is_retried_then_failed(two_tenants, factory, app, fast_retries, monkeypatch):
    from tests.notifications_support import free_port

    a, _ = two_tenants
    monkeypatch.setitem(app.config, "SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    users = [factory.user(a, f"p{i}@pematangsiantar.demo") for i in range(3)]
    _announce(factory, a, users)
    work(app)
    rows = _rows(factory, a)
    assert [(r[2], r[3]) for r in rows] == [("failed", 3)] * 3
    assert all("ConnectionRefused" in r[4] or "Errno" in r[4] for r in rows)


def test_a_job_without_a_tenant_is_refused_and_sends_nothing(two_tenants, factory, app, sink):
    from rq import Queue, SimpleWorker

    from jenjang.jobs import redis_connection, run_tenant_job
    from jenjang.notifications.outbox import DELIVER
    from jenjang.notifications.tasks import deliver
    from jenjang.tenancy.context import TenantRequired

    a, _ = two_tenants
    user = factory.user(a, "siti@pematangsiantar.demo")
    with app.app_context():
        redis_connection().flushdb()  # forget the regular job: only the forged one runs
    _announce(factory, a, [user])
    with app.app_context():
        redis_connection().flushdb()
        notification_id = factory.scalar(a, "SELECT id FROM notifications")
        conn = redis_connection()
        q = Queue("notifications", connection=conn)
        job = q.enqueue(run_tenant_job, None, DELIVER, [notification_id])
        SimpleWorker([q], connection=conn).work(burst=True)
        job.refresh()
        assert job.is_failed and "TenantRequired" in job.latest_result().exc_string
        with pytest.raises(TenantRequired):
            deliver([notification_id])
    assert sink.messages == []
    assert _rows(factory, a)[0][2] == "pending"


def test_a_tenant_job_cannot_deliver_another_tenants_rows(two_tenants, factory, app, sink):
    from jenjang.jobs import enqueue_tenant_job, redis_connection
    from jenjang.notifications.outbox import DELIVER

    a, b = two_tenants
    user_b = factory.user(b, "orang@palangkaraya.demo")
    with app.app_context():
        _announce(factory, b, [user_b])
        redis_connection().flushdb()
        b_id = factory.scalar(b, "SELECT id FROM notifications")
        enqueue_tenant_job(DELIVER, [b_id], queue_name="notifications", tenant_id=a.id)
    work(app)
    assert sink.messages == []
    assert _rows(factory, b)[0][2] == "pending"


def test_with_redis_down_at_commit_the_request_succeeds_and_the_row_is_delivered_once_later(
        two_tenants, factory, app, sink):
    from jenjang import create_app
    from tests.helpers import TenantClient

    a, _ = two_tenants
    with redis_server() as redis:
        own = create_app({"DATABASE_URL": app.config["OWNER_DATABASE_URL"], "REDIS_URL": redis.url,
                          "JENJANG_ENV": "test", "SECRET_KEY": "test-secret-key"})
        own.config.update(TESTING=True, EXTERNAL_PORT=None, SMTP_URL=sink.url)
        redis.stop()
        c = TenantClient(own, "pematangsiantar.localhost")
        started = time.monotonic()
        r = c.post("/password/forgot", {"login": "pegawai@pematangsiantar.demo"})
        assert r.status_code == 302 and time.monotonic() - started < 10
        assert [row[2] for row in _rows(factory, a)] == ["pending"]

        redis.start()
        assert _sweep(own) == {"notifications": 1, "reminders": 0}
        work(own, redis_url=redis.url)
        assert sink.to() == ["pegawai@pematangsiantar.demo"]
        assert "http://pematangsiantar.localhost/password/reset/" in sink.messages[0].get_content()
        _sweep(own)
        work(own, redis_url=redis.url)
        assert len(sink.messages) == 1


def test_sweeper_leaves_young_pending_rows_to_the_regular_jobs(two_tenants, factory, app, sink):
    a, _ = two_tenants
    user = factory.user(a, "siti@pematangsiantar.demo")
    _announce(factory, a, [user])
    assert _sweep(app, min_age=60) == {"notifications": 0, "reminders": 0}


def test_worker_killed_mid_batch_ends_with_every_message_delivered_exactly_once(two_tenants, factory, app, tmp_path):
    a, _ = two_tenants
    users = [factory.user(a, f"pegawai{i:02d}@pematangsiantar.demo") for i in range(30)]
    with running_sink(hold_at=10) as sink:
        _announce(factory, a, users, key="massal")
        worker = start_worker(app, sink.url, tmp_path / "worker.log")
        try:
            assert sink.holding.wait(60), (tmp_path / "worker.log").read_text()[-3000:]
            kill_tree(worker.pid)  # the whole worker: main process and work horse, no goodbye
            worker.wait(10)
        finally:
            if worker.poll() is None:
                kill_tree(worker.pid)
        time.sleep(0.5)  # the sink notices the dropped connection and abandons the 11th message
        sink.release.set()
        time.sleep(0.3)
        assert len(sink.messages) == 10
        statuses = [r[2] for r in _rows(factory, a)]
        assert statuses.count("sent") == 10 and statuses.count("pending") == 20

        with app.app_context():
            from jenjang.extensions import db

            db.session.remove()
        app.config["SMTP_URL"], old = sink.url, app.config["SMTP_URL"]
        try:
            assert _sweep(app)["notifications"] == 20
            work(app)
        finally:
            app.config["SMTP_URL"] = old
        recipients = sink.to()
        assert len(recipients) == 30 and len(set(recipients)) == 30
        assert [r[2] for r in _rows(factory, a)] == ["sent"] * 30


def test_large_fan_out_is_enqueued_in_chunks_and_sent_over_one_connection_each(
        two_tenants, factory, app, sink, monkeypatch):
    from rq import Queue

    from jenjang.jobs import redis_connection

    monkeypatch.setitem(app.config, "NOTIFICATION_CHUNK", 20)
    a, _ = two_tenants
    n = 20 * 2 + 5
    users = [factory.user(a, f"massal{i:03d}@pematangsiantar.demo", password=None) for i in range(n)]
    _announce(factory, a, users, key="fanout")
    with app.app_context():
        assert Queue("notifications", connection=redis_connection()).count == 3
    connections = []
    import smtplib

    original = smtplib.SMTP.connect

    def counting_connect(self, *args, **kwargs):
        connections.append(args)
        return original(self, *args, **kwargs)

    smtplib.SMTP.connect = counting_connect
    try:
        work(app)
    finally:
        smtplib.SMTP.connect = original
    assert len(sink.messages) == n and len(set(sink.to())) == n
    assert len(connections) == 3


def test_reminder_fires_when_due_and_can_be_moved_or_cancelled(two_tenants, factory, app, sink):
    from jenjang.notifications import api
    from jenjang.notifications.tasks import fire_reminder

    a, _ = two_tenants
    user = factory.user(a, "siti@pematangsiantar.demo")
    now = clock.now()
    payload = {"title": "Tenggat 360", "message": "Penilaian 360 ditutup tiga hari lagi."}
    later = factory.run(a, lambda: api.schedule_reminder("core.announcement", [user], payload,
                                                         key="360:1", due_at=now + dt.timedelta(days=3)).id)
    work(app)  # nothing is due yet (the job waits in RQ's scheduled registry)
    assert sink.messages == []
    assert factory.run(a, fire_reminder, later) == "moved later"

    # The deadline moved: the reminder is due now; the new job sends it once.
    assert factory.run(a, api.move_reminder, "360:1", now - dt.timedelta(seconds=5)) is True
    work(app)
    work(app)  # the delivery job enqueued by the reminder's announcement
    assert sink.to() == ["siti@pematangsiantar.demo"]
    assert sink.messages[0]["Subject"] == "Pengumuman: Tenggat 360"
    assert factory.run(a, fire_reminder, later) == "nothing to do"

    cancelled = factory.run(a, lambda: api.schedule_reminder(
        "core.announcement", [user], payload, key="360:2", due_at=now + dt.timedelta(hours=1)).id)
    assert factory.run(a, api.cancel_reminder, "360:2") is True
    assert factory.run(a, fire_reminder, cancelled) == "nothing to do"


def test_overdue_reminder_whose_job_was_lost_is_fired_by_the_sweeper(two_tenants, factory, app, sink):
    from jenjang.jobs import redis_connection
    from jenjang.notifications import api

    a, _ = two_tenants
    user = factory.user(a, "siti@pematangsiantar.demo")
    factory.run(a, lambda: api.schedule_reminder(
        "core.announcement", [user], {"title": "T", "message": "M"}, key="sla:7",
        due_at=clock.now() - dt.timedelta(minutes=5)))
    with app.app_context():
        redis_connection().flushdb()  # Redis lost the job
    assert _sweep(app, 60) == {"notifications": 0, "reminders": 1}
    work(app)
    work(app)
    assert sink.to() == ["siti@pematangsiantar.demo"]


def test_password_reset_and_invitation_go_through_the_outbox(two_tenants, factory, app, sink, client_for, capsys):
    a, _ = two_tenants
    c = client_for(a)
    assert c.post("/password/forgot", {"login": "pegawai@pematangsiantar.demo"}).status_code == 302
    assert "/password/reset/" in capsys.readouterr().out  # still printed outside production
    admin = client_for(a)
    admin.login("admin@pematangsiantar.demo")
    r = admin.post("/admin/users/new", {"full_name": "Baru", "email": "baru@pematangsiantar.demo",
                                        "send_invitation": "y"})
    assert r.status_code == 302
    work(app)
    by_to = {str(m["To"]): m for m in sink.messages}
    assert set(by_to) == {"pegawai@pematangsiantar.demo", "baru@pematangsiantar.demo"}
    assert "http://pematangsiantar.localhost/password/reset/" in by_to["pegawai@pematangsiantar.demo"].get_content()
    assert "http://pematangsiantar.localhost/invite/" in by_to["baru@pematangsiantar.demo"].get_content()
    # The links carried secret tokens: once sent, the rows keep no copy.
    payloads = factory.scalar(a, "SELECT count(*) FROM notifications WHERE link IS NOT NULL OR payload <> '{}'")
    assert payloads == 0
    # Account messages are email only: they do not clutter the inbox.
    assert factory.scalar(a, "SELECT count(*) FROM notifications WHERE show_in_inbox") == 0


def test_the_workers_sweeper_enqueues_one_sweep_per_period_which_re_enqueues_stale_rows(
        two_tenants, factory, app, sink, owner_engine):
    from jenjang.jobs import redis_connection
    from jenjang.notifications.sweeper import enqueue_sweep

    a, _ = two_tenants
    user = factory.user(a, "siti@pematangsiantar.demo")
    _announce(factory, a, [user])
    with app.app_context():
        redis_connection().flushdb()  # the regular job was lost with Redis
    with owner_engine.begin() as conn:  # …two minutes ago
        conn.execute(sa.text("UPDATE notifications SET next_attempt_at = :t"),
                     {"t": clock.now() - dt.timedelta(minutes=2)})
    with app.app_context():
        conn = redis_connection()
        assert enqueue_sweep(conn) is True
        assert enqueue_sweep(conn) is False  # another worker already swept this period
    work(app)
    assert sink.to() == ["siti@pematangsiantar.demo"]


@pytest.mark.parametrize("pipelining", [True, False], ids=["pipelined", "one-command-at-a-time"])
def test_messages_arrive_intact_with_or_without_smtp_pipelining(two_tenants, factory, app, monkeypatch, pipelining):
    a, _ = two_tenants
    users = [factory.user(a, f"baris{i}@pematangsiantar.demo") for i in range(3)]
    message = "Baris pertama.\n.Baris yang diawali titik.\n.\n..dua titik"
    with running_sink(pipelining=pipelining) as sink:
        monkeypatch.setitem(app.config, "SMTP_URL", sink.url)
        from jenjang.notifications.api import announce

        factory.run(a, announce, "core.announcement", users, {"title": "Jadwal ujian — sesi 2", "message": message},
                    "baris", link=("notifications.inbox", {}))
        work(app)
    assert sorted(sink.to()) == sorted(f"baris{i}@pematangsiantar.demo" for i in range(3))
    assert sink.sessions == 1  # one connection for the chunk
    for msg in sink.messages:
        assert msg["Subject"] == "Pengumuman: Jadwal ujian — sesi 2"
        assert message in msg.get_content().replace("\r\n", "\n")
    assert [r[2] for r in _rows(factory, a)] == ["sent"] * 3


def test_a_duplicate_job_while_a_chunk_is_in_flight_sends_nothing_twice(two_tenants, factory, app, tmp_path):
    """The sweeper may enqueue a chunk again while a worker is still sending it: the second job
    finds every row either sent or claimed by the live worker, and leaves them all alone."""
    from jenjang.jobs import run_tenant_job
    from jenjang.notifications.outbox import DELIVER

    a, _ = two_tenants
    users = [factory.user(a, f"ganda{i:02d}@pematangsiantar.demo") for i in range(12)]
    with running_sink(hold_at=5) as sink:
        _announce(factory, a, users, key="ganda")
        ids = _ids(factory, a)
        worker = start_worker(app, sink.url, tmp_path / "worker.log")
        try:
            assert sink.holding.wait(60), (tmp_path / "worker.log").read_text()[-3000:]
            app.config["SMTP_URL"], old = sink.url, app.config["SMTP_URL"]
            try:
                with app.app_context():
                    counts = run_tenant_job(a.id, DELIVER, ids)
            finally:
                app.config["SMTP_URL"] = old
            assert counts == {"sent": 0, "retry": 0, "failed": 0, "skipped": 12}
            sink.release.set()
            assert worker.wait(60) == 0, (tmp_path / "worker.log").read_text()[-3000:]
        finally:
            if worker.poll() is None:
                kill_tree(worker.pid)
    recipients = sink.to()
    assert len(recipients) == 12 and len(set(recipients)) == 12
    assert [r[2] for r in _rows(factory, a)] == ["sent"] * 12


def test_the_development_sink_stores_pipelined_messages_intact(tmp_path):
    import smtplib

    from jenjang.notifications import sink
    from jenjang.notifications.mailer import Mailer, build_message
    from tests.notifications_support import free_port

    port = free_port()
    controller = sink.start("127.0.0.1", port, tmp_path)
    body = "Yth. Siti Rahmawati,\n\n.satu titik\n..dua titik\n.\nakhir — selesai ✓\n"
    try:
        with Mailer(f"smtp://127.0.0.1:{port}") as mailer:
            for i in range(3):
                mailer.send(build_message(sender_name="BKPSDM Kota Pematangsiantar", sender_address="no-reply@localhost",
                                          to=f"p{i}@pematangsiantar.demo", subject=f"Pengumuman {i}: jadwal — ✓",
                                          body=body, message_id=f"<n.{i}@localhost>"))
            assert mailer._smtp.has_extn("pipelining")
        with smtplib.SMTP("127.0.0.1", port) as smtp:  # a client that does not pipeline
            smtp.sendmail("a@b.id", ["polos@pematangsiantar.demo"], b"To: polos@pematangsiantar.demo\r\nSubject: polos\r\n\r\n.titik\r\n")
            assert smtp.rset()[0] == 250 and smtp.noop()[0] == 250
            code, _ = smtp.docmd("RCPT TO:<x@y.id>")
            assert code == 503  # no MAIL first
    finally:
        controller.stop()
    stored = {m.to: m for m in sink.list_messages(tmp_path)}
    assert set(stored) == {"p0@pematangsiantar.demo", "p1@pematangsiantar.demo", "p2@pematangsiantar.demo",
                           "polos@pematangsiantar.demo"}
    assert stored["p1@pematangsiantar.demo"].subject == "Pengumuman 1: jadwal — ✓"
    _, text = sink.read_message(stored["p2@pematangsiantar.demo"].name, tmp_path)
    assert text.replace("\r\n", "\n") == body
    _, text = sink.read_message(stored["polos@pematangsiantar.demo"].name, tmp_path)
    assert text.replace("\r\n", "\n") == ".titik\n"


def test_every_kind_is_a_letter_with_the_greeting_and_the_signature(app):
    """Every registered kind, in both languages: the greeting first, the signature last, and a sample
    that renders with the common context."""
    from jenjang.notifications import rendering
    from jenjang.notifications.kinds import KINDS

    greeting = {"id": "Yth. {{ recipient_name }},\n\n", "en": "Dear {{ recipient_name }},\n\n"}
    signature = "\n\n--\n{{ hr_agency_name }}\n{{ tenant_name }}\n"
    assert len(KINDS) >= 28
    for kind in KINDS.values():
        context = {"tenant_name": "Kota", "hr_agency_name": "BKPSDM", "link": "https://x/y", **kind.sample}
        for locale in ("id", "en"):
            body = kind.body[locale]
            assert body.startswith(greeting[locale]) and body.endswith(signature), (kind.name, locale)
            subject, text = rendering.render(kind.subject[locale], body, context)
            assert subject and kind.sample["recipient_name"] in text, (kind.name, locale)
