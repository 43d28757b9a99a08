"""Validate rules beyond the fixture scenarios, and the validation report (HTML, XLSX, JSON)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from ingest_helpers import (
    BASE,
    CATALOG,
    DEADLINE,
    ON_TIME,
    REGISTRY,
    SCENARIOS,
    YEAR,
    registry_of,
    run_folders,
)

import pipeline.validate.report as validation_report
from pipeline.form.writer import build_form
from pipeline.ingest import ingest
from pipeline.inputs.catalog import Registry
from pipeline.model.findings import CATALOGUE, Report
from pipeline.model.ingested import IngestResult, read_ingested, write_ingested
from pipeline.paths import Paths
from pipeline.validate import ValidationResult, validate, write_validation
from pipeline.validate.checks import vn_number

COLUMNS = ["ma_don_vi", "ma_chi_tieu", "gia_tri", "ghi_chu", "file", "sheet", "cell"]


def _ingested(rows: list[tuple[str, str, float]], files: dict[str, str] | None = None) -> IngestResult:
    frame = pd.DataFrame(
        [(u, c, v, "", f"{u}.xlsx", "BaoCao", f"E{i + 10}") for i, (u, c, v) in enumerate(rows)],
        columns=COLUMNS,
    )
    files = files if files is not None else {f"{u}.xlsx": u for u, _, _ in rows}
    return IngestResult(frame, pd.DataFrame(columns=["ma_don_vi", "file", "hinh_thuc"]), Report(), files)


def _codes(result: object) -> list[tuple[str, str | None, str | None]]:
    return sorted((f.code, f.unit, f.indicator) for f in result.report.findings)  # type: ignore[attr-defined]


ONLY_TP = Registry([REGISTRY.by_code()["TP"]])
REQUIRED = {c: float(BASE[c]) for c, i in CATALOG.items() if i.required and i.method != "ratio"}


def test_parts_are_checked_only_when_all_are_given() -> None:
    rows = [("TP", c, v) for c, v in {**REQUIRED, "cdcs": 40, "cdcs_sxkd": 12}.items() if c != "cdcs_hcsn"]
    result = validate(_ingested(rows), ONLY_TP, CATALOG, YEAR)
    assert _codes(result) == [("thieu-chi-tieu", "TP", "cdcs_hcsn")]
    assert set(result.valid["ma_chi_tieu"]) == set(REQUIRED) - {"cdcs_hcsn"}


def test_money_may_have_no_fraction_rule_but_counts_do() -> None:
    rows = [("TP", c, v) for c, v in {**REQUIRED, "tien_qua": 1500.5, "sang_kien": 2.5}.items()]
    assert _codes(validate(_ingested(rows), ONLY_TP, CATALOG, YEAR)) == [("so-le", "TP", "sang_kien")]


def test_duplicate_indicator_in_one_file_drops_both() -> None:
    rows = [("TP", c, v) for c, v in REQUIRED.items()] + [("TP", "doan_vien", 5.0)]
    result = validate(_ingested(rows), ONLY_TP, CATALOG, YEAR)
    assert _codes(result) == [("trung-chi-tieu", "TP", "doan_vien")] * 2
    assert "doan_vien" not in set(result.valid["ma_chi_tieu"])


def test_unknown_and_computed_indicators_never_reach_aggregation() -> None:
    rows = [("TP", c, v) for c, v in REQUIRED.items()] + [("TP", "ty_le_cdcs_moi", 50.0), ("TP", "la", 1.0)]
    result = validate(_ingested(rows), ONLY_TP, CATALOG, YEAR)
    assert set(result.valid["ma_chi_tieu"]) == set(REQUIRED)


@pytest.mark.parametrize(
    ("before", "now", "flagged"),
    [
        (100, 151, True),
        (100, 150, False),
        (100, 49, True),
        (4, 9, False),
        (0, 500, False),
        (8, 30, True),
    ],
)
def test_year_on_year_threshold(before: float, now: float, flagged: bool) -> None:
    rows = [("TP", c, v) for c, v in {**REQUIRED, "sang_kien": now}.items()]
    previous = pd.DataFrame({"ma_don_vi": ["TP"], "ma_chi_tieu": ["sang_kien"], "gia_tri": [before]})
    result = validate(_ingested(rows), ONLY_TP, CATALOG, YEAR, previous=previous)
    assert (("bien-dong-lon", "TP", "sang_kien") in _codes(result)) == flagged
    lower = validate(_ingested(rows), ONLY_TP, CATALOG, YEAR, previous=previous, jump_threshold_pct=1000)
    assert "bien-dong-lon" not in {c for c, _, _ in _codes(lower)}


def test_validating_again_from_written_files_repeats_nothing(tmp_path: Path) -> None:
    """ingest and validate share findings.json: validating the written result again gives the same report."""
    run = run_folders(["so-am", "thieu-bao-cao", "zip-hong"], tmp_path, registry_of({"BLC", "XM", "XD"}))
    out = tmp_path / "out"
    write_ingested(run.ingested, out)
    write_validation(run.validated, out, YEAR, registry_of({"BLC", "XM", "XD"}))
    again = validate(read_ingested(out), registry_of({"BLC", "XM", "XD"}), CATALOG, YEAR)
    assert sorted(
        f.to_dict().items().__repr__() for f in again.report.findings if f.code != "nop-muon"
    ) == sorted(f.to_dict().items().__repr__() for f in run.validated.report.findings if f.code != "nop-muon")


def test_vn_number() -> None:
    assert [vn_number(v) for v in (339739, 96.5, 0, 1_452_000_000, 348.72)] == [
        "339.739",
        "96,5",
        "0",
        "1.452.000.000",
        "348,72",
    ]


@dataclass
class Written:
    out: Path
    validated: ValidationResult


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """The report over every fixture scenario at once plus an empty form (MK), as `tongket validate` does."""
    tmp = tmp_path_factory.mktemp("report")
    run = run_folders(SCENARIOS, tmp, REGISTRY, nested=True)
    empty = run.inputs / str(YEAR) / "submissions" / "MK.xlsx"
    empty.write_bytes(build_form(CATALOG, YEAR, REGISTRY.by_code()["MK"]))
    os.utime(empty, (ON_TIME, ON_TIME))
    ingested = ingest(Paths(run.inputs, tmp / "outputs", YEAR), REGISTRY, CATALOG)
    validated = validate(ingested, REGISTRY, CATALOG, YEAR, deadline=DEADLINE)
    out = tmp / "outputs" / str(YEAR)
    write_validation(validated, out, YEAR, REGISTRY)
    return Written(out, validated)


def test_report_json_matches_the_result(report: Written) -> None:
    data = json.loads((report.out / "validation.json").read_text(encoding="utf-8"))
    findings = json.loads((report.out / "findings.json").read_text(encoding="utf-8"))
    assert data["counts"] == findings["counts"] and data["needs_person"] is True
    assert len(data["findings"]) == sum(findings["counts"].values())
    units = {u["code"]: u for u in data["units"]}
    assert set(units) == {u.code for u in REGISTRY.active(YEAR)}
    assert units["TA"]["status"] == "excluded" and units["XM"]["status"] == "missing"
    assert units["DCD"]["late"] is True and units["TP"]["late"] is False
    assert units["MK"]["errors"] == 8  # every required indicator of the empty form


def test_report_xlsx_has_every_finding(report: Written) -> None:
    book = openpyxl.load_workbook(report.out / "validation.xlsx")
    data = json.loads((report.out / "validation.json").read_text(encoding="utf-8"))
    sheet = book["LoiVaCanhBao"]
    assert sheet.max_row - 1 == len(data["findings"])
    assert sheet.auto_filter.ref and sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert (
        "Lỗi",
        "so-am",
        "BLC",
        REGISTRY.by_code()["BLC"].name,
        "so-am/BLC.xlsx",
        "BaoCao",
        "E15",
        "cdcs_moi",
        "-3",
    ) == rows[[r[1] for r in rows].index("so-am")][:9]
    assert book["DonVi"].max_row - 1 == len(REGISTRY.active(YEAR))


def test_report_html(report: Written) -> None:
    html = (report.out / "validation.html").read_text(encoding="utf-8")
    assert html.count('<tr>\n      <td class="num">') >= len(REGISTRY.active(YEAR))  # the status matrix
    for label in ("Đã nhận", "Chưa gửi", "Không dùng được", "Nộp muộn"):
        assert label in html
    assert 'id="dv-BLC"' in html and "ô <b>E15</b>" in html
    assert "Tệp chưa xác định được đơn vị" in html  # findings of no known unit still shown
    assert "validation.xlsx" in html
    assert "&lt;" not in html.split("<body>")[0]  # nothing double-escaped in the head


def test_html_caps_findings_per_unit(
    report: Written, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validation_report, "PER_UNIT", 3)
    write_validation(report.validated, tmp_path, YEAR, REGISTRY)
    html = (tmp_path / "validation.html").read_text(encoding="utf-8")
    assert "… và 5 mục khác" in html  # MK: 8 findings, 3 shown, the rest in the XLSX


@pytest.mark.skipif(shutil.which("chromium") is None, reason="headless Chromium is not installed")
def test_html_renders_in_chromium(report: Written) -> None:
    png = report.out / "validation.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--screenshot={png}",
            "--window-size=1280,1600",
            (report.out / "validation.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert png.stat().st_size > 20_000  # a page with tables and text, not a blank one


def test_user_guide_lists_every_finding_code() -> None:
    guide = (Path(__file__).parent.parent / "docs" / "huong-dan-bieu-mau.md").read_text(encoding="utf-8")
    for finding_type in CATALOGUE.values():
        assert f"| `{finding_type.code}` | " in guide, finding_type.code
        assert finding_type.fix in guide, finding_type.code
    assert f"tối đa {validation_report.PER_UNIT} mục" in guide


def test_deadline_as_a_day_means_its_end(tmp_path: Path) -> None:
    import datetime as dt

    run = run_folders(["nop-muon"], tmp_path, registry_of({"DCD"}))
    late_day = validate(run.ingested, registry_of({"DCD"}), CATALOG, YEAR, deadline=dt.date(2024, 12, 19))
    same_day = validate(run.ingested, registry_of({"DCD"}), CATALOG, YEAR, deadline=dt.date(2024, 12, 20))
    assert late_day.late == {"DCD": "2024-12-20T08:00:00"} and same_day.late == {}
