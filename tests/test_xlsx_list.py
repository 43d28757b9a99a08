"""write_list, the one writer of "a title, a header row and data rows" sheets: a real workbook,
read back with openpyxl."""

from __future__ import annotations

import io

import openpyxl
import xlsxwriter

from pipeline.office.xlsx_list import Column, Group, ListFormats, write_list

COLUMNS = [Column("STT", 6), Column("Họ và tên", 30), Column("Số lỗi", 8)]


def build(**options: object) -> openpyxl.Workbook:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = ListFormats(
        head=book.add_format({"bold": True}),
        cell=book.add_format({}),
        group=book.add_format({"italic": True}),
    )
    rows = [Group("Lao động xuất sắc"), [1, '=HYPERLINK("x")', 3], [2, None, ""]]
    count = write_list(book.add_worksheet("Danh sách"), COLUMNS, rows, formats, **options)  # type: ignore[arg-type]
    assert count == 3
    book.close()
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_a_titled_list_of_text() -> None:
    sheet = build(title="DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2024")["Danh sách"]
    assert sheet["A1"].value == "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2024" and sheet["A2"].value is None
    assert [c.value for c in sheet[3]] == ["STT", "Họ và tên", "Số lỗi"] and sheet["A3"].font.b
    assert sheet["A4"].value == "Lao động xuất sắc" and "A4:C4" in {str(r) for r in sheet.merged_cells.ranges}
    # Every value is text: a number too, and a name that looks like a formula stays that name.
    assert [c.value for c in sheet[5]] == ["1", '=HYPERLINK("x")', "3"]
    assert [c.data_type for c in sheet[5]] == ["s", "s", "s"]
    assert [c.value for c in sheet[6]] == ["2", "", ""]  # None and "" as empty text
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref is None
    assert [sheet.column_dimensions[x].width for x in "ABC"] == [6.7109375, 30.7109375, 8.7109375]


def test_a_typed_filterable_list() -> None:
    sheet = build(as_text=False, autofilter=True)["Danh sách"]
    assert [c.value for c in sheet[1]] == ["STT", "Họ và tên", "Số lỗi"]
    assert sheet["A2"].value == "Lao động xuất sắc"
    assert (sheet["A3"].value, sheet["C3"].value) == (1, 3) and sheet["A3"].data_type == "n"
    assert [c.value for c in sheet[4]] == [2, None, None]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:C4"
