"""Test helpers: a factory that writes through the application's own operations, and a client
bound to one host that carries the CSRF token like a browser does."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlalchemy as sa

PASSWORD = "rahasia-yang-panjang"
TOKEN_RE = re.compile(r'id="csrf-token" data-token="([^"]+)"')


@dataclass
class TenantRef:
    id: int
    slug: str
    name: str


class Factory:
    def __init__(self, app):
        self.app = app

    def tenant(self, slug: str, **fields) -> TenantRef:
        from jenjang.extensions import db
        from jenjang.tenancy import operations as ops
        from jenjang.tenancy.dbroles import console_role

        defaults = {"name": f"Pemerintah Kota {slug.title()}", "kind": "kota", "province": "Sumatera Utara",
                    "hr_agency_name": f"BKPSDM {slug.title()}", "timezone": "WIB", "locale": "id",
                    "primary_color": "#1f6f5c"}
        defaults.update(fields)
        with self.app.app_context(), console_role():  # provisioning: the console's privilege
            t = ops.create_tenant(slug, **defaults)
            db.session.commit()
            return TenantRef(t.id, t.slug, t.name)

    @staticmethod
    def nip(tenant: TenantRef, n: int, birth: str = "19860926", tmt: str = "201505", gender: str = "1") -> str:
        return f"{birth}{tmt}{gender}{(tenant.id * 10 + n) % 1000:03d}"

    def user(self, tenant: TenantRef, email: str | None, *, roles=(), password: str | None = PASSWORD,
             nip: str | None = None, full_name: str | None = None, active: bool = True) -> int:
        from jenjang.auth import operations as auth_ops
        from jenjang.extensions import db
        from jenjang.people.models import Employee
        from jenjang.tenancy.context import tenant_context

        with self.app.test_request_context(), tenant_context(tenant.id):
            employee = None
            name = full_name or (email.split("@")[0].title() if email else "Pegawai")
            if nip:
                employee = Employee(nip=nip, full_name=name, email=email)
                db.session.add(employee)
                db.session.flush()
            user = auth_ops.create_user(full_name=name, email=email, roles=list(roles), employee=employee,
                                        password=password)
            user.is_active = active
            db.session.commit()
            return user.id

    def scalar(self, tenant: TenantRef | None, stmt):
        from jenjang.extensions import db
        from jenjang.tenancy.context import tenant_context

        with self.app.app_context(), tenant_context(tenant.id if tenant else None):
            return db.session.scalar(stmt if not isinstance(stmt, str) else sa.text(stmt))

    def run(self, tenant: TenantRef | None, fn, *args, **kwargs):
        """Run fn inside the tenant's context (and a request context for url building), commit."""
        from jenjang.extensions import db
        from jenjang.tenancy.context import tenant_context

        with self.app.test_request_context(), tenant_context(tenant.id if tenant else None):
            result = fn(*args, **kwargs)
            db.session.commit()
            return result


class TenantClient:
    """A browser on one host: keeps cookies, picks up the CSRF token from every page."""

    def __init__(self, app, host: str):
        self.app = app
        self.host = host
        self.client = app.test_client()
        self.base_url = f"http://{host}"
        self.token: str | None = None

    def _remember(self, response):
        if response.mimetype == "text/html":
            m = TOKEN_RE.search(response.get_data(as_text=True))
            if m:
                self.token = m.group(1)
        return response

    def get(self, path: str, **kw):
        return self._remember(self.client.get(path, base_url=self.base_url, **kw))

    def post(self, path: str, data=None, csrf: bool = True, **kw):
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            if self.token is None:
                self.get("/login")
            data["csrf_token"] = self.token
        return self._remember(self.client.post(path, data=data, base_url=self.base_url, **kw))

    def login(self, login: str, password: str = PASSWORD):
        self.get("/login")
        response = self.post("/login", {"login": login, "password": password})
        if response.status_code == 302:  # a browser follows, and so picks up the new CSRF token
            self.get(response.headers["Location"])
        return response

    def cookie(self, name: str):
        return self.client.get_cookie(name, domain=self.host)

    def text(self, response) -> str:
        return response.get_data(as_text=True)


def local_today() -> dt.date:
    """Today as the test tenants live it (they are in WIB, the default): what `clock.today()` gives
    the app in their context, whatever the machine's clock zone and hour."""
    from zoneinfo import ZoneInfo

    from jenjang.core import clock

    return clock.today(ZoneInfo("Asia/Jakarta"))
