"""Submissions read in worker processes that may die: a file that crashes its reader costs only itself.

calamine and zlib are native code: a damaged or hostile file can abort the process (Rust's «memory
allocation failed», a segfault) where no `except` reaches. Every file is therefore read in a
worker; when one dies or overruns its time, the file it was reading gets the finding
`khong-doc-duoc`, the worker is replaced and the other files go on. concurrent.futures cannot do
this: one dead worker breaks its whole pool, and multiprocessing.Pool waits forever for the task.

Each worker holds at most two files at a time (the one it reads, the next one queued), so the one
that was being read when it died is known: the first of its two.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import signal
import time
from collections import deque
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from pipeline.ingest.collector import Collector, Submission
from pipeline.ingest.context import ReadContext
from pipeline.ingest.submission import read_submission

FILE_SECONDS = 60.0  # one file's reading, wall clock: the backstop for a reader that sleeps or blocks
# One file's reading, CPU time of its worker: the worst hostile file measured (a 4 MB CSV of 350.000
# unknown codes) takes 3,6 s, a unit's real workbook milliseconds. A busy machine stretches wall
# time, never CPU time.
FILE_CPU_SECONDS = 5.0
WORKER_MEMORY_BYTES = 2 * 2**30  # address space a worker may add to what it has after start-up
_IN_FLIGHT = 2
_WINDOW_PER_WORKER = 32  # results read ahead of the one the caller waits for, at most

Task = tuple[int, Path, str]


def worker_main(conn: Connection, pickled_context: bytes, cpu_seconds: float) -> None:
    """A worker: read each (index, path, name) it is sent and send back (index, Submission).

    `cpu_seconds` comes from the parent, so the limit it reports (`_death`) is the one applied."""
    context: ReadContext = pickle.loads(pickled_context)
    faulthandler.disable()  # a forked worker may inherit one (pytest's): its death is a finding, not a dump
    _limit_memory()
    cpu_timer = _CpuTimer(cpu_seconds)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, path, name = task
        cpu_timer.arm()
        submission = read_submission(path, name, context)
        cpu_timer.disarm()
        conn.send((index, submission))


class _CpuTimer:
    """SIGPROF after `seconds` of the worker's CPU time on one file. Its default action ends the
    process even inside native code (calamine, zlib), where a Python exception would not arrive;
    the parent reports the file (see `_death`). Where there is no setitimer (Windows) the
    wall-clock FILE_SECONDS alone bounds a file."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.usable = hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF") and seconds > 0
        if self.usable:  # a profiler's handler, if one was inherited, would keep the worker alive
            signal.signal(signal.SIGPROF, signal.SIG_DFL)

    def arm(self) -> None:
        if self.usable:
            signal.setitimer(signal.ITIMER_PROF, self.seconds)

    def disarm(self) -> None:
        if self.usable:
            signal.setitimer(signal.ITIMER_PROF, 0)


def _limit_memory() -> None:
    """Where the system allows it, a reader that asks for far too much gets a MemoryError (a finding)
    or dies alone, before the machine starts swapping."""
    try:
        import resource  # lazy: POSIX only, absent on Windows
    except ImportError:
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = used + WORKER_MEMORY_BYTES
        if hard == resource.RLIM_INFINITY or wanted <= hard:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (OSError, ValueError):
        pass  # not Linux, or not allowed: the worker still dies alone


class _Worker:
    def __init__(self, context: BaseContext, pickled_context: bytes) -> None:
        parent, child = context.Pipe()
        self.process: Any = context.Process(  # type: ignore[attr-defined]
            target=worker_main, args=(child, pickled_context, FILE_CPU_SECONDS), daemon=True
        )
        self.process.start()
        child.close()
        self.conn = parent
        self.tasks: deque[Task] = deque()
        self.since = time.monotonic()  # when the first of `tasks` began to be read

    def send(self, task: Task) -> None:
        if not self.tasks:
            self.since = time.monotonic()
        self.tasks.append(task)
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):  # already gone: join below
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def read_isolated(
    files: Sequence[tuple[Path, str]], ctx: ReadContext, workers: int, context: BaseContext
) -> Iterator[Submission]:
    """`read_submission` of every file in worker processes, yielded in the order of `files`."""
    run = _Isolated(pickle.dumps(ctx, protocol=pickle.HIGHEST_PROTOCOL), context)
    del ctx  # the workers have their copy; a national context is ~130 MB as objects
    pending: deque[Task] = deque((i, path, name) for i, (path, name) in enumerate(files))
    pool = [run.start() for _ in range(max(1, min(workers, len(files))))]
    window = _WINDOW_PER_WORKER * len(pool)
    following = 0
    try:
        while following < len(files):
            for worker in pool:
                while pending and len(worker.tasks) < _IN_FLIGHT and pending[0][0] < following + window:
                    worker.send(pending.popleft())
            run.collect(pool, pending)
            while following in run.done:
                yield run.done.pop(following)
                following += 1
    finally:
        for worker in pool:
            worker.stop(kill=bool(worker.tasks))


class _Isolated:
    """One isolated read's shared state: the results not yet yielded, how to start a worker."""

    def __init__(self, pickled_context: bytes, context: BaseContext) -> None:
        self.pickled_context = pickled_context
        self.context = context
        self.done: dict[int, Submission] = {}
        self._read_context: ReadContext | None = None  # unpickled only if a worker dies

    def start(self) -> _Worker:
        return _Worker(self.context, self.pickled_context)

    def collect(self, pool: list[_Worker], pending: deque[Task]) -> None:
        """Wait for results; a worker that died or overran its time is replaced, its file reported."""
        busy = [w for w in pool if w.tasks]
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=1.0)
        now = time.monotonic()
        for n, worker in enumerate(pool):
            lost = self._receive(worker, ready, now) if worker.tasks else ""
            if lost and worker.tasks:
                index, _, name = worker.tasks.popleft()
                self.done[index] = self._unreadable(name, lost)
                pending.extendleft(reversed(worker.tasks))  # the file queued behind it is read again
                worker.tasks.clear()
                worker.stop(kill=True)
                pool[n] = self.start()

    def _receive(self, worker: _Worker, ready: list[Any], now: float) -> str:
        """Take the worker's results; what went wrong with the file it was reading, or ""."""
        if worker.conn in ready:
            try:
                while worker.tasks and worker.conn.poll():
                    index, submission = worker.conn.recv()
                    self.done[index] = submission
                    worker.tasks.popleft()
                    worker.since = now
                return ""
            except (EOFError, OSError):
                return _death(worker)
        if worker.process.sentinel in ready:
            return _death(worker)
        if now - worker.since > FILE_SECONDS:
            return f"Đọc tệp quá {FILE_SECONDS:.0f} giây nên đã dừng."
        return ""

    def _unreadable(self, name: str, detail: str) -> Submission:
        """The finding of a file whose reader died: attributed to its unit where its name says."""
        if self._read_context is None:
            self._read_context = pickle.loads(self.pickled_context)
        collector = Collector(name, self._read_context)
        collector.add(
            "khong-doc-duoc", detail=f"{detail} Tệp có thể bị hỏng: mở bằng Excel, lưu lại rồi gửi lại."
        )
        return collector.finish()


def _signal_name(number: int) -> str:
    try:
        return f"{number}, {signal.Signals(number).name}"
    except ValueError:
        return str(number)


def _death(worker: _Worker) -> str:
    worker.process.join(timeout=5)
    code = worker.process.exitcode
    if code is not None and hasattr(signal, "SIGPROF") and code == -signal.SIGPROF:
        return (
            f"Đọc tệp đã dùng quá {_seconds(FILE_CPU_SECONDS)} giây CPU (giới hạn cho một tệp) nên đã dừng;"
            " các tệp khác vẫn được đọc."
        )
    how = f"mã {code}" if code is None or code >= 0 else f"tín hiệu {_signal_name(-code)}"
    return f"Trình đọc bảng tính dừng đột ngột khi đọc tệp này ({how})."


def _seconds(value: float) -> str:
    """5 → «5», 0.5 → «0,5»: a limit as staff read it."""
    return f"{value:g}".replace(".", ",")
