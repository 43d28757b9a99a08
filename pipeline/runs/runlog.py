"""A log file per run under outputs/<Y>/logs/, the one summary line, and a progress bar for terminals.

Scheduled runs have no one watching: the log keeps every message with its time, so IT staff
can see in the morning what the night's run did. Messages still go to stderr (unless --quiet);
the progress bar only when stderr is a terminal, so cron mail and log files stay clean.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO, TypeVar

from pipeline.errors import InputError, TongketError, mark_logged

LOGS_DIR = "logs"
KEEP_LOGS = 100  # a nightly run over December makes ~31; keep a few seasons, not forever

T = TypeVar("T")
_PROGRESS_ON: ContextVar[bool] = ContextVar("tongket_progress", default=True)


@dataclass
class Tally:
    """What the summary line reports."""

    received: int = 0
    missing: int = 0
    invalid: int = 0
    written: int = 0
    kept: int = 0
    unchanged: int = 0
    beside: int = 0  # new drafts written beside kept edits (counted in `kept`)
    units: bool = True  # False for a command that reads no submissions (form, certificates, pdf)

    def line(self) -> str:
        """The one summary line, in Vietnamese, with every count named."""
        beside = f" ({self.beside} bản mới để bên cạnh)" if self.beside else ""
        units = (
            f"đơn vị đã gửi {self.received}, chưa gửi {self.missing}, có lỗi {self.invalid}; "
            if self.units
            else ""
        )
        return (
            f"Kết quả: {units}"
            f"văn bản ghi mới {self.written}, giữ bản đã sửa {self.kept}{beside}, không đổi {self.unchanged}."
        )


class RunLog:
    """Writes every message, with its time, to a new file under <folder>/logs/; echoes it unless quiet."""

    def __init__(self, folder: Path, echo: Callable[[str], None] | None = None, command: str = "run") -> None:
        self.echo = echo
        logs = folder / LOGS_DIR
        logs.mkdir(parents=True, exist_ok=True)
        started = datetime.now()
        self.path = logs / f"tongket-{command}-{started:%Y-%m-%d_%H%M%S}-{os.getpid()}.log"
        self._file: TextIO | None = self.path.open("a", encoding="utf-8", newline="\n")
        self.say(f"Bắt đầu: tongket {command}, thư mục {folder}")
        _prune(logs, keep=KEEP_LOGS)

    def say(self, message: str, echo: bool = True) -> None:
        if self._file is not None:
            self._file.write(f"{datetime.now():%Y-%m-%d %H:%M:%S} {message}\n")
            self._file.flush()  # a run killed in the night still leaves what it had done
        if echo and self.echo is not None:
            self.echo(message)

    def close(self, last_line: str = "") -> None:
        """End the log with `last_line` (the summary line), which is also echoed."""
        if last_line:
            self.say(last_line)
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> RunLog:
        return self

    def __exit__(self, *exc: object) -> None:
        if isinstance(exc[1], SystemExit):  # SIGTERM (see pipeline.cli): the files already written are whole
            self.say(f"Bị dừng giữa chừng (mã thoát {exc[1].code}); các tệp đã có vẫn nguyên vẹn.")
        elif isinstance(exc[1], KeyboardInterrupt):
            self.say("Bị dừng giữa chừng (Ctrl+C); các tệp đã có vẫn nguyên vẹn.")
        elif exc[0] is not None:
            error = exc[1]
            # A bad input's message is already Vietnamese for the user; anything else keeps its type.
            # The command line prints the one error line itself: here it goes to the file only,
            # or the user would read it twice.
            bad_input = isinstance(error, InputError)
            shown = str(error) if bad_input else f"{type(error).__name__}: {error}"
            self.say(f"Dừng vì lỗi: {shown}", echo=False)
            if isinstance(error, BaseException) and not isinstance(error, TongketError):
                self.write_traceback(error)
        self.close()

    def write_traceback(self, error: BaseException) -> None:
        """An unexpected error's traceback, for whoever fixes tongket; the CLI names this file."""
        if self._file is not None:
            self._file.write("".join(traceback.format_exception(error)))
            self._file.flush()
            mark_logged(error, self.path)


def log_crash(folder: Path, command: str, error: BaseException) -> Path | None:
    """A log of its own for an unexpected error raised outside a run's log (form, pdf...)."""
    try:
        log = RunLog(folder, command=command)
    except OSError:
        return None  # the outputs folder itself is unusable: the CLI still prints the error
    log.say(f"Dừng vì lỗi: {type(error).__name__}: {error}")
    log.write_traceback(error)
    log.close()
    return log.path


@contextmanager
def quiet_progress() -> Iterator[None]:
    """No progress bars in the block (--quiet), wherever in the stages they are drawn."""
    token = _PROGRESS_ON.set(False)
    try:
        yield
    finally:
        _PROGRESS_ON.reset(token)


def progress(
    items: Iterable[T], total: int, label: str, stream: TextIO | None = None, enabled: bool = True
) -> Iterator[T]:
    """Yield `items`, drawing a bar on `stream` (stderr) only when it is a terminal and `enabled`."""
    stream = stream if stream is not None else sys.stderr
    if not enabled or not _PROGRESS_ON.get() or total <= 1 or not stream.isatty():
        yield from items
        return

    def draw(done: int) -> None:
        filled = 30 * done // total
        stream.write(f"\r{label} [{'#' * filled}{' ' * (30 - filled)}] {done}/{total}")
        stream.flush()

    draw(0)  # at once: the first item may be the long one
    for done, item in enumerate(items, 1):
        yield item
        draw(done)
    stream.write("\n")


def _prune(logs: Path, keep: int) -> None:
    old = sorted(logs.glob("tongket-*.log"), key=lambda p: p.stat().st_mtime)[:-keep]
    for path in old:
        path.unlink(missing_ok=True)
