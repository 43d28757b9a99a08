"""One unit's file can never stop or swamp the run (issue 20): each hostile file, swapped in for one
unit of the bundled sample, gets its finding, and the other units' figures are exactly a clean run's.

Peak memory is the largest resident size of the command or any of its workers (a clean sample run
is ~150 MiB); the hostile files cost 630 MB to 549 GB before the readers were bounded.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from hostile_files import (
    FORM,
    YEAR,
    Outcome,
    copy_sample,
    far_cell,
    lying_zip,
    run,
    unknown_codes_csv,
)

from pipeline.ingest import assemble, read_all
from pipeline.ingest.context import ReadContext
from pipeline.inputs.catalog import load_indicators, load_registry

PEAK_MIB = 400  # generous: a clean run peaks at ~150 MiB


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    tmp = tmp_path_factory.mktemp("clean")
    return run(copy_sample(tmp), tmp / "outputs")


def _swap(tmp: Path, unit: str) -> tuple[Path, Path]:
    """A copy of the sample without `unit`'s file, and where the hostile one goes."""
    inputs = copy_sample(tmp)
    folder = inputs / str(YEAR) / "submissions"
    for old in folder.glob(f"{unit}_*"):
        old.unlink()
    return inputs, folder


def _others_exact(outcome: Outcome, clean: Outcome, but: str) -> None:
    got, expected = outcome.valid(), clean.valid()
    assert {u: v for u, v in got.items() if u != but} == {u: v for u, v in expected.items() if u != but}


def test_clean_sample_is_the_reference(clean: Outcome) -> None:
    assert clean.code == 0, clean.stderr
    assert sorted(clean.valid()) == ["BK", "CB", "HG", "LS", "TN", "TQ"]


@pytest.mark.parametrize("ref", ["XFD1048576", "AZ300000"])
def test_a_cell_far_away_is_read_sparsely_and_the_form_still_counts(
    ref: str, clean: Outcome, tmp_path: Path
) -> None:
    inputs, folder = _swap(tmp_path, "CB")
    far_cell(FORM, folder / "CB_2024.xlsx", ref)
    assert (folder / "CB_2024.xlsx").stat().st_size < 20_000  # a small file: the cost is all in the extent
    outcome = run(inputs, tmp_path / "outputs")
    assert outcome.code == 0, outcome.stderr
    assert outcome.valid() == clean.valid()  # CB's figures too: the stray cell is not a figure
    assert outcome.peak_mib < PEAK_MIB


def test_a_zip_whose_headers_lie_about_sizes_is_refused_without_inflating_it(
    clean: Outcome, tmp_path: Path
) -> None:
    inputs, folder = _swap(tmp_path, "TQ")
    lying_zip(FORM, folder / "TQ_2024.xlsx", inflated=200 * 2**20)
    outcome = run(inputs, tmp_path / "outputs")
    assert outcome.code == 1
    codes = {(f["code"], f["unit"]) for f in outcome.findings() if f["file"] == "TQ_2024.xlsx"}
    assert ("tep-qua-lon", "TQ") in codes
    _others_exact(outcome, clean, but="TQ")
    assert "TQ" not in outcome.valid()
    assert outcome.peak_mib < PEAK_MIB


def test_a_2_gib_sparse_file_is_refused_by_its_size_before_it_is_read(clean: Outcome, tmp_path: Path) -> None:
    inputs, folder = _swap(tmp_path, "TQ")
    with (folder / "TQ_2024.xlsx").open("wb") as huge:
        huge.truncate(2 * 2**30)  # sparse: costs no disk
    outcome = run(inputs, tmp_path / "outputs")
    assert outcome.code == 1
    found = [f for f in outcome.findings() if f["file"] == "TQ_2024.xlsx"]
    assert [(f["code"], f["unit"]) for f in found] == [("tep-qua-lon", "TQ")]
    assert "2048,0 MB" in str(found[0]["detail"])
    _others_exact(outcome, clean, but="TQ")
    assert outcome.peak_mib < PEAK_MIB


def test_350_000_unknown_codes_give_200_findings_and_a_count(clean: Outcome, tmp_path: Path) -> None:
    inputs, folder = _swap(tmp_path, "TQ")
    good = clean.out.parent.parent / "inputs" / str(YEAR) / "submissions" / "TQ_2024.csv"
    unknown_codes_csv(folder / "TQ_2024.csv", "TQ", 350_000, good)
    assert (folder / "TQ_2024.csv").stat().st_size > 4_000_000
    outcome = run(inputs, tmp_path / "outputs")
    assert outcome.code == 1
    found = [f for f in outcome.findings() if f["file"] == "TQ_2024.csv"]
    assert [f["code"] for f in found].count("ma-chi-tieu-la") == 200
    counted = [f for f in found if f["code"] == "qua-nhieu-loi"]
    assert len(counted) == 1
    assert "còn 349.800 lỗi khác" in str(counted[0]["detail"])
    assert (outcome.out / "findings.json").stat().st_size < 1_000_000
    assert (outcome.out / "validation.json").stat().st_size < 1_000_000
    assert outcome.valid() == clean.valid()  # TQ's own known figures still count
    assert outcome.peak_mib < PEAK_MIB


def test_a_file_that_aborts_its_reader_costs_only_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the extent bound switched off, calamine really aborts on the far cell (SIGABRT): the
    worker dies, not the run."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the bound is switched off in the parent and inherited by a forked worker")
    monkeypatch.setattr("pipeline.ingest.sparse_sheet.MAX_DENSE_CELLS", 10**15)
    crashing = tmp_path / "TQ_2024.xlsx"
    far_cell(FORM, crashing, "XFD1048576")
    ctx = ReadContext.build(
        load_registry(Path("inputs/units.csv")), load_indicators(Path("inputs/indicators.csv")), YEAR
    )
    forms = sorted((FORM.parent).glob("*_2024.*"))
    files = [(p, p.name) for p in forms if not p.name.startswith("TQ")] + [(crashing, crashing.name)]
    result = assemble(read_all(files, ctx, mp_context=multiprocessing.get_context("fork")))
    assert [(f.file, f.code, f.unit) for f in result.report.findings] == [
        ("TQ_2024.xlsx", "khong-doc-duoc", "TQ")
    ]
    assert "dừng đột ngột" in (result.report.findings[0].detail or "")
    assert sorted(set(result.figures["ma_don_vi"])) == ["BK", "CB", "HG", "LS", "TN"]
