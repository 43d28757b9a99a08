"""Ingest: every submission file of the year read into long-format figures, nominations and findings.

`read_submission` does one file and is pure, so it can be mapped over a process pool; this module
lists the files, settles what needs all of them at once (two files for one unit) and writes
`ingested.csv`, `nominations.csv`, `submissions.csv` and `findings.json`.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path

import pandas as pd

from pipeline.catalog import InputError, Registry
from pipeline.findings import Finding, Report
from pipeline.ingest.accumulate import FIGURE_COLUMNS, FigureAccumulator
from pipeline.ingest.collector import BLOCKING_CODES, Submission
from pipeline.ingest.context import ReadContext
from pipeline.ingest.delimited import read_nominations_csv
from pipeline.ingest.nominations import NominationRow
from pipeline.ingest.submission import is_ignored, read_submission
from pipeline.model import Indicator
from pipeline.outputs import files_under, write_streamed, write_text_atomic
from pipeline.settings import FINDINGS_FILE, INGESTED_FILE, NOMINATIONS_FILE, NOMINATIONS_OUT, Paths

__all__ = [
    "BLOCKING_CODES",
    "IngestResult",
    "ReadContext",
    "Submission",
    "ingest",
    "read_ingested",
    "read_submission",
    "write_ingested",
]

SUBMISSIONS_OUT = "submissions.csv"  # ingest: each file, the unit it was attributed to, when it arrived
NOMINATION_COLUMNS = list(NominationRow._fields)
_NOMINATION_NUMBERS = {"so_ngay_nghi", "so_thang_cong_tac"}
# Below this many files a pool costs more to start than it saves: a spawned worker is a fresh
# interpreter importing pandas (~0,4 s); one process reads ~1.200 files a second.
PARALLEL_FROM = 1500


@dataclass
class IngestResult:
    # FIGURE_COLUMNS: every figure cell read (gia_tri NaN if blank), also from excluded files, in file
    # order. gia_tri is float64; the other columns are pandas categoricals with sorted categories (a
    # national run's 3 million figures repeat a few thousand strings), sheet missing for CSV lines.
    figures: pd.DataFrame
    nominations: pd.DataFrame  # NOMINATION_COLUMNS
    report: Report
    files: dict[str, str]  # submission file (relative to submissions/) -> unit code, "" if unknown
    received_at: dict[str, str] = field(default_factory=dict)  # file -> ISO time it was last written


def list_submissions(folder: Path) -> list[tuple[Path, str]]:
    """Every submission file under `folder` (sub-folders too) with its name relative to it, sorted."""
    found = ((Path(path), name) for path, name in files_under(folder))
    return [(path, name) for path, name in found if not is_ignored(path)]


def ingest(paths: Paths, registry: Registry, catalog: dict[str, Indicator]) -> IngestResult:
    """Read every file in inputs/<Y>/submissions and the office's inputs/<Y>/nominations.csv."""
    ctx = ReadContext.build(registry, catalog, paths.year)
    office = paths.year_inputs / NOMINATIONS_FILE
    extra_nominations, extra_findings = read_nominations_csv(office, ctx) if office.is_file() else ([], [])
    submissions = read_all(list_submissions(paths.submissions), ctx)
    del ctx  # read_all keeps it only while it needs it: not while a pool of workers reads
    result = assemble(submissions, extra_nominations, extra_findings)
    del submissions
    release_freed_memory()
    return result


def release_freed_memory() -> None:
    """Hand memory a stage has finished with back to the operating system, where the C library allows.

    Reference cycles are collected first: xlsxwriter's workbook, for one, is a web of cycles whose
    million cell records would otherwise wait for the collector. Then glibc, which keeps freed memory
    for reuse (after the large short-lived arrays of a national ingest or validation, ~250 MB the
    process no longer uses, counted in its resident memory for the rest of the run), returns its free
    pages with malloc_trim. Elsewhere (Windows, macOS, musl) only the collection happens.
    """
    gc.collect()
    if sys.platform != "linux":
        return
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)  # None: the interpreter's own C library
    if trim is not None:
        trim(0)


def read_all(
    files: Sequence[tuple[Path, str]],
    ctx: ReadContext,
    workers: int | None = None,
    mp_context: BaseContext | None = None,
) -> Iterator[Submission]:
    """`read_submission` over every file, each result yielded (in the order of `files`) as it is ready.

    Many files are read in a process pool, one worker per core. Taken one at a time, the results
    never all exist at once as Python objects: 3 million figure rows would need gigabytes.
    """
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(files) < PARALLEL_FROM:
        yield from (read_submission(path, name, ctx) for path, name in files)
        return
    # The context goes to each worker once, not with every chunk: pickled (~25 MB for a national
    # registry), so that this process can let go of it (~130 MB as objects) while the workers read.
    pickled_context = pickle.dumps(ctx, protocol=pickle.HIGHEST_PROTOCOL)
    del ctx
    chunksize = max(1, min(100, len(files) // (workers * 8)))
    context = mp_context or _pool_context()
    pool = ProcessPoolExecutor(workers, context, initializer=_set_worker_context, initargs=(pickled_context,))
    try:
        yield from pool.map(_read_in_worker, files, chunksize=chunksize)
    finally:
        pool.shutdown(cancel_futures=True)  # a reader that stops early leaves no work running


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


_worker_context: ReadContext | None = None


def _set_worker_context(pickled_context: bytes) -> None:
    global _worker_context
    _worker_context = pickle.loads(pickled_context)


def _read_in_worker(file: tuple[Path, str]) -> Submission:
    assert _worker_context is not None, "set by the pool's initializer"
    return read_submission(file[0], file[1], _worker_context)


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
        nominations=_sheet_none(
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


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    """`frame` as UTF-8 CSV, streamed into place: a national ingested.csv (~180 MB) is never one string."""
    write_streamed(path, lambda handle: frame.to_csv(handle, index=False, lineterminator="\n"))


def write_ingested(result: IngestResult, out_dir: Path) -> None:
    write_csv(out_dir / INGESTED_FILE, result.figures)
    write_csv(out_dir / NOMINATIONS_OUT, result.nominations)
    files = pd.DataFrame(
        {
            "file": list(result.files),
            "ma_don_vi": list(result.files.values()),
            "thoi_gian_nhan": [result.received_at.get(f, "") for f in result.files],
        }
    )
    write_csv(out_dir / SUBMISSIONS_OUT, files)
    write_text_atomic(out_dir / FINDINGS_FILE, result.report.to_json())
    release_freed_memory()


def _read_figures(path: Path) -> pd.DataFrame:
    """ingested.csv as `IngestResult.figures` holds it: categoricals, sheet missing for CSV lines."""
    frame = pd.read_csv(
        path,
        dtype={c: ("float64" if c == "gia_tri" else "category") for c in FIGURE_COLUMNS},
        keep_default_na=False,
        na_values={"gia_tri": [""]},
    )[FIGURE_COLUMNS]
    if "" in frame["sheet"].cat.categories:
        frame["sheet"] = frame["sheet"].cat.remove_categories([""])
    return frame


def _read_nominations(path: Path) -> pd.DataFrame:
    text_columns = {c: str for c in NOMINATION_COLUMNS if c not in _NOMINATION_NUMBERS}
    frame = pd.read_csv(
        path,
        dtype=text_columns,
        keep_default_na=False,
        na_values={c: [""] for c in _NOMINATION_NUMBERS},
    )
    return _sheet_none(frame[NOMINATION_COLUMNS])


def _sheet_none(frame: pd.DataFrame) -> pd.DataFrame:
    """A nomination's `sheet` is None for CSV rows, as an object column: the same after a write and a read."""
    sheet = frame["sheet"].astype(object)
    frame["sheet"] = sheet.where(sheet.notna() & (sheet != ""), None)
    return frame


def read_ingested(out_dir: Path) -> IngestResult:
    """The result `write_ingested` wrote, for running validate on its own."""
    needed = [out_dir / name for name in (INGESTED_FILE, NOMINATIONS_OUT, SUBMISSIONS_OUT, FINDINGS_FILE)]
    absent = [p.name for p in needed if not p.is_file()]
    if absent:
        raise InputError(
            f"Chưa có kết quả đọc báo cáo trong {out_dir} (thiếu {', '.join(absent)}). "
            "Chạy «tongket ingest» cho năm này trước."
        )
    files = pd.read_csv(out_dir / SUBMISSIONS_OUT, dtype=str, keep_default_na=False)
    return IngestResult(
        figures=_read_figures(out_dir / INGESTED_FILE),
        nominations=_read_nominations(out_dir / NOMINATIONS_OUT),
        report=Report.read(out_dir / FINDINGS_FILE),
        files=dict(zip(files["file"], files["ma_don_vi"], strict=True)),
        received_at=dict(zip(files["file"], files["thoi_gian_nhan"], strict=True)),
    )
