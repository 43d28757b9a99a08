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


def test_editing_the_rules_file_changes_ranking_and_awards_without_code(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    rules = (inputs / "rules.toml").read_text(encoding="utf-8")
    # Staff weigh sáng kiến far more and give two Cờ thi đua instead of one.
    rules = rules.replace('code = "sang_kien"\nmax_points = 10', 'code = "sang_kien"\nmax_points = 60')
    head, tail = rules.split("[awards.co_thi_dua]", 1)
    tail = tail.replace("count = 1", "count = 2", 1)
    (inputs / "rules.toml").write_text(head + "[awards.co_thi_dua]" + tail, encoding="utf-8")

    before = run(ROOT / "inputs", tmp_path / "before", 2024)
    after = run(inputs, tmp_path / "after", 2024)

    def breakdown(summary: dict, unit: str) -> dict:
        return next(s["breakdown"] for s in summary["scores"] if s["unit"] == unit)

    assert breakdown(after, "CB")["sang_kien"] == pytest.approx(
        6 * breakdown(before, "CB")["sang_kien"], abs=0.02
    )

    def winners(summary: dict, form: str) -> list[str]:
        return [a["unit_code"] for a in summary["awards"] if a["form"] == form]

    assert winners(before, "co_thi_dua") == ["CB"] and winners(before, "bang_khen_tap_the") == ["TN", "LS"]
    assert winners(after, "co_thi_dua") == ["CB", "TN"]
    # HG now clears the Bằng khen minimum; TQ still misses the core target cdcs_moi.
    assert winners(after, "bang_khen_tap_the") == ["LS", "HG"]
