"""Ids the browser sends back: every <select>, checkbox, hidden field and `?x=` a page of tenant A
carries that names a tenant row, found by crawling A's pages (tests/crawl.py), and every string
key (NIPs typed into forms, certificate codes, invitation and reset tokens). Tenant B's value in
its place must be refused exactly as a value that never existed: never a 500, never a row of B on
the page, nothing written in A that points into B. Run with both walls, the ORM wall alone and
row-level security alone (tests/walls.py).

B's rows get ids of their own range (its sequences are moved to 880 000 000 while they are made),
so a B id anywhere in A's rows or on A's pages is found by pattern."""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from tests.crawl import parse_page, query_params
from tests.helpers import Factory
from tests.org import build_region
from tests.test_fuzz_forms import _url_args
from tests.walls import WALLS, only

B_ID_BASE = 880_000_000
B_ID = re.compile(r"(?<![\d.])8[89]\d{7}(?![\d.])")
MISSING = "987654321"

# A form field or query parameter → the kind of tenant row it names (a key of ID_FACTORIES).
ID_FIELDS = {
    "competency_id": "competency_id", "competency_ids": "competency_id", "focus_competency_ids": "competency_id",
    "mentor_competency_id": "competency_id", "prereq_competency_id": "competency_id",
    "employee_id": "employee_id", "facilitator_employee_id": "employee_id",
    "unit_id": "unit_id", "parent_id": "unit_id", "scope_unit_ids": "unit_id", "unit": "unit_id",
    "parent": "unit_id",
    "position_id": "position_id", "target_position_id": "position_id", "targets": "position_id",
}
# Fields whose name carries the id (the programme's competency targets, the questionnaire's items).
ID_IN_NAME = {re.compile(r"^target_(\d+)$"): "competency_id", re.compile(r"^item-(\d+)$"): "item_id"}
# Integer fields that name no tenant row.
NOT_TENANT_IDS = {
    "rank_id", "min_rank_id", "max_rank_id", "mentor_min_rank_id", "rank",  # ranks: national reference data
    "mentor_min_grade_id", "min_grade_id",  # PPPK grades: national reference data
    "grade_id", *(f"entry_grade_{level}" for level in ("SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2",
                                                       "S3")),  # PPPK grades I–XVII: national reference data
    "kind",  # the catalogue's filter by the national training kind codes (kind_code)
    "level", "target_level", "prereq_level", "mentor_min_level",  # competency levels 1-5
    "year", "page", "per_page", "box", "mentee_boxes", "v", "download", "partial", "custom_months",
    "kind_code", "classical", "active", "capacity",  # years, pages, 9-box cells, codes, flags
    "eligible", "vacant", "inactive", "suits",
    "skp_final_month", "skp_final_day", "skp_recent_years",  # the date an SKP year is final; how many count
    "lock",  # a case's optimistic lock version
    "window", "months",  # contracts: days to the end (30/60/90), renewal months
}
NIP_FIELD = re.compile(r"nip$")
SKIP_ACTIONS = {"/logout", "/locale", "/account", "/account/notifications", "/password/forgot", "/login"}


def _base(name: str) -> str:
    """`pos-position_id` → `position_id` (a prefixed WTForms form); `item-3` stays."""
    if any(p.match(name) for p in ID_IN_NAME):
        return name
    return name.split("-", 1)[1] if re.match(r"^[a-z]+-", name) else name


def _is_integer_field(values) -> bool:
    kinds = {k.rstrip("+") for _, k in values}
    nums = [v for v, _ in values if v not in ("", "None", "0")]
    return bool(kinds & {"select", "multi", "checkbox", "radio", "hidden"}) and bool(nums) and all(
        v.isdigit() for v in nums)


def _kind_of(name: str) -> str | None:
    for pattern, kind in ID_IN_NAME.items():
        if pattern.match(name):
            return kind
    return ID_FIELDS.get(_base(name))


def _needs_a_decision(name: str, values=None) -> bool:
    base = _base(name)
    if _kind_of(name) or base in NOT_TENANT_IDS or base == "csrf_token":
        return False
    return base.endswith(("_id", "_ids")) or (values is not None and _is_integer_field(values))


# --- the two regions ------------------------------------------------------------------------

def _sequences(conn) -> list[tuple[str, int, bool]]:
    return [tuple(r) for r in conn.execute(sa.text(
        "SELECT schemaname || '.' || sequencename, coalesce(last_value, 1), last_value IS NOT NULL "
        "FROM pg_sequences WHERE schemaname = 'public'"))]


@pytest.fixture
def regions(factory, app, owner_engine, tmp_path):
    """A: a region, every object the isolation suite knows, and one user with every role. B: the
    tenant with the same objects, all of its rows with ids from B_ID_BASE up."""
    from tests.test_isolation import ID_FACTORIES

    before = app.config["FILES_DIR"]
    app.config["FILES_DIR"] = str(tmp_path / "files")
    a = factory.tenant("pematangsiantar", name="Pemerintah Kota Pematangsiantar")
    factory.user(a, "admin@pematangsiantar.demo", roles=["admin"], nip=factory.nip(a, 1))
    with owner_engine.connect() as conn:
        saved = _sequences(conn)
        for seq, _, _ in saved:
            conn.execute(sa.text("SELECT setval(:s, :v)"), {"s": seq, "v": B_ID_BASE})
        conn.commit()
    try:
        fb = Factory(app)
        b = fb.tenant("palangkaraya", name="Pemerintah Kota Palangka Raya")
        fb.user(b, "admin@palangkaraya.demo", roles=["admin"], nip=fb.nip(b, 1))
        b_ids = {k: make(fb, b) for k, make in ID_FACTORIES.items()}
    finally:
        with owner_engine.connect() as conn:
            for seq, value, called in saved:
                conn.execute(sa.text("SELECT setval(:s, :v, :c)"), {"s": seq, "v": value, "c": called})
            conn.commit()
    fa = Factory(app)
    region = build_region(fa, a, seq=3)
    fa.user(a, "semua@pematangsiantar.demo", roles=["admin", "hr", "committee", "ppk"], nip=fa.nip(a, 8))
    a_ids = {k: make(fa, a) for k, make in ID_FACTORIES.items()}
    with owner_engine.connect() as conn:
        b_nips = {r[0] for r in conn.execute(sa.text("SELECT nip FROM employees WHERE tenant_id = :b"), {"b": b.id})}
        a_nips = {r[0] for r in conn.execute(sa.text("SELECT nip FROM employees WHERE tenant_id = :a"), {"a": a.id})}
        a_staff_nip = conn.execute(sa.text("SELECT nip FROM employees WHERE tenant_id = :a AND id = :e"),
                                   {"a": a.id, "e": region.staff_id}).scalar()
    low = {k: v for k, v in b_ids.items() if v < B_ID_BASE and k != "index"}
    assert not low, low
    yield {"a": a, "b": b, "a_ids": a_ids, "b_ids": b_ids, "b_nips": sorted(b_nips - a_nips),
           "a_nip": a_staff_nip}
    app.config["FILES_DIR"] = before


def _crawl(client, app, ids, endpoints=None):
    """Every page of A that a URL can be built for (or those of `endpoints`): its forms and its
    links with a query."""
    pages = []
    with app.test_request_context(base_url=client.base_url):
        from flask import url_for

        paths = []
        for rule in app.url_map.iter_rules():
            if ("GET" not in rule.methods or rule.endpoint == "static" or rule.endpoint.startswith("console.")
                    or rule.endpoint in ("core.logout", "core.healthz", "core.readyz")
                    or (endpoints is not None and rule.endpoint not in endpoints)):
                continue
            args = _url_args(rule, ids)
            if args is not None:
                try:
                    paths.append(url_for(rule.endpoint, **args))
                except Exception:  # noqa: S112 - an endpoint we cannot build a URL for is skipped
                    continue
    for path in paths:
        r = client.get(path)
        if r.status_code == 200 and r.mimetype == "text/html":
            pages.append(parse_page(path, client.text(r)))
    return pages


# --- what is sent ---------------------------------------------------------------------------

def _filler(name: str, kind: str, a_nip: str) -> str:
    """A value that lets the rest of the form pass, so that only the id decides."""
    from tests.helpers import local_today

    today = local_today()
    if NIP_FIELD.search(name):
        return a_nip
    return {"date": today.isoformat(), "datetime-local": f"{today.isoformat()}T08:00", "number": "1",
            "email": "uji.isolasi@contoh.go.id", "url": "https://contoh.go.id", "tel": "081200000000",
            "textarea": "Uji isolasi", "password": ""}.get(kind, "Uji Isolasi")


def _payload(form, a_nip: str) -> dict[str, list[str]]:
    data = form.payload()
    for name, values in form.fields.items():
        kinds = {k.rstrip("+") for _, k in values}
        if name in data and any(v.strip() and v != "None" for v in data[name]):
            continue
        if kinds & {"text", "date", "datetime-local", "number", "email", "url", "tel", "textarea", "search"}:
            data[name] = [_filler(name, next(iter(kinds)), a_nip)]
        elif "select" in kinds:
            options = [v for v, _ in values if v not in ("", "None", "0")]
            if options:
                data[name] = [options[0]]
    return data


def _own_nip(action: str, name: str) -> bool:
    """The NIP an employee record is given (new or edited) names no other row: the same NIP may
    exist in two regions, so B's NIP there is a value, not a reference."""
    return name == "edit-nip" or (name == "nip" and action.split("?")[0] == "/people/new")


def _probes(pages, b_ids, b_nips):
    """(method, action, base payload, field, B's value) for every id field of every form and
    every id in a link's query."""
    probes, undecided = {}, set()
    for page in pages:
        for form in page.forms:
            if form.action.startswith("#"):  # a preview: nothing is sent anywhere
                continue
            action = form.action
            if action.split("?")[0] in SKIP_ACTIONS:
                continue
            for name, values in form.fields.items():
                if _needs_a_decision(name, values):
                    undecided.add((action, name))
                kind = _kind_of(name)
                if kind is not None and kind in b_ids:
                    key = (form.method, action.split("?")[0], re.sub(r"\d+", "N", name))
                    probes.setdefault(key, (form, name, str(b_ids[kind])))
                elif NIP_FIELD.search(_base(name)) and b_nips and not _own_nip(action, name):
                    key = (form.method, action.split("?")[0], name)
                    probes.setdefault(key, (form, name, b_nips[0]))
        for link in page.links:
            path, params = query_params(link)
            for i, (name, value) in enumerate(params):
                if _needs_a_decision(name) or (value.isdigit() and _kind_of(name) is None
                                               and name not in NOT_TENANT_IDS):
                    undecided.add((path, name))
                kind = _kind_of(name)
                if kind is not None and kind in b_ids:
                    probes.setdefault(("link", path, name), (params, i, str(b_ids[kind])))
    return probes, undecided


def _send(client, key, probe, value, a_nip):
    method, action, _ = key
    if method == "link":
        params, i, _b = probe
        query = [(n, value if j == i else v) for j, (n, v) in enumerate(params)]
        return client.get(f"{action}?{urlencode(query)}")
    form, name, _b = probe
    data = _payload(form, a_nip)
    pattern = next((p for p in ID_IN_NAME if p.match(name)), None)
    if pattern is not None:  # the id is in the name: add a field named after the other value
        sample = data.get(name) or [values[0] for values in [[v for v, _ in form.fields[name]]]]
        data[re.sub(r"\d+", value, name)] = sample[:1]
    else:
        data[name] = [value]
    if method == "get":
        return client.get(f"{action}?{urlencode(data, doseq=True)}")
    response = client.post(action, data)
    if response.status_code in (302, 303):  # as a browser does: the next page shows (and so spends) the flashes
        client.get(response.headers["Location"])
    return response


_STRIP = re.compile(r'data-token="[^"]+"|value="[^"]*"|"X-CSRFToken": "[^"]+"|name="target_\d+"')


def _seen(client, response, value: str) -> str:
    text = client.text(response) + "\n" + response.headers.get("Location", "")
    return _STRIP.sub("", text.replace(value, "⟨x⟩"))


def _an_open_assignment_with_a_rater(owner_engine, a_id):
    with owner_engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT fa.id, u.email FROM feedback_assignments fa JOIN users u ON u.tenant_id = fa.tenant_id "
            "AND u.employee_id = fa.rater_employee_id WHERE fa.tenant_id = :a AND fa.submitted_at IS NULL "
            "AND u.password_hash IS NOT NULL AND u.is_active AND u.email IS NOT NULL ORDER BY fa.id LIMIT 1"),
            {"a": a_id}).first()


def _difference(one: str, other: str) -> str:
    import difflib

    lines = [d for d in difflib.unified_diff(one.splitlines(), other.splitlines(), lineterm="", n=0)
             if d[:1] in "+-" and d[:3] not in ("+++", "---")]
    return (" — the pages differ: " + " | ".join(line.strip()[:160] for line in lines[:4])) if lines else ""


def _a_rows_pointing_into_b(owner_engine, a_id) -> list[str]:
    found = []
    with owner_engine.connect() as conn:
        tables = [r[0] for r in conn.execute(sa.text(
            "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND column_name = 'tenant_id' AND table_name <> 'domains'"))]
        for t in tables:
            for (row,) in conn.execute(sa.text(f'SELECT row_to_json(x)::text FROM "{t}" x WHERE tenant_id = :a'),
                                       {"a": a_id}):
                if B_ID.search(row):
                    found.append(f"{t}: {row[:300]}")
    return found


def test_ids_and_nips_of_another_tenant_in_forms_and_query_strings_are_refused(
        regions, app, client_for, owner_engine):
    a = regions["a"]
    c = client_for(a)
    c.login("semua@pematangsiantar.demo")
    pages = _crawl(c, app, regions["a_ids"])
    probes, undecided = _probes(pages, regions["b_ids"], regions["b_nips"])
    assert not undecided, ("classify these integer fields in ID_FIELDS / ID_IN_NAME (tenant rows) or "
                           f"NOT_TENANT_IDS: {sorted(undecided)}")
    assert len(probes) >= 30, sorted(probes)
    users = {key: "semua@pematangsiantar.demo" for key in probes}
    # The 360 form is only the rater's, once the cycle is launched: crawl it as one (its fields are
    # named after the item ids).
    from tests.feedback_support import launch

    launch(Factory(app), a, regions["a_ids"]["cycle_id"])
    rater = _an_open_assignment_with_a_rater(owner_engine, a.id)
    assert rater is not None
    rc = client_for(a)
    rc.login(rater[1])
    rater_probes, _ = _probes(_crawl(rc, app, {**regions["a_ids"], "assignment_id": rater[0]}, {"feedback.fill"}),
                              regions["b_ids"], regions["b_nips"])
    assert any(key[2] == "item-N" for key in rater_probes), sorted(rater_probes)
    probes.update(rater_probes)
    users.update({key: rater[1] for key in rater_probes})
    clients = {"semua@pematangsiantar.demo": c, rater[1]: rc}
    b_markers = ["palangkaraya", "Palangka Raya", *regions["b_nips"]]
    problems, accepted, refused = [], [], 0
    for wall in WALLS:
        with only(wall, app, owner_engine):
            for email, client in clients.items():
                client.login(email)
            for key, probe in sorted(probes.items()):
                client = clients[users[key]]
                theirs = probe[2]
                missing = MISSING if theirs.isdigit() and len(theirs) < 18 else "199901012020011999"
                r_b = _send(client, key, probe, theirs, regions["a_nip"])
                r_m = _send(client, key, probe, missing, regions["a_nip"])
                seen_b, seen_m = _seen(client, r_b, theirs), _seen(client, r_m, missing)
                where = f"[{wall}] {key[0].upper()} {key[1]} {key[2]}"
                if r_b.status_code >= 500:
                    problems.append(f"{where}: {r_b.status_code}")
                elif r_b.status_code < 400 and key[0] == "post":
                    accepted.append(f"{where}: {r_b.status_code}")  # ignored or a filter: judged by what it wrote
                elif r_b.status_code != r_m.status_code or seen_b != seen_m:
                    problems.append(f"{where}: B's value answered {r_b.status_code}, a missing one {r_m.status_code}"
                                    f"{_difference(seen_b, seen_m)}")
                if any(m in seen_b for m in b_markers) or B_ID.search(seen_b):
                    problems.append(f"{where}: B's data on the page")
                refused += r_b.status_code in (400, 404, 409, 422)
                if r_b.status_code in (302, 303) and "/login" in r_b.headers.get("Location", ""):
                    client.login(users[key])
    problems += [f"written: {row}" for row in _a_rows_pointing_into_b(owner_engine, a.id)]
    print(f"{len(probes)} fields and parameters, {refused} refusals; accepted (ignored or filters, judged by "
          "what they wrote and showed):", *accepted, sep="\n  ")
    assert not problems, "\n".join(problems)
    assert refused >= len(probes) * 3 * 0.5


# --- string keys ----------------------------------------------------------------------------

@pytest.fixture
def b_keys(two_tenants, factory):
    """B's string keys: a valid certificate code, an invitation and a reset link, a user's email
    and NIP. Each is checked to work on B's own host by the test."""
    from tests.test_training_delivery import _complete, _shift
    from tests.training_support import approved_enrolment, training_region

    a, b = two_tenants
    factory.user(b, "orang-b@palangkaraya.demo", nip=factory.nip(b, 5))
    tr = training_region(factory, b, seq=2)
    enrolment = approved_enrolment(factory, b, tr.session_id, tr.staff_id)
    _shift(factory, b, tr.session_id, starts_in_days=-1)
    code = _complete(factory, b, enrolment)

    def links():
        from jenjang.auth import operations
        from jenjang.auth.models import User
        from jenjang.extensions import db

        user = db.session.scalar(sa.select(User).where(User.email == "orang-b@palangkaraya.demo"))
        return operations.issue_token(user, "invite"), operations.issue_token(user, "reset")

    invite, reset = factory.run(b, links)
    return a, b, {"code": code, "invite": invite, "reset": reset, "email": "orang-b@palangkaraya.demo",
                  "nip": factory.nip(b, 5)}


def _b_account(owner_engine, b_id):
    with owner_engine.connect() as conn:
        return conn.execute(sa.text(
            "SELECT u.password_hash, (SELECT count(*) FROM auth_tokens t WHERE t.tenant_id = u.tenant_id "
            "AND t.user_id = u.id), (SELECT count(*) FROM auth_tokens t WHERE t.tenant_id = u.tenant_id "
            "AND t.user_id = u.id AND t.used_at IS NOT NULL) FROM users u "
            "WHERE u.tenant_id = :b AND u.email = 'orang-b@palangkaraya.demo'"), {"b": b_id}).one()


def test_string_keys_of_another_tenant_are_not_found(b_keys, walls, client_for, owner_engine):
    """A certificate code, an invitation or reset token, an email or NIP of B on A's host: the
    same answer as a key that never existed, and nothing of B's account changes."""
    import secrets

    a, b, keys = b_keys
    on_a, on_b = client_for(a), client_for(b)
    before = _b_account(owner_engine, b.id)
    strip = re.compile(r'data-token="[^"]+"|value="[^"]*"|"X-CSRFToken": "[^"]+"')

    def masked(response, key: str) -> str:
        text = on_a.text(response) + "\n" + response.headers.get("Location", "")
        if key:
            for form in (key, key.lower(), "-".join(key[i:i + 4] for i in range(0, len(key), 4))):
                text = text.replace(form, "⟨x⟩")
        return strip.sub("", text)

    def same(path_theirs, path_missing, data=None, theirs="", missing="", data_missing=None):
        if data is None:
            r_b, r_m = on_a.get(path_theirs), on_a.get(path_missing)
        else:
            r_b, r_m = on_a.post(path_theirs, data), on_a.post(path_missing, data_missing or data)
        page_b, page_m = masked(r_b, theirs), masked(r_m, missing)
        assert (r_b.status_code, page_b) == (r_m.status_code, page_m), path_theirs
        assert "Palangka Raya" not in page_b and "Orang-B" not in page_b
        return r_b

    forged = "A" * 16 if keys["code"] != "A" * 16 else "B" * 16
    assert on_b.get(f"/verify/{keys['code']}").status_code == 200
    assert same(f"/verify/{keys['code']}", f"/verify/{forged}", theirs=keys["code"],
                missing=forged).status_code == 404
    r = same(f"/verify?code={keys['code'].lower()}", f"/verify?code={forged.lower()}", theirs=keys["code"],
             missing=forged)
    assert on_a.get(r.headers["Location"]).status_code == 404

    for purpose, prefix in (("invite", "/invite/"), ("reset", "/password/reset/")):
        unknown = secrets.token_urlsafe(32)
        assert same(prefix + keys[purpose], prefix + unknown, theirs=keys[purpose], missing=unknown).status_code == 404
        new = {"new_password": "kata-sandi-baru-yang-panjang", "confirm": "kata-sandi-baru-yang-panjang"}
        assert same(prefix + keys[purpose], prefix + unknown, new, theirs=keys[purpose],
                    missing=unknown).status_code == 404

    for login, unknown in ((keys["email"], "tidak-ada@palangkaraya.demo"), (keys["nip"], "199901012020011999")):
        r = same("/password/forgot", "/password/forgot", {"login": login}, data_missing={"login": unknown})
        assert r.status_code == 302
        on_a.get(r.headers["Location"])  # spend the flash
    assert _b_account(owner_engine, b.id) == before
    assert on_b.get(f"/invite/{keys['invite']}").status_code == 200  # still valid at home

