"""The per-unit annex (phu-luc-so-lieu-<Y>.xlsx): every unit's figures, for a body too large for a DOCX table.

The report's appendix lists the best-ranked units when there are more than APPENDIX_MAX_UNITS
(pipeline.render.context); this workbook has all of them, written row by row in xlsxwriter's
constant_memory mode so 130.000 units cost no more memory than 100.
"""

from __future__ import annotations

import io
from datetime import datetime

import xlsxwriter
from xlsxwriter.format import Format

from pipeline.model import Summary
from pipeline.render.context import STATUS_WORDS, safe_text

FONT = {"font_name": "Times New Roman", "font_size": 12}
_FIXED_HEADERS = ["STT", "Mã", "Tên đơn vị", "Tình trạng", "Điểm thi đua", "Xếp hạng"]


def render_annex(summary: Summary) -> bytes:
    """Sheet "Số liệu": one row per unit (each indicator a column), then the totals row; sheet
    "Chỉ tiêu <Y+1>": each unit's targets for next year."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    # A fixed creation date: the same summary gives the same workbook, night after night.
    book.set_properties(
        {"title": f"Số liệu từng đơn vị năm {summary.year}", "created": datetime(summary.year, 12, 31)}
    )
    title = book.add_format({**FONT, "bold": True, "font_size": 13})
    head = book.add_format(
        {**FONT, "bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    text = book.add_format({**FONT, "border": 1})
    number = book.add_format({**FONT, "border": 1, "num_format": "#,##0.##"})
    total_text = book.add_format({**FONT, "border": 1, "bold": True})
    total_number = book.add_format({**FONT, "border": 1, "bold": True, "num_format": "#,##0.##"})

    codes = list(summary.indicators)
    sheet = book.add_worksheet("Số liệu")
    sheet.write_string(
        0, 0, safe_text(f"SỐ LIỆU TỪNG ĐƠN VỊ NĂM {summary.year} – {summary.body.group_name}"), title
    )
    headers = _FIXED_HEADERS + [safe_text(f"{ind.name} ({ind.unit})") for ind in summary.indicators.values()]
    for column, header in enumerate(headers):
        sheet.write_string(2, column, header, head)
    sheet.set_column(0, 1, 10)
    sheet.set_column(2, 2, 40)
    sheet.set_column(3, 5, 14)
    sheet.set_column(6, len(headers) - 1, 14)
    sheet.freeze_panes(3, 3)

    scores = {s.unit: s for s in summary.scores}
    row = 3
    for index, unit in enumerate(summary.unit_list, 1):
        score = scores.get(unit.code)
        sheet.write_number(row, 0, index, text)
        sheet.write_string(row, 1, str(safe_text(unit.code)), text)
        sheet.write_string(row, 2, str(safe_text(unit.short_name)), text)
        sheet.write_string(row, 3, STATUS_WORDS[unit.status], text)
        if score:
            sheet.write_number(row, 4, score.points, number)
            sheet.write_number(row, 5, score.rank, number)
        values = summary.units.get(unit.code, {})
        for column, code in enumerate(codes, len(_FIXED_HEADERS)):
            value = values.get(code)
            if value is not None:
                sheet.write_number(row, column, value, number)
        row += 1
    sheet.write_string(row, 2, "Tổng cộng", total_text)
    for column, code in enumerate(codes, len(_FIXED_HEADERS)):
        value = summary.totals.get(code)
        if value is not None:
            sheet.write_number(row, column, value, total_number)
    _next_year_sheet(book, summary, head, text, number, total_text, total_number)
    book.close()
    return buffer.getvalue()


def _next_year_sheet(
    book: xlsxwriter.Workbook,
    summary: Summary,
    head: Format,
    text: Format,
    number: Format,
    total_text: Format,
    total_number: Format,
) -> None:
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
        sheet.write_string(0, column, header, head)
    sheet.set_column(0, 1, 10)
    sheet.set_column(2, 2, 40)
    sheet.set_column(3, len(headers) - 1, 14)
    sheet.freeze_panes(1, 3)
    row = 1
    for unit in summary.unit_list:
        targets = nxt.targets.get(unit.code)
        if targets is None:
            continue
        sheet.write_number(row, 0, row, text)
        sheet.write_string(row, 1, str(safe_text(unit.code)), text)
        sheet.write_string(row, 2, str(safe_text(unit.short_name)), text)
        for column, code in enumerate(codes, 3):
            value = targets.get(code)
            if value is not None:
                sheet.write_number(row, column, value, number)
        row += 1
    sheet.write_string(row, 2, "Tổng cộng", total_text)
    for column, code in enumerate(codes, 3):
        sheet.write_number(row, column, nxt.target_totals[code], total_number)
