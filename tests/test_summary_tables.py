"""The summary's per-unit tables as columns, and summary.json a unit to a line: same data, less memory."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from summary_factory import make_summary

from pipeline.model.summary import Figure, FigureTable, NumberTable, Provenance, Summary, summary_io
from pipeline.office.atomic import TEMP_SUFFIX, routed, write_streamed
from pipeline.runs.placement import Outcome, Placer


def test_numbers_keep_their_kind_and_absent_cells_stay_absent() -> None:
    table = NumberTable.from_rows({"A": {"cdcs": 12, "ty_le": 85.0}, "B": {"cdcs": 1.5}, "C": {}})
    assert list(table) == ["A", "B", "C"]
    assert table["A"] == {"cdcs": 12, "ty_le": 85.0}
    assert isinstance(table["A"]["cdcs"], int) and isinstance(table["A"]["ty_le"], float)
    assert dict(table["B"]) == {"cdcs": 1.5} and "ty_le" not in table["B"] and len(table["C"]) == 0
    assert table["B"].get("ty_le") is None and table.get("Z") is None
    assert json.dumps(table["A"].table.plain_row(0)) == '{"cdcs": 12, "ty_le": 85.0}'


def test_a_figure_reads_back_as_it_was_given() -> None:
    given = Figure(
        value=1709,
        source=Provenance("CB_2024.xlsx", "BaoCao", "E13"),
        previous=1500,
        change=209,
        change_pct=13.9,
        target=1200,
        achievement_pct=142.4,
        status="vuot",
    )
    target_only = Figure(value=None, target=5)
    table = FigureTable.from_rows({"CB": {"sang_kien": given, "mai_am": target_only}, "BK": {}})
    assert table["CB"]["sang_kien"] == given
    assert table["CB"]["mai_am"] == target_only
    assert list(table["CB"]) == ["sang_kien", "mai_am"] and "cdcs" not in table["CB"]
    assert dict(table["BK"]) == {}
    with pytest.raises(KeyError):
        table["CB"]["cdcs"]


def test_a_figure_row_as_json_text_is_the_figure_with_all_its_fields() -> None:
    """json_rows writes summary.json's text straight from the columns: it must be what json.dumps
    makes of each Figure, field for field and in the dataclass's order, across blocks of rows."""
    figures = {
        f"U{n:05d}": {
            "cdcs": Figure(value=n, source=Provenance(f"Đơn vị {n}.xlsx", "BaoCao", "E9"), previous=n - 2),
            "ty_le": Figure(value=85.5, previous=80.5, change_pct=6.2, target=90.0, status="khong_dat"),
            "csv": Figure(value=3, source=Provenance("U.csv"), target=3, achievement_pct=100.0, status="dat"),
            "lon": Figure(value=1e300, previous=float("inf"), target=0.1 + 0.2),
        }
        for n in range(4100)  # more than one block
    }
    table = FigureTable.from_rows(figures)
    rows = list(table.json_rows())
    assert [unit for unit, _ in rows] == list(figures)
    for unit, text in (rows[0], rows[4099]):
        expected = {code: dataclasses.asdict(table[unit][code]) for code in figures[unit]}  # as read
        assert expected["cdcs"]["change"] == 2 and expected["lon"]["change"] == float("-inf")
        assert text == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))
    assert '"change":5,' in rows[1][1] and '"previous":Infinity,' in rows[1][1]
    assert json.loads(rows[7][1])["csv"]["source"] == {"file": "U.csv", "sheet": None, "cell": None}
    assert table.plain_row(4099) == json.loads(rows[4099][1])


def test_summary_json_is_plain_json_a_unit_to_a_line(tmp_path: Path) -> None:
    summary = make_summary()
    path = tmp_path / "summary.json"
    summary.write(path)
    assert json.loads(path.read_text(encoding="utf-8")) == summary.to_dict()  # any JSON parser reads it
    lines = path.read_text(encoding="utf-8").splitlines()
    units = [u.code for u in summary.received_units()]
    start = lines.index('"figures":{')
    assert [
        json.loads("{" + line.rstrip(",") + "}").popitem()[0]
        for line in lines[start + 1 : start + 1 + len(units)]
    ] == units
    members = list(summary_io.iter_members(path))
    assert [key for where, key, _ in members if where == ("units",)] == units
    assert "Cụm thi đua số 5" in path.read_text(encoding="utf-8")  # Vietnamese as it is, not \\u escapes


def test_summary_reads_back_the_same(tmp_path: Path) -> None:
    summary = make_summary(missing=("HG",))
    path = tmp_path / "summary.json"
    summary.write(path)
    again = Summary.read(path)
    assert again.to_dict() == summary.to_dict()
    assert isinstance(again.figures, FigureTable) and isinstance(again.units, NumberTable)
    assert again.figures["CB"]["doan_vien"] == summary.figures["CB"]["doan_vien"]
    assert again.to_json() == summary.to_json()


def test_a_summary_in_another_layout_is_still_read(tmp_path: Path) -> None:
    """A summary.json from an older tongket (indented), or re-saved by a person."""
    summary = make_summary()
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    with pytest.raises(summary_io.LayoutError):
        list(summary_io.iter_members(path))
    assert Summary.read(path).to_dict() == summary.to_dict()


def test_an_empty_table_stays_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with path.open("w", encoding="utf-8") as out:
        summary_io.dump(
            {"year": 2024, "units": {}, "figures": {"A": {"x": 1}}}, out, summary_io.mapping_items
        )
    assert (
        path.read_text(encoding="utf-8") == '{\n"year":2024,\n"units":{},\n"figures":{\n"A":{"x":1}\n}\n}\n'
    )
    assert list(summary_io.iter_members(path)) == [
        ((), "year", "2024"),
        ((), "units", "{}"),
        (("figures",), "A", '{"x":1}'),
    ]


def test_a_streamed_summary_is_placed_like_any_output(tmp_path: Path) -> None:
    summary = make_summary()
    target = tmp_path / "summary.json"
    placer = Placer(tmp_path)
    with routed(placer.route):
        write_streamed(target, summary.dump)
    assert target.read_text(encoding="utf-8") == summary.to_json()
    assert placer.placed[-1].outcome == Outcome.WRITTEN
    with routed(placer.route):
        write_streamed(target, summary.dump)  # the same content again: nothing written
    assert placer.placed[-1].outcome == Outcome.UNCHANGED
    placer.finish()
    assert not list(tmp_path.glob(f".*{TEMP_SUFFIX}")), "no temporary file is left behind"


def test_a_summary_edited_beyond_its_catalog_is_still_read(tmp_path: Path) -> None:
    """A figure whose indicator the file's catalog lacks (a person added it): read whole, kept."""
    summary = make_summary()
    path = tmp_path / "summary.json"
    summary.write(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index('"units":{') + 1
    unit, row = next(iter(json.loads("{" + lines[at].rstrip(",") + "}").items()))
    row["them_moi"] = 7
    lines[at] = json.dumps({unit: row}, ensure_ascii=False, separators=(",", ":"))[1:-1] + ","
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = Summary.read(path)
    assert again.units[unit]["them_moi"] == 7
    assert again.units[unit]["doan_vien"] == summary.units[unit]["doan_vien"]
