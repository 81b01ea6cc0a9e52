"""gunicorn's threaded worker (`gthread`), with request threads that cannot keep a stopping
worker alive.

Found with py-spy on the workers that Ctrl-C on `make run` left behind (parent 1, port still
held, SIGTERM ignored): the worker's main thread had left gunicorn's code and sat in Python's
interpreter exit, in `concurrent.futures.thread._python_exit` → `Thread.join` (a futex wait),
waiting for a thread of gthread's pool. That pool is a `ThreadPoolExecutor`, whose threads are
not daemons and are joined at exit; the thread was blocked reading a client's request whose
headers had not all arrived (gunicorn reads them with no time limit; a browser's spare
connection also holds a thread up to 5 s before its first byte). SIGTERM could not help: it
only tells a worker to stop serving, which it already had.

Two changes, through the hook gunicorn documents for it (`get_thread_pool`) and its signal
handler:
- the pool's threads are daemon threads, so the process ends when the main thread does;
  whatever a thread was still doing is abandoned, which is what "stop now" (SIGINT/SIGQUIT) and
  "graceful_timeout is over" (SIGTERM) mean anyway;
- the first SIGINT/SIGQUIT is the only one acted on: Ctrl-C reaches a worker once from the
  terminal (when it shares the terminal's process group) and once more from its master, and the
  second `sys.exit` used to land inside the first one's way out and cut it short.
"""
from __future__ import annotations

import queue
import signal
import threading
from concurrent.futures import Executor, Future

from gunicorn.workers.gthread import ThreadWorker as GThreadWorker


class DaemonThreadPool(Executor):
    """The part of ThreadPoolExecutor that gthread uses (submit, shutdown), on daemon threads."""

    def __init__(self, max_workers: int, name: str = "request"):
        self._max_workers = max_workers
        self._name = name
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._shutdown = False

    def submit(self, fn, /, *args, **kwargs) -> Future:
        with self._lock:
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            future: Future = Future()
            self._queue.put((future, fn, args, kwargs))
            if len(self._threads) < self._max_workers:
                thread = threading.Thread(target=self._work, name=f"{self._name}-{len(self._threads)}", daemon=True)
                thread.start()
                self._threads.append(thread)
            return future

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            future, fn, args, kwargs = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - handed to the future, as ThreadPoolExecutor does
                future.set_exception(exc)
            else:
                future.set_result(result)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            if self._shutdown:
                return
            self._shutdown = True
            if cancel_futures:
                while True:
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if item is not None:
                        item[0].cancel()
            for _ in self._threads:
                self._queue.put(None)
        if wait:
            for thread in self._threads:
                thread.join()


class ThreadWorker(GThreadWorker):
    def get_thread_pool(self):
        return DaemonThreadPool(self.cfg.threads)

    def handle_quit(self, sig, frame):
        for quit_signal in (signal.SIGINT, signal.SIGQUIT):
            signal.signal(quit_signal, signal.SIG_IGN)
        super().handle_quit(sig, frame)
