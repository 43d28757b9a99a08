"""The submission form read with python-calamine: tables found by their header labels, not fixed rows.

Units insert blank rows, reorder rows, merge header cells and type numbers as text; the labels in
`form_layout` are the only contract, so all of that still reads.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from functools import lru_cache

from python_calamine import CalamineWorkbook, PasswordError

from pipeline.form import layout
from pipeline.formats.numbers import parse_number
from pipeline.formats.text import clean, name_key
from pipeline.ingest.bounds import SheetShape
from pipeline.ingest.collector import Collector
from pipeline.ingest.formula_cells import FormulaCell, formula_cells
from pipeline.ingest.legacy import to_unicode
from pipeline.ingest.nominations import TEXT_FIELDS, is_blank_row, read_nomination
from pipeline.ingest.sparse_sheet import sheet_rows
from pipeline.office.cells import column_letter

Row = Sequence[object]
Rows = Sequence[Row]
HEADER_SEARCH_ROWS = 200  # a header further down is not the form's
# What calamine gives for an empty cell. Forms come with ~50 pre-styled blank rows (numbered in STT):
# testing cells against this set skips those rows before any per-cell cleaning. A cell holding 0 or
# " " is not in it, so such a row still goes through the full check.
_EMPTY_CELLS = frozenset({"", None})


def _empty(row: Row) -> bool:
    return _EMPTY_CELLS.issuperset(row)


def _empty_at(row: Row, cols: Sequence[int]) -> bool:
    return _EMPTY_CELLS.issuperset([row[c] for c in cols if c < len(row)])


def _key(label: str) -> str:
    return name_key(label).rstrip(":").strip()


_FIGURE_LABELS = {_key(label): label for label in layout.FIGURES_HEADER}
_HEADING_LABELS = {
    _key(label): label for label in (layout.LABEL_UNIT_CODE, layout.LABEL_UNIT_NAME, layout.LABEL_YEAR)
}
_NOMINATION_LABELS = {_key(label): key for label, key in layout.NOMINATION_COLUMNS.items()}
_NOMINATION_LABELS.update({key: key for key in layout.NOMINATION_COLUMNS.values()})
_NOMINATION_LABELS.update(
    {_key("Họ và tên"): "ho_ten", _key("Họ tên"): "ho_ten", _key("Tên tập thể"): "ho_ten"}
)
_KNOWN_LABELS = set(_FIGURE_LABELS) | set(_HEADING_LABELS) | set(_NOMINATION_LABELS)


# Cached: every file has the same cells, and one shared string per cell keeps 130.000 files' rows small.
@lru_cache(maxsize=8192)
def address(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


def label_of(value: object) -> str:
    """The form label a header cell holds ("Mã chỉ tiêu"), also when typed in TCVN3/VNI; else ""."""
    if not isinstance(value, str) or not value.strip():
        return ""
    return _label_of_text(value)


# Every file of a year repeats the same titles and labels: a cache turns most look-ups into one dict hit.
@lru_cache(maxsize=4096)
def _label_of_text(value: str) -> str:
    key = _key(value)
    if key in _KNOWN_LABELS:
        return key
    if not value.isascii():
        key = _key(to_unicode(clean(value)).text)
        if key in _KNOWN_LABELS:
            return key
    return ""


def _cell(row: Row, col: int | None) -> object:
    return row[col] if col is not None and col < len(row) else None


def _header(rows: Rows, labels: dict[str, str], required: set[str]) -> tuple[int, dict[str, int]] | None:
    """The first row holding all `required` labels, with the column of every label it holds."""
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _empty(row):
            continue
        columns: dict[str, int] = {}
        for c, value in enumerate(row):
            key = label_of(value)
            if key in labels and labels[key] not in columns:
                columns[labels[key]] = c
        if required <= set(columns):
            return r, columns
    return None


def read_workbook(
    data: bytes,
    sub: Collector,
    archive: zipfile.ZipFile | None = None,
    shapes: dict[str, SheetShape] | None = None,
) -> None:
    """`data` as a workbook; `archive` is the same bytes opened as a zip (.xlsx, .ods; None for an
    .xls), where cells with a formula but no number can be found (see `_read_figures`), and
    `shapes` its sheets' measured extents (a sheet too wide for a dense read is read sparsely,
    see `sparse_sheet`)."""

    def rows_of(name: str) -> Rows:
        return sheet_rows(book, name, archive, data, shapes)

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        sub.add("tep-co-mat-khau")
        return
    except Exception:  # calamine's errors for corrupt content are many and untyped
        sub.add("khong-doc-duoc", detail="Tệp bị hỏng hoặc không phải bảng tính Excel.")
        return
    names = list(book.sheet_names)
    found = _figures_sheet(rows_of, names)
    if found is None:
        sub.add(
            "khong-phai-bieu-mau",
            detail=f"Không có bảng nào có cột «{layout.COL_CODE}» và "
            f"«{layout.COL_VALUE}» (trang {layout.FIGURES_SHEET}).",
        )
        return
    sheet, rows, header = found

    read_form_sheet(rows, header, sheet, sub, lambda: formula_cells(data, archive, sheet))
    _check_version(rows_of, names, sub)
    nominations = next((n for n in names if _key(n) == _key(layout.NOMINATIONS_SHEET)), None)
    if nominations is not None:
        _read_nominations(nominations, rows_of(nominations), sub)


def form_header(rows: Rows) -> tuple[int, dict[str, int]] | None:
    """The figures table's header row and columns, if `rows` are the form's figures sheet."""
    header = _header(rows, _FIGURE_LABELS, {layout.COL_VALUE})
    return header if header and ({layout.COL_CODE, layout.COL_NAME} & set(header[1])) else None


def read_form_sheet(
    rows: Rows,
    header: tuple[int, dict[str, int]],
    sheet: str | None,
    sub: Collector,
    find_formulas: Callable[[], dict[tuple[int, int], FormulaCell]] = dict,
) -> None:
    """The unit, the year and the figures of the form's figures sheet (also as a CSV file: sheet None,
    where no formula is left: Excel saved each cell's value)."""
    header_row, columns = header
    _read_heading(rows[:header_row], sheet, sub)
    _read_figures(rows, header_row, columns, sheet, sub, find_formulas)


def _figures_sheet(
    rows_of: Callable[[str], Rows], names: list[str]
) -> tuple[str, Rows, tuple[int, dict[str, int]]] | None:
    wanted = _key(layout.FIGURES_SHEET)
    ordered = sorted((n for n in names if n != layout.META_SHEET), key=lambda n: _key(n) != wanted)
    for name in ordered:
        rows = rows_of(name)
        header = form_header(rows)
        if header:
            return name, rows, header
    return None


def _read_heading(rows: Rows, sheet: str | None, sub: Collector) -> None:
    """The unit and year written beside their labels above the table."""
    found: dict[str, tuple[object, str]] = {}
    for r, row in enumerate(rows):
        if _empty(row):
            continue
        for c, value in enumerate(row):
            label = _HEADING_LABELS.get(label_of(value))
            if label and label not in found:
                col = next((k for k in range(c + 1, len(row)) if clean(row[k])), c + 1)
                found[label] = (_cell(row, col), address(r, col))
    code_raw, code_cell = found.get(layout.LABEL_UNIT_CODE, (None, ""))
    name_raw, name_cell = found.get(layout.LABEL_UNIT_NAME, (None, ""))
    name = sub.text(name_raw, sheet, name_cell)
    code = clean(code_raw)
    sub.identify(code, name, sheet, code_cell if code else name_cell or code_cell or None)
    if layout.LABEL_YEAR in found:
        year_raw, year_cell = found[layout.LABEL_YEAR]
        sub.check_year(year_raw, sheet, year_cell)


def _read_figures(
    rows: Rows,
    header_row: int,
    columns: dict[str, int],
    sheet: str | None,
    sub: Collector,
    find_formulas: Callable[[], dict[tuple[int, int], FormulaCell]],
) -> None:
    """Each row with a code or a name is a figure. An empty value may be a formula that gives no
    number (an Excel error, or no value saved), which calamine reads as empty: `find_formulas`
    looks, once, only if a value is empty, and such a cell is reported, never taken for a blank."""
    code_col, name_col = columns.get(layout.COL_CODE), columns.get(layout.COL_NAME)
    formulas: dict[tuple[int, int], FormulaCell] | None = None
    value_col, note_col = columns[layout.COL_VALUE], columns.get(layout.COL_NOTE)
    read_cols = [c for c in (code_col, name_col) if c is not None]
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        if _empty_at(row, read_cols):
            continue
        code, name = clean(_cell(row, code_col)), clean(_cell(row, name_col))
        if code or name:
            note_cell = address(r, note_col) if note_col is not None else None
            value, note = _cell(row, value_col), _cell(row, note_col)
            if value == "" and sub.reads_value(code, name):
                formulas = find_formulas() if formulas is None else formulas
                if (r, value_col) in formulas:
                    sub.formula_figure(code, name, formulas[(r, value_col)], sheet, address(r, value_col))
                    continue
            sub.figure(code, name, value, note, sheet, address(r, value_col), note_cell)


def _check_version(rows_of: Callable[[str], Rows], names: list[str], sub: Collector) -> None:
    if layout.META_SHEET not in names:
        sub.add("mau-cu", detail="Tệp không có dấu phiên bản của biểu mẫu tongket.")
        return
    rows = rows_of(layout.META_SHEET)
    version = parse_number(_cell(rows[0], 1) if rows else None).value
    if version is None or version < layout.OLDEST_READABLE_VERSION:
        sub.add(
            "khong-phai-bieu-mau",
            sheet=layout.META_SHEET,
            cell="B1",
            detail=f"Phiên bản biểu mẫu không đọc được (cần từ {layout.OLDEST_READABLE_VERSION} trở lên).",
        )
    elif version < layout.FORM_VERSION:
        sub.add(
            "mau-cu",
            sheet=layout.META_SHEET,
            cell="B1",
            value=f"{version:g}",
            detail=f"Phiên bản {version:g}; phiên bản hiện tại là {layout.FORM_VERSION}.",
        )


def _read_nominations(sheet: str, rows: Rows, sub: Collector) -> None:
    header = _header(rows, _NOMINATION_LABELS, {"ho_ten"})
    if header is None:
        return
    header_row, columns = header
    read_cols = [col for key, col in columns.items() if key not in ("stt", "ma_don_vi")]
    for r in range(header_row + 1, len(rows)):
        row = rows[r]
        if _empty_at(row, read_cols):
            continue
        raw = {key: _cell(row, col) for key, col in columns.items() if key != "stt"}
        if is_blank_row(raw):
            continue
        cell = address(r, columns["ho_ten"])
        for key in TEXT_FIELDS:
            raw[key] = sub.text(raw.get(key), sheet, cell)
        nomination, finding = read_nomination(raw, "", sub.sub.file, sheet, cell)
        sub.sub.nominations.append(nomination)
        if finding:
            sub.keep(finding)
