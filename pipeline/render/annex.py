"""The per-unit annex (phu-luc-so-lieu-<Y>.xlsx): every unit's figures, for a body too large for a DOCX table.

The report's appendix lists the best-ranked units when there are more than APPENDIX_MAX_UNITS
(pipeline.render.context); this workbook has all of them, and the giao ước's per-unit parts: each
unit's targets and the sheet every unit signs. It is written row by row in xlsxwriter's
constant_memory mode, reading the summary's per-unit tables one unit at a time, so 130.000 units
cost no more memory than 100.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.model import Summary
from pipeline.render.context import (
    SIGNER_TITLE,
    STATUS_WORDS,
    giao_uoc_reference,
    safe_text,
    signature_sheet_name,
    signing_units,
)

FONT = {"font_name": "Times New Roman", "font_size": 12}
_FIXED_HEADERS = ["STT", "Mã", "Tên đơn vị", "Tình trạng", "Điểm thi đua", "Xếp hạng"]
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
_A4 = 9
# Nghị định 30 margins in inches: left 30 mm, right 15 mm, top and bottom 20 mm.
_MARGINS = {"left": 1.18, "right": 0.59, "top": 0.79, "bottom": 0.79}


@dataclass(frozen=True)
class _Formats:
    title: Format
    centred_title: Format
    subtitle: Format
    head: Format
    text: Format
    wrapped: Format
    centred: Format
    number: Format
    total_text: Format
    total_number: Format


def _formats(book: xlsxwriter.Workbook) -> _Formats:
    cell = {**FONT, "border": 1}
    return _Formats(
        title=book.add_format({**FONT, "bold": True, "font_size": 13}),
        centred_title=book.add_format({**FONT, "bold": True, "font_size": 13, "align": "center"}),
        subtitle=book.add_format({**FONT, "italic": True, "align": "center", "valign": "vcenter"}),
        head=book.add_format(
            {**cell, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}
        ),
        text=book.add_format(cell),
        wrapped=book.add_format({**cell, "valign": "vcenter", "text_wrap": True}),
        centred=book.add_format({**cell, "align": "center", "valign": "vcenter"}),
        number=book.add_format({**cell, "num_format": "#,##0.##"}),
        total_text=book.add_format({**cell, "bold": True}),
        total_number=book.add_format({**cell, "bold": True, "num_format": "#,##0.##"}),
    )


def render_annex(summary: Summary) -> bytes:
    """Sheet "Số liệu": one row per unit (each indicator a column), then the totals row; sheet
    "Chỉ tiêu <Y+1>": each unit's targets for next year; sheet "Ký giao ước <Y+1>": the list every
    signing unit signs, which stands for the giao ước's signature grid."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    # A fixed creation date: the same summary gives the same workbook, night after night.
    book.set_properties(
        {"title": f"Số liệu từng đơn vị năm {summary.year}", "created": datetime(summary.year, 12, 31)}
    )
    formats = _formats(book)
    _figures_sheet(book, summary, formats)
    _next_year_sheet(book, summary, formats)
    _signature_sheet(book, summary, formats)
    book.close()
    return buffer.getvalue()


def _figures_sheet(book: xlsxwriter.Workbook, summary: Summary, f: _Formats) -> None:
    codes = list(summary.indicators)
    sheet = book.add_worksheet("Số liệu")
    sheet.write_string(
        0, 0, str(safe_text(f"SỐ LIỆU TỪNG ĐƠN VỊ NĂM {summary.year} – {summary.body.group_name}")), f.title
    )
    headers = _FIXED_HEADERS + [
        str(safe_text(f"{ind.name} ({ind.unit})")) for ind in summary.indicators.values()
    ]
    for column, header in enumerate(headers):
        sheet.write_string(2, column, header, f.head)
    sheet.set_column(0, 1, 10)
    sheet.set_column(2, 2, 40)
    sheet.set_column(3, 5, 14)
    sheet.set_column(6, len(headers) - 1, 14)
    sheet.freeze_panes(3, 3)

    scores = {s.unit: s for s in summary.scores}
    row = 3
    for index, unit in enumerate(summary.unit_list, 1):
        score = scores.get(unit.code)
        sheet.write_number(row, 0, index, f.text)
        sheet.write_string(row, 1, str(safe_text(unit.code)), f.text)
        sheet.write_string(row, 2, str(safe_text(unit.short_name)), f.text)
        sheet.write_string(row, 3, STATUS_WORDS[unit.status], f.text)
        if score:
            sheet.write_number(row, 4, score.points, f.number)
            sheet.write_number(row, 5, score.rank, f.number)
        values = summary.units.get(unit.code) or {}
        for column, code in enumerate(codes, len(_FIXED_HEADERS)):
            value = values.get(code)
            if value is not None:
                sheet.write_number(row, column, value, f.number)
        row += 1
    sheet.write_string(row, 2, "Tổng cộng", f.total_text)
    for column, code in enumerate(codes, len(_FIXED_HEADERS)):
        value = summary.totals.get(code)
        if value is not None:
            sheet.write_number(row, column, value, f.total_number)


def _next_year_sheet(book: xlsxwriter.Workbook, summary: Summary, f: _Formats) -> None:
    """Sheet "Chỉ tiêu <Y+1>": each unit's targets for next year, which the giao ước's table omits."""
    nxt = summary.next_year
    if nxt is None or not nxt.targets:
        return
    codes = [c for c in summary.indicators if c in nxt.target_totals]
    sheet = book.add_worksheet(f"Chỉ tiêu {nxt.year}")
    headers = ["STT", "Mã", "Tên đơn vị"] + [
        str(safe_text(f"{summary.indicators[c].name} ({summary.indicators[c].unit})")) for c in codes
    ]
    for column, header in enumerate(headers):
        sheet.write_string(0, column, header, f.head)
    sheet.set_column(0, 1, 10)
    sheet.set_column(2, 2, 40)
    sheet.set_column(3, len(headers) - 1, 14)
    sheet.freeze_panes(1, 3)
    row = 1
    for unit in summary.unit_list:
        targets = nxt.targets.get(unit.code)
        if targets is None:
            continue
        sheet.write_number(row, 0, row, f.text)
        sheet.write_string(row, 1, str(safe_text(unit.code)), f.text)
        sheet.write_string(row, 2, str(safe_text(unit.short_name)), f.text)
        for column, code in enumerate(codes, 3):
            value = targets.get(code)
            if value is not None:
                sheet.write_number(row, column, value, f.number)
        row += 1
    sheet.write_string(row, 2, "Tổng cộng", f.total_text)
    for column, code in enumerate(codes, 3):
        sheet.write_number(row, column, nxt.target_totals[code], f.total_number)


def _signature_sheet(book: xlsxwriter.Workbook, summary: Summary, f: _Formats) -> None:
    """Sheet "Ký giao ước <Y+1>": one row per signing unit with a blank cell to sign in.

    Above APPENDIX_MAX_UNITS the giao ước has no signature block per unit (a 130.000-block grid
    cannot be printed); this list, printed with the header on every page, is what units sign.
    """
    next_year = summary.next_year.year if summary.next_year else summary.year + 1
    sheet = book.add_worksheet(signature_sheet_name(next_year))
    _print_setup(sheet)
    last = len(_SIGNATURE_COLUMNS) - 1
    for column, (_, width) in enumerate(_SIGNATURE_COLUMNS):
        sheet.set_column(column, column, width)
    title = f"DANH SÁCH ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC THI ĐUA NĂM {next_year}"
    sheet.set_row(0, 20)
    sheet.merge_range(0, 0, 0, last, title, f.centred_title)
    sheet.merge_range(1, 0, 1, last, str(safe_text(f"(Kèm theo {giao_uoc_reference(summary)})")), f.subtitle)
    sheet.set_row(_SIGNATURE_HEADER_ROW, 30)
    for column, (header, _) in enumerate(_SIGNATURE_COLUMNS):
        sheet.write_string(_SIGNATURE_HEADER_ROW, column, header, f.head)
    sheet.freeze_panes(_SIGNATURE_HEADER_ROW + 1, 0)
    row = _SIGNATURE_HEADER_ROW + 1
    for index, unit in enumerate(signing_units(summary), 1):
        sheet.set_row(row, _SIGNATURE_ROW_HEIGHT)
        sheet.write_number(row, 0, index, f.centred)
        sheet.write_string(row, 1, str(safe_text(unit.name)), f.wrapped)
        sheet.write_string(row, 2, SIGNER_TITLE.capitalize(), f.centred)
        sheet.write_string(row, 3, str(safe_text(unit.leader or "")), f.wrapped)
        sheet.write_blank(row, 4, None, f.wrapped)
        row += 1


def _print_setup(sheet: Worksheet) -> None:
    """A4 portrait, NĐ 30 margins, all columns on one page wide, the header row on every page."""
    sheet.set_paper(_A4)
    sheet.set_portrait()
    sheet.set_margins(**_MARGINS)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(_SIGNATURE_HEADER_ROW)
    sheet.center_horizontally()
    sheet.set_footer("&CTrang &P/&N")
