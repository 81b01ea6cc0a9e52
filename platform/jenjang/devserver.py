"""`make run`: the whole system on one machine, in the foreground.

Starts (unless DATABASE_URL / REDIS_URL are set) an embedded PostgreSQL and an embedded
Redis under var/, and (unless SMTP_URL is set) a local SMTP sink whose messages the console's
mailbox shows; applies migrations, provisions the demo tenants, then runs gunicorn and an RQ
worker with its scheduler and the notifications sweeper. Ctrl-C stops everything; the data
stays in var/ for next time."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def _run(*args: str, env: dict) -> None:
    subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True)


def main() -> int:
    env = dict(os.environ)
    env.setdefault("JENJANG_ENV", "development")
    port = env.setdefault("PORT", "5000")
    base = env.setdefault("BASE_DOMAIN", "localhost")
    from jenjang import embedded

    if not env.get("DATABASE_URL"):
        print("• starting embedded PostgreSQL in var/pg …", flush=True)
        env["DATABASE_URL"] = embedded.database_url()
    if not env.get("REDIS_URL"):
        print("• starting embedded Redis in var/ …", flush=True)
        env["REDIS_URL"] = embedded.redis_url()
    extra = []
    if not env.get("SMTP_URL"):
        # No mail server named: a local sink receives every email; the console's mailbox shows them.
        sink_port = env.setdefault("MAIL_SINK_PORT", "8025")
        env["SMTP_URL"] = f"smtp://127.0.0.1:{sink_port}"
        print(f"• starting the development mail sink on 127.0.0.1:{sink_port} (var/mail) …", flush=True)
        extra.append(subprocess.Popen([sys.executable, "-m", "jenjang.notifications.sink", "--port", sink_port],
                                      cwd=ROOT, env=env))

    print("• applying migrations and provisioning demo tenants …", flush=True)
    _run("setup", env=env)
    manifests = sorted(str(p) for p in (ROOT / "tenants").glob("*.toml"))
    _run("tenants", "apply", "--demo", *manifests, env=env)
    _run("operators", "ensure-demo", env=env)
    _run("demo", "provision", *manifests, env=env)

    procs = [
        subprocess.Popen([str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env),
        subprocess.Popen([str(VENV_BIN / "flask"), "--app", "wsgi", "worker"], cwd=ROOT, env=env),
        *extra,
    ]
    slugs = [Path(m).stem for m in manifests]
    print("\n" + "=" * 72)
    print(" Jenjang is running. Ctrl-C stops everything (data stays in var/).\n")
    for slug in slugs:
        print(f"   http://{slug}.{base}:{port}")
    print(f"   http://console.{base}:{port}   (operator@jenjang.demo)")
    print(f"   emails: {env['SMTP_URL']}  →  http://console.{base}:{port}/mail")
    print("\n Demo sign-ins (password jenjang-demo): admin@<slug>.demo, hr@<slug>.demo,")
    print(" ppk@<slug>.demo, tpk@<slug>.demo, atasan@<slug>.demo, pegawai@<slug>.demo")
    print("=" * 72 + "\n", flush=True)

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            for p in procs:
                if p.poll() is not None:
                    print(f"process {p.args[0]} exited with {p.returncode}; stopping", flush=True)
                    stopping = True
            time.sleep(0.5)
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        embedded.stop()
        print("stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
