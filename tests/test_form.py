"""The submission form: what a unit officer sees in Excel, and that a filled form ingests with no findings."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from fresh_process import built_elsewhere
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_helpers import CATALOG, REGISTRY, YEAR

from pipeline.errors import InputError
from pipeline.form.writer import build_form, form_indicators, layout, write_forms
from pipeline.ingest import ingest
from pipeline.paths import Paths

UNIT = REGISTRY.by_code()["TP"]
CODES = [i.code for i in form_indicators(CATALOG)]


def _book(unit: object = UNIT) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(build_form(CATALOG, YEAR, unit)))  # type: ignore[arg-type]


def _form() -> bytes:
    return build_form(CATALOG, YEAR, UNIT)


def _value_cells(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, str]:
    return {row[1].value: row[4].coordinate for row in sheet.iter_rows(min_row=9) if row[1].value in CATALOG}


def test_sheets_and_heading() -> None:
    book = _book()
    assert book.sheetnames == [layout.FIGURES_SHEET, layout.NOMINATIONS_SHEET, "HuongDan", layout.META_SHEET]
    meta = book[layout.META_SHEET]
    assert meta.sheet_state == "hidden"
    assert (meta["A1"].value, meta["B1"].value) == ("form_version", layout.FORM_VERSION)
    sheet = book[layout.FIGURES_SHEET]
    assert [sheet[f"A{r}"].value for r in (4, 5, 6)] == [
        layout.LABEL_UNIT_CODE,
        layout.LABEL_UNIT_NAME,
        layout.LABEL_YEAR,
    ]
    assert (sheet["B4"].value, sheet["B5"].value, sheet["B6"].value) == ("TP", UNIT.name, YEAR)
    assert [c.value for c in sheet[8][:6]] == list(layout.FIGURES_HEADER)


def test_one_row_per_indicator_except_computed_ones() -> None:
    sheet = _book()[layout.FIGURES_SHEET]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=9) if row[1].value in CATALOG}
    assert list(rows) == CODES
    assert "ty_le_cdcs_moi" not in rows  # a ratio tongket computes
    cdcs = rows["cdcs"]
    assert (cdcs[2].value, cdcs[3].value) == (CATALOG["cdcs"].name, "CĐCS")


def test_protected_with_only_input_cells_open() -> None:
    sheet = _book()[layout.FIGURES_SHEET]
    assert sheet.protection.sheet
    assert sheet["B4"].protection.locked and sheet["B6"].protection.locked
    for code, cell in _value_cells(sheet).items():
        assert not sheet[cell].protection.locked, code
        assert sheet[cell.replace("E", "F")].protection.locked is False  # the notes column
        assert sheet[cell.replace("E", "B")].protection.locked, code


def test_value_cells_refuse_text_negatives_and_fractions() -> None:
    sheet = _book()[layout.FIGURES_SHEET]
    rules = {str(rule.sqref): rule for rule in sheet.data_validations.dataValidation}
    for code, cell in _value_cells(sheet).items():
        rule = rules[cell]
        assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0"), code
        assert rule.showErrorMessage and rule.error
    assert "đồng" in rules[_value_cells(sheet)["tien_qua"]].prompt


def test_nominations_sheet() -> None:
    sheet = _book()[layout.NOMINATIONS_SHEET]
    assert [c.value for c in sheet[3]] == list(layout.NOMINATION_COLUMNS)
    forms = [
        r for r in sheet.data_validations.dataValidation if r.type == "list" and "Bằng khen" in r.formula1
    ]
    assert forms and all(label in forms[0].formula1 for label in layout.AWARD_FORMS.values())


def _fill(book: openpyxl.Workbook, values: dict[str, int]) -> None:
    sheet = book[layout.FIGURES_SHEET]
    for code, cell in _value_cells(sheet).items():
        sheet[cell] = values[code]
    people = book[layout.NOMINATIONS_SHEET]
    for col, value in enumerate(
        [
            "Nguyễn Thị Mai",
            "Chủ tịch",
            "CĐCS Bệnh viện",
            "Bằng khen cá nhân",
            "Hoàn thành xuất sắc",
            2,
            36,
            "không",
            "có",
        ],
        start=2,
    ):
        people.cell(4, col, value)


def _ingest_one(book: openpyxl.Workbook, tmp: Path, name: str = "TP.xlsx") -> tuple[dict[str, float], object]:
    folder = tmp / "inputs" / str(YEAR) / "submissions"
    folder.mkdir(parents=True, exist_ok=True)
    book.save(folder / name)
    result = ingest(Paths(tmp / "inputs", tmp / "outputs", YEAR), REGISTRY, CATALOG)
    return dict(zip(result.figures["ma_chi_tieu"], result.figures["gia_tri"], strict=True)), result


@settings(max_examples=25, deadline=None)
@given(values=st.lists(st.integers(min_value=0, max_value=10**12), min_size=len(CODES), max_size=len(CODES)))
def test_filled_form_ingests_with_no_findings(
    values: list[int], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The issue's done-when: a form from `tongket form` filled by a script with openpyxl has no findings."""
    typed = dict(zip(CODES, values, strict=True))
    book = _book()
    _fill(book, typed)
    figures, result = _ingest_one(book, tmp_path_factory.mktemp("form"))
    assert result.report.findings == []  # type: ignore[attr-defined]
    assert figures == typed
    assert result.files == {"TP.xlsx": "TP"}  # type: ignore[attr-defined]
    assert list(result.nominations["hinh_thuc"]) == ["bang_khen_ca_nhan"]  # type: ignore[attr-defined]


def test_blank_form_with_a_code_chosen(tmp_path: Path) -> None:
    """The form without a unit: the officer picks the code from the drop-down; a formula shows the name."""
    book = openpyxl.load_workbook(io.BytesIO(build_form(CATALOG, YEAR, None, REGISTRY.active(YEAR))))
    sheet = book[layout.FIGURES_SHEET]
    rule = next(r for r in sheet.data_validations.dataValidation if str(r.sqref) == "B4")
    assert rule.type == "list" and layout.META_SHEET in rule.formula1
    assert str(sheet["B5"].value).startswith("=IFERROR(VLOOKUP(B4")
    assert not sheet["B4"].protection.locked
    sheet["B4"] = "HA"
    _fill(book, dict.fromkeys(CODES, 1))
    _, result = _ingest_one(book, tmp_path, "bieu-mau.xlsx")
    assert result.report.findings == [] and result.files == {"bieu-mau.xlsx": "HA"}  # type: ignore[attr-defined]


def test_write_forms(tmp_path: Path) -> None:
    paths = write_forms(tmp_path, REGISTRY, CATALOG, YEAR)
    active = REGISTRY.active(YEAR)
    assert [p.name for p in paths] == [f"bieu-mau-{YEAR}.xlsx"] + [
        f"bieu-mau-{YEAR}-{u.code}.xlsx" for u in active
    ]
    assert "bieu-mau-2024-TNG.xlsx" not in {p.name for p in paths}  # merged into Hà Quảng in 2020
    one = write_forms(tmp_path / "one", REGISTRY, CATALOG, YEAR, unit_code="ha")
    assert [p.name for p in one] == ["bieu-mau-2024-HA.xlsx"]
    with pytest.raises(InputError, match="ZZ"):
        write_forms(tmp_path, REGISTRY, CATALOG, YEAR, unit_code="ZZ")


def test_same_inputs_same_bytes_in_any_process(tmp_path: Path) -> None:
    """The form written by `tongket form` is the one any other run would write, byte for byte."""
    [written] = write_forms(tmp_path, REGISTRY, CATALOG, YEAR, unit_code=UNIT.code)
    assert built_elsewhere("test_form:_form") == [written.read_bytes()] * 2
