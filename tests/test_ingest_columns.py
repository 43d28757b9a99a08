"""Ingest and validate on columns: the figures as categoricals, the table they are built in, the
streamed validation report, and that none of it changes what a person or a program reads."""

from __future__ import annotations

import importlib.machinery
import io
import json
import multiprocessing
import sys
import types
from pathlib import Path

import pandas as pd
import pytest
from ingest_helpers import CATALOG, FIXTURES, REGISTRY, YEAR, registry_of, run_folders

from pipeline.ingest import _pool_context, assemble, read_all, read_submission
from pipeline.ingest.accumulate import _Growing
from pipeline.ingest.context import ReadContext
from pipeline.model.findings import Report
from pipeline.model.ingested import FIGURE_COLUMNS, IngestResult
from pipeline.validate.checks import ValidationResult, validate
from pipeline.validate.report import sections, write_report_json

CTX = ReadContext.build(REGISTRY, CATALOG, YEAR)
FILES = [
    (p, f"{p.parent.parent.name}/{p.name}")
    for p in sorted(FIXTURES.glob("*/submissions/*"))
    if not p.name.startswith(("~$", "."))
]
TEXT_COLUMNS = [c for c in FIGURE_COLUMNS if c != "gia_tri"]


def _plain(row: tuple[object, ...]) -> tuple[object, ...]:
    """A row's values with None for what is missing (a blank value, a CSV line's sheet)."""
    return tuple(None if pd.isna(v) else v for v in row)


def test_figures_are_categoricals_with_sorted_categories_in_file_order() -> None:
    subs = [read_submission(path, name, CTX) for path, name in FILES]
    result = assemble(subs)
    figures = result.figures
    assert list(figures.columns) == FIGURE_COLUMNS and figures["gia_tri"].dtype == "float64"
    for column in TEXT_COLUMNS:
        categories = figures[column].cat.categories
        assert categories.is_monotonic_increasing and categories.is_unique, column
    assert figures["file"].astype(str).is_monotonic_increasing
    csv_lines = figures["cell"].astype(str).str.startswith("dòng")
    assert csv_lines.any() and figures.loc[csv_lines, "sheet"].isna().all()
    # Row for row what the files' own rows say (a copy's rows, "trung-tep", are left out).
    copies = {f.file for f in result.report.findings if f.code == "trung-tep"}
    expected = [
        _plain(row)
        for sub in sorted(subs, key=lambda s: s.file)
        if sub.file not in copies
        for row in sub.rows
    ]
    assert [_plain(row) for row in figures.itertuples(index=False, name=None)] == expected


def test_the_table_built_in_small_pieces_gives_the_same_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = assemble(read_submission(path, name, CTX) for path, name in FILES)
    monkeypatch.setattr(_Growing, "PIECE", 3)
    pieces = assemble(read_submission(path, name, CTX) for path, name in FILES)
    pd.testing.assert_frame_equal(pieces.figures, whole.figures)
    assert [f.to_dict() for f in pieces.report.findings] == [f.to_dict() for f in whole.report.findings]


def test_a_reader_that_stops_early_stops_the_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipeline.ingest.PARALLEL_FROM", 1)
    results = read_all(FILES, CTX, workers=2, mp_context=multiprocessing.get_context("spawn"))
    first = next(results)
    results.close()  # the pool shuts down without reading the files still queued
    assert first.file == FILES[0][1]


@pytest.mark.parametrize(
    ("script", "from_module", "method"),
    [
        ('from pipeline.cli import main\nif __name__ == "__main__":\n    main()\n', False, "spawn"),
        ("from pipeline.runner import run_all\nrun_all(...)\n", False, "fork"),  # would run in each worker
        ("from pipeline.runner import run_all\nrun_all(...)\n", True, "spawn"),  # python -m: not run again
    ],
)
def test_workers_are_spawned_unless_the_main_script_would_run_again_in_them(
    script: str, from_module: bool, method: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "fork" not in multiprocessing.get_all_start_methods():
        method = "spawn"
    main = types.ModuleType("__main__")
    main.__file__ = str(tmp_path / "script.py")
    main.__spec__ = importlib.machinery.ModuleSpec("tool.__main__", None) if from_module else None
    (tmp_path / "script.py").write_text(script, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert _pool_context().get_start_method() == method


def test_validate_takes_plain_text_columns_as_well(tmp_path: Path) -> None:
    units = {"BLC", "KB", "TC", "VH", "XM"}
    run = run_folders(
        ["so-am", "khong-khop-tong", "moi-lon-hon-tong", "csv-utf16-tab"], tmp_path, registry_of(units)
    )
    plain = IngestResult(
        run.ingested.figures.astype({c: object for c in TEXT_COLUMNS}),
        run.ingested.nominations,
        Report(list(run.ingested.report.findings)),
        run.ingested.files,
        run.ingested.received_at,
    )
    again = validate(plain, registry_of(units), CATALOG, YEAR)
    assert [f.to_dict() for f in again.report.findings] == [
        f.to_dict() for f in validate(run.ingested, registry_of(units), CATALOG, YEAR).report.findings
    ]
    assert {"so-am", "khong-khop-tong", "moi-lon-hon-tong"} <= {f.code for f in again.report.findings}
    pd.testing.assert_frame_equal(again.valid, run.validated.valid)
    assert {c: str(again.valid[c].dtype) for c in TEXT_COLUMNS} == dict.fromkeys(TEXT_COLUMNS, "category")


def _figures(rows: list[tuple[str, str, float, str]]) -> IngestResult:
    frame = pd.DataFrame(
        [(u, c, v, note, f"{u}.xlsx", "BaoCao", f"E{i + 10}") for i, (u, c, v, note) in enumerate(rows)],
        columns=FIGURE_COLUMNS,
    )
    files = {f"{u}.xlsx": u for u, _, _, _ in rows}
    return IngestResult(frame, pd.DataFrame(columns=["ma_don_vi", "file", "hinh_thuc"]), Report(), files)


@pytest.mark.parametrize(
    ("now", "note", "detail"),
    [
        (100.0, "", None),  # 70 → 100: +42,9 %
        (150.0, "", "Năm 2023 (gồm cả VT): 70; năm 2024: 150 (tăng 114,3%)."),
        (150.0, "Thêm 5 CĐCS mới", None),  # explained in the note
        (20.0, " ", "Năm 2023 (gồm cả VT): 70; năm 2024: 20 (giảm 71,4%)."),
    ],
)
def test_year_on_year_adds_the_predecessors_and_repeated_rows(
    now: float, note: str, detail: str | None
) -> None:
    """BĐ continues VT (ended mid-2024): last year is BĐ's 40 plus VT's 20 and 10 (two rows, one blank)."""
    registry = registry_of({"BD", "VT"})
    previous = pd.DataFrame(
        {
            "ma_don_vi": ["BD", "VT", "VT", "VT", "TP"],
            "ma_chi_tieu": ["sang_kien"] * 5,
            "gia_tri": [40.0, 20.0, 10.0, float("nan"), 500.0],
        }
    )
    figures = {c: 1.0 for c, i in CATALOG.items() if i.required and i.method != "ratio"}
    figures["sang_kien"] = now
    rows = [("BD", c, v, note if c == "sang_kien" else "") for c, v in figures.items()]
    result = validate(_figures(rows), registry, CATALOG, YEAR, previous=previous)
    jumps = [f for f in result.report.findings if f.code == "bien-dong-lon"]
    assert [f.detail for f in jumps] == ([detail] if detail else [])
    cell = f"E{list(figures).index('sang_kien') + 10}"
    assert all((f.unit, f.indicator, f.sheet, f.cell) == ("BD", "sang_kien", "BaoCao", cell) for f in jumps)


def test_validation_json_is_what_json_dumps_writes(tmp_path: Path) -> None:
    run = run_folders(["so-am", "thieu-bao-cao", "don-vi-khong-ro"], tmp_path, registry_of({"BLC", "XM"}))
    nothing = ValidationResult(pd.DataFrame(columns=FIGURE_COLUMNS), Report(), {}, {})
    for result in (run.validated, nothing):
        units, _ = sections(result, REGISTRY)
        written = io.StringIO()
        write_report_json(written, result, units, YEAR)
        body = json.loads(written.getvalue())
        assert written.getvalue() == json.dumps(body, ensure_ascii=False, indent=2) + "\n"
        assert len(body["units"]) == len(units) and len(body["findings"]) == len(result.report.findings)
    assert '"units": [],\n  "findings": []\n}' in written.getvalue()


def test_a_form_left_entirely_blank_is_only_missing_figures() -> None:
    blank = [(code, float("nan"), "") for code in ("cdcs", "cdcs_sxkd", "cdcs_hcsn", "doan_vien")]
    result = validate(_figures([("TP", *row) for row in blank]), registry_of({"TP"}), CATALOG, YEAR)
    assert result.valid.empty
    assert {f.code for f in result.report.findings if f.unit == "TP"} == {"thieu-chi-tieu"}
