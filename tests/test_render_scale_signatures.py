"""Above 60 units the giao ước is signed for the whole body and every unit signs a sheet of the
annex; the report and the news give counts where they listed every unit; the per-unit context
variables are lazy lists that templates read like lists."""

from __future__ import annotations

import dataclasses
import io

import openpyxl
from docx.oxml.ns import qn
from docx_reading import open_docx, table_rows, text_of
from fresh_process import built_elsewhere
from jinja2 import Environment
from summary_factory import make_summary
from test_render_scale import large_summary

from pipeline.model.summary import Summary
from pipeline.paths import DEFAULT_TEMPLATES
from pipeline.render import render_documents
from pipeline.render.check_templates import check_templates
from pipeline.render.context import APPENDIX_MAX_UNITS, LazyList, annex_name, build_context

GIAO_UOC = "giao-uoc-thi-dua-2025.docx"
SHEET = "Ký giao ước 2025"


def signing_body(n: int) -> Summary:
    """`n` received units with chairpersons; CĐCS số 7 is next year's Cụm trưởng."""
    summary = large_summary(n)
    units = [dataclasses.replace(u, leader=f"Người Ký Số {i}") for i, u in enumerate(summary.unit_list)]
    assert summary.next_year is not None
    next_year = dataclasses.replace(summary.next_year, cum_truong="CĐCS số 7", cum_pho=None)
    return dataclasses.replace(summary, unit_list=units, next_year=next_year)


def test_large_giao_uoc_is_signed_for_the_body_and_refers_to_the_annex_sheet() -> None:
    summary = signing_body(100)
    doc = open_docx(render_documents(summary, DEFAULT_TEMPLATES)[GIAO_UOC])
    text = text_of(doc)
    assert "CĐCS SỐ 0" not in text and "Người Ký Số 0" not in text  # no block, no line per unit
    assert "Công đoàn cơ sở số 0" not in text
    where = f"trang tính «{SHEET}» của tệp {annex_name(2024)}"
    assert f"100 đơn vị trong {summary.body.group_name} (danh sách tại {where} kèm theo)" in text
    assert f"Đại diện 100 đơn vị ký giao ước tại {where} kèm theo Giao ước này." in text
    assert "danh sách ký của 100 đơn vị kèm theo có hiệu lực" in text
    assert "ĐẠI DIỆN KÝ GIAO ƯỚC" in text and "ĐẠI DIỆN CÁC ĐƠN VỊ" not in text

    signatures = [line for line in table_rows(doc.tables[-1])]
    assert len(signatures) == 2
    lead, deputy = (cell.split("\n") for cell in signatures[0])
    assert lead[:3] == ["CỤM TRƯỞNG", "CĐCS SỐ 7", "CHỦ TỊCH"] and "Người Ký Số 7" in lead
    assert deputy == [""] * len(deputy)
    issuer = [line for line in signatures[1][1].split("\n") if line]
    assert issuer == [summary.body.signing_for, summary.body.signer_title, summary.body.signer_name]

    # The target table, left with its totals column, is as wide as the text.
    targets = next(t for t in doc.tables if t.rows[0].cells[1].text == "Nội dung chỉ tiêu")
    grid = [int(col.get(qn("w:w"))) for col in targets._tbl.tblGrid.findall(qn("w:gridCol"))]
    section = doc.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) // 635  # EMU → twips
    assert len(grid) == 4 and abs(sum(grid) - text_width) <= 4


def test_annex_signature_sheet_lists_every_signing_unit_and_prints_with_its_header() -> None:
    summary = signing_body(100)
    book = openpyxl.load_workbook(io.BytesIO(render_documents(summary, DEFAULT_TEMPLATES)[annex_name(2024)]))
    assert book.sheetnames == ["Số liệu", "Chỉ tiêu 2025", SHEET]
    sheet = book[SHEET]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "DANH SÁCH ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC THI ĐUA NĂM 2025"
    assert rows[1][0].startswith("(Kèm theo Giao ước thi đua số ")
    assert rows[3] == ["STT", "Tên đơn vị", "Chức vụ", "Họ và tên người ký", "Chữ ký"]
    units = rows[4:]
    assert len(units) == 100
    assert [r[0] for r in units] == list(range(1, 101))
    assert [r[1] for r in units] == [u.name for u in summary.unit_list]
    assert {r[2] for r in units} == {"Chủ tịch"}
    assert units[7][3] == "Người Ký Số 7"
    assert all(r[4] is None for r in units)  # blank, to sign by hand
    assert sheet.print_title_rows == "$4:$4"
    # One page wide (1, the default, is not written), as many pages high as the list needs.
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "portrait"


def _large_documents() -> dict[str, bytes]:
    return render_documents(signing_body(100), DEFAULT_TEMPLATES)


def test_large_annex_is_the_same_bytes_every_time() -> None:
    here = _large_documents()
    assert annex_name(2024) in here and GIAO_UOC in here
    assert built_elsewhere("test_render_scale_signatures:_large_documents") == [here, here]


def test_at_the_cap_every_unit_still_signs_the_giao_uoc() -> None:
    summary = signing_body(APPENDIX_MAX_UNITS)
    documents = render_documents(summary, DEFAULT_TEMPLATES)
    assert annex_name(2024) not in documents
    doc = open_docx(documents[GIAO_UOC])
    blocks = [cell for row in table_rows(doc.tables[-1]) for cell in row]
    assert len(blocks) == APPENDIX_MAX_UNITS
    assert blocks[0].split("\n")[:2] == ["CĐCS SỐ 0", "CHỦ TỊCH"] and "Người Ký Số 0" in blocks[0]
    text = text_of(doc)
    assert "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC" in text and SHEET not in text
    assert "1. Công đoàn cơ sở số 0, do đồng chí Người Ký Số 0, Chủ tịch, làm đại diện;" in text
    assert f"lập thành {APPENDIX_MAX_UNITS} bản" in text


def test_large_report_and_news_count_the_units_instead_of_naming_each() -> None:
    summary = large_summary(300)
    statuses = {"CD00001": "missing", "CD00002": "missing", "CD00003": "excluded"}
    units = [dataclasses.replace(u, status=statuses.get(u.code, u.status)) for u in summary.unit_list]
    summary = dataclasses.replace(summary, unit_list=units)
    documents = render_documents(summary, DEFAULT_TEMPLATES)
    report = text_of(open_docx(documents["bao-cao-tong-ket-2024.docx"]))
    assert "gồm 300 đơn vị trong Cụm đã tích cực thi đua" in report
    assert "còn 2 đơn vị chưa gửi báo cáo" in report
    where = f"(danh sách ở cột «Tình trạng», trang tính «Số liệu» của tệp {annex_name(2024)} kèm theo)"
    assert f"Số liệu của 1 đơn vị không được tổng hợp do báo cáo chưa hợp lệ {where}" in report
    for name in ("CĐCS số 0", "CĐCS số 1", "CĐCS số 3"):  # ranked last, missing, excluded: not named
        assert name not in report
    news = documents["tin-bai-2024.md"].decode("utf-8")
    assert "lãnh đạo các đơn vị trong Cụm." in news and "CĐCS số 0" not in news


def test_templates_check_against_a_large_summary() -> None:
    # With the sample's awards, so that the certificate template is checked too.
    summary = dataclasses.replace(large_summary(100), awards=make_summary().awards)
    assert check_templates(DEFAULT_TEMPLATES, summary) == []


def test_lazy_lists_make_entries_when_read_and_read_like_lists() -> None:
    made: list[int] = []

    def make(item: int) -> dict[str, object]:
        made.append(item)
        return {"so": item, "ten": f"Đơn vị {item}\x07"}

    entries = LazyList(range(5), make)
    assert made == []
    template = Environment().from_string(
        "{{ ds|length }} {{ (ds|first).so }} {{ (ds|last).so }} {{ ds[2].so }} "
        "{{ ds|map(attribute='so')|join(',') }} "
        "{% for d in ds %}{{ loop.length }}{% endfor %} {{ ds[1].ten }}"
    )
    assert template.render(ds=entries) == "5 0 4 2 0,1,2,3,4 55555 Đơn vị 1"  # control character cleaned
    assert entries[1:3] == [{"so": 1, "ten": "Đơn vị 1"}, {"so": 2, "ten": "Đơn vị 2"}]
    assert entries == LazyList(list(range(5)), make) and entries != list(range(5))


def test_building_a_large_context_makes_no_unit_entry() -> None:
    summary = large_summary(300)
    calls = 0
    original = LazyList._entry

    def counting(self: LazyList, item: object) -> object:
        nonlocal calls
        calls += 1
        return original(self, item)

    try:
        LazyList._entry = counting  # type: ignore[method-assign]
        context = build_context(summary)
        assert calls == 0
        assert len(context["don_vi"]) == 300 and len(context["nam_sau_gu"]["hang_ky"]) == 150
        assert (
            context["nam_sau_gu"]["cot_don_vi"] == []
            and context["phu_luc"]["so_don_vi"] == APPENDIX_MAX_UNITS
        )
    finally:
        LazyList._entry = original  # type: ignore[method-assign]
