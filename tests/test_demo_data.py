"""The synthetic inputs: deterministic, complete, and read by the real ingest stage as planned."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from pipeline.aggregate.scoring import load_rules
from pipeline.errors import InputError
from pipeline.ingest import ingest
from pipeline.inputs.catalog import load_indicators, load_registry
from pipeline.inputs.meta import load_meta
from pipeline.paths import Paths
from pipeline.validate.checks import validate
from tools.demo import plan as demo_plan
from tools.demo.data import BUNDLED_CATALOG, MARKER, write_demo_inputs
from tools.demo.forms import Formula
from tools.demo.plan import plan_units

CATALOG = load_indicators(BUNDLED_CATALOG)


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    write_demo_inputs(tmp_path / "a", 25, seed=3)
    write_demo_inputs(tmp_path / "b", 25, seed=3)
    first, second = files(tmp_path / "a"), files(tmp_path / "b")
    assert first == second
    write_demo_inputs(tmp_path / "c", 25, seed=4)
    assert files(tmp_path / "c") != first


def test_a_unit_does_not_depend_on_how_many_there_are() -> None:
    few, many = plan_units(CATALOG, 10, seed=1), plan_units(CATALOG, 40, seed=1)
    assert few[6].name == many[6].name
    assert few[6].true_values == many[6].true_values


def test_inputs_folder_is_complete_and_loads(tmp_path: Path) -> None:
    write_demo_inputs(tmp_path, 40, seed=5)
    paths = Paths(tmp_path, tmp_path / "out", 2024)
    registry = load_registry(tmp_path / "units.csv")
    assert len(registry.units) == 40
    assert len({u.code for u in registry.units}) == len({u.name for u in registry.units}) == 40
    assert load_indicators(tmp_path / "indicators.csv") == CATALOG
    assert load_rules(tmp_path / "rules.toml").criteria
    meta = load_meta(paths)
    assert meta.body.group_kind == "province"
    assert set(meta.documents) >= {"bao_cao", "to_trinh"}
    targets = pd.read_csv(tmp_path / "2024" / "targets.csv", dtype=str)
    assert set(targets["ma_don_vi"]) == {u.code for u in registry.units}
    assert (tmp_path / "2025" / "targets.csv").is_file()
    planned = plan_units(CATALOG, 40, seed=5)
    expected = sum(u.submits for u in planned) + sum(u.duplicate for u in planned)
    assert len(list((tmp_path / "2024" / "submissions").glob("*.xlsx"))) == expected


def test_refuses_a_folder_it_did_not_write_and_replaces_its_own(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "units.csv").write_text("ma_don_vi,ten_don_vi\n", encoding="utf-8")
    with pytest.raises(InputError):
        write_demo_inputs(tmp_path / "real", 5, seed=1)
    assert (tmp_path / "real" / "units.csv").read_text(encoding="utf-8") == "ma_don_vi,ten_don_vi\n"
    write_demo_inputs(tmp_path / "demo", 30, seed=1)
    write_demo_inputs(tmp_path / "demo", 5, seed=1)
    assert (tmp_path / "demo" / MARKER).is_file()
    assert len(load_registry(tmp_path / "demo" / "units.csv").units) == 5


def test_workbooks_open_the_naive_way_too(tmp_path: Path) -> None:
    write_demo_inputs(tmp_path, 3, seed=2, mess=False)
    book = next((tmp_path / "2024" / "submissions").glob("*.xlsx"))
    sheet = pd.read_excel(book, sheet_name="BaoCao", engine="openpyxl", header=None)
    assert "Mã chỉ tiêu" in sheet.astype(str).to_numpy()


def ingested(folder: Path) -> tuple[pd.DataFrame, list[tuple[str, str]], pd.DataFrame]:
    registry = load_registry(folder / "units.csv")
    result = ingest(Paths(folder, folder / "out", 2024), registry, CATALOG)
    deadline = load_meta(Paths(folder, folder / "out", 2024)).deadline
    report = validate(result, registry, CATALOG, 2024, deadline=deadline).report
    codes = [(f.code, f.unit or "") for f in report.findings]
    return result.figures, codes, result.nominations


def test_clean_inputs_ingest_exactly_as_planned(tmp_path: Path) -> None:
    write_demo_inputs(tmp_path, 30, seed=11, mess=False)
    figures, findings, nominations = ingested(tmp_path)
    assert [f for f in findings if f[0] != "bien-dong-lon"] == []
    planned = plan_units(CATALOG, 30, seed=11, mess=False)
    read = {(r.ma_don_vi, r.ma_chi_tieu): r.gia_tri for r in figures.itertuples()}
    assert read == {(u.code, c): float(v) for u in planned for c, v in u.true_values.items()}
    assert len(nominations) == sum(len(u.nominations) for u in planned)


def test_the_mess_becomes_findings_and_good_figures_still_come_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every kind of mess much more often than real, so 30 units carry all of them.
    for kind, share in {"text": 0.5, "blank_row": 0.3, "formula": 0.3, "negative": 0.2, "not_number": 0.2,
                        "fraction": 0.2, "duplicate": 0.1, "missing": 0.1, "late": 0.3}.items():  # fmt: skip
        monkeypatch.setitem(demo_plan.MESS, kind, share)
    write_demo_inputs(tmp_path, 30, seed=13)
    planned = plan_units(CATALOG, 30, seed=13)
    figures, findings, _ = ingested(tmp_path)
    codes = {code for code, _ in findings}
    assert {"so-am", "so-khong-hop-le", "so-le", "trung-bao-cao", "thieu-bao-cao"} <= codes
    for unit in planned:
        if not unit.submits:
            assert ("thieu-bao-cao", unit.code) in findings
            continue
        if unit.duplicate:
            assert ("trung-bao-cao", unit.code) in findings
            continue
        assert (("nop-muon", unit.code) in findings) == unit.late  # the file's date says when it arrived
        read = figures[(figures["ma_don_vi"] == unit.code) & (figures["file"] == f"{unit.code}_2024.xlsx")]
        by_code = dict(zip(read["ma_chi_tieu"], read["gia_tri"], strict=True))
        for code, typed in unit.values.items():
            true = unit.true_values[code]
            if isinstance(typed, str) and not any(ch.isdigit() for ch in typed):
                assert ("so-khong-hop-le", unit.code) in findings
            elif isinstance(typed, int) and typed < 0:
                assert ("so-am", unit.code) in findings
            elif isinstance(typed, float) and not typed.is_integer():
                assert ("so-le", unit.code) in findings
            else:  # numbers, text such as "1.709" or "25 người", formulas, behind a blank row
                assert isinstance(typed, int | str | Formula)
                assert math.isclose(by_code[code], true), (unit.code, code, typed)
