"""Ingest: every submission file of the year read into long-format figures, nominations and findings.

`read_submission` does one file and is pure, so it can be mapped over a process pool; this module
lists the files, settles what needs all of them at once (two files for one unit) and writes
`ingested.csv`, `nominations.csv`, `submissions.csv` and `findings.json`.
"""

from __future__ import annotations

import io
import math
import os
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.context import BaseContext
from pathlib import Path

import pandas as pd

from pipeline.catalog import InputError, Registry
from pipeline.findings import Finding, Report
from pipeline.ingest.collector import BLOCKING_CODES, FigureRow, Submission
from pipeline.ingest.context import ReadContext
from pipeline.ingest.delimited import read_nominations_csv
from pipeline.ingest.nominations import NominationRow
from pipeline.ingest.submission import is_ignored, read_submission
from pipeline.model import Indicator
from pipeline.outputs import write_text_atomic
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
FIGURE_COLUMNS = list(FigureRow._fields)
NOMINATION_COLUMNS = list(NominationRow._fields)
_NUMBER_COLUMNS = {"gia_tri", "so_ngay_nghi", "so_thang_cong_tac"}
# Below this many files a process pool costs more to start than it saves (the sample has six).
PARALLEL_FROM = 200


@dataclass
class IngestResult:
    figures: pd.DataFrame  # FIGURE_COLUMNS: every figure cell read (NaN if blank), also from excluded files
    nominations: pd.DataFrame  # NOMINATION_COLUMNS
    report: Report
    files: dict[str, str]  # submission file (relative to submissions/) -> unit code, "" if unknown
    received_at: dict[str, str] = field(default_factory=dict)  # file -> ISO time it was last written


def list_submissions(folder: Path) -> list[tuple[Path, str]]:
    """Every submission file under `folder` (sub-folders too) with its name relative to it, sorted."""
    if not folder.is_dir():
        return []
    found = (p for p in folder.rglob("*") if p.is_file() and not is_ignored(p))
    return sorted(((p, p.relative_to(folder).as_posix()) for p in found), key=lambda item: item[1])


def ingest(paths: Paths, registry: Registry, catalog: dict[str, Indicator]) -> IngestResult:
    """Read every file in inputs/<Y>/submissions and the office's inputs/<Y>/nominations.csv."""
    ctx = ReadContext.build(registry, catalog, paths.year)
    submissions = read_all(list_submissions(paths.submissions), ctx)
    office = paths.year_inputs / NOMINATIONS_FILE
    extra_nominations, extra_findings = read_nominations_csv(office, ctx) if office.is_file() else ([], [])
    return assemble(submissions, extra_nominations, extra_findings)


def read_all(
    files: Sequence[tuple[Path, str]],
    ctx: ReadContext,
    workers: int | None = None,
    mp_context: BaseContext | None = None,
) -> list[Submission]:
    """`read_submission` over every file: in a process pool (one worker per core) when there are many."""
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(files) < PARALLEL_FROM:
        return [read_submission(path, name, ctx) for path, name in files]
    # The context (~4 MB for a national registry) goes to each worker once, not with every chunk.
    chunksize = max(1, min(100, len(files) // (workers * 8)))
    with ProcessPoolExecutor(workers, mp_context, initializer=_set_worker_context, initargs=(ctx,)) as pool:
        return list(pool.map(_read_in_worker, files, chunksize=chunksize))


_worker_context: ReadContext | None = None


def _set_worker_context(ctx: ReadContext) -> None:
    global _worker_context
    _worker_context = ctx


def _read_in_worker(file: tuple[Path, str]) -> Submission:
    assert _worker_context is not None, "set by the pool's initializer"
    return read_submission(file[0], file[1], _worker_context)


def assemble(
    submissions: list[Submission],
    extra_nominations: list[NominationRow] | None = None,
    extra_findings: list[Finding] | None = None,
) -> IngestResult:
    """One result from per-file results: the order of files does not matter."""
    submissions = sorted(submissions, key=lambda s: s.file)
    _settle_duplicates(submissions)
    rows = [row for s in submissions if not _ignored_copy(s) for row in s.rows]
    nominations = [n for s in submissions if not _ignored_copy(s) for n in s.nominations]
    nominations += extra_nominations or []
    report = Report([f for s in submissions for f in s.findings] + list(extra_findings or []))
    return IngestResult(
        figures=_sheet_none(pd.DataFrame(rows, columns=FIGURE_COLUMNS).astype({"gia_tri": "float64"})),
        nominations=_sheet_none(
            pd.DataFrame(nominations, columns=NOMINATION_COLUMNS).astype(
                {"so_ngay_nghi": "float64", "so_thang_cong_tac": "float64"}
            )
        ),
        report=report,
        files={s.file: s.unit for s in submissions},
        received_at={s.file: s.received_at for s in submissions},
    )


def _ignored_copy(sub: Submission) -> bool:
    return any(f.code == "trung-tep" for f in sub.findings)


def _settle_duplicates(submissions: list[Submission]) -> None:
    """Two usable files for one unit: identical copies count once, differing ones are both refused."""
    by_unit: dict[str, list[Submission]] = defaultdict(list)
    for sub in submissions:
        if sub.identified and not sub.blocked:
            by_unit[sub.unit].append(sub)
    for unit, subs in by_unit.items():
        if len(subs) < 2:
            continue
        # Of identical copies the plainest name is used: "TK.xlsx" rather than "TK (1).xlsx".
        first = min(subs, key=lambda s: (len(s.file), s.file))
        if all(_content(s) == _content(first) for s in subs):
            for copy in (s for s in subs if s is not first):
                copy.findings.append(
                    Finding(
                        "trung-tep",
                        unit=unit,
                        file=copy.file,
                        detail=f"Giống hệt tệp {first.file}; tệp {first.file} được dùng.",
                    )
                )
            continue
        names = ", ".join(s.file for s in subs)
        for sub in subs:
            sub.findings.append(
                Finding(
                    "trung-bao-cao", unit=unit, file=sub.file, detail=f"Các tệp của đơn vị {unit}: {names}."
                )
            )


def _content(sub: Submission) -> tuple[list[tuple[str, float]], list[tuple[str, str]]]:
    figures = sorted((r.ma_chi_tieu, r.gia_tri) for r in sub.rows if not math.isnan(r.gia_tri))
    people = sorted((n.ho_ten, n.hinh_thuc) for n in sub.nominations)
    return figures, people


def _to_csv(frame: pd.DataFrame) -> str:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def write_ingested(result: IngestResult, out_dir: Path) -> None:
    write_text_atomic(out_dir / INGESTED_FILE, _to_csv(result.figures))
    write_text_atomic(out_dir / NOMINATIONS_OUT, _to_csv(result.nominations))
    files = pd.DataFrame(
        {
            "file": list(result.files),
            "ma_don_vi": list(result.files.values()),
            "thoi_gian_nhan": [result.received_at.get(f, "") for f in result.files],
        }
    )
    write_text_atomic(out_dir / SUBMISSIONS_OUT, _to_csv(files))
    write_text_atomic(out_dir / FINDINGS_FILE, result.report.to_json())


def _read_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    text_columns = {c: str for c in columns if c not in _NUMBER_COLUMNS}
    frame = pd.read_csv(
        path,
        dtype=text_columns,
        keep_default_na=False,
        na_values={c: [""] for c in _NUMBER_COLUMNS if c in columns},
    )
    return _sheet_none(frame[columns])


def _sheet_none(frame: pd.DataFrame) -> pd.DataFrame:
    """`sheet` holds None for CSV rows, as an object column: the same after a write and a read."""
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
        figures=_read_csv(out_dir / INGESTED_FILE, FIGURE_COLUMNS).astype({"gia_tri": "float64"}),
        nominations=_read_csv(out_dir / NOMINATIONS_OUT, NOMINATION_COLUMNS),
        report=Report.read(out_dir / FINDINGS_FILE),
        files=dict(zip(files["file"], files["ma_don_vi"], strict=True)),
        received_at=dict(zip(files["file"], files["thoi_gian_nhan"], strict=True)),
    )
