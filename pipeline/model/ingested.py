"""What ingest hands on: every figure and nomination read, the files and the findings (outputs/<Y>/).

The contract between ingest and the stages after it, in memory (`IngestResult`) and on disk
(ingested.csv, nominations.csv, submissions.csv, findings.json), so that validate can run alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from pipeline.errors import InputError
from pipeline.memory import release_freed_memory
from pipeline.model.findings import Report
from pipeline.office.atomic import write_streamed, write_text_atomic
from pipeline.office.cells import csv_safe_frame, csv_typed_frame
from pipeline.paths import FINDINGS_FILE, INGESTED_FILE, NOMINATIONS_OUT


class FigureRow(NamedTuple):
    ma_don_vi: str
    ma_chi_tieu: str
    gia_tri: float
    ghi_chu: str
    file: str
    sheet: str | None
    cell: str


class NominationRow(NamedTuple):
    ma_don_vi: str
    ho_ten: str
    chuc_vu: str
    don_vi_cong_tac: str
    hinh_thuc: str  # a key of AWARD_FORMS ("bang_khen_ca_nhan"), or the text as written if unknown
    thanh_tich: str
    so_ngay_nghi: float  # NaN when not given
    so_thang_cong_tac: float
    ky_luat: str  # "có", "không" or "" when not given
    dang_ky_thi_dua: str
    file: str
    sheet: str | None
    cell: str


FIGURE_COLUMNS = list(FigureRow._fields)
SUBMISSIONS_OUT = "submissions.csv"  # ingest: each file, the unit it was attributed to, when it arrived
NOMINATION_COLUMNS = list(NominationRow._fields)
_NOMINATION_NUMBERS = {"so_ngay_nghi", "so_thang_cong_tac"}


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
    reused: int = 0  # files taken from the ingest cache, not read again (in memory only, for the message)


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    """`frame` as UTF-8 CSV, streamed into place: a national ingested.csv (~180 MB) is never one string.
    Text from the submissions never reads as a formula in a spreadsheet (`read_csv_frame` undoes it)."""
    safe = csv_safe_frame(frame)
    write_streamed(path, lambda handle: safe.to_csv(handle, index=False, lineterminator="\n"))


def read_csv_frame(path: Path, **options: object) -> pd.DataFrame:
    """A CSV file `write_csv` wrote, with its text as it was before writing."""
    return csv_typed_frame(pd.read_csv(path, **options))  # type: ignore[call-overload]


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
    frame = read_csv_frame(
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
    frame = read_csv_frame(
        path,
        dtype=text_columns,
        keep_default_na=False,
        na_values={c: [""] for c in _NOMINATION_NUMBERS},
    )
    return sheet_none(frame[NOMINATION_COLUMNS])


def sheet_none(frame: pd.DataFrame) -> pd.DataFrame:
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
    files = read_csv_frame(out_dir / SUBMISSIONS_OUT, dtype=str, keep_default_na=False)
    return IngestResult(
        figures=_read_figures(out_dir / INGESTED_FILE),
        nominations=_read_nominations(out_dir / NOMINATIONS_OUT),
        report=Report.read(out_dir / FINDINGS_FILE),
        files=dict(zip(files["file"], files["ma_don_vi"], strict=True)),
        received_at=dict(zip(files["file"], files["thoi_gian_nhan"], strict=True)),
    )
