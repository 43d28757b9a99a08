"""The commendation proposal: tờ trình, danh sách (DOCX and XLSX) and the list of nominations not accepted."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from jinja2 import Environment

from pipeline.form.layout import AWARD_FORMS
from pipeline.office.cells import WORKBOOK_OPTIONS
from pipeline.render.engine import DocxTemplateFile

TO_TRINH = "to-trinh-khen-thuong.docx"
DANH_SACH = "danh-sach-khen-thuong.docx"
KHONG_DU = "danh-sach-khong-du-dieu-kien.docx"


def output_names(year: int) -> dict[str, str]:
    return {
        TO_TRINH: f"to-trinh-khen-thuong-{year}.docx",
        DANH_SACH: f"danh-sach-khen-thuong-{year}.docx",
        KHONG_DU: f"danh-sach-khong-du-dieu-kien-{year}.docx",
        "xlsx": f"danh-sach-khen-thuong-{year}.xlsx",
    }


def render_docx(
    templates_dir: Path, name: str, context: Mapping[str, Any], env: Environment, chart_png: bytes
) -> bytes:
    """One of the three DOCX documents of the proposal, by template name."""
    return DocxTemplateFile(templates_dir / name).render(context, env, chart_png)


_AWARD_HEADERS = [
    "STT",
    "Hình thức đề nghị",
    "Họ và tên / Tên tập thể",
    "Chức vụ, đơn vị công tác",
    "Đơn vị đề nghị",
    "Tóm tắt thành tích",
]
_REJECTED_HEADERS = [
    "STT",
    "Họ và tên / Tên tập thể",
    "Chức vụ, đơn vị công tác",
    "Hình thức đề nghị",
    "Đơn vị đề nghị",
    "Lý do không đủ điều kiện",
]


def render_xlsx(context: Mapping[str, Any]) -> bytes:
    """The same list as a workbook for the office's own tracking: proposals, then those not accepted.

    Every cell is written as text with write_string, so a name starting with "=" stays a name
    and never becomes a formula.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    # A fixed creation date: the same summary gives the same workbook, night after night.
    book.set_properties(
        {
            "title": f"Danh sách đề nghị khen thưởng năm {context['nam']}",
            "created": datetime(int(context["nam"]), 12, 31),
        }
    )
    title = book.add_format({"bold": True, "font_name": "Times New Roman", "font_size": 13})
    head = book.add_format(
        {
            "bold": True,
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "font_name": "Times New Roman",
            "font_size": 12,
            "bg_color": "#DDEBF7",
        }
    )
    cell = book.add_format(
        {"border": 1, "valign": "top", "text_wrap": True, "font_name": "Times New Roman", "font_size": 12}
    )
    group = book.add_format({"bold": True, "border": 1, "font_name": "Times New Roman", "font_size": 12})

    sheet = book.add_worksheet("Đề nghị khen thưởng")
    sheet.write_string(
        0, 0, f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {context['nam']} – {context['co_quan']['ten_cum']}", title
    )
    _header(sheet, 2, _AWARD_HEADERS, head, [6, 20, 30, 40, 24, 60])
    row = 3
    for key, label in AWARD_FORMS.items():
        sheet.merge_range(row, 0, row, len(_AWARD_HEADERS) - 1, label, group)
        row += 1
        for award in context["khen_thuong"][key]:
            values = [
                str(award["stt"]),
                award["hinh_thuc"],
                award["ten"],
                award["chuc_vu_don_vi"],
                award["don_vi"],
                award["thanh_tich"],
            ]
            _row(sheet, row, values, cell)
            row += 1
    sheet.freeze_panes(3, 0)

    rejected = book.add_worksheet("Không đủ điều kiện")
    rejected.write_string(0, 0, f"CÁC TRƯỜNG HỢP KHÔNG ĐỦ ĐIỀU KIỆN KHEN THƯỞNG NĂM {context['nam']}", title)
    _header(rejected, 2, _REJECTED_HEADERS, head, [6, 30, 40, 20, 24, 60])
    for offset, item in enumerate(context["khong_du_dieu_kien"]):
        values = [
            str(item["stt"]),
            item["ten"],
            item["chuc_vu_don_vi"],
            item["hinh_thuc"],
            item["don_vi"],
            item["ly_do"],
        ]
        _row(rejected, 3 + offset, values, cell)
    rejected.freeze_panes(3, 0)
    book.close()
    return buffer.getvalue()


def _header(sheet: Any, row: int, headers: list[str], fmt: Any, widths: list[int]) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write_string(row, col, text, fmt)
        sheet.set_column(col, col, width)


def _row(sheet: Any, row: int, values: list[Any], fmt: Any) -> None:
    for col, value in enumerate(values):
        sheet.write_string(row, col, "" if value is None else str(value), fmt)
