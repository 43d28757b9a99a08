"""The guarded run's one memo of file hashes (pipeline.office.hashmemo), for every part of the run
machinery that asks whether a file is still what it was: the input fingerprint, the render
fingerprint, the check that a stage's files are intact, the change list's baseline.

A national year's summary.json is 800 MB and its submissions 2 GB: hashed afresh on every run,
they would cost a nightly run with nothing to do several seconds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from pipeline.office.atomic import sha256_file
from pipeline.office.hashmemo import HashMemo

CACHE_DIR = ".tongket"  # under outputs/<Y>/: tongket's own state, neither placed nor in the manifest
HASHES_CACHE = "ma-bam-tep.sqlite"  # the files' hashes by their stamps
_MEMO: ContextVar[HashMemo | None] = ContextVar("tongket_hash_memo", default=None)


@contextmanager
def hash_memo(out: Path) -> Iterator[HashMemo]:
    """The memo kept under `out`, one for the whole guarded run (nested calls get the same one)."""
    active = _MEMO.get()
    if active is not None:
        yield active
        return
    with HashMemo(out / CACHE_DIR / HASHES_CACHE) as memo:
        token = _MEMO.set(memo)
        try:
            yield memo
        finally:
            _MEMO.reset(token)


def file_sha(path: str | os.PathLike[str], stat: os.stat_result | None = None) -> str | None:
    """sha256 of a file (None if it is not one), through the run's memo when there is one."""
    memo = _MEMO.get()
    return memo.sha256(path, stat) if memo is not None else sha256_file(Path(path))
