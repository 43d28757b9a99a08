"""Files' sha256 remembered by their size and times, in a small SQLite file beside the outputs.

A national year has 130.000 submissions (~2 GB): hashing them all takes seconds on every run,
while a stat of each takes a fraction of one. A file whose size, modification time and change
time are what they were when it was last hashed is taken to hold the same bytes (as make and git
assume); any other file is hashed again, so a file touched but not changed keeps its hash.

The memo is an optimisation only: a damaged or unreadable memo file is discarded and rebuilt, and
deleting it changes nothing but the time the next run takes. SQLite (stdlib) rather than a format
of our own: its transactions keep the file whole when a run is killed while writing it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path
from types import TracebackType

from pipeline.office.atomic import sha256_file

SCHEMA = 1
RACY_NS = 3 * 10**9  # coarser than any file system's time stamps (FAT: 2 s)
Stamp = tuple[int, int, int]  # size, mtime_ns, ctime_ns


def stamp_of(stat: os.stat_result) -> Stamp:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def open_database(path: Path, schema: int, create: str) -> sqlite3.Connection | None:
    """A connection to the SQLite cache at `path` with `create` run on it, or None when it cannot be
    used (a read-only folder, say). A file that is not a database of this `schema` (not SQLite,
    emptied, from another version) is removed and made again; damage further in is found when read
    (see the callers): a cache is never trusted blindly."""
    for attempt in range(2):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error):
            return None
        try:
            # Not PRAGMA quick_check: it reads every page (seconds for a national cache). A damaged
            # page raises when it is read, and every entry carries a digest of its own.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, schema):
                raise sqlite3.DatabaseError("a cache of another version")
            # WAL with NORMAL syncing: a killed run, even a crashed machine, leaves the last
            # committed state, and a commit costs no fsync of the whole file on a busy disk.
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.executescript(create)
            db.execute(f"PRAGMA user_version = {int(schema)}")
            return db
        except sqlite3.Error:
            db.close()
            if attempt:
                return None
            discard(path)
    return None


def discard(path: Path) -> None:
    """Remove a cache file and its journals (what a killed run may have left beside it)."""
    for extra in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{extra}").unlink(missing_ok=True)


class HashMemo:
    """`sha256(path)` of files, hashing only those whose stamp changed since the memo last saw them.

    Loaded whole when opened (a national year is ~130.000 rows, a few MB) and written back in one
    transaction by `close`, so that a run costs two queries, not one per file.
    """

    _CREATE = (
        "CREATE TABLE IF NOT EXISTS hashes (path TEXT PRIMARY KEY, size INT, mtime INT, ctime INT, sha TEXT)"
    )

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._db = open_database(file, SCHEMA, self._CREATE) if file is not None else None
        self._known: dict[str, tuple[Stamp, str]] = {}
        self._changed: dict[str, tuple[Stamp, str]] = {}  # written back by close
        self._racy: dict[str, tuple[Stamp, str]] = {}  # too recent to be trusted by another run
        if self._db is not None:
            try:
                rows = self._db.execute("SELECT path, size, mtime, ctime, sha FROM hashes").fetchall()
                self._known = {p: ((s, m, c), h) for p, s, m, c, h in rows}
            except sqlite3.Error:  # damaged past what quick_check looked at: start afresh
                self._reset()

    def sha256(self, path: str | os.PathLike[str], stat: os.stat_result | None = None) -> str | None:
        """The file's sha256 (None if it is not a file), from the memo when its stamp is unchanged."""
        key = os.path.abspath(path)  # one entry however the path is spelt (inputs/ or /srv/.../inputs/)
        try:
            stamp = stamp_of(stat or os.stat(key))
        except OSError:
            return None
        known = self._changed.get(key) or self._racy.get(key) or self._known.get(key)
        if known is not None and known[0] == stamp:
            return known[1]
        digest = sha256_file(Path(key))
        if digest is None:
            return None
        # Stamped before reading: a file written again while it was hashed is hashed once more next
        # time. A file written in the last seconds is remembered for this run only: written again
        # within the same tick of the clock and to the same size, it would keep its stamp (git's
        # "racy clean" files), so the next run hashes it again.
        racy = stamp[1] >= time.time_ns() - RACY_NS
        (self._racy if racy else self._changed)[key] = (stamp, digest)
        return digest

    def close(self) -> None:
        """Write what changed and close; a memo that cannot be written is simply not kept."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(
                    "INSERT OR REPLACE INTO hashes VALUES (?, ?, ?, ?, ?)",
                    ((p, *stamp, sha) for p, (stamp, sha) in self._changed.items()),
                )
        except sqlite3.Error:
            self._reset()
        finally:
            self._db.close()
            self._db = None
        self._known.update(self._changed)
        self._changed = {}

    def _reset(self) -> None:
        if self._db is not None:
            self._db.close()
        self._known, self._db = {}, None
        if self.file is not None:
            discard(self.file)
            self._db = open_database(self.file, SCHEMA, self._CREATE)

    def __enter__(self) -> HashMemo:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
