"""The per-unit annex (phu-luc-so-lieu-<Y>.xlsx): every unit's figures, for a body too large for a DOCX table.

The report's appendix lists the best-ranked units when there are more than APPENDIX_MAX_UNITS
(pipeline.render.context_units); this workbook has all of them, and the giao ước's per-unit
parts: each unit's targets and the sheet every unit signs. Rows are streamed into the archive
(pipeline.office.xlsx_stream) as the summary's per-unit tables are read one unit at a time, so
130.000 units cost no more memory than 100, and seconds rather than a minute.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from pipeline.model.summary import Number, Summary
from pipeline.model.unit_tables import NumberTable
from pipeline.office.print_setup import table_setup, wrapped_height
from pipeline.office.xlsx_stream import Cell, SheetSpec, StreamedWorkbook, Style
from pipeline.render.context_giao_uoc import (
    SIGNER_TITLE,
    giao_uoc_reference,
    signature_sheet_name,
    signing_units,
)
from pipeline.render.context_units import INCOMPLETE_WORDS, STATUS_WORDS
from pipeline.render.context_values import safe_text

FONT = "Times New Roman"
_FIXED_HEADERS = ["STT", "Mã", "Tên đơn vị", "Tình trạng", "Điểm thi đua", "Xếp hạng"]
_NUMBER_FORMAT = "#,##0.##"
# Cell styles, numbered from 1 as the workbook numbers them.
STYLES = [
    Style(bold=True, size=13),  # 1 title
    Style(bold=True, size=13, horizontal="center"),  # 2 centred title
    Style(italic=True, horizontal="center", vertical="center"),  # 3 subtitle
    Style(bold=True, border=True, horizontal="center", vertical="center", wrap=True),  # 4 header
    Style(border=True),  # 5 text
    Style(border=True, vertical="center", wrap=True),  # 6 wrapped text
    Style(border=True, horizontal="center", vertical="center"),  # 7 centred
    Style(border=True, number_format=_NUMBER_FORMAT),  # 8 number
    Style(bold=True, border=True),  # 9 totals label
    Style(bold=True, border=True, number_format=_NUMBER_FORMAT),  # 10 totals number
]
TITLE, CENTRED_TITLE, SUBTITLE, HEAD, TEXT, WRAPPED, CENTRED, NUMBER, TOTAL_TEXT, TOTAL_NUMBER = range(1, 11)
# The signature sheet: (header, column width in characters). Printed on A4 portrait.
_SIGNATURE_COLUMNS = [
    ("STT", 7),
    ("Tên đơn vị", 44),
    ("Chức vụ", 11),
    ("Họ và tên người ký", 24),
    ("Chữ ký", 18),
]
_SIGNATURE_HEADER_ROW = 3
_SIGNATURE_ROW_HEIGHT = 36  # points: room for a hand signature


def render_annex(summary: Summary) -> bytes:
    """Sheet "Số liệu": one row per unit (each indicator a column), then the totals row; sheet
    "Chỉ tiêu <Y+1>": each unit's targets for next year; sheet "Ký giao ước <Y+1>": the list every
    signing unit signs, which stands for the giao ước's signature grid."""
    # A fixed creation date: the same summary gives the same workbook, night after night.
    book = StreamedWorkbook(
        STYLES, FONT, f"Số liệu từng đơn vị năm {summary.year}", created=datetime(summary.year, 12, 31)
    )
    _figures_sheet(book, summary)
    _next_year_sheet(book, summary)
    _signature_sheet(book, summary)
    return book.close()


def _text(value: object) -> str:
    return str(safe_text(value))


def _row_reader(table: Mapping[str, Mapping[str, Number]]) -> Callable[[str], Mapping[str, Number]]:
    """unit → its numbers as a plain dict ({} if none): a national annex reads 6 million numbers,
    which a table's row views give one at a time far more slowly than a dict of the row."""
    if isinstance(table, NumberTable):
        row_of = table.row_of
        return lambda unit: table.plain_row(row_of[unit]) if unit in row_of else {}
    return lambda unit: table.get(unit) or {}


def _figures_sheet(book: StreamedWorkbook, summary: Summary) -> None:
    codes = list(summary.indicators)
    headers = _FIXED_HEADERS + [_text(f"{ind.name} ({ind.unit})") for ind in summary.indicators.values()]
    widths = {0: 10.0, 1: 10.0, 2: 40.0} | {c: 14.0 for c in range(3, len(headers))}
    setup = table_setup(widths.values(), header_rows=(2, 2), key_columns=3)
    spec = SheetSpec("Số liệu", widths=widths, freeze=(3, 3), print_setup=setup)
    scores = {s.unit: s for s in summary.scores}
    numbers_of = _row_reader(summary.units)
    with book.sheet(spec, len(headers)) as sheet:
        sheet.row([(_text(f"SỐ LIỆU TỪNG ĐƠN VỊ NĂM {summary.year} – {summary.body.group_name}"), TITLE)])
        sheet.row([])
        sheet.row([(header, HEAD) for header in headers], height=_header_height(headers, widths))
        for index, unit in enumerate(summary.unit_list, 1):
            score = scores.get(unit.code)
            values = numbers_of(unit.code)
            cells: list[Cell] = [
                (index, TEXT),
                (_text(unit.code), TEXT),
                (_text(unit.short_name), TEXT),
                (STATUS_WORDS[unit.status] if unit.complete else INCOMPLETE_WORDS, TEXT),
                (score.points, NUMBER) if score else None,
                (score.rank, NUMBER) if score else None,
            ]
            cells += [_number_cell(values.get(code), NUMBER) for code in codes]
            sheet.row(cells)
        totals = [_number_cell(summary.totals.get(code), TOTAL_NUMBER) for code in codes]
        sheet.row([None, None, ("Tổng cộng", TOTAL_TEXT), None, None, None, *totals])


def _header_height(headers: list[str], widths: dict[int, float]) -> float | None:
    """Indicator names wrap in their 14-wide columns: the header row as tall as the longest."""
    return wrapped_height(((text, widths[c]) for c, text in enumerate(headers)), bold=True)


def _number_cell(value: object, style: int) -> Cell:
    return None if value is None else (value, style)


def _next_year_sheet(book: StreamedWorkbook, summary: Summary) -> None:
    """Sheet "Chỉ tiêu <Y+1>": each unit's targets for next year, which the giao ước's table omits."""
    nxt = summary.next_year
    if nxt is None or not nxt.targets:
        return
    codes = [c for c in summary.indicators if c in nxt.target_totals]
    headers = ["STT", "Mã", "Tên đơn vị"] + [
        _text(f"{summary.indicators[c].name} ({summary.indicators[c].unit})") for c in codes
    ]
    widths = {0: 10.0, 1: 10.0, 2: 40.0} | {c: 14.0 for c in range(3, len(headers))}
    setup = table_setup(widths.values(), header_rows=(0, 0), key_columns=3)
    spec = SheetSpec(f"Chỉ tiêu {nxt.year}", widths=widths, freeze=(1, 3), print_setup=setup)
    with book.sheet(spec, len(headers)) as sheet:
        sheet.row([(header, HEAD) for header in headers], height=_header_height(headers, widths))
        listed = 0
        targets_of = _row_reader(nxt.targets)
        for unit in summary.unit_list:
            if unit.code not in nxt.targets:
                continue
            targets = targets_of(unit.code)
            listed += 1
            cells: list[Cell] = [(listed, TEXT), (_text(unit.code), TEXT), (_text(unit.short_name), TEXT)]
            cells += [_number_cell(targets.get(code), NUMBER) for code in codes]
            sheet.row(cells)
        totals = [(nxt.target_totals[code], TOTAL_NUMBER) for code in codes]
        sheet.row([None, None, ("Tổng cộng", TOTAL_TEXT), *totals])


def _signature_sheet(book: StreamedWorkbook, summary: Summary) -> None:
    """Sheet "Ký giao ước <Y+1>": one row per signing unit with a blank cell to sign in.

    Above APPENDIX_MAX_UNITS the giao ước has no signature block per unit (a 130.000-block grid
    cannot be printed); this list, printed with its header row on every page, is what units sign.
    """
    next_year = summary.next_year.year if summary.next_year else summary.year + 1
    last = len(_SIGNATURE_COLUMNS) - 1
    spec = SheetSpec(
        signature_sheet_name(next_year),
        widths={column: float(width) for column, (_, width) in enumerate(_SIGNATURE_COLUMNS)},
        freeze=(_SIGNATURE_HEADER_ROW + 1, 0),
        merges=[(0, 0, 0, last), (1, 0, 1, last)],
        # A4 portrait, NĐ 30 margins, all columns on one page wide, the header row on every page.
        print_setup=table_setup(
            [width for _, width in _SIGNATURE_COLUMNS],
            header_rows=(_SIGNATURE_HEADER_ROW, _SIGNATURE_HEADER_ROW),
            upright=True,
        ),
    )
    with book.sheet(spec, len(_SIGNATURE_COLUMNS)) as sheet:
        title = f"DANH SÁCH ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC THI ĐUA NĂM {next_year}"
        sheet.row([(title, CENTRED_TITLE)], height=20)
        sheet.row([(_text(f"(Kèm theo {giao_uoc_reference(summary)})"), SUBTITLE)])
        sheet.row([])
        sheet.row([(header, HEAD) for header, _ in _SIGNATURE_COLUMNS], height=30)
        title_case = SIGNER_TITLE.capitalize()
        for index, unit in enumerate(signing_units(summary), 1):
            cells: list[Cell] = [
                (index, CENTRED),
                (_text(unit.name), WRAPPED),
                (title_case, CENTRED),
                (_text(unit.leader or ""), WRAPPED),
                (None, WRAPPED),  # signed by hand
            ]
            sheet.row(cells, height=_SIGNATURE_ROW_HEIGHT)
