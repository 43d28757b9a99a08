"""The drafts read back: official layout (NĐ 30), seed figures, structure of each document."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx_reading import all_paragraphs, open_docx, table_rows, text_of
from summary_factory import make_summary

from pipeline.model.summary import Summary
from pipeline.paths import DEFAULT_TEMPLATES
from pipeline.render import render_all, render_documents

DOCX = [
    "bao-cao-tong-ket-2024.docx",
    "to-trinh-khen-thuong-2024.docx",
    "danh-sach-khen-thuong-2024.docx",
    "danh-sach-khong-du-dieu-kien-2024.docx",
    "giao-uoc-thi-dua-2025.docx",
]


@pytest.fixture(scope="module")
def documents() -> dict[str, bytes]:
    return render_documents(make_summary(), DEFAULT_TEMPLATES)


def test_render_all_writes_every_draft(tmp_path: Path) -> None:
    written = render_all(make_summary(), DEFAULT_TEMPLATES, tmp_path)
    assert sorted(p.name for p in written) == sorted(
        [*DOCX, "danh-sach-khen-thuong-2024.xlsx", "tin-bai-2024.md", "tin-bai-2024.html"]
    )
    assert all(p.parent == tmp_path and p.stat().st_size > 0 for p in written)
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, no leftovers


@pytest.mark.parametrize("name", DOCX)
def test_page_setup_is_a4_with_official_margins(documents: dict[str, bytes], name: str) -> None:
    doc = open_docx(documents[name])
    for section in doc.sections:
        short, long = sorted([section.page_width, section.page_height])
        assert (round(short / Mm(1)), round(long / Mm(1))) == (210, 297)
        margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
        assert [round(m / Mm(1)) for m in margins] == [20, 20, 30, 15]
    first = doc.sections[0]
    # Page numbers from page 2: a distinct, empty first-page header and a PAGE field in the others.
    assert first.different_first_page_header_footer
    assert first.first_page_header.paragraphs[0].text == ""
    header_xml = first.header._element.xml
    assert "PAGE" in header_xml and first.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


@pytest.mark.parametrize("name", DOCX)
def test_fonts_are_times_new_roman(documents: dict[str, bytes], name: str) -> None:
    doc = open_docx(documents[name])
    fonts = doc.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    body = doc.styles["Noi dung"]
    assert body.font.size == Pt(14)
    assert body.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert body.paragraph_format.first_line_indent == Mm(12.7)
    assert body.paragraph_format.space_after >= Pt(6)


@pytest.mark.parametrize(
    ("name", "number", "date_line"),
    [
        ("bao-cao-tong-ket-2024.docx", "Số: 34/BC-LĐLĐ", "Cao Bằng, ngày 21 tháng 12 năm 2024"),
        ("to-trinh-khen-thuong-2024.docx", "Số: 05/TTr-LĐLĐ", "Cao Bằng, ngày 05 tháng 01 năm 2025"),
        ("giao-uoc-thi-dua-2025.docx", "Số: 01/GƯTĐ-CTĐ5", "Cao Bằng, ngày 21 tháng 12 năm 2024"),
        ("danh-sach-khen-thuong-2024.docx", "", "Cao Bằng, ngày 05 tháng 01 năm 2025"),
    ],
)
def test_header_blocks(documents: dict[str, bytes], name: str, number: str, date_line: str) -> None:
    doc = open_docx(documents[name])
    header = doc.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert [p.text for p in left.paragraphs][:2] == ["TỔNG LĐLĐ VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH CAO BẰNG"]
    assert not any(r.bold for r in left.paragraphs[0].runs)
    assert all(r.bold for r in left.paragraphs[1].runs)
    assert [p.text for p in right.paragraphs][:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(r.bold for p in right.paragraphs[:2] for r in p.runs)
    # The short rules: a bottom border under the issuer and under the Tiêu ngữ.
    for cell in (left, right):
        assert any(p._p.find(f".//{qn('w:pBdr')}") is not None for p in cell.paragraphs)
    assert header.cell(1, 0).text == number
    date = header.cell(1, 1).paragraphs[0]
    assert date.text == date_line
    assert all(r.italic for r in date.runs)
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_report_carries_the_seed_figures_in_official_form(documents: dict[str, bytes]) -> None:
    text = text_of(open_docx(documents["bao-cao-tong-ket-2024.docx"]))
    for phrase in [
        "BÁO CÁO",
        "6.428 công đoàn cơ sở (CĐCS)",
        "CĐCS khối sản xuất, kinh doanh 937 đơn vị",
        "5.491 đơn vị",
        "339.739 người",
        "13 hội nghị tiếp xúc cử tri",
        "122 ý kiến, kiến nghị",
        "09 hội nghị đối thoại",
        "109 cuộc thương lượng",
        "160.000 suất quà trị giá gần 60 tỷ đồng",
        "225 nhà “Mái ấm Công đoàn”",
        "gần 10 tỷ đồng",
        "4.200 đoàn viên",
        "trên 9 tỷ đồng",
        "132 CĐCS",
        "25.493 đoàn viên",
        "7.417 đoàn viên ưu tú",
        "4.925 đoàn viên được kết nạp",
        "202 lớp",
        "trên 24.000 lượt",
        "14 tập thể được tặng Cờ thi đua",
        "Tổng Liên đoàn Lao động (LĐLĐ) Việt Nam",
        "công nhân, viên chức, lao động (CNVCLĐ)",
    ]:
        assert phrase in text, phrase
    assert "(tăng 5,3% so với năm 2023; đạt 111,1% chỉ tiêu)" in text
    assert "vượt 111" not in text
    assert "None" not in text and "{{" not in text and "{%" not in text


def test_report_structure_awards_placeholders_and_next_year(documents: dict[str, bytes]) -> None:
    doc = open_docx(documents["bao-cao-tong-ket-2024.docx"])
    text = text_of(doc)
    order = [
        "PHẦN THỨ NHẤT",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "II. KẾT QUẢ",
        "III. ĐÁNH GIÁ CHUNG",
        "PHẦN THỨ HAI",
        "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025",
        "Nơi nhận:",
        "PHỤ LỤC",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert (
        "Tặng Cờ thi đua đơn vị xuất sắc dẫn đầu" in text and "cho Liên đoàn Lao động tỉnh Cao Bằng" in text
    )
    assert "Liên đoàn Lao động tỉnh Thái Nguyên và Liên đoàn Lao động tỉnh Lạng Sơn" in text
    assert "LĐLĐ tỉnh Hà Giang làm Cụm trưởng, LĐLĐ tỉnh Thái Nguyên làm Cụm phó năm 2025" in text
    placeholders = [r for p in all_paragraphs(doc) for r in p.runs if "bổ sung" in r.text]
    assert len(placeholders) >= 4 and all(r.font.highlight_color is not None for r in placeholders)
    headings = {p.text: p.style.name for p in all_paragraphs(doc)}
    assert headings["I. ĐẶC ĐIỂM TÌNH HÌNH"] == "Muc I"
    assert headings["1. Thuận lợi"] == "Muc 1"
    signature = [p.text for p in all_paragraphs(doc) if p.style.name == "Ky ten" and p.text]
    assert signature[:3] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lý Thị Huệ"]
    assert "- Lưu: VT, TĐKT." in text and "- LĐLĐ các tỉnh trong Cụm thi đua số 5;" in text


def test_report_appendix_is_landscape_with_unit_rows_totals_and_chart(documents: dict[str, bytes]) -> None:
    doc = open_docx(documents["bao-cao-tong-ket-2024.docx"])
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE
    wide = [t for t in doc.tables if len(t.columns) > 6]
    biểu_01 = next(t for t in wide if t.rows[0].cells[2].text == "Tổng số CĐCS")
    rows = table_rows(biểu_01)
    assert [r[1] for r in rows[1:-1]] == [
        f"LĐLĐ tỉnh {p}"
        for p in ["Cao Bằng", "Bắc Kạn", "Lạng Sơn", "Thái Nguyên", "Tuyên Quang", "Hà Giang"]
    ]
    assert rows[-1][1:4] == ["Tổng cộng", "6.428", "339.739"]
    assert rows[2][-1] == "5/6"  # Bắc Kạn missed its sáng kiến target
    achievement = next(t for t in wide if t.rows[0].cells[-2].text == "Tỷ lệ đạt")
    cells = [c for r in table_rows(achievement) for c in r]
    assert "83,3%" in cells and "Không đạt" in cells
    assert len(doc.inline_shapes) == 1
    assert doc.inline_shapes[0].width == Mm(230)


def test_report_names_missing_units() -> None:
    summary = make_summary(missing=("HG",))
    text = text_of(open_docx(render_documents(summary, DEFAULT_TEMPLATES)["bao-cao-tong-ket-2024.docx"]))
    assert "5/6 đơn vị" in text
    assert "LĐLĐ tỉnh Hà Giang chưa gửi báo cáo" in text


def test_commendation_list_order_columns_and_sorting(documents: dict[str, bytes]) -> None:
    doc = open_docx(documents["danh-sach-khen-thuong-2024.docx"])
    text = text_of(doc)
    assert (
        text.index("I. CỜ THI ĐUA")
        < text.index("II. BẰNG KHEN TẬP THỂ")
        < text.index("III. BẰNG KHEN CÁ NHÂN")
    )
    co, tap_the, ca_nhan = doc.tables[1:4]
    assert table_rows(co)[0] == ["STT", "Tên tập thể", "Hình thức đề nghị", "Tóm tắt thành tích"]
    assert table_rows(co)[1][:3] == ["1", "Liên đoàn Lao động tỉnh Cao Bằng", "Cờ thi đua"]
    assert [r[1] for r in table_rows(tap_the)[1:]] == [
        "Liên đoàn Lao động tỉnh Thái Nguyên",
        "Liên đoàn Lao động tỉnh Lạng Sơn",
    ]
    people = table_rows(ca_nhan)
    assert people[0] == [
        "STT",
        "Họ và tên",
        "Chức vụ, đơn vị công tác",
        "Hình thức đề nghị",
        "Tóm tắt thành tích",
    ]
    # Given name first, Vietnamese alphabet: An < Anh < Ánh < Dũng < Đào < Đức.
    assert [r[1] for r in people[1:]] == [
        "Nguyễn Văn An",
        "Phạm Thị Anh",
        "Trần Thị Ánh",
        "Hoàng Văn Dũng",
        "Nông Thị Đào",
        "Lương Văn Đức",
    ]
    assert [r[0] for r in people[1:]] == ["1", "2", "3", "4", "5", "6"]
    assert "Danh sách gồm 03 tập thể và 06 cá nhân./." in text
    assert "Kèm theo Tờ trình số 05/TTr-LĐLĐ ngày 05/01/2025" in text


def test_empty_award_group_says_so() -> None:
    summary = make_summary()
    summary.awards = [a for a in summary.awards if a.form != "co_thi_dua"]
    doc = open_docx(render_documents(summary, DEFAULT_TEMPLATES)["danh-sach-khen-thuong-2024.docx"])
    assert table_rows(doc.tables[1])[1][1] == "Không có đề nghị."


def test_to_trinh_and_rejected_list(documents: dict[str, bytes]) -> None:
    to_trinh = text_of(open_docx(documents["to-trinh-khen-thuong-2024.docx"]))
    assert "TỜ TRÌNH" in to_trinh and "Kính gửi: Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam." in to_trinh
    assert "cho 01 tập thể: Liên đoàn Lao động tỉnh Cao Bằng" in to_trinh
    assert "Bằng khen cho 06 cá nhân" in to_trinh
    rejected = open_docx(documents["danh-sach-khong-du-dieu-kien-2024.docx"])
    rows = table_rows(rejected.tables[1])
    assert rows[1][1] == "Vi Văn Hùng" and "nghỉ 45 ngày" in rows[1][4]


def test_giao_uoc_targets_units_and_signature_grid(documents: dict[str, bytes]) -> None:
    doc = open_docx(documents["giao-uoc-thi-dua-2025.docx"])
    text = text_of(doc)
    assert "GIAO ƯỚC THI ĐUA" in text and "Năm 2025" in text
    assert "Căn cứ Giao ước thi đua năm 2024 của Cụm thi đua số 5;" in text
    assert "1. Liên đoàn Lao động tỉnh Cao Bằng, do đồng chí Lý Thị Huệ, Chủ tịch, làm đại diện;" in text
    assert "7. Thực hiện tốt công tác tài chính công đoàn" in text
    assert "LĐLĐ tỉnh Hà Giang là Cụm trưởng, LĐLĐ tỉnh Thái Nguyên là Cụm phó năm 2025" in text
    targets = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    header = table_rows(targets)[0]
    assert header == [
        "STT",
        "Nội dung chỉ tiêu",
        "Đơn vị tính",
        "Cao Bằng",
        "Bắc Kạn",
        "Lạng Sơn",
        "Thái Nguyên",
        "Tuyên Quang",
        "Hà Giang",
        "Tổng",
    ]
    grid = targets._tbl.find(qn("w:tblGrid"))
    assert len(grid) == len(header)  # the column loop's grid was rebuilt
    assert sum(int(c.get(qn("w:w"))) for c in grid) <= int(Mm(165).twips) + 1
    doan_vien = next(r for r in table_rows(targets) if r[1] == "Đoàn viên kết nạp mới")
    assert doan_vien[-1] == "26.767"
    signatures = doc.tables[-1]
    blocks = [c.text.split("\n") for r in signatures.rows for c in r.cells]
    assert [b[0] for b in blocks] == [
        "LĐLĐ TỈNH CAO BẰNG",
        "LĐLĐ TỈNH BẮC KẠN",
        "LĐLĐ TỈNH LẠNG SƠN",
        "LĐLĐ TỈNH THÁI NGUYÊN",
        "LĐLĐ TỈNH TUYÊN QUANG",
        "LĐLĐ TỈNH HÀ GIANG",
    ]
    assert all(b[1] == "CHỦ TỊCH" for b in blocks)
    assert blocks[0][-2] == "Lý Thị Huệ"
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in signatures.rows)


def test_giao_uoc_with_an_odd_number_of_units_leaves_the_last_block_empty() -> None:
    summary = make_summary()
    assert summary.next_year is not None
    kept = {unit: dict(row) for unit, row in summary.next_year.targets.items() if unit != "HG"}
    summary.next_year = dataclasses.replace(summary.next_year, targets=kept)
    doc = open_docx(render_documents(summary, DEFAULT_TEMPLATES)["giao-uoc-thi-dua-2025.docx"])
    last = doc.tables[-1].rows[-1].cells
    assert last[0].text.startswith("LĐLĐ TỈNH TUYÊN QUANG") and last[1].text.strip() == ""


def test_xlsx_lists_awards_in_order_and_rejections(documents: dict[str, bytes]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(documents["danh-sach-khen-thuong-2024.xlsx"]))
    assert book.sheetnames == ["Đề nghị khen thưởng", "Không đủ điều kiện"]
    rows = [[c.value for c in r] for r in book["Đề nghị khen thưởng"].iter_rows(min_row=4)]
    groups = [r[0] for r in rows if r[0] in ("Cờ thi đua", "Bằng khen tập thể", "Bằng khen cá nhân")]
    assert groups == ["Cờ thi đua", "Bằng khen tập thể", "Bằng khen cá nhân"]
    names = [r[2] for r in rows if r[1] == "Bằng khen cá nhân"]
    assert names[:3] == ["Nguyễn Văn An", "Phạm Thị Anh", "Trần Thị Ánh"]
    rejected = [[c.value for c in r] for r in book["Không đủ điều kiện"].iter_rows(min_row=4)]
    assert rejected[0][1] == "Vi Văn Hùng" and "45 ngày" in rejected[0][5]


def test_news_draft_reads_like_seed_002(documents: dict[str, bytes]) -> None:
    md = documents["tin-bai-2024.md"].decode("utf-8")
    assert md.startswith("# Công đoàn Cao Bằng xuất sắc dẫn đầu phong trào thi đua")
    assert "**Ngày 21/12/2024 tại tỉnh Cao Bằng, Cụm thi đua số 5" in md
    assert "Huỳnh Thanh Xuân - Phó Chủ tịch Tổng LĐLĐ Việt Nam" in md
    for phrase in [
        "160.000 suất quà trị giá gần 60 tỷ đồng",
        "trên 9 tỷ đồng",
        "gần 10 tỷ đồng",
        "trên 24.000 lượt",
        "bầu chọn LĐLĐ tỉnh Hà Giang làm Cụm trưởng",
        "Cờ thi đua đơn vị xuất sắc dẫn đầu",
    ]:
        assert phrase in md, phrase
    html = documents["tin-bai-2024.html"].decode("utf-8")
    assert "<h1>Công đoàn Cao Bằng" in html and "gần 60 tỷ đồng" in html and '<html lang="vi">' in html


def test_chart_is_deterministic() -> None:
    from pipeline.render.chart import chart_png

    first, second = chart_png(make_summary()), chart_png(make_summary())
    assert first == second and first.startswith(b"\x89PNG")
    assert b"Matplotlib" not in first


def test_same_summary_gives_identical_files(tmp_path: Path) -> None:
    summary: Summary = make_summary()
    first = render_documents(summary, DEFAULT_TEMPLATES)
    second = render_documents(summary, DEFAULT_TEMPLATES)
    assert first == second


def test_province_shape_words() -> None:
    summary = make_summary()
    summary.body.group_kind = "province"
    summary.body.group_name = "Liên đoàn Lao động tỉnh Cao Bằng"
    for unit, name in zip(
        summary.unit_list, ["Công đoàn ngành Giáo dục", "LĐLĐ huyện Hòa An"] * 3, strict=False
    ):
        unit.short_name = name
    documents = render_documents(summary, DEFAULT_TEMPLATES)
    report = text_of(open_docx(documents["bao-cao-tong-ket-2024.docx"]))
    assert "Tổ chức Công đoàn các đơn vị trực thuộc có 6.428" in report
    assert "Toàn tỉnh có 14 tập thể" in report
    assert "Các đơn vị trực thuộc đã chủ động tham mưu" in report
    assert "LĐLĐ các tỉnh đã" not in report and "đơn vị trong Cụm" not in report
    news = documents["tin-bai-2024.md"].decode("utf-8")
    assert news.startswith("# Công đoàn ngành Giáo dục xuất sắc dẫn đầu")
    assert "lãnh đạo Công đoàn ngành Giáo dục, LĐLĐ huyện Hòa An" in news


def test_a_bare_summary_still_renders() -> None:
    """First year: no previous year, no targets, no scores, no awards, no next year."""
    summary = make_summary()
    summary.previous_year = None
    summary.previous_totals = {}
    summary.figures = {}
    summary.total_figures = {}
    summary.scores, summary.awards, summary.rejected = [], [], []
    summary.next_year = None
    summary.documents = {}
    documents = render_documents(summary, DEFAULT_TEMPLATES)
    report = text_of(open_docx(documents["bao-cao-tong-ket-2024.docx"]))
    assert "339.739 người." in report  # no comparison in brackets
    assert "Số: /BC-LĐLĐ" in " ".join(report.split())  # a blank number for the office to fill in
    assert "Cụm trưởng" not in report
    listing = open_docx(documents["danh-sach-khen-thuong-2024.docx"])
    assert [table_rows(t)[1][1] for t in listing.tables[1:4]] == ["Không có đề nghị."] * 3
