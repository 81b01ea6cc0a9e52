"""gunicorn settings (`gunicorn -c config/gunicorn.conf.py wsgi:app`); every value comes from the
environment, with defaults that suit a small server. The app is stateless: run as many web
containers as needed behind the load balancer."""
import multiprocessing
import os
import re


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 5000)}"
workers = _int("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count()))
threads = _int("GUNICORN_THREADS", 4)
# gunicorn's gthread worker whose request threads never hold up the worker's exit (see the class)
worker_class = "jenjang.web_worker.ThreadWorker"
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = 200
# the app writes one JSON line per request itself (jenjang.observability); set GUNICORN_ACCESSLOG=-
# for gunicorn's own access log as well
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
preload_app = False
# the heartbeat file on tmpfs where there is one (containers: a disk-backed /tmp can stall workers)
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def _control_socket() -> str:
    """gunicorn's control socket (for `gunicornc`): GUNICORN_CONTROL_SOCKET, or one per address
    in gunicorn's usual directory. gunicorn's own default is one path per user, so a second
    instance on the machine (two `make run`) took the socket over, and removed it on stopping."""
    explicit = os.environ.get("GUNICORN_CONTROL_SOCKET")
    if explicit:
        return explicit
    from gunicorn.config import ControlSocket  # its default: $XDG_RUNTIME_DIR or ~/.gunicorn, /gunicorn.ctl

    directory = os.path.dirname(ControlSocket.default)
    return os.path.join(directory, "jenjang-" + re.sub(r"[^A-Za-z0-9.]+", "_", bind).strip("_") + ".ctl")


control_socket = _control_socket()
# X-Forwarded-* are interpreted by the app (ProxyFix with exactly PROXY_HOPS hops), not by gunicorn
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Once the worker has loaded the app: move what was allocated so far (modules, the app, its
    templates) out of the collector's sight, so a full collection during a request does not walk
    it again (measured: about 1.5 ms of a 10 ms page)."""
    import gc

    gc.collect()
    gc.freeze()

