"""`make run`: the whole system on one machine, in the foreground.

Starts (unless DATABASE_URL / REDIS_URL are set) an embedded PostgreSQL and an embedded Redis
under var/, and (unless SMTP_URL is set) a local SMTP sink whose messages the console's mailbox
shows; applies migrations, provisions the demo tenants, then runs gunicorn and an RQ worker with
its scheduler and the notifications sweeper. The banner is printed once the web server answers.

Every part runs in a process group of its own, so Ctrl-C reaches only this process, which then
stops each part once and in order, waits for them (STOP_GRACE seconds), and kills whatever of
their groups remains: a part cannot outlive `make run`, nor keep its port. If a part cannot
start (a port taken by another `make run`, a failed migration), everything started so far is
stopped and the last line printed says what failed. The data stays in var/ for next time.

Ports: gunicorn listens on PORT (5000); the mail sink on MAIL_SINK_PORT when it is set,
otherwise on PORT + 3025 (8025 for 5000), or on any free port when that one is taken."""
from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
STOP_GRACE = 10.0  # seconds a part gets to stop before its process group is killed
READY_TIMEOUT = 90.0  # seconds a server gets to start listening
SINK_PORT_OFFSET = 3025  # PORT 5000 → mail sink 8025, PORT 5001 → 8026


class StartupFailure(Exception):
    """A part could not start; the message is the one line the user reads last."""


class Interrupted(Exception):
    """Ctrl-C, SIGTERM or SIGHUP."""


def _interrupt(signum, _frame):
    _ignore_further_signals()  # one is enough; a second must not cut the stopping short
    raise Interrupted(signum)


def _ignore_further_signals() -> None:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: None)


def _die_with_parent() -> None:
    """In the child, before exec (Linux): SIGTERM when this process dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# --- ports ---------------------------------------------------------------------------------

def port_in_use(host: str, port: int) -> bool:
    """Whether a server could not listen on host:port (bound as gunicorn binds, SO_REUSEADDR)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return True
            raise
    return False


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def choose_sink_port(web_port: int, explicit: str | None) -> int:
    """MAIL_SINK_PORT if set (and free); else PORT + 3025 if free; else any free port."""
    if explicit:
        port = int(explicit)
        if port_in_use("127.0.0.1", port):
            raise StartupFailure(f"the mail sink cannot listen on 127.0.0.1:{port} (MAIL_SINK_PORT): the port is "
                                 "already in use; set another MAIL_SINK_PORT, or unset it to get a free one")
        return port
    derived = web_port + SINK_PORT_OFFSET
    if derived <= 65535 and not port_in_use("127.0.0.1", derived):
        return derived
    return free_port()


def web_address(env: dict) -> tuple[str, str, int] | None:
    """Where gunicorn will listen, as config/gunicorn.conf.py decides: (host it binds, host to
    reach it on, port); None when it is not a TCP address."""
    bind = env.get("GUNICORN_BIND") or f"{env.get('HOST') or '127.0.0.1'}:{env['PORT']}"
    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit() or bind.startswith("unix:"):
        return None
    host = host.strip("[]")
    reach = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # noqa: S104 - read, not bound here
    return host, reach, int(port)


# --- the parts -----------------------------------------------------------------------------

class Parts:
    """The processes started so far, each the leader of its own process group."""

    def __init__(self, env: dict):
        self.env = env
        self.running: list[tuple[str, subprocess.Popen]] = []
        self.signal_group: set[int] = set()  # parts whose whole group gets the stop signal

    def _popen(self, args: list[str]) -> subprocess.Popen:
        return subprocess.Popen(args, cwd=ROOT, env=self.env, start_new_session=True,
                                preexec_fn=_die_with_parent if sys.platform == "linux" else None)  # noqa: PLW1509

    def start(self, name: str, args: list[str], *, signal_group: bool = True) -> subprocess.Popen:
        """signal_group: Ctrl-C goes to every process of the part, as a terminal would send it;
        False for gunicorn, whose master stops its workers itself."""
        proc = self._popen(args)
        self.running.append((name, proc))
        if signal_group:
            self.signal_group.add(proc.pid)
        return proc

    def step(self, name: str, *args: str) -> None:
        """One `flask …` command, to completion."""
        proc = self.start(name, [str(VENV_BIN / "flask"), "--app", "wsgi", *args])
        code = proc.wait()
        self.running.remove((name, proc))
        if code != 0:
            raise StartupFailure(f"`{name}` failed (exit {code}); its messages are above")

    def wait_listening(self, name: str, proc: subprocess.Popen, host: str, port: int) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while not answers(host, port):
            if proc.poll() is not None:
                raise StartupFailure(f"{name} stopped while starting (exit {proc.returncode}); "
                                     f"it did not listen on {host}:{port}; its messages are above")
            if time.monotonic() > deadline:
                raise StartupFailure(f"{name} did not listen on {host}:{port} within {READY_TIMEOUT:.0f} s")
            time.sleep(0.2)

    def exited(self) -> tuple[str, int] | None:
        for name, proc in self.running:
            if proc.poll() is not None:
                return name, proc.returncode
        return None

    def stop(self) -> None:
        """SIGINT to each part (gunicorn's and RQ's quick/warm shutdown, the sink's stop), wait up
        to STOP_GRACE, then SIGKILL every process left in their groups (orphaned children too)."""
        groups = [proc.pid for _name, proc in self.running]
        for _name, proc in self.running:
            try:
                if proc.pid in self.signal_group:
                    os.killpg(proc.pid, signal.SIGINT)
                elif proc.poll() is None:
                    os.kill(proc.pid, signal.SIGINT)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + STOP_GRACE
        while time.monotonic() < deadline and any(_group_alive(g) for g in groups):
            for _name, proc in self.running:
                proc.poll()  # reap the leaders, so their groups can empty
            time.sleep(0.1)
        for group in groups:
            if _group_alive(group):
                print(f"• process group {group} did not stop in {STOP_GRACE:.0f} s: killing it", flush=True)
                try:
                    os.killpg(group, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for _name, proc in self.running:
            proc.wait()
        self.running.clear()


def _group_alive(pgid: int) -> bool:
    """Whether any process (not a zombie) is left in the process group."""
    if not Path("/proc").is_dir():  # not Linux: ask the kernel whether the group exists
        try:
            os.killpg(pgid, 0)
            return True
        except ProcessLookupError:
            return False
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


# --- make run ------------------------------------------------------------------------------

def main() -> int:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupt)
    env = dict(os.environ)
    env.setdefault("JENJANG_ENV", "development")
    env["PORT"] = port = env.get("PORT") or "5000"
    base = env.setdefault("BASE_DOMAIN", "localhost")
    parts = Parts(env)
    failure: str | None = None
    try:
        failure = run(env, parts, int(port), base)
    except StartupFailure as exc:
        failure = f"Jenjang could not start: {exc}"
    except Interrupted:
        pass
    finally:
        _ignore_further_signals()
        parts.stop()
        from jenjang import embedded  # heavy (the embedded servers): loaded only when they run

        embedded.stop()
    sys.stdout.flush()
    if failure:
        print(f"\n{failure}", file=sys.stderr, flush=True)
        return 1
    print("stopped.", flush=True)
    return 0


def run(env: dict, parts: Parts, port: int, base: str) -> str | None:
    """Start everything, then wait until interrupted. Returns the failure line, if one ended it."""
    from jenjang import embedded  # heavy (the embedded servers): loaded only when they run

    address = web_address(env)
    if address and port_in_use(address[0], address[2]):
        raise StartupFailure(f"{address[0]}:{address[2]} is already in use (another `make run`?); "
                             f"choose another port, e.g. PORT={port + 1} make run")
    if not env.get("DATABASE_URL"):
        print("• starting embedded PostgreSQL in var/pg …", flush=True)
        env["DATABASE_URL"] = embedded.database_url()
    if not env.get("REDIS_URL"):
        print("• starting embedded Redis in var/ …", flush=True)
        env["REDIS_URL"] = embedded.redis_url()
    if not env.get("SMTP_URL"):
        # No mail server named: a local sink receives every email; the console's mailbox shows them.
        sink_port = choose_sink_port(port, os.environ.get("MAIL_SINK_PORT"))
        env["MAIL_SINK_PORT"] = str(sink_port)
        env["SMTP_URL"] = f"smtp://127.0.0.1:{sink_port}"
        print(f"• starting the development mail sink on 127.0.0.1:{sink_port} (var/mail) …", flush=True)
        sink = parts.start("the mail sink", [sys.executable, "-m", "jenjang.notifications.sink",
                                             "--port", str(sink_port)])
        parts.wait_listening("the mail sink", sink, "127.0.0.1", sink_port)

    print("• applying migrations and provisioning demo tenants …", flush=True)
    parts.step("flask setup", "setup")
    manifests = sorted(str(p) for p in (ROOT / "tenants").glob("*.toml"))
    parts.step("flask tenants apply", "tenants", "apply", "--demo", *manifests)
    parts.step("flask operators ensure-demo", "operators", "ensure-demo")
    parts.step("flask demo provision", "demo", "provision", *manifests)

    web = parts.start("the web server (gunicorn)",
                      [str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "wsgi:app"], signal_group=False)
    worker = parts.start("the RQ worker", [str(VENV_BIN / "flask"), "--app", "wsgi", "worker"])
    if address:
        parts.wait_listening("the web server (gunicorn)", web, address[1], address[2])
    if worker.poll() is not None:
        raise StartupFailure(f"the RQ worker stopped while starting (exit {worker.returncode}); "
                             "its messages are above")

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

    while True:
        ended = parts.exited()
        if ended:
            name, code = ended
            return f"Jenjang stopped: {name} exited unexpectedly (exit {code}); its messages are above"
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
