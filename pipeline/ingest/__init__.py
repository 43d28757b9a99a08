"""Ingest: every submission file of the year read into long-format figures, nominations and findings.

`read_submission` does one file and is pure, so it can be mapped over a process pool; this module
lists the files, settles what needs all of them at once (two files for one unit) and writes
`ingested.csv`, `nominations.csv`, `submissions.csv` and `findings.json`.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing.context import BaseContext
from pathlib import Path

import pandas as pd

from pipeline.ingest.accumulate import FigureAccumulator
from pipeline.ingest.cache import SubmissionCache, context_key
from pipeline.ingest.collector import Submission
from pipeline.ingest.context import ReadContext
from pipeline.ingest.delimited import read_nominations_csv
from pipeline.ingest.submission import SUBMISSION_SUFFIXES, is_ignored, read_submission
from pipeline.ingest.workers import read_isolated
from pipeline.inputs.catalog import Registry
from pipeline.memory import release_freed_memory
from pipeline.model.findings import Finding, Report
from pipeline.model.ingested import (
    NOMINATION_COLUMNS,
    IngestResult,
    NominationRow,
    sheet_none,
)
from pipeline.model.summary import Indicator
from pipeline.office.atomic import files_under
from pipeline.office.hashmemo import HashMemo
from pipeline.paths import NOMINATIONS_FILE, Paths

__all__ = ["ReadContext", "Submission", "ingest", "list_submissions", "read_submission"]

# Below this many files a pool costs more to start than it saves: a spawned worker is a fresh
# interpreter importing pandas (~0,4 s); one process reads ~1.200 files a second.
PARALLEL_FROM = 1500


def list_submissions(folder: Path) -> list[tuple[Path, str]]:
    """Every submission file under `folder` (sub-folders too) with its name relative to it, sorted."""
    return scan_submissions(folder)[0]


def scan_submissions(folder: Path) -> tuple[list[tuple[Path, str]], list[Finding]]:
    """`list_submissions`, and a finding for each entry that is not a file tongket may open: a link
    out of the folder, a FIFO or device, a folder named like a submission. None of them is opened."""
    odd: list[tuple[str, str]] = []
    found = ((Path(path), name) for path, name in files_under(folder, odd, SUBMISSION_SUFFIXES))
    files = [(path, name) for path, name in found if not is_ignored(path)]
    refused = [
        Finding(
            "lien-ket-ra-ngoai" if kind == "outside" else "khong-phai-tep",
            file=name,
            detail=_ODD_DETAIL[kind],
        )
        for name, kind in odd
        if not is_ignored(Path(name))
    ]
    return files, refused


_ODD_DETAIL = {
    "outside": "Đây là liên kết (symlink, shortcut) trỏ ra ngoài thư mục báo cáo; không mở tệp nó trỏ tới.",
    "broken": "Đây là liên kết trỏ tới một tệp không còn tồn tại.",
    "folder": "Đây là một thư mục được đặt tên như tệp báo cáo; tongket không đọc các tệp bên trong.",
    "fifo": "Đây là một đường ống (FIFO), không phải tệp.",
    "device": "Đây là một thiết bị, không phải tệp.",
    "socket": "Đây là một socket, không phải tệp.",
}


def ingest(
    paths: Paths,
    registry: Registry,
    catalog: dict[str, Indicator],
    cache: Path | None = None,
    memo: HashMemo | None = None,
) -> IngestResult:
    """Read every file in inputs/<Y>/submissions and the office's inputs/<Y>/nominations.csv.

    With `cache` (a file, see pipeline.ingest.cache), a file read by an earlier run with the same
    bytes, name and context is not read again; `memo` remembers the files' hashes.
    """
    stored = None
    if cache is not None:
        stored = SubmissionCache(cache, context_key(registry, catalog, paths.year), memo or HashMemo(None))
    reader = _Reader(registry, catalog, paths.year, stored)
    office = paths.year_inputs / NOMINATIONS_FILE
    extra_nominations, extra_findings = (
        read_nominations_csv(office, reader.ctx()) if office.is_file() else ([], [])
    )
    files, refused = scan_submissions(paths.submissions)
    submissions = reader(files) if stored is None else stored.read(files, reader)
    del reader  # the reader lets go of the context once read_all has it: not held while a pool reads
    try:
        result = assemble(submissions, extra_nominations, [*refused, *extra_findings])
    finally:
        if stored is not None:
            stored.close()
    result.reused = stored.hits if stored is not None else 0
    del submissions
    release_freed_memory()
    return result


class _Reader:
    """read_all over the files the cache lacks. The context is built only when something needs it (a
    national registry takes seconds), and handed on to read_all, so as not to be held meanwhile."""

    def __init__(
        self, registry: Registry, catalog: dict[str, Indicator], year: int, stored: SubmissionCache | None
    ) -> None:
        self.registry, self.catalog, self.year, self.stored = registry, catalog, year, stored
        self._ctx: ReadContext | None = None

    def ctx(self) -> ReadContext:
        if self._ctx is None and self.stored is not None:
            self._ctx = self.stored.context(self.catalog)
        if self._ctx is None:
            self._ctx = ReadContext.build(self.registry, self.catalog, self.year)
            if self.stored is not None:
                self.stored.keep_context(self._ctx)
        return self._ctx

    def __call__(self, files: Sequence[tuple[Path, str]]) -> Iterator[Submission]:
        if not files:
            return iter(())
        ctx, self._ctx = self.ctx(), None
        return read_all(files, ctx)


def read_all(
    files: Sequence[tuple[Path, str]],
    ctx: ReadContext,
    workers: int | None = None,
    mp_context: BaseContext | None = None,
) -> Iterator[Submission]:
    """`read_submission` over every file, each result yielded (in the order of `files`) as it is ready.

    Every file is read in a worker process (see `workers`): one that crashes its reader costs only
    itself. Many files are read by one worker per core. Taken one at a time, the results never all
    exist at once as Python objects: 3 million figure rows would need gigabytes.
    """
    if not files:
        return
    many = len(files) >= PARALLEL_FROM
    workers = (workers or os.cpu_count() or 1) if many else 1
    context = mp_context or (_pool_context() if many else _small_context())
    yield from read_isolated(files, ctx, workers, context)


def _small_context() -> BaseContext:
    """For a few files a forked worker starts in milliseconds where a spawned one imports pandas
    again (~0,4 s); the parent is still small then. Spawned where fork is not safe (Windows, macOS)."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return _pool_context()


def _pool_context() -> BaseContext:
    """Spawned workers, as on Windows: a forked one starts with the whole parent (registry, context)
    resident in it, ~420 MB each at national scale, most of it never used by the worker.

    A spawned worker imports the parent's main script again, so a script that reads submissions
    without the `if __name__ == "__main__":` guard would run again in every worker, and the pool
    hang. Such a script (one that never mentions __main__) gets forked workers where there are any.
    """
    spawn = multiprocessing.get_context("spawn")
    main = sys.modules.get("__main__")
    script = getattr(main, "__file__", None)
    if script is None or getattr(main, "__spec__", None) is not None:
        return spawn  # an interactive session or `python -m ...`: nothing is imported again
    if "fork" in multiprocessing.get_all_start_methods() and not _mentions_main(Path(script)):
        return multiprocessing.get_context("fork")
    return spawn


def _mentions_main(script: Path) -> bool:
    try:
        return "__main__" in script.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def assemble(
    submissions: Iterable[Submission],
    extra_nominations: list[NominationRow] | None = None,
    extra_findings: list[Finding] | None = None,
) -> IngestResult:
    """One result from per-file results, taken one at a time: the order of files does not matter."""
    taken = _Taken()
    for sub in submissions:
        taken.add(sub)
    taken.table.finish()
    order = sorted(range(len(taken.files)), key=taken.files.__getitem__)
    _settle_duplicates(taken)
    used = [i for i in order if not taken.ignored_copy(i)]
    nominations = [n for i in used for n in taken.nominations.get(i, [])] + list(extra_nominations or [])
    findings = [f for i in order for f in taken.findings.get(i, [])] + list(extra_findings or [])
    return IngestResult(
        figures=taken.table.frame(used, [taken.units[i] for i in used], [taken.files[i] for i in used]),
        nominations=sheet_none(
            pd.DataFrame(nominations, columns=NOMINATION_COLUMNS).astype(
                {"so_ngay_nghi": "float64", "so_thang_cong_tac": "float64"}
            )
        ),
        report=Report(findings),
        files={taken.files[i]: taken.units[i] for i in order},
        received_at={taken.files[i]: taken.received_at[i] for i in order},
    )


class _Taken:
    """What assemble keeps of the files as they arrive: file i's figures are block i of `table`; of
    the rest, only what the result and the check for duplicate files need.

    A Submission object per file kept to the end would be 130.000 objects, with their lists, spread
    among the memory the figures of each file used while it passed through.
    """

    def __init__(self) -> None:
        self.table = FigureAccumulator()
        self.files: list[str] = []
        self.units: list[str] = []  # "" when unknown
        self.received_at: list[str] = []
        self.findings: dict[int, list[Finding]] = {}  # files with findings only
        self.nominations: dict[int, list[NominationRow]] = {}  # files with nominations only
        self.usable: dict[str, list[int]] = defaultdict(list)  # unit -> its identified, unblocked files

    def add(self, sub: Submission) -> None:
        i = len(self.files)
        self.table.add(sub.figures)
        self.files.append(sub.file)
        self.units.append(sys.intern(sub.unit))  # a unit's code once, not once per file naming it
        self.received_at.append(sub.received_at)
        if sub.findings:
            self.findings[i] = sub.findings
        if sub.nominations:
            self.nominations[i] = sub.nominations
        if sub.identified and not sub.blocked:
            self.usable[self.units[i]].append(i)

    def add_finding(self, i: int, finding: Finding) -> None:
        self.findings.setdefault(i, []).append(finding)

    def ignored_copy(self, i: int) -> bool:
        return any(f.code == "trung-tep" for f in self.findings.get(i, []))

    def content(self, i: int) -> tuple[list[tuple[str, float]], list[tuple[str, str]]]:
        """What two files of a unit must both say to be copies: figures and nominated people."""
        people = sorted((n.ho_ten, n.hinh_thuc) for n in self.nominations.get(i, []))
        return self.table.content(i), people


def _settle_duplicates(taken: _Taken) -> None:
    """Two usable files for one unit: identical copies count once, differing ones are both refused."""
    for unit, unsorted in taken.usable.items():
        if len(unsorted) < 2:
            continue
        files = sorted(unsorted, key=taken.files.__getitem__)
        # Of identical copies the plainest name is used: "TK.xlsx" rather than "TK (1).xlsx".
        first = min(files, key=lambda i: (len(taken.files[i]), taken.files[i]))
        first_name, content = taken.files[first], taken.content(first)
        if all(taken.content(i) == content for i in files):
            for i in files:
                if i != first:
                    detail = f"Giống hệt tệp {first_name}; tệp {first_name} được dùng."
                    taken.add_finding(i, Finding("trung-tep", unit=unit, file=taken.files[i], detail=detail))
            continue
        names = ", ".join(taken.files[i] for i in files)
        for i in files:
            detail = f"Các tệp của đơn vị {unit}: {names}."
            taken.add_finding(i, Finding("trung-bao-cao", unit=unit, file=taken.files[i], detail=detail))
