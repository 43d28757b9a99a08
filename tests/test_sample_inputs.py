"""The bundled sample (inputs/) as tools/sample builds it, and what tongket makes of it.

The expected scores, ranking, awards and rejected nominations are written out here as values, so
the sample's intent (seed 002's awards; each unit that misses out has its own reason) is checked
against tongket's own scoring, not against a second implementation of it.
"""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.form import layout
from pipeline.form.writer import build_form
from pipeline.inputs.catalog import load_indicators, load_registry
from tools.sample.build import build

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"

# unit, points, penalty, all core targets met: tongket's ranking of the sample, best first.
EXPECTED_SCORES = {
    2024: [
        ("CB", 126.92, 0.0, True),
        ("TN", 109.98, 0.0, True),
        ("LS", 105.21, 0.0, True),
        ("TQ", 101.75, 0.0, False),  # enough points, but a core target missed
        ("HG", 88.74, 5.0, True),  # 93,74 on time: the late penalty takes it under 90
        ("BK", 86.24, 0.0, True),  # every core target met, too few points
    ],
    # After the merger TN and TQ are scored against the targets their predecessors pledged, summed.
    2025: [
        ("TN", 110.9, 0.0, True),
        ("CB", 105.99, 0.0, True),
        ("LS", 104.62, 0.0, True),
        ("TQ", 98.92, 0.0, False),  # doan_vien_moi under the summed target
    ],
}
EXPECTED_AWARDS = {  # seed 002 for 2024
    2024: {"co_thi_dua": ["CB"], "bang_khen_tap_the": ["TN", "LS"]},
    2025: {"co_thi_dua": ["TN"], "bang_khen_tap_the": ["CB", "LS"]},
}
EXPECTED_REJECTED = {
    2024: {
        "Nguyễn Thị Yến": "nghỉ 45 ngày trong năm (quá 39 ngày)",
        "Tô Thị Phương": "mới công tác 8 tháng (chưa đủ 10 tháng)",
        "Trần Văn Đạt": "bị kỷ luật trong năm",
        "Trịnh Văn Dũng": "không đăng ký thi đua",
        "Nguyễn Văn Tâm": "nghỉ 52 ngày trong năm (quá 39 ngày); bị kỷ luật trong năm",
    },
    2025: {"Phan Minh Khôi": "nghỉ 41 ngày trong năm (quá 39 ngày)"},
}
THRESHOLDS = (90, 100)  # min_points of the Bằng khen and the Cờ in inputs/rules.toml


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_builder_writes_the_committed_sample_byte_for_byte(tmp_path: Path) -> None:
    written = build(tmp_path)
    assert len(written) == len(set(written))
    built = files(tmp_path)
    committed = files(INPUTS)
    assert committed.pop("indicators.csv")  # kept by hand, read by the builder
    assert sorted(built) == sorted(committed)
    changed = [name for name in built if built[name] != committed[name]]
    assert changed == [], f"inputs/ differs from tools/sample: run python -m tools.sample ({changed})"


@pytest.mark.parametrize("name", sorted(p.name for p in INPUTS.glob("*/submissions/*.xlsx")))
def test_each_sample_workbook_is_the_form_units_receive(name: str) -> None:
    path = next(INPUTS.glob(f"*/submissions/{name}"))
    code, year = path.stem.split("_")
    catalog = load_indicators(INPUTS / "indicators.csv")
    unit = load_registry(INPUTS / "units.csv").by_code()[code]
    sample = openpyxl.load_workbook(path)
    form = openpyxl.load_workbook(io.BytesIO(build_form(catalog, int(year), unit)))
    assert sample.sheetnames == form.sheetnames
    for sheet in (layout.FIGURES_SHEET, layout.NOMINATIONS_SHEET):
        # Everything but the yellow input cells is the form's: labels, codes, STT, merged headings.
        for ours, theirs in zip(sample[sheet].iter_rows(), form[sheet].iter_rows(), strict=True):
            for a, b in zip(ours, theirs, strict=True):
                if b.protection.locked:
                    assert a.value == b.value, (name, sheet, a.coordinate)
        assert sample[sheet].merged_cells.ranges == form[sheet].merged_cells.ranges
    filled = [r[4] for r in sample[layout.FIGURES_SHEET].iter_rows(values_only=True) if r[1] in catalog]
    assert len(filled) == 25 and all(isinstance(v, int) for v in filled), name


@pytest.fixture(scope="module", params=[2024, 2025])
def summary(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("outputs")
    args = ["run", "--year", str(request.param), "--inputs", str(INPUTS), "--outputs", str(out), "--quiet"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    return json.loads((out / str(request.param) / "summary.json").read_text(encoding="utf-8"))


def test_scores_and_ranking_are_the_expected_values(summary: dict) -> None:
    year = summary["year"]
    got = [(s["unit"], s["points"], s["penalty"], s["core_targets_met"]) for s in summary["scores"]]
    assert got == EXPECTED_SCORES[year]
    assert [s["rank"] for s in summary["scores"]] == list(range(1, len(got) + 1))


def test_no_unit_is_within_a_point_of_a_threshold_or_its_neighbour(summary: dict) -> None:
    """So a change of rounding cannot change who is commended."""
    points = [s["points"] for s in summary["scores"]]
    assert all(a - b >= 1 for a, b in itertools.pairwise(points)), points
    assert all(abs(p - t) >= 1 for p in points for t in THRESHOLDS), points


def test_unit_awards_and_rejected_nominations_are_the_expected_ones(summary: dict) -> None:
    year = summary["year"]
    units: dict[str, list[str]] = {}
    for award in summary["awards"]:
        if award["form"] != "bang_khen_ca_nhan":
            units.setdefault(award["form"], []).append(award["unit_code"])
    assert units == EXPECTED_AWARDS[year]
    rejected = {r["recipient"]: r["reason"] for r in summary["rejected"]}
    assert rejected == {name: f"Không đủ điều kiện: {why}." for name, why in EXPECTED_REJECTED[year].items()}
    individual = [a for a in summary["awards"] if a["form"] == "bang_khen_ca_nhan"]
    assert len(individual) == {2024: 31, 2025: 10}[year]
