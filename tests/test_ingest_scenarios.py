"""One fixture folder per real-world submission problem: its exact findings; good figures still come through.

The folders are under tests/fixtures/ingest/ (built by build.py there); the good unit GD's file is
added to every scenario, and its figures must always arrive untouched.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from ingest_helpers import (
    BASE,
    GOOD_GD,
    REGISTRY,
    SCENARIOS,
    YEAR,
    finding_tuples,
    registry_of,
    run_folders,
    unit_figures,
)

from pipeline.validate import write_validation


@dataclass
class Expect:
    unit: str  # the unit the scenario is about
    status: str  # its status after validation ("" when it is not a member of the year's group)
    findings: list[tuple[str | None, ...]]  # (code, unit, cell, indicator), exactly
    figures: dict[str, float] = field(default_factory=dict)  # its valid figures, exactly ({} = none)
    units: tuple[str, ...] = ()  # other registry units the scenario needs


WITHOUT = lambda *codes: {k: v for k, v in BASE.items() if k not in codes}  # noqa: E731

EXPECTED = {
    "sach": Expect("TP", "received", [], BASE),
    "so-khong-hop-le": Expect(
        "BL",
        "received",
        [
            ("so-khong-hop-le", "BL", "E11", "cdcs_sxkd"),
            ("so-khong-hop-le", "BL", "E13", "doan_vien"),
        ],
        {**WITHOUT("cdcs_sxkd", "doan_vien"), "sang_kien": 1709},
    ),
    "so-am": Expect("BLC", "received", [("so-am", "BLC", "E15", "cdcs_moi")], WITHOUT("cdcs_moi")),
    "so-le": Expect("HQ", "received", [("so-le", "HQ", "E20", "sang_kien")], WITHOUT("sang_kien")),
    "so-mo-ho": Expect("HL", "received", [("so-mo-ho", "HL", "E13", "doan_vien")], BASE),
    "thieu-chi-tieu": Expect(
        "HA",
        "received",
        [
            ("thieu-chi-tieu", "HA", "E18", "tien_qua"),
            ("thieu-chi-tieu", "HA", "E20", "sang_kien"),
        ],
        WITHOUT("tien_qua", "sang_kien"),
    ),
    "ma-chi-tieu-la": Expect("NB", "received", [("ma-chi-tieu-la", "NB", "E22", None)], BASE),
    "don-vi-khong-ro": Expect("ZZ", "", [("don-vi-khong-ro", None, "B4", None)]),
    "don-vi-theo-ten": Expect("QH", "received", [], BASE),
    "trung-bao-cao": Expect("TA", "excluded", [("trung-bao-cao", "TA", None, None)] * 2),
    "trung-tep": Expect("TK", "received", [("trung-tep", "TK", None, None)], BASE),
    "sai-nam": Expect("YT", "excluded", [("sai-nam", "YT", "B6", None)]),
    "mau-cu": Expect("NN", "received", [("mau-cu", "NN", "B1", None)], BASE),
    "tep-rong": Expect("CT", "excluded", [("tep-rong", "CT", None, None)]),
    "khong-phai-bieu-mau": Expect("GT", "excluded", [("khong-phai-bieu-mau", "GT", None, None)]),
    "zip-hong": Expect("XD", "excluded", [("khong-doc-duoc", "XD", None, None)]),
    "mat-khau": Expect("VC", "excluded", [("tep-co-mat-khau", "VC", None, None)]),
    "zip-bomb": Expect("KKT", "excluded", [("tep-qua-lon", "KKT", None, None)]),
    "khong-khop-tong": Expect(
        "TC",
        "received",
        [("khong-khop-tong", "TC", "E10", "cdcs")],
        WITHOUT("cdcs", "cdcs_sxkd", "cdcs_hcsn"),
    ),
    "moi-lon-hon-tong": Expect(
        "VH",
        "received",
        [("moi-lon-hon-tong", "VH", "E16", "doan_vien_moi")],
        WITHOUT("doan_vien_moi", "doan_vien"),
    ),
    "bien-dong-lon": Expect("BD", "received", [("bien-dong-lon", "BD", "E18", "tien_qua")], BASE),
    "tcvn3-xls": Expect("NH", "received", [("ma-hoa-cu", "NH", "B5", None)], BASE),
    "vni": Expect("LD", "received", [("ma-hoa-cu", "LD", "B5", None)], BASE),
    "csv-utf16-tab": Expect("KB", "received", [], BASE),
    "csv-cp1258-champhay": Expect("TT", "received", [], BASE),
    "csv-nhieu-don-vi": Expect(
        "MK", "missing", [("don-vi-khong-ro", None, None, None), ("thieu-bao-cao", "MK", None, None)]
    ),
    "bieu-mau-bi-sua": Expect("DL", "received", [], BASE),
    "html-xls": Expect("KH", "excluded", [("khong-doc-duoc", "KH", None, None)]),
    "don-vi-het-hieu-luc": Expect("TNG", "", [("don-vi-het-hieu-luc", "TNG", "B4", None)]),
    "de-nghi-khong-hop-le": Expect(
        "TNMT",
        "received",
        [("de-nghi-khong-hop-le", None, "dòng 3", None), ("de-nghi-khong-hop-le", "TNMT", "B5", None)],
        BASE,
    ),
    "thieu-bao-cao": Expect("XM", "missing", [("thieu-bao-cao", "XM", None, None)]),
    "nop-muon": Expect("DCD", "received", [("nop-muon", "DCD", None, None)], BASE),
}


def test_every_fixture_folder_has_an_expectation() -> None:
    assert sorted(EXPECTED) == SCENARIOS
    assert len(SCENARIOS) >= 20


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario(name: str, tmp_path: Path) -> None:
    expect = EXPECTED[name]
    run = run_folders([name], tmp_path, registry_of({expect.unit, *expect.units}))
    assert finding_tuples(run) == sorted(expect.findings, key=lambda t: tuple(x or "" for x in t))
    assert run.validated.status.get(expect.unit, "") == expect.status
    assert unit_figures(run.validated, expect.unit) == expect.figures
    # The good unit's figures always come through, whatever is wrong with the others.
    assert run.validated.status["GD"] == "received"
    assert unit_figures(run.validated, "GD") == GOOD_GD
    if expect.status in ("missing", "excluded"):
        assert run.validated.notes[expect.unit]


def test_all_scenarios_together(tmp_path: Path) -> None:
    """Every fixture in one submissions folder (a sub-folder each): the same outcome per unit, a
    complete report, and totals that are the sum of the valid units' figures."""
    together = run_folders(SCENARIOS, tmp_path, REGISTRY, nested=True)
    alone = {
        name: run_folders([name], tmp_path / name, registry_of({e.unit, *e.units}))
        for name, e in EXPECTED.items()
    }
    for name, expect in EXPECTED.items():
        assert together.validated.status.get(expect.unit, "") == expect.status, name
        assert unit_figures(together.validated, expect.unit) == expect.figures, name
    expected = Counter(t for run in alone.values() for t in finding_tuples(run, skip=("thieu-bao-cao",)))
    assert Counter(finding_tuples(together, skip=("thieu-bao-cao",))) == expected
    missing = {f.unit for f in together.validated.report.findings if f.code == "thieu-bao-cao"}
    assert missing == {code for code, status in together.validated.status.items() if status == "missing"}
    received = [e.figures for e in EXPECTED.values() if e.status == "received"] + [GOOD_GD]
    totals = together.validated.valid.groupby("ma_chi_tieu")["gia_tri"].sum().to_dict()
    assert totals == {code: sum(f.get(code, 0) for f in received) for code in GOOD_GD}
    assert together.validated.report.needs_person  # exit 1 for `tongket validate`
    out = tmp_path / "outputs" / str(YEAR)
    written = write_validation(together.validated, out, YEAR, REGISTRY)
    assert [p.name for p in written] == [
        "valid.csv",
        "findings.json",
        "validation.json",
        "validation.xlsx",
        "validation.html",
    ]
    html = (out / "validation.html").read_text(encoding="utf-8")
    assert all(unit.name in html for unit in REGISTRY.active(YEAR))


def test_mangled_form_values(tmp_path: Path) -> None:
    """Text numbers, a unit word after the number and a formula's cached value all read as numbers."""
    run = run_folders(["bieu-mau-bi-sua"], tmp_path, registry_of({"DL"}))
    rows = run.ingested.figures[run.ingested.figures["ma_don_vi"] == "DL"].set_index("ma_chi_tieu")
    assert rows.loc["cdcs_sxkd", "gia_tri"] == 12  # =E13-E15, cached by LibreOffice
    assert rows.loc["doan_vien", "ghi_chu"] == "Tăng do thành lập 3 CĐCS mới"
    assert rows.loc["sang_kien", "cell"] != "E20"  # the row moved and is still found by its code


def test_legacy_text_is_converted(tmp_path: Path) -> None:
    run = run_folders(["tcvn3-xls", "vni"], tmp_path, registry_of({"NH", "LD"}))
    notes = dict(
        zip(
            run.ingested.figures["cell"].astype(str) + run.ingested.figures["ma_don_vi"].astype(str),
            run.ingested.figures["ghi_chu"],
            strict=True,
        )
    )
    assert notes["E13NH"] == "Tăng do thành lập mới 3 CĐCS"
    assert notes["E18NH"] == "Quà Tết cho đoàn viên khó khăn"
    assert notes["E13LD"] == "Số liệu đã được Ban Thường vụ thông qua"


def test_csv_locations_and_notes(tmp_path: Path) -> None:
    run = run_folders(["csv-utf16-tab", "csv-cp1258-champhay"], tmp_path, registry_of({"KB", "TT"}))
    figures = run.ingested.figures
    kb = figures[(figures["ma_don_vi"] == "KB") & (figures["ma_chi_tieu"] == "doan_vien")].iloc[0]
    assert pd.isna(kb["sheet"])  # a CSV line is on no sheet
    assert (kb["cell"], kb["ghi_chu"]) == ("dòng 5", "Số liệu đến ngày 30/11/2024")
    tt = figures[(figures["ma_don_vi"] == "TT") & (figures["ma_chi_tieu"] == "doan_vien")].iloc[0]
    assert tt["ghi_chu"] == "Số liệu đến ngày 30/11/2024"


def test_nominations_from_form_and_office_file(tmp_path: Path) -> None:
    run = run_folders(["sach", "de-nghi-khong-hop-le"], tmp_path, registry_of({"TP", "TNMT"}))
    people = run.ingested.nominations.set_index("ho_ten")
    hung = people.loc["Nguyễn Văn Hùng"]
    assert (hung["ma_don_vi"], hung["hinh_thuc"], hung["so_ngay_nghi"], hung["ky_luat"], hung["cell"]) == (
        "TP",
        "bang_khen_ca_nhan",
        2.0,
        "không",
        "B4",
    )
    assert people.loc["CĐCS Trường THPT Thành phố", "hinh_thuc"] == "bang_khen_tap_the"
    assert people.loc["Nông Văn Dũng", "file"] == "nominations.csv"
    usable = set(run.validated.nominations["ho_ten"])
    assert usable == {"Nguyễn Văn Hùng", "CĐCS Trường THPT Thành phố", "Lò Văn Páo", "Nông Văn Dũng"}
