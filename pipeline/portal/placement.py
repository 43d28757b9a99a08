"""Putting an accepted upload where the run reads it, without ever losing one or mixing it into a run.

The file goes to inputs/<Y>/submissions/<code>_<Y>.<ext>, the name ingest reads, by rename from a
temporary name beside it (a name starting with "." that ingest skips). It is placed only while the
portal holds the run lock of outputs/<Y>/ for that instant, so no run is listing or reading the
folder then. When a run holds the lock, the file waits in inputs/portal/<Y>/pending/ and a
background thread places it as soon as the run ends: it lands for the next run, never in the one
that is reading. The version it replaces, and any file of the unit's under another extension, is
moved to inputs/portal/<Y>/archive/ first: nothing is ever deleted.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from pipeline.office.atomic import replace_atomic
from pipeline.paths import Paths
from pipeline.portal.store import ARCHIVE_DIR, PENDING_DIR, PortalStore, unit_file_name
from pipeline.runs.lock import RunLocked, run_lock

UPLOAD_SUFFIXES = (".xlsx", ".xls", ".csv", ".ods")


def submission_name(code: str, year: int, suffix: str) -> str:
    return f"{unit_file_name(code)}_{year}{suffix}"


class Placer:
    """Places accepted uploads for one year; one placement at a time within the process."""

    def __init__(self, paths: Paths, store: PortalStore) -> None:
        self.paths = paths
        self.store = store
        self._lock = threading.Lock()

    def place(self, code: str, suffix: str, data: bytes) -> str:
        """Store `data` as the unit's submission: "placed", or "pending" while a run holds the lock."""
        name = submission_name(code, self.paths.year, suffix)
        with self._lock:
            try:
                with self._run_lock():
                    self._archive_unit_files(code, self.paths.submissions, name)
                    replace_atomic(self.paths.submissions / name, data)
                    return "placed"
            except RunLocked:
                pending = self.store.folder(PENDING_DIR)
                self._archive_unit_files(code, pending, name)
                replace_atomic(pending / name, data)
                return "pending"

    def place_pending(self) -> list[str]:
        """Move every waiting upload into submissions/ if no run holds the lock; the names moved."""
        pending = self.store.year_dir / PENDING_DIR
        if not pending.is_dir():
            return []
        with self._lock:
            waiting = sorted(
                e.name for e in os.scandir(pending) if e.is_file() and not e.name.startswith(".")
            )
            if not waiting:
                return []
            try:
                with self._run_lock():
                    for name in waiting:
                        code = name.rsplit("_", 1)[0]
                        self._archive_unit_files(code, self.paths.submissions, name)
                        self.paths.submissions.mkdir(parents=True, exist_ok=True)
                        os.replace(pending / name, self.paths.submissions / name)
            except RunLocked:
                return []
        return waiting

    @contextmanager
    def _run_lock(self) -> Iterator[None]:
        with run_lock(self.paths.out, wait=False):
            yield

    def _archive_unit_files(self, code: str, folder: Path, name: str) -> None:
        """Keep the version about to be replaced; move away the unit's file under another extension
        (an .xlsx after a .csv), else the run would see two differing files for one unit."""
        archive = self.store.folder(ARCHIVE_DIR)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        for suffix in UPLOAD_SUFFIXES:
            old = folder / submission_name(code, self.paths.year, suffix)
            if not old.is_file():
                continue
            kept = archive / f"{Path(old.name).stem}.{stamp}{suffix}"
            if old.name == name:
                copy = archive / f".{kept.name}.copy"
                shutil.copy2(old, copy)  # the new file replaces this name atomically after
                os.replace(copy, kept)
            else:
                os.replace(old, kept)


class PendingMover:
    """A daemon thread that places waiting uploads every few seconds: a run's end is not announced."""

    def __init__(self, placer: Placer, every: float = 2.0) -> None:
        self.placer = placer
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="tongket-pending", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            for name in self.placer.place_pending():
                self.placer.store.audit("placed-after-run", file=name)
