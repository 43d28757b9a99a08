"""The commendation proposal: tờ trình, danh sách (DOCX and XLSX) and the list of nominations not accepted."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from jinja2 import Environment

from pipeline.form.layout import AWARD_FORMS
from pipeline.office.cells import WORKBOOK_OPTIONS
from pipeline.office.xlsx_list import Column, Group, ListFormats, write_list
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


AWARD_COLUMNS = [
    Column("STT", 6),
    Column("Hình thức đề nghị", 20),
    Column("Họ và tên / Tên tập thể", 30),
    Column("Chức vụ, đơn vị công tác", 40),
    Column("Đơn vị đề nghị", 24),
    Column("Tóm tắt thành tích", 60),
]
REJECTED_COLUMNS = [
    Column("STT", 6),
    Column("Họ và tên / Tên tập thể", 30),
    Column("Chức vụ, đơn vị công tác", 40),
    Column("Hình thức đề nghị", 20),
    Column("Đơn vị đề nghị", 24),
    Column("Lý do không đủ điều kiện", 60),
]
_FONT = {"font_name": "Times New Roman", "font_size": 12}


def render_xlsx(context: Mapping[str, Any]) -> bytes:
    """The same list as a workbook for the office's own tracking: proposals, then those not accepted.

    Every cell is written as text, so a name starting with "=" stays a name and never becomes a
    formula.
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
    formats = ListFormats(
        title=book.add_format(
            {
                "bold": True,
                "font_name": "Times New Roman",
                "font_size": 13,
                "align": "center",
                "text_wrap": True,
            }
        ),
        head=book.add_format(
            {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
            | {**_FONT, "bg_color": "#DDEBF7"}
        ),
        cell=book.add_format({"border": 1, "valign": "top", "text_wrap": True, **_FONT}),
        group=book.add_format({"bold": True, "border": 1, **_FONT}),
    )
    title = f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {context['nam']} – {context['co_quan']['ten_cum']}"
    write_list(book.add_worksheet("Đề nghị khen thưởng"), AWARD_COLUMNS, _proposals(context), formats, title)
    rejected = (
        [item["stt"], item["ten"], item["chuc_vu_don_vi"], item["hinh_thuc"], item["don_vi"], item["ly_do"]]
        for item in context["khong_du_dieu_kien"]
    )
    title = f"CÁC TRƯỜNG HỢP KHÔNG ĐỦ ĐIỀU KIỆN KHEN THƯỞNG NĂM {context['nam']}"
    write_list(book.add_worksheet("Không đủ điều kiện"), REJECTED_COLUMNS, rejected, formats, title)
    book.close()
    return buffer.getvalue()


def _proposals(context: Mapping[str, Any]) -> Iterator[list[Any] | Group]:
    """Each award form as a group row, then its proposals."""
    for key, label in AWARD_FORMS.items():
        yield Group(label)
        for award in context["khen_thuong"][key]:
            yield [
                award["stt"],
                award["hinh_thuc"],
                award["ten"],
                award["chuc_vu_don_vi"],
                award["don_vi"],
                award["thanh_tich"],
            ]
