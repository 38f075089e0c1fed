"""Where conversions happen (this process, or a pool of workers) and how a run is stopped."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import signal
import sys
import threading
import types
from collections.abc import Callable, Iterator
from typing import Any

from .worker import Config, Result, Task, convert, init_worker, message

# Futures in flight per worker: enough to keep every worker busy between the parent's
# wake-ups, few enough that memory does not depend on the size of the archive.
WINDOW_PER_JOB = 8
# On SIGINT/SIGTERM, conversions already running get this long to finish before the workers
# are killed: a prompt stop that wastes little work.
STOP_GRACE_SECONDS = 1.0


class InlineRunner:
    """--jobs 1: convert in this process, one input at a time (debuggable, no workers)."""

    def __init__(self) -> None:
        self._done: list[Result] = []

    def has_room(self) -> bool:
        return not self._done

    def submit(self, task: Task) -> None:
        self._done.append(convert(task))

    def pending(self) -> int:
        return len(self._done)

    def collect(self, timeout: float) -> list[Result]:
        done, self._done = self._done, []
        return done

    def stop(self, grace: float) -> list[Result]:
        return self.collect(0)

    def close(self) -> None:
        pass


def mp_context(method: str | None, formats: tuple[str, ...]) -> Any:
    """The workers' start method. By default not fork: forking a process that runs other
    threads (a host application's, a library's) can leave a child stuck on a lock taken at
    the moment of the fork. The forkserver forks from a clean single-threaded server that has
    imported the writers once; where there is none (Windows), spawn."""
    import multiprocessing

    if method is None:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() \
            else "spawn"
    context = multiprocessing.get_context(method)
    if method in _CLEAN:
        context = _CLEAN[method]()
    if method == "forkserver":
        from ..writers import BUILTIN

        # Only effective before the server starts (once per process); plug-in writers are
        # imported by each worker instead.
        context.set_forkserver_preload(
            [__package__ + ".worker", *(BUILTIN[n] for n in formats if n in BUILTIN)])
    return context


# Forkserver and spawn workers normally import the caller's main module first (to find
# functions defined there). Ours need nothing from it, and a script that calls
# docconv.batch.run without `if __name__ == "__main__":` would run again in every worker
# and kill it. So a worker is launched while __main__ is a blank module: multiprocessing
# then records no main module to import.
_main_lock = threading.Lock()


@contextlib.contextmanager
def _caller_main_hidden() -> Iterator[None]:
    with _main_lock:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if main is not None:
                sys.modules["__main__"] = main


def _clean_contexts() -> dict[str, Callable[[], Any]]:
    from multiprocessing import context as mpc

    made: dict[str, Callable[[], Any]] = {}
    for name, process, ctx in (("spawn", "SpawnProcess", "SpawnContext"),
                               ("forkserver", "ForkServerProcess", "ForkServerContext")):
        base_process = getattr(mpc, process, None)
        base_context = getattr(mpc, ctx, None)
        if base_process is None or base_context is None:
            continue  # forkserver on Windows
        launch = base_process._Popen

        def _popen(process_obj: Any, _launch: Any = launch) -> Any:
            with _caller_main_hidden():
                return _launch(process_obj)

        # module-level names: a worker's Process object is pickled by reference
        cls = type(f"Clean{process}", (base_process,), {"_Popen": staticmethod(_popen),
                                                       "__module__": __name__})
        globals()[cls.__name__] = cls
        made[name] = type(f"Clean{ctx}", (base_context,), {"Process": cls,
                                                           "__module__": __name__})
    return made


_CLEAN = _clean_contexts()


def prestart(method: str | None, formats: tuple[str, ...]) -> None:
    """Start the fork server now: its start-up (an interpreter, the writers' imports) then
    overlaps the parent's own instead of delaying the first workers."""
    if mp_context(method, formats).get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class PoolRunner:
    """Worker processes fed through a bounded window of futures. A worker that dies (a
    crash, the OOM killer) breaks the pool: it is rebuilt and the inputs that were in flight
    are tried once more, then reported as failed."""

    def __init__(self, jobs: int, config: Config, after_crash: Callable[[], object],
                 start_method: str | None = None):
        self.jobs = jobs
        self._config = config
        self._start_method = start_method
        self._after_crash = after_crash  # sweeps the dead workers' .part files
        self._pool: cf.ProcessPoolExecutor | None = None
        self._futures: dict[cf.Future[Result], Task] = {}
        self._started = False  # a worker has returned a result

    def _executor(self) -> cf.ProcessPoolExecutor:
        if self._pool is None:
            context = mp_context(self._start_method, self._config.formats)
            self._pool = cf.ProcessPoolExecutor(self.jobs, mp_context=context,
                                                initializer=init_worker,
                                                initargs=(self._config,))
        return self._pool

    def has_room(self) -> bool:
        return len(self._futures) < self.jobs * WINDOW_PER_JOB

    def pending(self) -> int:
        return len(self._futures)

    def submit(self, task: Task) -> None:
        try:
            future = self._executor().submit(convert, task)
        except cf.BrokenExecutor:
            self._kill()
            self._after_crash()
            future = self._executor().submit(convert, task)
        self._futures[future] = task

    def collect(self, timeout: float) -> list[Result]:
        if not self._futures:
            return []
        done, _ = cf.wait(self._futures, timeout=timeout, return_when=cf.FIRST_COMPLETED)
        out: list[Result] = []
        orphans: list[Task] = []
        for future in done:
            task = self._futures.pop(future)
            try:
                out.append(future.result())
                self._started = True
            except cf.BrokenExecutor:
                orphans.append(task)
            except Exception as exc:  # e.g. a result that would not pickle
                out.append(Result(task.rel, message(exc), 0.0))
        if orphans:
            # Every future of a broken pool fails; the culprit is not known, so each input
            # that was in flight gets one more try in a new pool.
            orphans += self._futures.values()
            self._futures.clear()
            self._kill()
            self._after_crash()  # no worker is alive now: no .part file is in use
            died = "the worker process died converting it" if self._started else \
                "the worker process died before converting anything"
            for task in orphans:
                if task.attempts:
                    out.append(Result(task.rel, died, 0.0))
                else:
                    self.submit(task._replace(attempts=1))
        return out

    def _kill(self) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # running conversions are abandoned, not awaited
            with contextlib.suppress(Exception):
                process.terminate()
        for process in processes:
            with contextlib.suppress(Exception):
                process.join(5)
                if process.is_alive():
                    process.kill()
                    process.join(1)

    def stop(self, grace: float) -> list[Result]:
        """Cancel what has not started, give what is running `grace` seconds to finish
        (its outputs are then recorded, not wasted), kill the rest."""
        for future in self._futures:
            future.cancel()
        running = [f for f in self._futures if not f.cancelled()]
        if running:
            cf.wait(running, timeout=grace)
        results = []
        for future in running:
            if future.done():
                with contextlib.suppress(Exception):
                    results.append(future.result())
        self._futures.clear()
        self._kill()
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


class Stop:
    """The first SIGINT/SIGTERM asks the run to stop cleanly; a second one while it is still
    converting in-process (--jobs 1) interrupts the article at hand. Handlers can only be
    installed from the main thread; a run in another thread is stopped by its host."""

    def __init__(self) -> None:
        self.signum = 0
        self.cleaning = False
        self._saved: dict[int, Any] = {}

    def _handle(self, signum: int, frame: object) -> None:
        if self.signum and not self.cleaning:
            raise KeyboardInterrupt
        self.signum = self.signum or signum

    def __enter__(self) -> Stop:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._saved[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self._saved.items():
            signal.signal(signum, handler)
