"""The load benchmark (issue 10): Jenjang under gunicorn as in production, driven by locust.

    .venv/bin/python bench/load/run.py [--rebuild] [--users N] [--quick] [--diagnose]   (or bench/load/run.sh)

1. Builds (once; `--rebuild` starts over) the database `jenjang_load` on DATABASE_URL's server
   (default postgresql://postgres@127.0.0.1:5432/postgres; DATABASE_URL=embedded for the embedded
   one): a tenant of 20,000 employees plus 20 small tenants, with competency data, promotion cases
   at the committee's step, accounts, and the 360 cycle / training sessions when those modules exist.
   Every run flushes its Redis index, puts the cases back, and warms the cached region views
   (heatmap, 9-box) as the RQ worker does after a change (core/datacache.py).
2. Starts gunicorn with config/gunicorn.conf.py (WEB_CONCURRENCY, GUNICORN_THREADS from the
   environment) for wsgi:app, and a second one for the bare Flask app of bench/load/ceiling.py.
3. Measures, with locust headless:
   - the ceiling: the bare endpoint with users that never pause;
   - the concurrency the machine sustains: the realistic mix at growing user counts, keeping the
     largest count at which every page's p95 stays ≤ 100 ms (or `--users N`);
   - the realistic mix at that concurrency (rps, p50/p95/p99, errors per page), twice: with row
     level security as in production, and with RLS disabled on the benchmark database's tables;
   - each key page alone without think time (its saturation throughput, as a share of the
     ceiling's), with RLS on and off in turn.
4. Prints the figures with the budgets and writes them into bench/README.md ("Load").

Budgets: no errors; p95 ≤ 100 ms for every page at the sustained concurrency; the dashboard and
the 360 form at ≥ 25 % of the ceiling's throughput; the database wall (RLS) costs ≤ 10 %.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "platform"))

import fixture  # noqa: E402
import rls  # noqa: E402

VENV_BIN = Path(sys.executable).parent
WORK = ROOT / "var" / "load"
P95_BUDGET_MS = 100.0
SHARE_BUDGET = 0.25
RLS_BUDGET = 0.10
MIX_CLASSES = ("EmployeeUser", "HRUser", "CommitteeUser")
SOLO_PAGES = ("dashboard", "360: form", "training: catalogue", "directory", "directory: search (htmx)",
              "competency heatmap", "9-box", "committee: cases waiting")
SHARE_PAGES = ("dashboard", "360: form")
# Requests that are part of a page's work but not a page load themselves stay in the table
# (they are what users wait for), and count for errors and p95 like everything else.


def log(msg: str) -> None:
    fixture.log(msg)


# --- servers -------------------------------------------------------------------------------------

def server_env(owner: str, port: int) -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": owner,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
        "JENJANG_ENV": "development",  # plain-HTTP cookies; production refuses http
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-benchmark-secret-key-not-for-production"),
        "BASE_DOMAIN": "localhost",
        "PORT": str(port),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # Worker recycling (a guard against leaks) would restart the ceiling's workers every few
        # seconds at its rate; off unless the environment sets it.
        "GUNICORN_MAX_REQUESTS": os.environ.get("GUNICORN_MAX_REQUESTS", "0"),
        "SMTP_URL": "smtp://127.0.0.1:1",
        "PYTHONPATH": "",
    })
    return env


def start_gunicorn(app_spec: str, env: dict, logfile: Path, chdir: Path = ROOT) -> subprocess.Popen:
    out = open(logfile, "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen([str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "config" / "gunicorn.conf.py"),
                             "--chdir", str(chdir), "--no-control-socket", app_spec], cwd=chdir, env=env, stdout=out, stderr=out,
                            start_new_session=True)
    proc.logfile = out
    return proc


def wait_ready(port: int, host: str, path: str = "/healthz", timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
            with urllib.request.urlopen(req, timeout=2) as r:  # noqa: S310 - our own local server
                if r.status < 500:
                    return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn on port {port} did not answer within {timeout:.0f} s")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    proc.logfile.close()


# --- locust ----------------------------------------------------------------------------------------

def locust(config: Path, tag: str, classes: tuple[str, ...], users: int, seconds: int, page: str | None = None,
           ) -> dict[str, dict]:
    """Run locust headless; measure `seconds` from the moment every user has signed in.
    Returns {request name: figures} plus "_total", "_window" and "_setup_errors"."""
    out = WORK / f"{tag}.json"
    out.unlink(missing_ok=True)
    env = dict(os.environ, LOAD_CONFIG=str(config), LOAD_OUT=str(out), LOAD_USERS=str(users),
               LOAD_SECONDS=str(seconds), PYTHONPATH="")
    if page:
        env["LOAD_PAGE"] = page
    cmd = [str(VENV_BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless", "--only-summary",
           "-u", str(users), "-r", str(max(1, users)), "-t", f"{seconds + 240}s", "--loglevel", "WARNING",
           "--stop-timeout", "10", *classes]
    started = time.perf_counter()
    with open(WORK / f"{tag}.log", "wb") as fh:
        subprocess.run(cmd, cwd=HERE, env=env, stdout=fh, stderr=subprocess.STDOUT, check=False)
    log(f"  locust {tag}: {users} users, {seconds} s measured, {time.perf_counter() - started:.0f} s in all")
    empty = {"count": 0, "errors": 0, "rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0, "avg": 0.0}
    if not out.exists():
        return {"_total": dict(empty), "_window": 0.0, "_setup_errors": [f"locust wrote nothing: see {tag}.log"]}
    stats = json.loads(out.read_text())
    stats.setdefault("_total", dict(empty))
    return stats


def combine(rounds: list[tuple[dict, float]]) -> dict:
    """Several runs of one page: throughput over the summed windows; the worst p95; errors summed."""
    count = sum(r.get("count", 0) for r, _w in rounds)
    window = sum(w for _r, w in rounds)
    return {"count": count, "rps": count / window if window else 0.0,
            "errors": sum(r.get("errors", 0) for r, _w in rounds),
            "p95": max((r.get("p95", 0.0) for r, _w in rounds), default=0.0),
            "p50": max((r.get("p50", 0.0) for r, _w in rounds), default=0.0)}


def pages(stats: dict) -> dict[str, dict]:
    return {k: v for k, v in stats.items() if not k.startswith("_")}


# --- the run ------------------------------------------------------------------------------------------

def accounts() -> dict[str, list]:
    big = [[fixture.BIG, f"p{n}@{fixture.BIG}.load"] for n in range(fixture.EMPLOYEE_USERS_BIG)]
    small = [[s, f"p{n}@{s}.load"] for n in range(fixture.EMPLOYEE_USERS_SMALL) for s in fixture.SMALL]
    employees = []
    for n, row in enumerate(big):  # one small-tenant employee after every four of the big tenant
        employees.append(row)
        if n % 4 == 3 and small:
            employees.append(small.pop(0))
    return {"employees": employees + small,
            "hr": [[fixture.BIG, f"hr{n}@{fixture.BIG}.load"] for n in range(fixture.HR_USERS)],
            "committee": [[fixture.BIG, f"tpk{n}@{fixture.BIG}.load"] for n in range(fixture.COMMITTEE_USERS)]}


def flush_redis() -> None:
    import redis

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
    if url.rstrip("/").endswith("/9"):
        raise SystemExit("Redis index 9 belongs to CI; pick another REDIS_URL")
    redis.Redis.from_url(url).flushdb()


def main() -> int:  # noqa: C901, PLR0915 - one linear script
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the load database")
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--users", type=int, help="concurrent users for the mix (skips the search)")
    parser.add_argument("--steps", default="5,10,20,40,60", help="user counts tried when searching")
    parser.add_argument("--step-seconds", type=int, default=25)
    parser.add_argument("--seconds", type=int, default=90, help="length of each measured mix run")
    parser.add_argument("--solo-seconds", type=int, default=10, help="length of each single-page run")
    parser.add_argument("--solo-users", type=int, default=8, help="users that never pause, per page")
    parser.add_argument("--solo-rounds", type=int, default=4, help="runs per page, RLS on/off/off/on")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", "5620")))
    parser.add_argument("--quick", action="store_true", help="a smoke run: seconds instead of minutes")
    parser.add_argument("--no-readme", action="store_true", help="do not write bench/README.md")
    parser.add_argument("--diagnose", action="store_true",
                        help="only request each key page alone in process (time, SQL) and print it")
    args = parser.parse_args()
    if args.quick:
        args.steps, args.step_seconds, args.seconds, args.solo_seconds, args.solo_rounds = "5,10", 8, 12, 6, 2
    WORK.mkdir(parents=True, exist_ok=True)
    for old in WORK.glob("*.json"):
        old.unlink()
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")

    owner, created = fixture.ensure_database(args.rebuild)
    log(f"database {fixture.LOAD_DB} ({'new' if created else 'reused'})")
    app = fixture.make_app(owner)
    rls.restore(owner)  # in case an earlier run was killed before its finally
    fixture.build(app, args.rebuild, args.employees)
    features = feature_specs(app)
    log(fixture.current_hashes(app))
    if args.diagnose:
        flush_redis()
        log(fixture.reset(app))
        log(fixture.warm(app))
        for row in diagnose(app, features):
            print("{:<30} {:>4} {:>6.0f} ms {:>3} SQL {:>5.0f} ms  slowest {:.0f} ms: {}".format(*row))
        return 0
    log("optional modules: " + ", ".join(f"{k} {'on' if v else 'not there yet'}"
                                         for k, v in (("360", features.get("feedback")),
                                                      ("training", features.get("training")))))
    flush_redis()
    log(fixture.reset(app))
    log(fixture.warm(app))

    port, ceiling_port = args.port, args.port + 1
    config = WORK / "config.json"
    config.write_text(json.dumps({"port": port, "ceiling_port": ceiling_port, "password": fixture.PASSWORD,
                                  "accounts": accounts(), "features": features, "think": [0.5, 2.5]}))
    env = server_env(owner, port)
    workers = env.get("WEB_CONCURRENCY") or f"max(2, cpus) = {max(2, os.cpu_count() or 1)}"
    threads = env.get("GUNICORN_THREADS", "4")
    host = f"{fixture.BIG}.localhost:{port}"
    web = ceiling = None
    results: dict = {"workers": workers, "threads": threads, "cpus": os.cpu_count(),
                     "started": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "features": features}
    try:
        web = start_gunicorn("wsgi:app", env, WORK / "gunicorn-app.log")
        ceiling = start_gunicorn("ceiling:app", server_env(owner, ceiling_port), WORK / "gunicorn-ceiling.log",
                                 chdir=HERE)
        wait_ready(port, host)
        wait_ready(ceiling_port, "localhost", "/")
        log(f"gunicorn up: workers {workers}, threads {threads}, app on :{port}, ceiling on :{ceiling_port}")

        log("warming up (not measured)")
        locust(config, "warmup", MIX_CLASSES, 10, max(8, args.step_seconds // 2))

        log("ceiling: bare Flask endpoint")
        results["ceiling"] = locust(config, "ceiling", ("CeilingUser",), args.solo_users * 2, args.solo_seconds)
        ceiling_rps = results["ceiling"]["_total"]["rps"]
        log(f"ceiling: {ceiling_rps:.0f} requests/s")

        if args.users:
            users, steps = args.users, []
        else:
            # Sustained: no errors, every page within 100 ms at p95 stays within it, and a page
            # already slower than that at the lowest step does not get more than twice as slow.
            steps, users, first = [], None, None
            for n in [int(s) for s in args.steps.split(",")]:
                fixture.reset(app)
                st = locust(config, f"step-{n}", MIX_CLASSES, n, args.step_seconds)
                first = first or {k: v["p95"] for k, v in pages(st).items()}
                limit = {k: max(P95_BUDGET_MS, 2 * v) for k, v in first.items()}
                over = [k for k, v in pages(st).items() if v["p95"] > limit.get(k, P95_BUDGET_MS)]
                worst = max(((v["p95"], k) for k, v in pages(st).items()), default=(0.0, "-"))
                errors = st["_total"]["errors"]
                steps.append((n, st["_total"]["rps"], worst, errors, over))
                log(f"step {n} users: {st['_total']['rps']:.1f} req/s, worst p95 {worst[0]:.0f} ms ({worst[1]}), "
                    f"{errors} errors" + (f"; past the limit: {', '.join(over)}" if over else ""))
                if over or errors or not st["_total"]["count"]:
                    break
                users = n
            users = users or int(args.steps.split(",")[0])
        results["users"], results["steps"] = users, steps

        for label, enabled in (("rls_on", True), ("rls_off", False)):
            fixture.reset(app)
            rls.set_enabled(owner, enabled)
            log(f"mix at {users} users, RLS {'on' if enabled else 'off'} ({args.seconds} s)")
            results[label] = locust(config, f"mix-{label}", MIX_CLASSES, users, args.seconds)
        rls.set_enabled(owner, True)

        results["solo"] = {}
        for page in SOLO_PAGES:
            if page.startswith("360") and not features.get("feedback"):
                continue
            if page.startswith("training") and not features.get("training"):
                continue
            # RLS on, off, off, on (twice as many rounds with --solo-rounds 4 …): a drift in the
            # machine's other load then weighs on both settings alike.
            order = ([True, False, False, True] * args.solo_rounds)[:max(2, args.solo_rounds)]
            runs: dict[str, list] = {"on": [], "off": []}
            for n, enabled in enumerate(order):
                rls.set_enabled(owner, enabled)
                slug = "".join(c if c.isalnum() else "_" for c in page).strip("_")
                tag = f"solo-{slug}-{n}-{'on' if enabled else 'off'}"
                st = locust(config, tag, ("SoloUser",), args.solo_users, args.solo_seconds, page=page)
                runs["on" if enabled else "off"].append((st.get(page, {}), st.get("_window", 0.0)))
            rls.set_enabled(owner, True)
            pair = {key: combine(rounds) for key, rounds in runs.items()}
            results["solo"][page] = pair
            log(f"alone: {page}: {pair['on']['rps']:.1f} req/s (RLS off {pair['off']['rps']:.1f})")
    finally:
        rls.restore(owner)
        stop(web)
        stop(ceiling)
    results["diagnosis"] = diagnose(app, features)
    text = report(results, args)
    print(text, flush=True)
    (WORK / "results.json").write_text(json.dumps(results, indent=1, default=str))
    if not args.no_readme and not args.quick:
        write_readme(text)
        log("bench/README.md updated (Load section)")
    return 0


# --- optional modules ---------------------------------------------------------------------------

def feature_specs(app) -> dict:
    """Whether the 360 forms and training enrolment exist yet (endpoints in the app's URL map);
    the simulated users only take those paths when they do."""
    endpoints = {r.endpoint for r in app.url_map.iter_rules()}
    return {"feedback": {"feedback.my_forms", "feedback.fill", "feedback.autosave"} <= endpoints,
            "training": {"training.catalogue", "training.programme_detail", "training.enrol",
                         "training.enrolment_cancel"} <= endpoints}


# --- where the time goes (one request at a time, in process) --------------------------------------

def diagnose(app, features: dict) -> list[tuple]:
    """Each page requested alone, three times, through the Flask test client: the median time, the
    SQL statements, their time, and the slowest statement. Explains the figures above."""
    import re
    import statistics

    import sqlalchemy as sa

    from jenjang.extensions import db

    app.config.update(WTF_CSRF_ENABLED=False)
    base = f"http://{fixture.BIG}.localhost"
    plan = [("employees", "p1", "dashboard", "/"), ("hr", "hr0", "directory", "/people"),
            ("hr", "hr0", "directory: search (htmx)", "/people?q=wati"),
            ("hr", "hr0", "competency heatmap", "/competency/"), ("hr", "hr0", "9-box", "/competency/talent"),
            ("committee", "tpk0", "committee: cases waiting", "/promotion?waiting=me")]
    if features.get("feedback"):
        plan.append(("employees", "p1", "360: form", "360"))
    if features.get("training"):
        plan.append(("employees", "p1", "training: catalogue", "/training/"))
    with app.app_context():
        engine = db.engine
    statements: list[list] = []

    def before(conn, cursor, statement, params, context, many):
        context._load_t = time.perf_counter()
        statements.append([" ".join(statement.split())[:70], 0.0])

    def after(conn, cursor, statement, params, context, many):
        statements[-1][1] = (time.perf_counter() - context._load_t) * 1000

    out, clients = [], {}
    for _pool, who, name, path in plan:
        client = clients.get(who)
        if client is None:
            client = clients[who] = app.test_client()
            client.post("/login", data={"login": f"{who}@{fixture.BIG}.load", "password": fixture.PASSWORD},
                        base_url=base)
        if path == "360":
            m = re.search(r'href="(/360/forms/\d+)', client.get("/360/forms/", base_url=base).get_data(as_text=True))
            if not m:
                continue
            path = f"{m.group(1)}?all=1"
        client.get(path, base_url=base)
        times, runs = [], []
        for _ in range(3):
            statements.clear()
            sa.event.listen(engine, "before_cursor_execute", before)
            sa.event.listen(engine, "after_cursor_execute", after)
            started = time.perf_counter()
            status = client.get(path, base_url=base).status_code
            times.append((time.perf_counter() - started) * 1000)
            sa.event.remove(engine, "before_cursor_execute", before)
            sa.event.remove(engine, "after_cursor_execute", after)
            runs.append([list(s) for s in statements])
        middle = runs[times.index(statistics.median(times))]  # the run that took the median time
        slowest = max(middle, key=lambda s: s[1]) if middle else ["-", 0.0]
        out.append((name, status, statistics.median(times), len(middle), sum(s[1] for s in middle), slowest[1],
                    slowest[0]))
    return out


# --- report -----------------------------------------------------------------------------------------

def _ms(v: float) -> str:
    return f"{v:.0f}"


def report(r: dict, args) -> str:  # noqa: C901
    ceiling = r["ceiling"]["_total"]["rps"] or 1.0
    on, off = pages(r["rls_on"]), pages(r["rls_off"])
    lines = []
    add = lines.append
    add("")
    add(f"Load benchmark — {r['started']}, {r['cpus']} CPUs shared by gunicorn, PostgreSQL, Redis and locust")
    add(f"gunicorn (config/gunicorn.conf.py): workers {r['workers']}, threads {r['threads']}, gthread; "
        f"tenant of {args.employees:,} employees + {len(fixture.SMALL)} small tenants")
    add(f"ceiling (bare Flask, same gunicorn settings, {args.solo_users * 2} users, no think time): "
        f"{ceiling:.0f} req/s, p95 {_ms(r['ceiling']['_total']['p95'])} ms")
    if r["steps"]:
        add("concurrency search (realistic mix, think time 0.5–2.5 s per user):")
        for n, rps, w, e, over in r["steps"]:
            add(f"  {n:>4} users → {rps:6.1f} req/s, worst p95 {w[0]:.0f} ms ({w[1]})"
                + (f", {e} errors" if e else "") + (f"; past the limit: {', '.join(over)}" if over else ""))
    add(f"sustained concurrency used: {r['users']} users ("
        + ("chosen with --users" if not r["steps"] else
           "the largest step without errors where pages within 100 ms at p95 stayed within it and slower "
           "pages did not double") + ")")
    add("")
    add(f"Realistic mix at {r['users']} users, {args.seconds} s, RLS on (as in production)")
    header = (f"  {'page':<30} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'errors':>6}   "
              f"{'p95 RLS off':>11} {'p95 budget':>10}")
    add(header)
    add("  " + "-" * (len(header) - 2))
    for name in sorted(on, key=lambda k: -on[k]["count"]):
        s = on[name]
        o = off.get(name, {})
        ok = s["p95"] <= P95_BUDGET_MS and s["errors"] == 0
        add(f"  {name:<30} {s['rps']:>7.1f} {_ms(s['p50']):>6} {_ms(s['p95']):>6} {_ms(s['p99']):>6} "
            f"{s['errors']:>6}   {_ms(o['p95']) if o else '—':>11} {'ok' if ok else 'MISSED':>10}")
    tot_on, tot_off = r["rls_on"]["_total"], r["rls_off"]["_total"]
    add(f"  {'all requests':<30} {tot_on['rps']:>7.1f} {_ms(tot_on['p50']):>6} {_ms(tot_on['p95']):>6} "
        f"{_ms(tot_on['p99']):>6} {tot_on['errors']:>6}   {_ms(tot_off['p95']):>11}")
    for label in ("rls_on", "rls_off"):
        for name, st in pages(r[label]).items():
            for sample in st.get("error_samples", []):
                add(f"  error ({label.replace('_', ' ')}): {name}: {sample}")
        for sample in r[label].get("_setup_errors", [])[:3]:
            add(f"  error while signing the users in ({label.replace('_', ' ')}): {sample}")
    add("")
    add(f"Each page alone ({args.solo_users} users without think time; {args.solo_rounds} runs of "
        f"{args.solo_seconds} s per page, RLS {'/'.join((['on', 'off', 'off', 'on'] * args.solo_rounds)[:max(2, args.solo_rounds)])}): "
        "throughput, share of the ceiling, the database wall")
    header = (f"  {'page':<30} {'req/s':>7} {'p95':>6} {'share':>7} {'RLS off':>8} {'RLS cost':>9} {'errors':>6}  "
              "budgets")
    add(header)
    add("  " + "-" * (len(header) - 2))
    costs = []
    for page, pair in r["solo"].items():
        a, b = pair["on"], pair["off"]
        share = a["rps"] / ceiling
        cost = (b["rps"] - a["rps"]) / b["rps"] if b["rps"] else 0.0
        costs.append(cost)
        notes = []
        if page in SHARE_PAGES:
            notes.append(f"share ≥ 25 % {'ok' if share >= SHARE_BUDGET else 'MISSED'}")
        notes.append(f"RLS ≤ 10 % {'ok' if cost <= RLS_BUDGET else 'MISSED'}")
        errors = a["errors"] + b["errors"]
        add(f"  {page:<30} {a['rps']:>7.1f} {_ms(a['p95']):>6} {share:>6.1%} {b['rps']:>8.1f} {cost:>8.1%} "
            f"{errors:>6}  {', '.join(notes)}")
    missing = [p for p in SHARE_PAGES if p not in r["solo"]]
    if missing:
        add(f"  not measured (module not there yet): {', '.join(missing)}")
    mean = sum(costs) / len(costs) if costs else 0.0
    if costs:
        add(f"  database wall, mean over the pages: {mean:.1%} of throughput (budget ≤ 10 %: "
            f"{'ok' if mean <= RLS_BUDGET else 'MISSED'})")
    mix_cost = (tot_on["avg"] - tot_off["avg"]) / tot_on["avg"] if tot_on["avg"] else 0.0
    add(f"  database wall in the mix: mean response {tot_on['avg']:.1f} ms with RLS, {tot_off['avg']:.1f} ms "
        f"without ({mix_cost:+.1%} of the time)")
    if r.get("diagnosis"):
        add("")
        add("Where the time goes: each page requested alone (in process, median of 3, RLS on)")
        add(f"  {'page':<30} {'ms':>6} {'SQL':>4} {'SQL ms':>7}  slowest statement")
        for name, status, ms, n, sql_ms, worst_ms, worst in r["diagnosis"]:
            add(f"  {name:<30} {ms:>6.0f} {n:>4} {sql_ms:>7.0f}  {worst_ms:.0f} ms: {worst}"
                + ("" if status == 200 else f"  (status {status})"))
    add("")
    errors = tot_on["errors"] + tot_off["errors"] + sum(p["on"]["errors"] + p["off"]["errors"]
                                                       for p in r["solo"].values())
    slow = [k for k, v in on.items() if v["p95"] > P95_BUDGET_MS]
    shares = {p: r["solo"][p]["on"]["rps"] / ceiling for p in SHARE_PAGES if p in r["solo"]}
    add("Budgets")
    add(f"  no errors                                 {'met' if not errors else f'MISSED: {errors} errors'}")
    add(f"  {'p95 ≤ 100 ms, every page, ' + str(r['users']) + ' users':<42}"
        + ("met" if not slow else f"MISSED by {len(slow)} of {len(on)}: " + ", ".join(sorted(slow))))
    for page in SHARE_PAGES:
        add(f"  {page + ' ≥ 25 % of the ceiling':<42}"
            + (f"{'met' if shares[page] >= SHARE_BUDGET else 'MISSED'} ({shares[page]:.1%})" if page in shares
               else "not measured (module not there yet)"))
    if costs:
        add(f"  database wall ≤ 10 %                      {'met' if mean <= RLS_BUDGET else 'MISSED'} "
            f"({mean:.1%} mean over the pages alone; worst {max(costs):.1%})")
    return "\n".join(lines)


README_INTRO = """## Load

`bench/load/run.sh` (the same as `.venv/bin/python bench/load/run.py`) is the load benchmark of issue 10.
Options: `--rebuild` (drop and rebuild the database), `--users N` (skip the concurrency search),
`--quick` (a smoke run of a few minutes), `--diagnose` (only each key page alone in process: time and
SQL), `--port`, `--steps`, `--seconds`, `--solo-seconds`, `--solo-rounds`.
It needs `locust` (in the `dev` extras).

- **Data**: the database `jenjang_load` (`JENJANG_LOAD_DB`) on DATABASE_URL's server (default
  `postgresql://postgres@127.0.0.1:5432/postgres`; `DATABASE_URL=embedded` for the embedded one), Redis
  index 5 (`REDIS_URL`). Built once and reused: the tenant `beban` with 20,000 employees (`demo populate`)
  and 20 small tenants (`kecil01` … `kecil20`, 120–405 employees); competency standards, assessment-centre
  results and potential scores (`competency/demo.py`); 600 promotion cases put back at the committee's
  step before every run; an open 360 cycle in which each simulated employee rates three colleagues; the
  training demo catalogue with sessions open for enrolment; 400 employee, 10 HR and 10 committee accounts
  in `beban` and 8 employees in each small tenant. Every run flushes its Redis index, then warms the
  cached region views (heatmap, 9-box and its boxes) of every tenant as the RQ worker does after a
  change (`core/datacache.py`): the pages start where a running deployment is.
- **Servers**: gunicorn with `config/gunicorn.conf.py` (WEB_CONCURRENCY, GUNICORN_THREADS from the
  environment; worker recycling off unless GUNICORN_MAX_REQUESTS is set) for `wsgi:app`, and the same
  for the bare Flask app `bench/load/ceiling.py`. Requests go to 127.0.0.1 with `Host: <slug>.localhost:<port>`.
- **Users** (`bench/load/locustfile.py`): employees (80 %, a fifth of them in the small tenants) open
  their dashboard, sign out and in again, open a 360 form, autosave two answers and save the page, and
  enrol in a training session (or withdraw, to enrol again later); HR (10 %) browse the directory, search
  it, open the competency heatmap, the 9-box and a box's members; committee members (10 %) list the cases
  waiting for them, open one and approve it. Think time 0.5–2.5 s. Figures are taken only once every
  user has signed in; percentiles are exact (every response time kept).
- **Measures**: the ceiling (the bare endpoint, no think time); the concurrency the machine sustains
  (the mix at growing user counts: the largest count without errors at which the pages that were
  within 100 ms at p95 stayed within it and the slower pages did not double); the mix at that count with
  row level security as in production and with RLS disabled; each key page alone with no think time
  (its saturation throughput, as a share of the ceiling's), RLS on/off/off/on; and each page requested
  alone in process (time, SQL statements, the slowest statement).
- **RLS off** is a measurement setting on the benchmark database only: the owner runs
  `ALTER TABLE … DISABLE ROW LEVEL SECURITY` on every table with the tenant policy and puts back
  `ENABLE`/`FORCE` in a `finally` (and at the start of every run). The app role, shared by every database
  on the server, is never altered. The ORM's tenant filter stays, so only the database wall is measured.
- **Caveats**: locust, gunicorn, PostgreSQL and Redis share the machine's two CPUs, so throughputs are a
  floor for a real server, and the ceiling is partly the client's limit (one locust process). The RLS
  comparison of a single page is noisy: the same page measured twice in a row differs by up to ±20 %
  on this machine, so only differences that recur run after run mean something (the directory search
  does: see below). Signing in verifies an argon2id hash at OWASP's minimum (19 MiB, 2 iterations,
  about 25 ms of CPU here) on purpose.
"""


def write_readme(text: str) -> None:
    path = ROOT / "bench" / "README.md"
    body = path.read_text(encoding="utf-8")
    begin, end = "<!-- load:begin -->", "<!-- load:end -->"
    section = f"{begin}\n{README_INTRO}\nLast full run:\n\n```{text}\n```\n{end}"
    if begin in body and end in body:
        body = body[:body.index(begin)] + section + body[body.index(end) + len(end):]
    else:
        body = body.rstrip() + "\n\n" + section + "\n"
    path.write_text(body, encoding="utf-8")


if __name__ == "__main__":
    if shutil.which("locust", path=str(VENV_BIN)) is None:
        sys.exit("locust is missing: .venv/bin/pip install -e '.[dev]'")
    sys.exit(main())
