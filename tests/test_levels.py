"""One pipeline for two levels: a province over its unions, and that province inside its cluster."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

ROOT = Path(__file__).resolve().parent.parent
PROVINCE = ROOT / "tests" / "fixtures" / "province"


def tongket(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def run(inputs: Path, outputs: Path, year: int) -> dict:
    proc = tongket("run", "--year", str(year), "--inputs", str(inputs), "--outputs", str(outputs), "-q")
    assert proc.returncode == 0, proc.stderr
    return json.loads((outputs / str(year) / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("province")
    return run(PROVINCE, out, 2024), out / "2024" / "summary.json"


def test_a_province_runs_over_its_own_units(province) -> None:
    summary, path = province
    assert summary["body"]["group_kind"] == "province"
    assert sorted(summary["units"]) == ["GD", "HA", "TP", "YT"]
    assert summary["totals"]["cdcs"] == sum(u["cdcs"] for u in summary["units"].values())
    assert (path.parent / "giao-uoc-thi-dua-2025.docx").exists()


def test_the_province_summary_is_its_submission_to_the_cluster(province, tmp_path: Path) -> None:
    _, province_summary = province
    cluster = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", cluster)
    submissions = cluster / "2024" / "submissions"
    (submissions / "CB_2024.xlsx").unlink()
    shutil.copy(province_summary, submissions / "CB_2024_summary.json")

    rolled = run(cluster, tmp_path / "outputs", 2024)
    assert rolled["totals"]["cdcs"] == 6428 and rolled["totals"]["doan_vien"] == 339739
    cb = rolled["figures"]["CB"]["doan_vien"]
    assert cb["source"] == {
        "file": "CB_2024_summary.json",
        "sheet": "summary.json",
        "cell": "totals.doan_vien",
    }
    assert [a["unit_code"] for a in rolled["awards"] if a["form"] == "co_thi_dua"] == ["CB"]


def test_2025_after_the_merger_compares_with_the_predecessors(tmp_path: Path) -> None:
    summary = run(ROOT / "inputs", tmp_path, 2025)
    before = run(ROOT / "inputs", tmp_path / "y2024", 2024)
    assert [u["code"] for u in summary["unit_list"]] == ["CB", "LS", "TN", "TQ"]
    for merged, gone in (("TN", "BK"), ("TQ", "HG")):
        fig = summary["figures"][merged]["doan_vien"]
        assert fig["previous"] == before["units"][merged]["doan_vien"] + before["units"][gone]["doan_vien"]
    assert summary["total_figures"]["doan_vien"]["previous"] == before["totals"]["doan_vien"]

    report = "\n".join(
        p.text for p in Document(str(tmp_path / "2025" / "bao-cao-tong-ket-2025.docx")).paragraphs
    )
    assert "gồm cả LĐLĐ tỉnh Bắc Kạn" in report and "gồm cả LĐLĐ tỉnh Hà Giang" in report
