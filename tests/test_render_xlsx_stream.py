"""The streamed workbook writer: what openpyxl reads back is what was written, and the same rows
give the same bytes in any process."""

from __future__ import annotations

import io
from datetime import datetime

import numpy as np
import openpyxl
from fresh_process import built_elsewhere

from pipeline.office.cells import column_letter
from pipeline.office.xlsx_stream import PrintSetup, SheetSpec, StreamedWorkbook, Style

STYLES = [
    Style(bold=True, size=13, horizontal="center"),
    Style(border=True, number_format="#,##0.##"),
    Style(italic=True, border=True, vertical="center", wrap=True),
]
BOLD, NUMBER, WRAPPED = 1, 2, 3


def _workbook() -> bytes:
    book = StreamedWorkbook(STYLES, "Times New Roman", "Thử & xem", created=datetime(2024, 12, 31))
    spec = SheetSpec("Số liệu", widths={0: 8, 1: 30}, freeze=(2, 1), merges=[(0, 0, 0, 2)])
    with book.sheet(spec, 3) as sheet:
        sheet.row([("TIÊU ĐỀ <1> & “2”", BOLD)], height=20)
        sheet.row([("STT", WRAPPED), (" có dấu cách ", WRAPPED), ("=SUM(A1)", WRAPPED)])
        sheet.row([(1, NUMBER), None, (1234.5, NUMBER)])
        sheet.row([(np.int64(7), NUMBER), (np.float64(2.25), NUMBER), (None, WRAPPED)])
    printed = SheetSpec("Ký 'A'", print_setup=PrintSetup(repeat_rows=(0, 0), footer="&CTrang &P"))
    with book.sheet(printed, 2) as sheet:
        for index in range(2500):  # more than one flush
            sheet.row([(index, NUMBER), (f"Đơn vị {index}", WRAPPED)])
    return book.close()


def test_values_styles_and_layout_read_back() -> None:
    book = openpyxl.load_workbook(io.BytesIO(_workbook()))
    assert book.sheetnames == ["Số liệu", "Ký 'A'"]
    sheet = book["Số liệu"]
    assert sheet["A1"].value == "TIÊU ĐỀ <1> & “2”" and sheet["A1"].font.b and sheet["A1"].font.sz == 13
    assert sheet["A1"].font.name == "Times New Roman" and sheet["A1"].alignment.horizontal == "center"
    assert sheet["B2"].value == " có dấu cách " and sheet["C2"].value == "=SUM(A1)"  # text, not a formula
    assert sheet["C2"].data_type == "s" and sheet["B2"].alignment.wrap_text and sheet["B2"].font.i
    assert [sheet["A3"].value, sheet["B3"].value, sheet["C3"].value] == [1, None, 1234.5]
    assert sheet["A3"].number_format == "#,##0.##" and sheet["A3"].border.left.style == "thin"
    assert [sheet["A4"].value, sheet["B4"].value] == [7, 2.25] and sheet["C4"].border.top.style == "thin"
    assert sheet.row_dimensions[1].height == 20
    assert sheet.column_dimensions["B"].width == 30
    assert sheet.freeze_panes == "B3"
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:C1"]
    printed = book["Ký 'A'"]
    assert printed.max_row == 2500 and printed["B2500"].value == "Đơn vị 2499"
    assert printed.print_title_rows == "$1:$1"
    assert printed.page_setup.paperSize == 9 and printed.page_setup.fitToHeight == 0
    assert printed.oddFooter.center.text == "Trang &P"
    assert book.properties.title == "Thử & xem" and book.properties.created == datetime(2024, 12, 31)


def test_same_rows_same_bytes() -> None:
    here = _workbook()
    assert built_elsewhere("test_render_xlsx_stream:_workbook") == [here, here]


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
