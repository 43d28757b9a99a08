"""Cao Bằng's 2024 submission as office software saves it (tests/fixtures/office, built by build.py
there): no figure silently dropped, and the report's «N/M đơn vị» line says when one is unknown.

Every file is the bundled sample's CB_2024.xlsx with its figures turned into formulas or errors;
with the other five units of the sample, the totals are the sample's own (seed 002) when the
values can be read, and lack exactly Cao Bằng's figures when they cannot.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx_reading import open_docx

from pipeline.paths import Paths
from pipeline.runner import run_all

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "office"
SAMPLE = ROOT / "inputs"
# The sample's 2024 cluster totals (seed 002's), and Cao Bằng's own share of them (its CB_2024.xlsx).
TOTALS = {"cdcs": 6428, "cdcs_sxkd": 937, "doan_vien": 339739, "suat_qua": 160000, "tien_qua": 59_755_700_000}
CAO_BANG = {"cdcs": 850, "cdcs_sxkd": 127, "doan_vien": 38045, "suat_qua": 22900, "tien_qua": 8_641_750_000}
FULL = "Số liệu trong báo cáo được tổng hợp từ báo cáo của 6/6 đơn vị trong Cụm."
PARTIAL = (
    "Số liệu trong báo cáo được tổng hợp từ báo cáo của 5/6 đơn vị trong Cụm; 01 đơn vị gửi báo cáo "
    "chưa đủ số liệu (LĐLĐ tỉnh Cao Bằng: ô có công thức nhưng chưa có giá trị), "
    "các số liệu đó chưa được tính."
)
ERROR_CELLS = {"E11": "#DIV/0!", "E22": "#REF!", "E23": "#N/A", "E28": "#VALUE!"}  # see build.py's ERRORS


def run_with(cb_file: Path, tmp: Path) -> tuple[dict, list[dict], str]:
    """The sample's 2024 run with Cao Bằng's file replaced: summary totals, findings, the N/M line."""
    inputs = tmp / "inputs"
    shutil.copytree(SAMPLE, inputs)
    (inputs / "2024" / "submissions" / "CB_2024.xlsx").unlink()
    shutil.copy(cb_file, inputs / "2024" / "submissions" / f"CB_2024{cb_file.suffix}")
    paths = Paths(inputs, tmp / "outputs", 2024)
    run_all(paths)
    summary = json.loads((paths.out / "summary.json").read_text(encoding="utf-8"))
    findings = json.loads((paths.out / "findings.json").read_text(encoding="utf-8"))["findings"]
    report = open_docx((paths.out / "bao-cao-tong-ket-2024.docx").read_bytes())
    line = next(p.text for p in report.paragraphs if "tổng hợp từ báo cáo của" in p.text)
    return summary, [f for f in findings if f["unit"] == "CB"], line


def cb_codes(findings: list[dict]) -> set[str]:
    return {f["code"] for f in findings} - {"bien-dong-lon", "nop-muon"}  # the sample's own warnings


@pytest.mark.parametrize("name", ["CB_luu-lai.xlsx", "CB_luu-lai.ods", "CB_luu-lai.xls"])
def test_formulas_saved_by_libreoffice_give_the_exact_totals(name: str, tmp_path: Path) -> None:
    summary, findings, line = run_with(FIXTURES / name, tmp_path)
    assert {code: summary["totals"][code] for code in TOTALS} == TOTALS
    assert cb_codes(findings) == set()
    assert line == FULL


def test_formulas_without_values_are_reported_and_the_unit_counts_as_not_in_full(tmp_path: Path) -> None:
    summary, findings, line = run_with(FIXTURES / "CB_cong-thuc.xlsx", tmp_path)
    uncomputed = [f for f in findings if f["code"] == "cong-thuc-chua-tinh"]
    assert len(uncomputed) == 25  # every figure of the form, each named, none taken for a blank
    assert cb_codes(findings) == {"cong-thuc-chua-tinh"}  # no thieu-chi-tieu «Điền giá trị»
    first = min(uncomputed, key=lambda f: int(f["cell"][1:]))
    assert (first["sheet"], first["cell"], first["indicator"]) == ("BaoCao", "E8", "cdcs")
    assert first["value"].startswith("=") and "ChiTiet!" in first["value"]
    assert first["fix"] == "Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại."
    assert {code: summary["totals"][code] for code in TOTALS} == {c: TOTALS[c] - CAO_BANG[c] for c in TOTALS}
    assert line == PARTIAL
    cb = next(u for u in summary["unit_list"] if u["code"] == "CB")
    assert cb["status"] == "received" and "25 ô có công thức nhưng chưa có giá trị (BaoCao!E8" in cb["note"]


@pytest.mark.parametrize("name", ["CB_loi.xlsx", "CB_loi.ods", "CB_loi.xls"])
def test_error_cells_are_the_same_finding_in_every_format(name: str, tmp_path: Path) -> None:
    summary, findings, line = run_with(FIXTURES / name, tmp_path)
    errors = {f["cell"]: f["value"] for f in findings if f["code"] == "so-khong-hop-le"}
    assert errors == ERROR_CELLS
    assert cb_codes(findings) == {"so-khong-hop-le"}
    lost = {"doan_vien", "suat_qua", "tien_qua"}  # and sang_kien, not in TOTALS
    assert {c: summary["totals"][c] for c in TOTALS} == {
        c: TOTALS[c] - (CAO_BANG[c] if c in lost else 0) for c in TOTALS
    }
    assert line == FULL  # a unit's broken formula is its own figure to fix, not an unreadable file
