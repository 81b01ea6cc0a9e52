"""Input fuzzing: random and adversarial data posted to every form endpoint (discovered from the
url_map, so new modules are covered without touching this file) and to the people import.
The only assertion: never a 500. A user with every role on a built region does the posting; the
operator posts to the console's forms.

Field names come from crawling every GET page of the tenant and of the console and reading the
forms whose `action` is the endpoint (or the page itself); a POST-only endpoint with no form found
gets a generic set of names. Kept modest: a few examples per endpoint, no deadline."""
from __future__ import annotations

import collections
import io
import zipfile
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import PASSWORD
from tests.org import build_region

EXAMPLES = 6
SKIP_ENDPOINTS = {"core.logout", "auth.logout", "console.logout", "core.login"}  # login is fuzzed apart
GENERIC_FIELDS = ("name", "title", "note", "reason", "comment", "value", "action", "date", "file", "q")

ADVERSARIAL = [
    "", " ", "0", "-1", "1.5", "99999999999999999999999", "1e309", "NaN", "-0", "2026-02-30", "0000-00-00",
    "9999-12-31", "31/12/2026", "<script>alert(1)</script>", "' OR 1=1 --", "\x00", "a\x00b", "١٢٣",
    "𝟘𝟙𝟚", "A" * 5000, "../../etc/passwd", "%00", "true", "on", "[]", "{}", "null", "\u202e", "\r\n",
    "198609262015051001", "admin", "hr", "approve", "reject", "#zzzzzz", "id", "en",
]
values = st.one_of(st.sampled_from(ADVERSARIAL), st.text(max_size=60),
                   st.integers(min_value=-10**12, max_value=10**12).map(str),
                   st.dates().map(lambda d: d.isoformat()))


def _fake_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook><sheets>")
    return buf.getvalue()


file_bodies = st.one_of(
    st.binary(max_size=300),
    st.sampled_from([b"", b"%PDF-1.4\n%%EOF", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, _fake_xlsx(), b"PK\x03\x04",
                     b"nip,nama\n198609262015051001,Budi\n", "nip;nama\n\ufeff\u0000;\u202e\n".encode(),
                     b"=cmd|' /C calc'!A0,x\n" * 3]),
    st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
)


class FormParser(HTMLParser):
    """Every <form method=post>: its action and its fields (name → 'file' or 'text')."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str | None, dict[str, str]]] = []
        self.current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.current = {}
            self.forms.append((a.get("action"), self.current))
        elif self.current is not None and tag in ("input", "select", "textarea") and a.get("name"):
            if a["name"] != "csrf_token":
                self.current[a["name"]] = "file" if a.get("type") == "file" else "text"

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def _url_args(rule, ids: dict) -> dict | None:
    out = {}
    for arg, conv in rule._converters.items():
        kind = type(conv).__name__
        if kind == "IntegerConverter":
            if arg not in ids:
                return None
            out[arg] = ids[arg]
        elif kind == "AnyConverter":
            out[arg] = sorted(conv.items)[0] if hasattr(conv, "items") else "x"
        else:
            out[arg] = {"locale": "en"}.get(arg, "x")
    return out


def _crawl(client, app, ids, console: bool, failures: list) -> dict[str, dict[str, str]]:
    """action path → field names, from every GET page reachable by building its URL."""
    forms: dict[str, dict[str, str]] = {}
    paths = []
    with app.test_request_context(base_url=client.base_url):
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static" or "download" in rule.endpoint:
                continue
            if rule.endpoint.startswith("console.") != console:
                continue
            args = _url_args(rule, ids)
            if args is None:
                continue
            try:
                paths.append(url_for(rule.endpoint, **args))
            except Exception:  # noqa: S112 - an endpoint we cannot build a URL for is skipped
                continue
    # requested outside that context: each request gets its own application context (g, session)
    for path in paths:
        r = client.get(path)
        if r.status_code >= 500 and r.status_code != 503:
            failures.append(("GET", path, r.status_code, {}))
        if r.status_code != 200 or r.mimetype != "text/html":
            continue
        parser = FormParser()
        parser.feed(r.get_data(as_text=True))
        for action, fields in parser.forms:
            target = (action or path).split("?")[0].split("#")[0]
            forms.setdefault(target, {}).update(fields)
    return forms


def _post_targets(app, ids, console: bool):
    with app.test_request_context():
        from flask import url_for

        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "POST" not in rule.methods or rule.endpoint in SKIP_ENDPOINTS:
                continue
            if rule.endpoint.startswith("console.") != console:
                continue
            args = _url_args(rule, ids)
            if args is None:
                continue
            yield rule.endpoint, url_for(rule.endpoint, **args)


def _fuzz(client, relogin, endpoint: str, path: str, fields: dict[str, str], failures: list, seen):
    names = sorted(fields) or list(GENERIC_FIELDS)
    text_names = [n for n in names if fields.get(n, "text") != "file"]
    file_names = [n for n in names if fields.get(n) == "file"]
    strategy = st.fixed_dictionaries(
        {n: values for n in text_names},
        optional={"__extra_" + n: values for n in ("x", "id", "tenant_id")},
    )
    files_strategy = st.fixed_dictionaries({n: file_bodies for n in file_names})

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(data=strategy, files=files_strategy, htmx=st.booleans())
    def run(data, files, htmx):
        payload = {k.removeprefix("__extra_"): v for k, v in data.items()}
        for name, body in files.items():
            payload[name] = (io.BytesIO(body), "berkas.csv")
        headers = {"HX-Request": "true"} if htmx else {}
        r = client.post(path, payload, headers=headers,
                        content_type="multipart/form-data" if files else None)
        seen[endpoint][r.status_code] += 1
        if r.status_code >= 500 and r.status_code != 503:
            failures.append((endpoint, path, r.status_code, {k: (v if not isinstance(v, tuple) else "<file>")
                                                               for k, v in payload.items()}))
        if r.status_code == 302 and "/login" in r.headers.get("Location", ""):
            relogin()

    run()


@pytest.fixture
def fuzz_region(factory, app, tmp_path):
    from tests.test_isolation import ID_FACTORIES

    before = app.config["FILES_DIR"]
    app.config["FILES_DIR"] = str(tmp_path / "files")
    tenant = factory.tenant("fuzz")
    region = build_region(factory, tenant, seq=1)
    factory.user(tenant, "semua@fuzz.demo", roles=["admin", "hr", "committee", "ppk"], nip=factory.nip(tenant, 8))
    ids = {}
    for arg, make in ID_FACTORIES.items():
        try:
            ids[arg] = make(factory, tenant)
        except Exception as exc:  # a factory that cannot run here leaves its routes unfuzzed, visibly
            print(f"fuzz: no id for {arg}: {exc!r}")
    yield tenant, region, ids
    app.config["FILES_DIR"] = before


def test_no_form_endpoint_answers_500(app, client_for, fuzz_region, capsys):
    tenant, _region, ids = fuzz_region
    client = client_for(tenant)

    def relogin():
        client.login("semua@fuzz.demo", PASSWORD)

    relogin()
    failures: list = []
    forms = _crawl(client, app, ids, console=False, failures=failures)
    seen: dict = collections.defaultdict(collections.Counter)
    targets = list(_post_targets(app, ids, console=False))
    assert len(targets) > 30
    for endpoint, path in targets:
        relogin()
        _fuzz(client, relogin, endpoint, path, forms.get(path, {}), failures, seen)
    assert not failures, "\n".join(map(repr, failures[:20]))
    _reached_the_forms(seen, forms, targets)


def test_no_console_form_answers_500(app, client_for, fuzz_region):
    from tests.test_console import _console

    tenant, _region, ids = fuzz_region
    client = _console(app, client_for)
    ids = {**ids, "tenant_id": tenant.id}

    def relogin():
        client.login("operator@jenjang.demo")

    failures: list = []
    forms = _crawl(client, app, ids, console=True, failures=failures)
    seen: dict = collections.defaultdict(collections.Counter)
    targets = [(e, p) for e, p in _post_targets(app, ids, console=True) if e != "console.tenant_delete"]
    assert targets
    for endpoint, path in targets:
        _fuzz(client, relogin, endpoint, path, forms.get(path, {}), failures, seen)
    assert not failures, "\n".join(map(repr, failures[:20]))
    _reached_the_forms(seen, forms, targets)


def _reached_the_forms(seen, forms, targets):
    """The fuzzing must reach the views, not stop at CSRF or the sign-in wall."""
    for endpoint, counter in sorted(seen.items()):
        print(endpoint, dict(counter))
    reached = [e for e, c in seen.items() if any(code not in (400, 401, 403) for code in c)]
    assert len(reached) >= len(targets) * 0.6, f"only {len(reached)} of {len(targets)} endpoints reached"
    found = sum(1 for _, p in targets if p in forms)
    assert found >= len(targets) * 0.4, f"forms found for only {found} of {len(targets)} endpoints"


@settings(max_examples=15, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(login=values, password=values)
def test_sign_in_never_answers_500(app, client_for, two_tenants, login, password):
    c = client_for("pematangsiantar.localhost")
    r = c.post("/login", {"login": login, "password": password})
    assert r.status_code in (200, 302, 400, 422, 429), r.status_code


