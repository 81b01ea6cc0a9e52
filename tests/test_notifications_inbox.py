"""What a user sees: the bell, the inbox, email preferences; and the walls between tenants."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

HX = {"HX-Request": "true"}


def _announce(factory, tenant, user_ids, key, title="Batas SKP", link=("notifications.inbox", {})):
    from jenjang.notifications.api import announce

    return factory.run(tenant, announce, "core.announcement", user_ids,
                       {"title": title, "message": f"Pesan {title}"}, key, link=link)


def _user_id(factory, tenant, email):
    from jenjang.auth.models import User

    return factory.scalar(tenant, sa.select(User.id).where(User.email == email))


@pytest.fixture
def employee(two_tenants, factory, client_for):
    a, _ = two_tenants
    c = client_for(a)
    c.login("pegawai@pematangsiantar.demo")
    return a, _user_id(factory, a, "pegawai@pematangsiantar.demo"), c


def _bell(c) -> str:
    r = c.get("/inbox/unread", headers=HX)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    m = re.search(r'class="bell-badge">([^<]+)<', c.text(r))
    return m.group(1) if m else ""


def test_every_page_has_the_bell_that_loads_its_count_by_htmx(employee):
    _, _, c = employee
    page = c.text(c.get("/"))
    assert 'hx-get="/inbox/unread"' in page and "every 60s" in page
    assert _bell(c) == ""


def test_unread_count_and_mark_one_and_all_as_read(employee, factory):
    a, me, c = employee
    for i in range(3):
        _announce(factory, a, [me], f"k{i}", title=f"Judul {i}")
    assert _bell(c) == "3"
    ids = [r for r in factory.scalar(a, "SELECT array_agg(id ORDER BY id) FROM notifications")]
    r = c.post(f"/inbox/{ids[0]}/read", headers=HX)
    assert r.status_code == 200 and r.headers["HX-Trigger"] == "notifications-changed"
    assert "Judul 0" in c.text(r) and "Tandai sudah dibaca" not in c.text(r)
    assert _bell(c) == "2"
    assert c.post("/inbox/read-all").status_code == 302
    assert _bell(c) == ""
    assert factory.scalar(a, "SELECT count(*) FROM notifications WHERE read_at IS NULL") == 0


def test_inbox_lists_newest_first_with_a_link_to_the_subject(employee, factory):
    a, me, c = employee
    _announce(factory, a, [me], "lama", title="Yang lama")
    _announce(factory, a, [me], "baru", title="Yang baru", link=("auth.account", {}))
    page = c.text(c.get("/inbox"))
    assert page.index("Pengumuman: Yang baru") < page.index("Pengumuman: Yang lama")
    assert '<a href="/account">Pengumuman: Yang baru</a>' in page
    assert "2 belum dibaca" in page


def test_inbox_shows_only_my_own_notifications(employee, factory, client_for):
    a, me, c = employee
    admin_id = _user_id(factory, a, "admin@pematangsiantar.demo")
    _announce(factory, a, [admin_id], "untuk-admin", title="Rahasia admin")
    assert "Rahasia admin" not in c.text(c.get("/inbox"))
    assert _bell(c) == ""
    theirs = factory.scalar(a, "SELECT id FROM notifications")
    assert c.post(f"/inbox/{theirs}/read").status_code == 404


def test_signed_out_bell_poll_gets_nothing_to_swap(two_tenants, client_for):
    a, _ = two_tenants
    r = client_for(a).get("/inbox/unread", headers=HX)
    assert r.status_code == 204


def test_bell_count_costs_one_indexed_query(employee, factory, query_counter):
    a, me, c = employee
    _announce(factory, a, [me], "x")
    with query_counter:
        assert _bell(c) == "1"
    statements = [(s, p) for s, p in zip(query_counter.statements, query_counter.parameters, strict=True)
                  if "notifications" in s]
    assert len(statements) == 1
    statement, parameters = statements[0]
    with query_counter.engine.connect() as conn:
        conn.exec_driver_sql("SELECT set_config('app.tenant_id', %(t)s, true)", {"t": str(a.id)})
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + statement, parameters))
        conn.rollback()
    assert "ix_notifications_unread" in plan, plan


def test_email_preferences_page_turns_a_kind_off_and_on(employee, factory, app):
    a, me, c = employee
    page = c.text(c.get("/account/notifications"))
    assert "Pengumuman dari admin wilayah" in page and "Tautan atur ulang kata sandi" not in page
    assert c.post("/account/notifications", {}).status_code == 302  # every box unticked
    _announce(factory, a, [me], "sepi")
    assert factory.scalar(a, "SELECT channel FROM notifications") == "in_app"
    assert 'name="email-core.announcement" value="1" role="switch"\n' in c.text(c.get("/account/notifications"))
    assert c.post("/account/notifications", {"email-core.announcement": "1"}).status_code == 302
    _announce(factory, a, [me], "ramai")
    assert factory.scalar(a, "SELECT channel FROM notifications WHERE idempotency_key LIKE 'ramai%'") == "email"


def test_preferences_need_the_csrf_token(employee):
    _, _, c = employee
    assert c.post("/account/notifications", {}, csrf=False).status_code == 400


# --- the walls between tenants -----------------------------------------------------------------

def test_a_admin_never_sees_bs_messages_or_failures(two_tenants, factory, client_for):
    from tests.notifications_support import failed_notification

    a, b = two_tenants
    failed_notification(factory, a)
    failed_notification(factory, b)
    b_employee = _user_id(factory, b, "pegawai@palangkaraya.demo")
    _announce(factory, b, [b_employee], "b-only", title="Hanya untuk Palangka Raya")
    c = client_for(a)
    c.login("admin@pematangsiantar.demo")
    failed = c.text(c.get("/admin/notifications/failed"))
    assert "only-pematangsiantar" in failed and "only-palangkaraya" not in failed
    assert "gagal-palangkaraya" not in failed
    assert "Palangka Raya" not in c.text(c.get("/inbox"))
    # Retrying "all failed" touches A's rows only.
    assert c.post("/admin/notifications/failed/retry-all").status_code == 302
    assert factory.scalar(b, "SELECT status FROM notifications WHERE last_error LIKE '%only-palangkaraya'") == "failed"
    assert factory.scalar(a, "SELECT status FROM notifications WHERE last_error LIKE '%only-pematangsiantar'") \
        == "pending"


def test_announce_refuses_without_a_tenant_and_counts_only_the_tenants_users(two_tenants, factory, app):
    from jenjang.notifications.api import announce
    from jenjang.tenancy.context import TenantRequired

    a, b = two_tenants
    b_employee = _user_id(factory, b, "pegawai@palangkaraya.demo")
    with app.app_context(), pytest.raises(TenantRequired):
        announce("core.announcement", [b_employee], {}, "tanpa-tenant")
    # A's announcement naming B's user id reaches nobody: the user is not found in A.
    assert _announce(factory, a, [b_employee], "lintas") == 0
    assert factory.scalar(b, "SELECT count(*) FROM notifications") == 0


def test_employees_cannot_open_the_admin_pages(employee):
    _, _, c = employee
    for path in ("/admin/notifications/templates", "/admin/notifications/failed",
                 "/admin/notifications/templates/core.announcement/id"):
        assert c.get(path).status_code == 403, path
