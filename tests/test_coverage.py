"""Coverage travels with every total (issue 20, point 3): the bundled sample run with some units'
files made unreadable, or one unit's formulas saved without values (issue 19), or one unit's
file of last year missing. The report, the news draft and the annex say «tổng hợp từ báo cáo
của N/M đơn vị» beside a partial total, and a change year on year is computed on the units with
the figure both years, or withheld with the reason — never two units against six.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from docx_reading import open_docx

from pipeline.formats.vnformat import so_sanh, tang_giam
from pipeline.model.summary import Summary
from pipeline.paths import Paths
from pipeline.render.annex import render_annex
from pipeline.runner import run_all

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs"
CB_FORMULAS = ROOT / "tests" / "fixtures" / "office" / "CB_cong-thuc.xlsx"  # 25 formulas, no values
SUBMISSIONS = {"BK": "BK_2024.csv", "CB": "CB_2024.xlsx", "HG": "HG_2024.csv", "LS": "LS_2024.xlsx"}
SUBMISSIONS |= {"TN": "TN_2024.xlsx", "TQ": "TQ_2024.csv"}


def run_sample(tmp: Path, unreadable: list[str] = (), drop_2023: str = "", cb: Path | None = None) -> Path:
    """The sample's 2024 run with some units' files replaced by unreadable ones; outputs/2024."""
    inputs = tmp / "inputs"
    shutil.copytree(SAMPLE, inputs)
    folder = inputs / "2024" / "submissions"
    for unit in unreadable:
        (folder / SUBMISSIONS[unit]).unlink()
        (folder / f"{unit}_2024.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    if drop_2023:
        next((inputs / "2023" / "submissions").glob(f"{drop_2023}_2023.*")).unlink()
    if cb is not None:
        (folder / "CB_2024.xlsx").unlink()
        shutil.copy(cb, folder / "CB_2024.xlsx")
    paths = Paths(inputs, tmp / "outputs", 2024)
    run_all(paths)
    return paths.out


def report_text(out: Path) -> str:
    doc = open_docx((out / "bao-cao-tong-ket-2024.docx").read_bytes())
    return "\n".join(p.text for p in doc.paragraphs)


def members_sentence(text: str) -> str:
    return next(line for line in text.splitlines() if "tổng số đoàn viên là" in line)


def base_change(summary: dict, code: str, units: list[str]) -> str:
    """The change of `code` worked out by hand on `units`, both years, in the report's words."""
    now = sum(summary["figures"][u][code]["value"] for u in units)
    before = sum(summary["figures"][u][code]["previous"] for u in units)
    return tang_giam(round((now - before) / before * 100, 1))


@pytest.fixture(scope="module")
def four_rejected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_sample(tmp_path_factory.mktemp("four"), ["BK", "HG", "LS", "TQ"])


def test_two_of_six_units_say_so_and_withhold_the_change(four_rejected: Path) -> None:
    summary = json.loads((four_rejected / "summary.json").read_text(encoding="utf-8"))
    members = sum(summary["units"][u]["doan_vien"] for u in ("CB", "TN"))
    assert summary["totals"]["doan_vien"] == members
    reason = "chưa so sánh với năm 2023 vì chỉ 2/6 đơn vị có số liệu cả hai năm"
    assert summary["coverage"]["doan_vien"] == {"units": 2, "expected": 6, "compared": 2, "withheld": reason}
    assert "doan_vien" not in summary["previous_totals"]
    assert summary["total_figures"]["doan_vien"]["change_pct"] is None
    text = report_text(four_rejected)
    members_text = f"{members:,}".replace(",", ".")
    assert members_sentence(text).endswith(
        f"tổng số đoàn viên là {members_text} người (tổng hợp từ báo cáo của 2/6 đơn vị; {reason})."
    )
    assert "Số liệu trong báo cáo được tổng hợp từ báo cáo của 2/6 đơn vị trong Cụm" in text
    assert "so với năm 2023" not in text  # no change of two units against six anywhere
    for name in ("tin-bai-2024.md", "tin-bai-2024.html"):
        news = (four_rejected / name).read_text(encoding="utf-8")
        assert "Các số liệu trong tin được tổng hợp từ báo cáo của 2/6 đơn vị trong Cụm." in news


def test_the_annex_says_which_units_each_total_covers(four_rejected: Path) -> None:
    summary = Summary.read(four_rejected / "summary.json")
    sheet = openpyxl.load_workbook(io.BytesIO(render_annex(summary)))["Số liệu"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[1][0] == "Dòng tổng cộng tổng hợp từ báo cáo của 2/6 đơn vị."
    codes = list(summary.indicators)
    totals, counts = rows[-2], rows[-1]
    assert totals[2] == "Tổng cộng" and counts[2] == "Số đơn vị có số liệu"
    assert totals[6 + codes.index("doan_vien")] == summary.totals["doan_vien"]
    assert counts[6 + codes.index("doan_vien")] == "2/6"


def test_four_of_six_compare_on_the_same_four_units(tmp_path: Path) -> None:
    out = run_sample(tmp_path, ["HG", "LS"])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    change = base_change(summary, "doan_vien", ["BK", "CB", "TN", "TQ"])
    assert summary["coverage"]["doan_vien"] == {"units": 4, "expected": 6, "compared": 4, "withheld": ""}
    assert members_sentence(report_text(out)).endswith(
        f"(tổng hợp từ báo cáo của 4/6 đơn vị; {change} so với cùng 4 đơn vị năm 2023)."
    )


def test_a_unit_without_last_years_figures_is_left_out_of_the_change_only(tmp_path: Path) -> None:
    """All six this year, five last year: the total is the body's, its change is on the five."""
    out = run_sample(tmp_path, drop_2023="HG")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    five = ["BK", "CB", "LS", "TN", "TQ"]
    assert summary["coverage"]["doan_vien"] == {"units": 6, "expected": 6, "compared": 5, "withheld": ""}
    before = sum(summary["figures"][u]["doan_vien"]["previous"] for u in five)
    assert summary["previous_totals"]["doan_vien"] == before
    sentence = members_sentence(report_text(out))
    assert "tổng hợp từ báo cáo của" not in sentence  # every unit's figure is in the total
    change = base_change(summary, "doan_vien", five)
    assert sentence.endswith(f"người ({change} so với cùng 5 đơn vị năm 2023).")


def test_a_unit_whose_formulas_have_no_values_counts_apart(tmp_path: Path) -> None:
    """Issue 19's partial unit: its figures are not in the totals, and the totals say so."""
    out = run_sample(tmp_path, cb=CB_FORMULAS)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    five = ["BK", "HG", "LS", "TN", "TQ"]
    assert summary["coverage"]["sang_kien"] == {"units": 5, "expected": 6, "compared": 5, "withheld": ""}
    change = base_change(summary, "sang_kien", five)
    assert f"(tổng hợp từ báo cáo của 5/6 đơn vị; {change} so với cùng 5 đơn vị năm 2023;" in report_text(out)
    news = (out / "tin-bai-2024.md").read_text(encoding="utf-8")
    assert "Các số liệu trong tin được tổng hợp từ báo cáo của 5/6 đơn vị trong Cụm." in news


def test_the_full_sample_reads_as_before(tmp_path: Path) -> None:
    out = run_sample(tmp_path)
    text = report_text(out)
    assert "(tổng hợp từ báo cáo của" not in text and "so với cùng" not in text
    assert "so với năm 2023" in members_sentence(text)
    assert "Các số liệu trong tin" not in (out / "tin-bai-2024.md").read_text(encoding="utf-8")
    summary = Summary.read(out / "summary.json")
    sheet = openpyxl.load_workbook(io.BytesIO(render_annex(summary)))["Số liệu"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1] == (None,) * len(rows[1]) and rows[-1][2] == "Tổng cộng"


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ({"ty_le_tang": 5.0, "nam_so_sanh": 2023, "don_vi_tong_hop": 6, "don_vi_du_kien": 6,
          "don_vi_so_sanh": 6}, " (tăng 5% so với năm 2023)"),
        ({"ty_le_tang": -2.5, "nam_so_sanh": 2023, "don_vi_tong_hop": 4, "don_vi_du_kien": 6,
          "don_vi_so_sanh": 4, "ty_le_dat": 90.0},
         " (tổng hợp từ báo cáo của 4/6 đơn vị; giảm 2,5% so với cùng 4 đơn vị năm 2023; đạt 90% chỉ tiêu)"),
        ({"ty_le_tang": 0.0, "nam_so_sanh": 2023, "don_vi_tong_hop": 1200, "don_vi_du_kien": 1300,
          "don_vi_so_sanh": 1100},
         " (tổng hợp từ báo cáo của 1.200/1.300 đơn vị; không đổi so với cùng 1.100 đơn vị năm 2023)"),
        ({"don_vi_tong_hop": 2, "don_vi_du_kien": 6, "ly_do_khong_so_sanh": "lý do"},
         " (tổng hợp từ báo cáo của 2/6 đơn vị; lý do)"),
        ({"ty_le_tang": 5.0, "nam_so_sanh": 2023}, " (tăng 5% so với năm 2023)"),  # a unit's own figure
    ],
)  # fmt: skip
def test_so_sanh_words_the_coverage_and_the_base(entry: dict, words: str) -> None:
    assert so_sanh(entry) == words
