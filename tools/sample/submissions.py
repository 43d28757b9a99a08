"""Each year's submissions folder: the form units send back, or a CSV file, one per unit.

The workbooks are the form tongket gives units (`pipeline.form.writer`, the only code that lays
it out), filled in by `tools.demo.forms.FormFiller` as the demo data is, so a unit's messy edits
(text for numbers, an inserted row, a formula) stay one `FilledForm` field away. Each workbook is
read back with openpyxl before it is written.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from pipeline.form import layout
from pipeline.model.summary import Indicator
from tools.demo.forms import FilledForm, FormFiller
from tools.sample.figures import Table, by_unit
from tools.sample.files import csv_text, write_bytes, write_text
from tools.sample.nominations import Nomination, form_row, nominations_csv
from tools.sample.registry import submitted_codes, unit_name

SUBMISSION_CSV_HEADER = ("ma_don_vi", "ma_chi_tieu", "gia_tri", "ghi_chu")
# Which units send the form; the rest of the year's units send CSV.
XLSX_UNITS = {2024: ("CB", "LS", "TN"), 2025: ("CB", "TN")}
# Notes the units write in the Ghi chú column.
NOTES = {
    2024: {"ho_tro_thien_tai": "Hỗ trợ sau cơn bão số 3 (Yagi)"},
    2025: {"cdcs_hcsn": "Giảm do kết thúc hoạt động CĐCS cơ quan hành chính khi sắp xếp bộ máy"},
}


def submission_csv(year: int, unit: str, values: dict[str, int], codes: list[str]) -> str:
    notes = NOTES.get(year, {})
    rows = [(unit, code, values[code], notes.get(code, "")) for code in codes]
    return csv_text(SUBMISSION_CSV_HEADER, rows)


def filled_form(year: int, unit: str, values: dict[str, int], nominations: list[Nomination]) -> FilledForm:
    notes = NOTES.get(year, {})
    return FilledForm(
        unit, unit_name(unit), dict(values), dict(notes), [form_row(n) for n in nominations if n.unit == unit]
    )


def check_workbook(data: bytes, form: FilledForm, year: int) -> None:
    """The workbook read back: heading, every value and note by its indicator code, the nominations."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[layout.FIGURES_SHEET]
    assert (sheet["A4"].value, sheet["B4"].value) == (layout.LABEL_UNIT_CODE, form.code), form.code
    assert (sheet["B5"].value, sheet["B6"].value) == (form.name, year), form.code
    values, notes = {}, {}
    for row in sheet.iter_rows(values_only=True):
        if isinstance(row[1], str) and row[1] in form.values:
            values[row[1]], notes[row[1]] = row[4], row[5]
    assert values == form.values, f"{year} {form.code}: the form does not read back"
    assert {c: n for c, n in notes.items() if n} == form.notes, f"{year} {form.code}: notes"
    listed = [list(r[1:]) for r in book[layout.NOMINATIONS_SHEET].iter_rows(min_row=4, values_only=True)]
    assert [r for r in listed if any(v is not None for v in r)] == form.nominations, form.code


def write_year_submissions(
    inputs: Path,
    year: int,
    units: tuple[str, ...],
    table: Table,
    catalog: dict[str, Indicator],
    nominations: tuple[Nomination, ...],
    written: list[Path],
) -> None:
    folder = inputs / str(year) / "submissions"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in sorted([*folder.glob("*.csv"), *folder.glob("*.xlsx")]):
        stale.unlink()  # this folder is generated: drop files of units no longer in the sample
    xlsx_units = XLSX_UNITS.get(year, ())
    filler = FormFiller(catalog, year) if xlsx_units else None
    for unit, values in by_unit(units, table).items():
        if filler is not None and unit in xlsx_units:
            form = filled_form(year, unit, values, list(nominations))
            data = filler.workbook(form)
            check_workbook(data, form, year)
            write_bytes(folder / f"{unit}_{year}.xlsx", data, written)
        else:
            text = submission_csv(year, unit, values, submitted_codes(catalog))
            write_text(folder / f"{unit}_{year}.csv", text, written)
    if nominations:
        in_csv = [n for n in nominations if n.unit not in xlsx_units]
        write_text(inputs / str(year) / "nominations.csv", nominations_csv(in_csv), written)
