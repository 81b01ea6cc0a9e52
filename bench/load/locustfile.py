"""The simulated users of the load benchmark (run by bench/load/run.py; not meant to be run alone).

Every request goes to 127.0.0.1:<port> with the Host header `<slug>.localhost:<port>`: the app
finds the tenant from the Host header, and `*.localhost` need not resolve on this machine.
Redirects are not followed (they would point at the tenant host); a redirect is the expected
answer of a POST, and any other status than the expected one counts as an error.

LOAD_CONFIG names the JSON written by run.py (port, accounts, which optional modules exist).
LOAD_PAGE, when set, makes `SoloUser` request only that page without think time (the per-page
saturation throughput). `CeilingUser` hammers the bare endpoint of bench/load/ceiling.py.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

import gevent
from locust import FastHttpUser, between, constant, events, task

CONFIG = json.loads(open(os.environ["LOAD_CONFIG"], encoding="utf-8").read())  # noqa: SIM115
PORT = CONFIG["port"]
PASSWORD = CONFIG["password"]
FEATURES = CONFIG.get("features", {})
THINK = tuple(CONFIG.get("think", (0.5, 2.5)))

CSRF_RE = re.compile(r'id="csrf-token" data-token="([^"]+)"|name="csrf_token" value="([^"]+)"')
CASE_LINK_RE = re.compile(r'href="/promotion/cases/(\d+)"')
TRANSITION_RE = re.compile(r'action="/cases/(\d+)/transition"')
LOCK_RE = re.compile(r'name="lock" value="(\d+)"')

_counters: dict[str, itertools.count] = {}

# --- measurement: only once every user has signed in, for LOAD_SECONDS, exact percentiles ----------
USERS = int(os.environ.get("LOAD_USERS", "1"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
_state = {"ready": 0, "t0": None, "t1": None, "start": time.time()}
_times: dict[str, list[float]] = {}
_errors: dict[str, list[str]] = {}
_setup_errors: list[str] = []


def _user_ready() -> None:
    _state["ready"] += 1
    if _state["ready"] >= USERS and _state["t0"] is None:
        _state["t0"] = time.time()


@events.request.add_listener
def _on_request(request_type, name, response_time, exception=None, **_kw):
    if _state["t0"] is None:
        if exception is not None and len(_setup_errors) < 50:
            _setup_errors.append(f"{name}: {exception}")
        return
    if _state["t1"] is not None:
        return
    _times.setdefault(name, []).append(response_time)
    if exception is not None:
        _errors.setdefault(name, []).append(str(exception)[:200])


def _watch(environment) -> None:
    while _state["t0"] is None:
        gevent.sleep(0.2)
    gevent.sleep(SECONDS)
    _state["t1"] = time.time()
    environment.runner.quit()


@events.init.add_listener
def _on_init(environment, **_kw):
    gevent.spawn(_watch, environment)


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))] if ordered else 0.0


@events.quitting.add_listener
def _dump(environment, **_kw):
    out = os.environ.get("LOAD_OUT")
    if not out:
        return
    t0, t1 = _state["t0"], _state["t1"] or time.time()
    window = (t1 - t0) if t0 else 0.0
    result = {"_window": window, "_setup_errors": _setup_errors, "_ready": _state["ready"],
              "_signed_in_after": (t0 - _state["start"]) if t0 else None}
    every: list[float] = []
    for name, values in _times.items():
        every += values
        result[name] = _figures(values, len(_errors.get(name, [])), window)
        result[name]["error_samples"] = sorted(set(_errors.get(name, [])))[:3]
    result["_total"] = _figures(every, sum(len(v) for v in _errors.values()), window)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(result, fh)


def _figures(values: list[float], errors: int, window: float) -> dict:
    return {"count": len(values), "errors": errors, "rps": len(values) / window if window else 0.0,
            "p50": _pct(values, .50), "p95": _pct(values, .95), "p99": _pct(values, .99),
            "avg": sum(values) / len(values) if values else 0.0}


def _next(pool: str) -> tuple[str, str]:
    """Accounts are dealt round-robin, so simultaneous users are different people."""
    accounts = CONFIG["accounts"][pool]
    n = next(_counters.setdefault(pool, itertools.count()))
    return tuple(accounts[n % len(accounts)])


def _csrf(text: str) -> str | None:
    m = CSRF_RE.search(text or "")
    return (m.group(1) or m.group(2)) if m else None


class Signed(FastHttpUser):
    abstract = True
    host = f"http://127.0.0.1:{PORT}"
    pool = "employees"
    wait_time = between(*THINK)

    def on_start(self):
        self.slug, self.email = _next(self.pool)
        self.base_headers = {"Host": f"{self.slug}.localhost:{PORT}"}
        self.token = None
        self.sign_in()
        _user_ready()

    # --- helpers ------------------------------------------------------------------------
    def get(self, path: str, name: str, htmx: bool = False, expect: int = 200):
        headers = dict(self.base_headers, **({"HX-Request": "true"} if htmx else {}))
        with self.client.get(path, name=name, headers=headers, allow_redirects=False, catch_response=True) as r:
            if r.status_code != expect:
                r.failure(f"{path}: status {r.status_code}")
                return None
            token = _csrf(r.text)
            if token:
                self.token = token
            return r.text

    def post(self, path: str, name: str, data: dict, expect=(302, 303), htmx: bool = False):
        headers = dict(self.base_headers, **({"HX-Request": "true"} if htmx else {}))
        if self.token:
            headers["X-CSRFToken"] = self.token
        data = dict(data, csrf_token=self.token or "")
        with self.client.post(path, name=name, data=data, headers=headers, allow_redirects=False,
                              catch_response=True) as r:
            if r.status_code not in expect:
                r.failure(f"{path}: status {r.status_code}")
                return None
            return r

    def sign_in(self):
        if self.get("/login", "sign-in: form") is None:
            return
        with self.client.post("/login", name="sign-in: submit", headers=self.base_headers, allow_redirects=False,
                              data={"login": self.email, "password": PASSWORD, "csrf_token": self.token or ""},
                              catch_response=True) as r:
            if r.status_code not in (302, 303) or "/login" in (r.headers.get("location") or ""):
                r.failure(f"sign-in refused: status {r.status_code}")
        self.token = None  # the session (and its CSRF token) is new after signing in

    def relogin(self):
        if self.token is None:
            self.get("/", "dashboard")
        self.post("/logout", "sign-out", {})
        self.sign_in()


# --- the mix ---------------------------------------------------------------------------------

class EmployeeUser(Signed):
    """An employee: dashboard, the 360 forms they were asked to fill, training sessions."""
    weight = 8
    pool = "employees"

    @task(5)
    def dashboard(self):
        self.get("/", "dashboard")

    @task(1)
    def sign_out_and_in(self):
        self.relogin()

    @task(4)
    def feedback_form(self):
        if FEATURES.get("feedback"):
            feedback_round(self)

    @task(3)
    def training(self):
        if FEATURES.get("training"):
            training_round(self)


SEARCHES = ("rahma", "putri", "budi", "agus", "dewi", "hakim", "wati", "nur", "1985", "gina natsir", "sitompul")


def directory_search(user: Signed) -> None:
    """A name (common or rare) or a NIP prefix, as HR types it into the directory's search box."""
    user.get(f"/people?q={random.choice(SEARCHES).replace(' ', '+')}", "directory: search (htmx)", htmx=True)


class HRUser(Signed):
    """HR: the directory (first page, search, unit filter), the competency heatmap and the 9-box."""
    fixed_count = max(1, round(USERS * 0.1))  # a tenth of the users, at least one
    pool = "hr"

    @task(3)
    def directory(self):
        self.get("/people", "directory")

    @task(2)
    def directory_search(self):
        directory_search(self)

    @task(2)
    def heatmap(self):
        self.get("/competency/", "competency heatmap")

    @task(2)
    def nine_box(self):
        self.get("/competency/talent", "9-box")

    @task(1)
    def nine_box_drill(self):
        self.get(f"/competency/talent?box={random.randint(1, 9)}", "9-box: box members (htmx)", htmx=True)


class CommitteeUser(Signed):
    """A committee member: the cases waiting for them, a case, and approving it at the sidang."""
    fixed_count = max(1, round(USERS * 0.1))
    pool = "committee"

    @task(2)
    def waiting(self):
        self.get("/promotion?waiting=me", "committee: cases waiting")

    @task(3)
    def act(self):
        text = self.get("/promotion?waiting=me", "committee: cases waiting")
        ids = CASE_LINK_RE.findall(text or "")
        if not ids:
            return
        detail = self.get(f"/promotion/cases/{random.choice(ids)}", "committee: case detail")
        wf, lock = TRANSITION_RE.search(detail or ""), LOCK_RE.search(detail or "")
        if wf and lock:
            self.post(f"/cases/{wf.group(1)}/transition", "committee: approve",
                      {"action": "approve", "lock": lock.group(1), "comment": "Memenuhi syarat (uji beban)"})


# --- optional modules: enabled by run.py when their routes exist ------------------------------

FORM_LINK_RE = re.compile(r'href="(/360/forms/\d+)(?:\?[^"]*)?"')
ITEM_RE = re.compile(r'<input type="radio" name="(item-\d+)"')
OPEN_RE = re.compile(r'<textarea id="item-\d+" name="(item-\d+)"')
PROGRAMME_RE = re.compile(r'href="(/training/programmes/\d+)"')
ENROL_RE = re.compile(r'action="(/training/sessions/\d+/enrol)"')
ENROLMENT_RE = re.compile(r'href="(/training/enrolments/\d+)"')
CANCEL_RE = re.compile(r'action="(/training/enrolments/\d+/cancel)"')


def feedback_form_path(user: Signed) -> str | None:
    """The rater's list of forms, and one of them (remembered: a rater works through a form)."""
    text = user.get("/360/forms/", "360: my forms")
    links = sorted(set(FORM_LINK_RE.findall(text or "")))
    user.form_path = random.choice(links) if links else None
    return user.form_path


def feedback_round(user: Signed, solo: bool = False) -> None:
    """Open a 360 form (all questions on one page), answer it: each answer autosaved (htmx), then
    the page saved with the plain POST. Drafts only: submitting would end the form."""
    path = getattr(user, "form_path", None) if solo else None
    path = path or feedback_form_path(user)
    if not path:
        return
    form = user.get(f"{path}?all=1", "360: form")
    if form is None or solo:
        return
    scales = sorted(set(ITEM_RE.findall(form)))
    answers = {f: str(random.randint(1, 5)) for f in scales}
    for f in random.sample(scales, min(2, len(scales))):
        user.post(f"{path}/save", "360: autosave (htmx)", {f: answers[f]}, expect=(200,), htmx=True)
    for f in set(OPEN_RE.findall(form)):
        answers[f] = "Kerja sama tim baik dan komunikatif (uji beban)."
    user.post(f"{path}?all=1&step=0", "360: save", answers)


def training_round(user: Signed, solo: bool = False) -> None:
    """The catalogue, a programme, and enrolling in one of its sessions (or, when already enrolled,
    withdrawing, so the next round can enrol again)."""
    text = user.get("/training/", "training: catalogue")
    if solo:
        return
    links = sorted(set(PROGRAMME_RE.findall(text or "")))
    if not links:
        return
    page = user.get(random.choice(links), "training: programme")
    if page is None:
        return
    forms = ENROL_RE.findall(page)
    if forms:
        user.post(random.choice(forms), "training: enrol (htmx)", {"reason": "Uji beban"}, expect=(200, 422),
                  htmx=True)
        return
    mine = ENROLMENT_RE.findall(page)
    if mine:
        detail = user.get(random.choice(mine), "training: my enrolment")
        cancel = CANCEL_RE.search(detail or "")
        if cancel:
            user.post(cancel.group(1), "training: withdraw", {"reason": "Jadwal bentrok (uji beban)"})


# --- one page at a time, and the ceiling ---------------------------------------------------------

SOLO = {
    "dashboard": ("employees", lambda u: u.get("/", "dashboard")),
    "directory": ("hr", lambda u: u.get("/people", "directory")),
    "directory: search (htmx)": ("hr", directory_search),
    "competency heatmap": ("hr", lambda u: u.get("/competency/", "competency heatmap")),
    "9-box": ("hr", lambda u: u.get("/competency/talent", "9-box")),
    "committee: cases waiting": ("committee", lambda u: u.get("/promotion?waiting=me", "committee: cases waiting")),
    "360: form": ("employees", lambda u: feedback_round(u, solo=True)),
    "training: catalogue": ("employees", lambda u: training_round(u, solo=True)),
}


class SoloUser(Signed):
    """Only LOAD_PAGE, without think time: how many of that page the server answers per second."""
    wait_time = constant(0)
    pool = SOLO.get(os.environ.get("LOAD_PAGE", ""), ("employees",))[0]

    @task
    def page(self):
        SOLO[os.environ["LOAD_PAGE"]][1](self)


class CeilingUser(FastHttpUser):
    host = f"http://127.0.0.1:{CONFIG.get('ceiling_port', PORT)}"
    wait_time = constant(0)

    def on_start(self):
        _user_ready()

    @task
    def bare(self):
        with self.client.get("/", name="ceiling: bare Flask", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
