"""What each submission file yielded, kept from run to run so that a late file costs one read.

A nightly run over a national year finds one or two files changed among 130.000: each unchanged
file's figures, nominations and findings come from this cache, and only the changed ones are read.
An entry is used when its file has the same name and the same bytes (sha256, through the run's
`HashMemo`, so an untouched file is not even hashed) and was read with the same registry, catalog
and year (what the `ReadContext` is built from) by the same reading code (tongket's version and
the source of every module reading depends on): any change to those empties the cache, since
every file's reading depends on them. The time a file arrived is never cached: it is taken from
the file each run.

Stored in SQLite (stdlib, no new dependency; pyarrow would add ~40 MB for a table of blobs), one
row per file: the columns of `Submission` as JSON and the float values as raw bytes, with a
digest over both. A row whose digest does not match is read again from its file; a database that
is damaged or truncated is discarded and rebuilt (pipeline.office.hashmemo.open_database). Entries
are written a few thousand per transaction, so a run killed while writing leaves the last
committed state, which SQLite restores from its journal. Never pickle: a cache file is data only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import sqlite3
from array import array
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from pathlib import Path

import pipeline
from pipeline.ingest.collector import FigureColumns, Submission
from pipeline.ingest.context import ReadContext, UnitMatch
from pipeline.inputs.catalog import Registry
from pipeline.model.findings import Finding
from pipeline.model.ingested import NominationRow
from pipeline.model.summary import Indicator
from pipeline.office.atomic import pause_point
from pipeline.office.hashmemo import HashMemo, discard, open_database

SCHEMA = 1
_BATCH = 2000  # entries per transaction: a killed run loses at most this many, never the file
# The parts of the package whose code decides what reading a file yields (hashed into the key).
READING_CODE = ("ingest", "formats", "form", "inputs", "model")
_CREATE = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS submissions (name TEXT PRIMARY KEY, sha TEXT, digest TEXT, body BLOB, vals BLOB);
"""
File = tuple[Path, str]  # the file and its name relative to submissions/
Reader = Callable[[Sequence[File]], Iterable[Submission]]


def received_at(stat: os.stat_result) -> str:
    """When the file reached the office, as read_submission records it: its modification time."""
    return dt.datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds")


def code_digest(parts: tuple[str, ...]) -> str:
    """tongket's version and the source of the package's `parts` ("ingest", ...): a cache made by
    other code is never used, even between two releases (a checkout, a patched install)."""
    digest = hashlib.sha256(f"{SCHEMA}:{pipeline.__version__}".encode())
    package = Path(pipeline.__file__).parent
    for part in parts:
        for source in sorted((package / part).glob("*.py")):
            digest.update(f"{part}/{source.name}".encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def context_key(registry: Registry, catalog: dict[str, Indicator], year: int) -> str:
    """What reading a file depends on besides its bytes and name: what ReadContext.build takes of
    the registry (in its order: of two units with one name the later wins) and of the catalog, the
    year, and the reading code. From these rather than from the built context: a cache that has
    every file need not build it (seconds for a national registry)."""
    digest = hashlib.sha256(f"{code_digest(READING_CODE)}:{year}".encode())
    units = [
        [u.code, u.name, u.short_name, u.place, list(u.aliases), u.active_in(year)] for u in registry.units
    ]
    indicators = [[code, *dataclasses.astuple(i)] for code, i in catalog.items()]
    for part in (units, indicators):
        digest.update(json.dumps(part, ensure_ascii=False).encode())
    return digest.hexdigest()


def _encode(sub: Submission) -> tuple[bytes, bytes, str]:
    f = sub.figures
    body = json.dumps(
        [
            sub.unit,
            sub.identified,
            f.codes,
            f.notes,
            f.sheets,
            f.cells,
            [list(n) for n in sub.nominations],
            [dataclasses.asdict(x) for x in sub.findings],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    values = f.values.tobytes()
    return body, values, _digest(body, values)


def _digest(body: bytes, values: bytes) -> str:
    return hashlib.blake2b(body + b"\0" + values, digest_size=16).hexdigest()


def _decode(name: str, body: bytes, values: bytes) -> Submission:
    unit, identified, codes, notes, sheets, cells, nominations, findings = json.loads(body)
    floats: array[float] = array("d")
    floats.frombytes(values)
    return Submission(
        file=name,
        unit=unit,
        identified=identified,
        figures=FigureColumns(codes, floats, notes, sheets, cells),
        nominations=[NominationRow(*n) for n in nominations],
        findings=[Finding(**x) for x in findings],
    )


class SubmissionCache:
    """The per-file cache of one year's submissions (see the module doc); None as `file`: no cache."""

    def __init__(self, file: Path | None, key: str, memo: HashMemo) -> None:
        self.file, self.key, self.memo = file, key, memo
        self.hits = 0
        self._db = open_database(file, SCHEMA, _CREATE) if file is not None else None
        self._known: dict[str, str] = {}  # name -> sha of its entry
        self._pending: list[tuple[str, str, bytes, bytes, str]] = []  # name, sha, body, values, digest
        try:
            self._load_index()
        except sqlite3.Error:
            self._reset()

    def _load_index(self) -> None:
        if self._db is None:
            return
        row = self._db.execute("SELECT value FROM meta WHERE key = 'context'").fetchone()
        if row is None or row[0] != self.key:  # another registry, catalog, year or tongket: all stale
            self._db.execute("DELETE FROM submissions")
            self._db.execute("DELETE FROM meta WHERE key = 'read-context'")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('context', ?)", (self.key,))
        self._known = dict(self._db.execute("SELECT name, sha FROM submissions").fetchall())

    def _reset(self) -> None:
        if self._db is not None:
            self._db.close()
        self._db, self._known = None, {}
        if self.file is not None:
            discard(self.file)
            self._db = open_database(self.file, SCHEMA, _CREATE)
            try:
                self._load_index()
            except sqlite3.Error:
                if self._db is not None:
                    self._db.close()
                self._db = None

    def context(self, catalog: dict[str, Indicator]) -> ReadContext | None:
        """The ReadContext an earlier run built for this key, if kept and sound: building it again
        takes seconds for a national registry, for the one late file that needs it."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'read-context'").fetchone()
        except sqlite3.Error:
            return None
        if row is None or not isinstance(row[0], str):
            return None
        digest, _, text = row[0].partition("\n")
        if _digest(text.encode(), b"") != digest:
            return None
        try:
            year, codes, names, folded, indicator_names = json.loads(text)
            return ReadContext(
                year,
                dict(catalog),
                {k: UnitMatch(code, active) for k, code, active in codes},
                {k: UnitMatch(code, active) for k, code, active in names},
                {k: set(v) for k, v in folded},
                dict(indicator_names),
            )
        except (ValueError, TypeError):
            return None

    def keep_context(self, ctx: ReadContext) -> None:
        if self._db is None:
            return
        text = json.dumps(
            [
                ctx.year,
                [[k, m.code, m.active] for k, m in ctx.unit_codes.items()],
                [[k, m.code, m.active] for k, m in ctx.unit_names.items()],
                [[k, sorted(v)] for k, v in ctx.unit_folded.items()],
                list(ctx.indicator_names.items()),
            ],
            ensure_ascii=False,
        )
        value = f"{_digest(text.encode(), b'')}\n{text}"
        try:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('read-context', ?)", (value,))
        except sqlite3.Error:
            self._reset()

    def read(self, files: Sequence[File], reader: Reader) -> Iterator[Submission]:
        """Every file's Submission: from the cache when its entry is current, else from `reader`
        (stored as it comes). Cached ones come first; the order of files does not matter to assemble."""
        stats: dict[str, os.stat_result] = {}
        shas: dict[str, str | None] = {}
        for path, name in files:
            try:
                stats[name] = os.stat(path)
            except OSError:
                continue  # gone since it was listed: read_submission reports it
            shas[name] = self.memo.sha256(path, stats[name])
        wanted = {name for _, name in files if shas.get(name) and self._known.get(name) == shas[name]}
        found = yield from self._cached(wanted, stats)
        missing = [(path, name) for path, name in files if name not in found]
        for sub in reader(missing):
            sha = shas.get(sub.file)
            if sha is not None:
                self._store(sub, sha)
            yield sub
        self._forget(set(self._known) - {name for _, name in files})
        self._flush()

    def _cached(
        self, wanted: set[str], stats: dict[str, os.stat_result]
    ) -> Generator[Submission, None, set[str]]:
        """The wanted entries that are sound; returns the names it yielded (the rest are read again)."""
        found: set[str] = set()
        if self._db is None or not wanted:
            return found
        try:
            for name, digest, body, values in self._db.execute(
                "SELECT name, digest, body, vals FROM submissions"
            ):
                sound = isinstance(body, bytes) and isinstance(values, bytes)
                if name not in wanted or not sound or _digest(body, values) != digest:
                    continue
                try:
                    sub = _decode(name, body, values)
                except (ValueError, TypeError):  # sound bytes of another shape: read the file again
                    continue
                sub.received_at = received_at(stats[name])
                found.add(name)
                yield sub
        except sqlite3.Error:  # damaged where quick_check did not look: what is left is read again
            self._reset()
        self.hits = len(found)
        return found

    def _store(self, sub: Submission, sha: str) -> None:
        if self._db is None:
            return
        self._pending.append((sub.file, sha, *_encode(sub)))
        self._known[sub.file] = sha
        if len(self._pending) >= _BATCH:
            self._flush()

    def _forget(self, names: set[str]) -> None:
        """Entries of files no longer in the folder (deleted, renamed): never used again."""
        if self._db is None or not names:
            return
        try:
            self._db.executemany("DELETE FROM submissions WHERE name = ?", ((n,) for n in names))
        except sqlite3.Error:
            self._reset()
        for name in names:
            self._known.pop(name, None)

    def _flush(self) -> None:
        if self._db is None or not self._pending:
            self._pending = []
            return
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(
                    "INSERT OR REPLACE INTO submissions VALUES (?, ?, ?, ?, ?)",
                    ((n, sha, d, b, v) for n, sha, b, v, d in self._pending),
                )
                pause_point("ingest-cache-write")
        except sqlite3.Error:
            self._reset()
        self._pending = []

    def close(self) -> None:
        self._flush()
        if self._db is not None:
            self._db.close()
            self._db = None
