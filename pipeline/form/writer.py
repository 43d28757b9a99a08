"""The submission form: one workbook per unit, from the indicator catalog, that ingest reads back.

The unit and year are filled in and the sheet is protected (without a password) so that only the
yellow cells take input; Excel's data validation refuses text, negatives and fractions as they are
typed. The labels come from `form_layout`, the contract with the ingest stage.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from pipeline.errors import InputError
from pipeline.form import layout
from pipeline.inputs.catalog import COMPUTED_METHODS, Registry, RegistryUnit
from pipeline.model.summary import Indicator
from pipeline.office.atomic import write_atomic
from pipeline.office.cells import WORKBOOK_OPTIONS
from pipeline.office.print_setup import apply, table_setup, wrapped_height

FORMS_DIR = "bieu-mau"  # under outputs/<Y>/
GROUP_TITLES = {
    "to_chuc": "Tổ chức công đoàn, đoàn viên",
    "phat_trien": "Phát triển đoàn viên, thành lập công đoàn cơ sở, giới thiệu đảng viên",
    "dao_tao": "Đào tạo, bồi dưỡng cán bộ công đoàn",
    "dai_dien": "Đại diện, bảo vệ quyền và lợi ích của người lao động",
    "cham_lo": "Chăm lo đời sống đoàn viên, người lao động",
    "thi_dua": "Thi đua, khen thưởng",
    "khac": "Chỉ tiêu khác",
}
NOMINATION_ROWS = 50
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
_HEADER_ROW = 7  # 0-based: row 8 in Excel
_FIGURE_WIDTHS = [13, 22, 52, 11, 17, 26]  # column A holds the STT and the heading labels
_GUIDE_WIDTHS = [4, 82]  # on one A4 page upright, the lines wrapped
_GUIDE = [
    "Chỉ điền vào các ô màu vàng. Mã đơn vị và năm báo cáo đã ghi sẵn, không sửa.",
    "Cột «Giá trị»: nhập số, không kèm chữ. Số người, số đơn vị, số lượt... là số nguyên; "
    "ghi 0 nếu trong năm không có.",
    "Số tiền tính bằng đồng (ví dụ 59.800.000.000), không ghi theo triệu hay tỷ đồng.",
    "Dấu chấm ngăn cách hàng nghìn (25.493); Excel tự hiển thị khi nhập 25493.",
    "Số liệu tăng, giảm nhiều so với năm trước: ghi lý do vào cột «Ghi chú».",
    "Trang «DeNghiKhenThuong»: mỗi dòng một tập thể hoặc cá nhân đề nghị khen thưởng; chọn hình thức "
    "trong danh sách thả xuống.",
    "Lưu tệp dạng .xlsx, giữ nguyên tên trang, gửi về văn phòng một tệp duy nhất.",
]


def form_indicators(catalog: dict[str, Indicator]) -> list[Indicator]:
    """The indicators a unit fills in: all but the computed ones, in catalog order."""
    return [i for i in catalog.values() if i.method not in COMPUTED_METHODS]


def build_form(
    catalog: dict[str, Indicator],
    year: int,
    unit: RegistryUnit | None = None,
    units: Sequence[RegistryUnit] = (),
) -> bytes:
    """The form workbook as bytes: for `unit`, or with a drop-down of `units` when it is None."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    # A fixed creation time: the same inputs give the same file.
    book.set_properties(
        {"title": f"Báo cáo số liệu năm {year}", "author": "tongket", "created": dt.datetime(year, 1, 1)}
    )
    styles = _styles(book)
    figures = book.add_worksheet(layout.FIGURES_SHEET)
    nominations = book.add_worksheet(layout.NOMINATIONS_SHEET)
    guide = book.add_worksheet("HuongDan")
    meta = book.add_worksheet(layout.META_SHEET)
    _write_meta(meta, year, unit, units)
    _write_figures(figures, styles, catalog, year, unit, len(units))
    _write_nominations(nominations, styles, year)
    _write_guide(guide, styles, year)
    figures.activate()
    book.close()
    return buffer.getvalue()


def write_form(
    path: Path,
    catalog: dict[str, Indicator],
    year: int,
    unit: RegistryUnit | None = None,
    units: Sequence[RegistryUnit] = (),
) -> Path:
    write_atomic(path, build_form(catalog, year, unit, units))
    return path


def write_forms(
    out_dir: Path, registry: Registry, catalog: dict[str, Indicator], year: int, unit_code: str | None = None
) -> list[Path]:
    """`tongket form`: one form per active unit plus a blank one, or only `unit_code`'s."""
    active = registry.active(year)
    if unit_code is not None:
        unit = next((u for u in active if u.code.upper() == unit_code.strip().upper()), None)
        if unit is None:
            raise InputError(
                f"Mã đơn vị «{unit_code}» không có trong danh sách đơn vị năm {year}. "
                f"Các mã: {', '.join(u.code for u in active)}."
            )
        return [write_form(out_dir / f"bieu-mau-{year}-{unit.code}.xlsx", catalog, year, unit)]
    paths = [write_form(out_dir / f"bieu-mau-{year}.xlsx", catalog, year, None, active)]
    paths += [write_form(out_dir / f"bieu-mau-{year}-{u.code}.xlsx", catalog, year, u) for u in active]
    return paths


def _styles(book: xlsxwriter.Workbook) -> dict[str, Any]:
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "vcenter"}
    table = {**base, "border": 1, "text_wrap": True}

    def fmt(**extra: Any) -> Any:
        return book.add_format({**base, **extra})

    return {
        "title": fmt(bold=True, font_size=14, align="center"),
        "note": fmt(italic=True, text_wrap=True),
        "label": fmt(bold=True),
        "fixed": fmt(bold=True, bg_color="#EDEDED", border=1),
        "input": fmt(bg_color="#FFF2CC", border=1, locked=False),
        "header": book.add_format({**table, "bold": True, "align": "center", "bg_color": "#D9E1F2"}),
        "group": book.add_format({**table, "bold": True, "bg_color": "#F2F2F2"}),
        "cell": book.add_format(table),
        "center": book.add_format({**table, "align": "center"}),
        "code": book.add_format({**table, "font_color": "#595959", "font_name": "Consolas", "font_size": 10}),
        "value": book.add_format({**table, "num_format": "#,##0", "bg_color": "#FFF2CC", "locked": False}),
        "decimal": book.add_format(
            {**table, "num_format": "#,##0.0", "bg_color": "#FFF2CC", "locked": False}
        ),
        "free": book.add_format({**table, "bg_color": "#FFF2CC", "locked": False}),
    }


def _write_meta(
    sheet: Worksheet, year: int, unit: RegistryUnit | None, units: Sequence[RegistryUnit]
) -> None:
    sheet.write_row(0, 0, ["form_version", layout.FORM_VERSION])
    sheet.write_row(1, 0, ["nam", year])
    sheet.write_row(2, 0, ["ma_don_vi", unit.code if unit else ""])
    for r, member in enumerate(units):
        sheet.write_row(r, 3, [member.code, member.name])
    sheet.hide()


def _write_figures(
    sheet: Worksheet,
    s: dict[str, Any],
    catalog: dict[str, Indicator],
    year: int,
    unit: RegistryUnit | None,
    unit_count: int,
) -> None:
    # Column A holds the STT and also the heading labels ("Năm báo cáo:"), so it is wide enough for both.
    for col, width in enumerate(_FIGURE_WIDTHS):
        sheet.set_column(col, col, width)
    sheet.merge_range("A1:F1", f"BÁO CÁO SỐ LIỆU TỔNG KẾT NĂM {year}", s["title"])
    sheet.merge_range("A2:F2", "Điền các ô màu vàng; xem hướng dẫn ở trang «HuongDan».", s["note"])
    _write_heading(sheet, s, year, unit, unit_count)
    sheet.write_row(_HEADER_ROW, 0, layout.FIGURES_HEADER, s["header"])
    row = _write_indicator_rows(sheet, s, catalog, _HEADER_ROW + 1)
    sheet.write(
        row + 1, 2, "Người lập biểu: ....................   Điện thoại: ....................", s["note"]
    )
    sheet.freeze_panes(_HEADER_ROW + 1, 0)
    apply(sheet, table_setup(_FIGURE_WIDTHS, header_rows=(_HEADER_ROW, _HEADER_ROW)))
    sheet.protect("", {"format_columns": True, "format_rows": True, "insert_rows": True, "delete_rows": True})


def _write_heading(
    sheet: Worksheet, s: dict[str, Any], year: int, unit: RegistryUnit | None, unit_count: int
) -> None:
    """Unit code, name and year above the table: fixed for a unit's form, a drop-down on the blank one."""
    sheet.write("A4", layout.LABEL_UNIT_CODE, s["label"])
    sheet.write("A5", layout.LABEL_UNIT_NAME, s["label"])
    sheet.write("A6", layout.LABEL_YEAR, s["label"])
    if unit is not None:
        sheet.write("B4", unit.code, s["fixed"])
        sheet.merge_range("B5:D5", unit.name, s["fixed"])
    else:
        sheet.write("B4", "", s["input"])
        sheet.data_validation(
            "B4",
            {
                "validate": "list",
                "source": f"='{layout.META_SHEET}'!$D$1:$D${max(unit_count, 1)}",
                "input_title": "Mã đơn vị",
                "input_message": "Chọn mã đơn vị trong danh sách.",
                "error_title": "Mã đơn vị",
                "error_message": "Chọn mã đơn vị trong danh sách thả xuống.",
            },
        )
        sheet.merge_range("B5:D5", "", s["fixed"])
        sheet.write_formula(
            "B5",
            f"=IFERROR(VLOOKUP(B4,'{layout.META_SHEET}'!$D$1:$E${max(unit_count, 1)},2,FALSE),\"\")",
            s["fixed"],
            "",
        )
    sheet.write("B6", year, s["fixed"])


def _write_indicator_rows(
    sheet: Worksheet, s: dict[str, Any], catalog: dict[str, Indicator], row: int
) -> int:
    """One heading row per group, then a row per indicator with its yellow value cell; the next free row."""
    groups: dict[str, list[Indicator]] = {}
    for indicator in form_indicators(catalog):
        groups.setdefault(indicator.group, []).append(indicator)
    number = 0
    for g, (group, members) in enumerate(groups.items()):
        sheet.merge_range(
            row, 0, row, 5, f"{_ROMAN[g % len(_ROMAN)]}. {GROUP_TITLES.get(group, group)}", s["group"]
        )
        row += 1
        for indicator in members:
            number += 1
            sheet.write(row, 0, number, s["center"])
            sheet.write_string(row, 1, indicator.code, s["code"])
            sheet.write(row, 2, indicator.name, s["cell"])
            # LibreOffice does not grow a wrapped row by itself
            sheet.set_row(row, wrapped_height([(indicator.name, _FIGURE_WIDTHS[2])]))
            sheet.write(row, 3, indicator.unit, s["center"])
            sheet.write_blank(row, 4, None, s["decimal"] if indicator.kind == "ty_le" else s["value"])
            sheet.data_validation(row, 4, row, 4, _value_rule(indicator))
            sheet.write_blank(row, 5, None, s["free"])
            row += 1
    return row


def _value_rule(indicator: Indicator) -> dict[str, Any]:
    if indicator.kind == "ty_le":
        rule: dict[str, Any] = {"validate": "decimal", "criteria": ">=", "value": 0}
        message = "Tỷ lệ phần trăm, ví dụ 96,5."
    else:
        rule = {"validate": "integer", "criteria": ">=", "value": 0}
        message = (
            "Số tiền tính bằng đồng, số nguyên, không âm."
            if indicator.kind == "tien"
            else f"Số nguyên không âm ({indicator.unit}); ghi 0 nếu không có."
        )
    rule.update(
        input_title=indicator.code[:32],
        input_message=message[:255],
        error_title="Giá trị không hợp lệ",
        error_message=f"{message} Không nhập chữ."[:255],
    )
    return rule


def _write_nominations(sheet: Worksheet, s: dict[str, Any], year: int) -> None:
    labels = list(layout.NOMINATION_COLUMNS)
    widths = [6, 28, 22, 30, 22, 50, 12, 12, 12, 14]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.merge_range(0, 0, 0, len(labels) - 1, f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {year}", s["title"])
    sheet.merge_range(
        1,
        0,
        1,
        len(labels) - 1,
        "Mỗi dòng một tập thể hoặc một cá nhân. Tập thể: ghi tên tập thể ở cột thứ hai, bỏ trống chức vụ.",
        s["note"],
    )
    header = 2
    sheet.set_row(header, 45)
    sheet.write_row(header, 0, labels, s["header"])
    first, last = header + 1, header + NOMINATION_ROWS
    for r in range(first, last + 1):
        sheet.write(r, 0, r - header, s["center"])
        for col in range(1, len(labels)):
            sheet.write_blank(r, col, None, s["free"])
    forms = list(layout.AWARD_FORMS.values())
    sheet.data_validation(
        first,
        4,
        last,
        4,
        {"validate": "list", "source": forms, "error_message": "Chọn hình thức trong danh sách thả xuống."},
    )
    for col in (6, 7):
        sheet.data_validation(
            first,
            col,
            last,
            col,
            {
                "validate": "integer",
                "criteria": ">=",
                "value": 0,
                "error_message": "Nhập số nguyên không âm.",
            },
        )
    for col in (8, 9):
        sheet.data_validation(first, col, last, col, {"validate": "list", "source": ["có", "không"]})
    sheet.freeze_panes(header + 1, 0)
    apply(sheet, table_setup(widths, header_rows=(header, header)))


def _write_guide(sheet: Worksheet, s: dict[str, Any], year: int) -> None:
    sheet.set_column("A:A", _GUIDE_WIDTHS[0])
    sheet.set_column("B:B", _GUIDE_WIDTHS[1])
    sheet.write("B1", f"HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO NĂM {year}", s["title"])
    for r, line in enumerate(_GUIDE, start=2):
        sheet.write(r, 0, f"{r - 1}.")
        sheet.write(r, 1, line, s["note"])
        sheet.set_row(r, wrapped_height([(line, _GUIDE_WIDTHS[1])]))
    apply(sheet, table_setup(_GUIDE_WIDTHS))
