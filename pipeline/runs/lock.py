"""One run at a time per outputs folder, on Windows and Linux alike (filelock, not fcntl).

The lock is held by the operating system for the life of the process, so a run that is killed
(even with SIGKILL, or a power cut) never leaves a stale lock behind. A small note beside the
lock says who holds it, for the message the second run prints.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.runs.manifest import now_iso

LOCK_FILE = ".tongket.lock"
HOLDER_FILE = ".tongket.lock.json"


class RunLocked(Exception):
    """Another run holds the folder; the message (Vietnamese) says who and what to do."""


@contextmanager
def run_lock(folder: Path, wait: bool = False, timeout: float | None = None) -> Iterator[None]:
    """Hold the folder's lock for the block; raise RunLocked at once if another run holds it.

    With `wait`, block until the other run finishes (or `timeout` seconds pass).
    """
    folder.mkdir(parents=True, exist_ok=True)
    # thread_local=False: the lock belongs to the process, whichever thread releases it.
    lock = FileLock(folder / LOCK_FILE, thread_local=False)
    try:
        lock.acquire(timeout=(-1 if timeout is None else timeout) if wait else 0)
    except Timeout:
        raise RunLocked(_message(folder, waited=wait)) from None
    try:
        _write_holder(folder)
        yield
    finally:
        (folder / HOLDER_FILE).unlink(missing_ok=True)
        lock.release()


def _write_holder(folder: Path) -> None:
    holder = {"pid": os.getpid(), "host": socket.gethostname(), "started": now_iso()}
    (folder / HOLDER_FILE).write_text(json.dumps(holder, ensure_ascii=False), encoding="utf-8")


def _message(folder: Path, waited: bool) -> str:
    try:
        holder = json.loads((folder / HOLDER_FILE).read_text(encoding="utf-8"))
        who = f" (tiến trình {holder['pid']} trên máy {holder['host']}, bắt đầu lúc {holder['started']})"
    except (OSError, ValueError, KeyError, TypeError):
        who = ""
    if waited:
        return f"Đã chờ quá lâu: một lần chạy tongket khác vẫn đang ghi vào thư mục {folder}{who}."
    return (
        f"Một lần chạy tongket khác đang ghi vào thư mục {folder}{who}. "
        "Lần chạy này dừng lại để hai lần chạy không ghi chồng lên nhau; "
        "hãy chạy lại sau, hoặc thêm --wait để chờ lần chạy kia xong."
    )
