"""Bootstrap of the DOCX templates in templates/ — run once, then edit the .docx files in Word.

The .docx files are the source of truth: staff change the wording, styles and tables in Word,
and the renderer fills in the tags. Running this script again OVERWRITES their edits, so it
refuses to touch an existing file unless --force is given.

    .venv/bin/python tools/build_templates.py [--force] [--out templates]
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocumentType
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docx_kit as k
from template_text import GIAO_UOC, REPORT, TO_TRINH

W = k.TEXT_WIDTH_PORTRAIT
WL = k.TEXT_WIDTH_LANDSCAPE


def _new() -> DocumentType:
    doc = k.new_document()
    doc.styles["Lenh mau"].font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    return doc


def write_lines(doc: DocumentType, lines: list[tuple[str, str]]) -> None:
    """Paragraphs from (style, text) pairs; style "tag" is a {%p ... %} line."""
    for style, text in lines:
        if style == "tag":
            k.tag(doc, text)
        else:
            k.para(doc, text, style=style)


def _cols(total: int, first: list[float], rest: int) -> list[int]:
    """Widths: the given first columns in cm, the remaining width shared by `rest` columns."""
    fixed = [int(Cm(c)) for c in first]
    share = (total - sum(fixed)) // rest
    return fixed + [share] * rest


def _unit_table(doc: DocumentType, headers: list[str], cells: list[str], total_cells: list[str]) -> None:
    """A per-unit appendix table: header, one row per listed unit (phu_luc: all, or the best-ranked
    for a large body), the totals row (always over every unit)."""
    tbl = k.data_table(doc, ["STT", "Đơn vị", *headers], _cols(WL, [1.2, 4.2], len(headers)))
    k.loop_row(tbl, "for dv in phu_luc.don_vi_bao_cao")
    k.add_row(
        tbl,
        ["{{ loop.index }}", "{{ dv.ten_ngan }}", *cells],
        ["Bang tieu de", "Bang"] + ["Bang so"] * len(cells),
    )
    k.loop_row(tbl, "endfor")
    k.add_row(tbl, ["", "Tổng cộng", *total_cells], ["Bang", "Bang tieu de"] + ["Bang so"] * len(total_cells))
    for cell in tbl.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def build_report() -> DocumentType:
    doc = _new()
    k.header_blocks(
        doc, "{{ van_ban.bao_cao.so|so_van_ban }}", "{{ van_ban.bao_cao.ngay|dong_dat(co_quan.dia_danh) }}"
    )
    k.title(
        doc,
        "BÁO CÁO",
        [
            "Tổng kết phong trào thi đua CNVCLĐ và hoạt động công đoàn năm {{ nam }},",
            "phương hướng nhiệm vụ năm {{ nam_sau }}",
        ],
    )
    write_lines(doc, REPORT)
    k.signature(doc, "bao_cao")

    k.landscape_section(doc)
    k.para(doc, "PHỤ LỤC", style="Phan")
    k.para(
        doc,
        "(Kèm theo Báo cáo số {{ van_ban.bao_cao.so|so_van_ban }} ngày {{ van_ban.bao_cao.ngay|ngay_ngan }}"
        " của {{ co_quan.ten_cum }})",
        style="Chu thich",
    )
    # A large body's appendix lists only the best-ranked units: say so, and name the workbook with all.
    k.tag(doc, "if phu_luc.rut_gon")
    k.para(doc, "{{ phu_luc.ghi_chu }}", style="Chu thich")
    k.tag(doc, "endif")
    k.para(doc, "Biểu 01. Tổ chức, phát triển đoàn viên và đào tạo cán bộ năm {{ nam }}", style="Muc 1")
    codes = [
        "cdcs",
        "doan_vien",
        "cdcs_moi",
        "doan_vien_moi",
        "gioi_thieu_dang",
        "ket_nap_dang",
        "lop_tap_huan",
        "luot_tap_huan",
        "sang_kien",
    ]
    headers = [
        "Tổng số CĐCS",
        "Tổng số đoàn viên",
        "CĐCS thành lập mới",
        "Đoàn viên kết nạp mới",
        "Giới thiệu cho Đảng",
        "Được kết nạp Đảng",
        "Lớp tập huấn",
        "Lượt tập huấn",
        "Sáng kiến",
    ]
    _unit_table(
        doc,
        [*headers, "Chỉ tiêu giao ước đạt"],
        [f"{{{{ dv.so_lieu.{c}|so }}}}" for c in codes] + ["{{ dv.so_chi_tieu_dat }}/{{ dv.so_chi_tieu }}"],
        [f"{{{{ tong.{c}|so }}}}" for c in codes] + [""],
    )
    k.para(
        doc,
        "Biểu 02. Đại diện, bảo vệ và chăm lo đời sống đoàn viên, người lao động năm {{ nam }}",
        style="Muc 1",
    )
    codes = [
        "hn_cu_tri",
        "kien_nghi",
        "hn_doi_thoai",
        "thuong_luong",
        "suat_qua",
        "tien_qua",
        "mai_am",
        "tien_mai_am",
        "ho_tro_thien_tai",
        "tien_thien_tai",
    ]
    headers = [
        "Hội nghị tiếp xúc cử tri",
        "Ý kiến, kiến nghị",
        "Hội nghị đối thoại",
        "Thương lượng, đối thoại (cuộc)",
        "Suất quà",
        "Giá trị quà (triệu đồng)",
        "Mái ấm Công đoàn (nhà)",
        "Kinh phí Mái ấm (triệu đồng)",
        "Hỗ trợ thiên tai (người)",
        "Kinh phí thiên tai (triệu đồng)",
    ]
    money = {"tien_qua", "tien_mai_am", "tien_thien_tai"}
    cells = [f"{{{{ dv.so_lieu.{c}|{'trieu_dong(0)' if c in money else 'so'} }}}}" for c in codes]
    totals = [f"{{{{ tong.{c}|{'trieu_dong(0)' if c in money else 'so'} }}}}" for c in codes]
    _unit_table(doc, headers, cells, totals)
    _achievement_table(doc)
    _ranking_table(doc)
    chart_title = k.para(doc, "Biểu 05. Một số chỉ tiêu chủ yếu theo đơn vị", style="Muc 1")
    k.add_text(chart_title, "{{ phu_luc.bieu_do_ghi_chu }}")
    chart = k.para(doc, "{{ bieu_do }}", style="Chu thich")
    chart.paragraph_format.keep_together = True
    return doc


def _achievement_table(doc: DocumentType) -> None:
    k.para(doc, "Biểu 03. Kết quả thực hiện chỉ tiêu giao ước thi đua năm {{ nam }}", style="Muc 1")
    styles = ["Bang", "Bang", "Bang", "Bang so", "Bang so", "Bang so", "Bang"]
    tbl = k.data_table(
        doc,
        ["STT", "Đơn vị, chỉ tiêu", "Đơn vị tính", "Chỉ tiêu", "Thực hiện", "Tỷ lệ đạt", "Đánh giá"],
        _cols(WL, [1.2, 9.0, 2.8], 4),
    )
    row = ["", "Chung toàn {{ co_quan.nhom }}", "", "", "", "", ""]
    k.add_row(tbl, row, ["Bang tieu de"] * 7)
    k.loop_row(tbl, "for ct in chi_tieu_tong")
    item = [
        "",
        "- {{ ct.ten }}",
        "{{ ct.dvt_bang }}",
        "{{ ct.chi_tieu|so_bang(ct.kieu) }}",
        "{{ ct.gia_tri|so_bang(ct.kieu) }}",
        "{{ ct.ty_le_dat|phan_tram }}",
        "{{ ct.danh_gia }}",
    ]
    k.add_row(tbl, item, styles)
    k.loop_row(tbl, "endfor")
    k.loop_row(tbl, "for dv in phu_luc.chi_tieu_don_vi")
    row = [
        "{{ loop.index }}",
        "{{ dv.ten_ngan }} (đạt {{ dv.so_chi_tieu_dat }}/{{ dv.so_chi_tieu }} chỉ tiêu)",
        "",
        "",
        "",
        "",
        "",
    ]
    k.add_row(tbl, row, ["Bang tieu de"] * 7)
    k.loop_row(tbl, "for ct in dv.dong")
    k.add_row(tbl, item, styles)
    k.loop_row(tbl, "endfor")
    k.loop_row(tbl, "endfor")


def _ranking_table(doc: DocumentType) -> None:
    k.para(doc, "Biểu 04. Kết quả chấm điểm, xếp hạng thi đua năm {{ nam }}", style="Muc 1")
    tbl = k.data_table(
        doc,
        ["Xếp hạng", "Đơn vị", "Tổng điểm", "Điểm thưởng", "Điểm trừ", "Đạt mọi chỉ tiêu cốt lõi", "Ghi chú"],
        _cols(WL, [2.0, 5.5, 2.5, 2.5, 2.5, 3.0], 1),
    )
    k.loop_row(tbl, "for xh in phu_luc.xep_hang")
    k.add_row(
        tbl,
        [
            "{{ xh.hang }}",
            "{{ xh.ten_ngan }}",
            "{{ xh.diem|so_thap_phan(2) }}",
            "{{ xh.diem_thuong|so_thap_phan(2) }}",
            "{{ xh.diem_tru|so_thap_phan(2) }}",
            "{{ xh.dat_chi_tieu_cot_loi }}",
            "{{ xh.ghi_chu }}",
        ],
        ["Bang tieu de", "Bang", "Bang so", "Bang so", "Bang so", "Bang tieu de", "Bang"],
    )
    k.loop_row(tbl, "endfor")


def _award_table(doc: DocumentType, key: str, people: bool, width: int) -> None:
    if people:
        headers = ["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Hình thức đề nghị", "Tóm tắt thành tích"]
        cells = [
            "{{ kt.stt }}",
            "{{ kt.ten }}",
            "{{ kt.chuc_vu_don_vi }}",
            "{{ kt.hinh_thuc }}",
            "{{ kt.thanh_tich }}",
        ]
        widths = _cols(width, [1.2, 5.0, 6.5, 3.5], 1)
    else:
        headers = ["STT", "Tên tập thể", "Hình thức đề nghị", "Tóm tắt thành tích"]
        cells = ["{{ kt.stt }}", "{{ kt.ten }}", "{{ kt.hinh_thuc }}", "{{ kt.thanh_tich }}"]
        widths = _cols(width, [1.2, 7.0, 3.5], 1)
    tbl = k.data_table(doc, headers, widths)
    k.loop_row(tbl, f"for kt in khen_thuong.{key}")
    k.add_row(tbl, cells, ["Bang tieu de"] + ["Bang"] * (len(cells) - 1))
    k.loop_row(tbl, "endfor")
    k.loop_row(tbl, f"if not khen_thuong.{key}")
    k.add_row(tbl, ["", "Không có đề nghị.", *[""] * (len(cells) - 2)])
    k.loop_row(tbl, "endif")


def build_commendation_list() -> DocumentType:
    doc = _new()
    k.setup_section(doc.sections[0], landscape=True, first_page_number=False)
    k.header_blocks(doc, None, "{{ van_ban.danh_sach.ngay|dong_dat(co_quan.dia_danh) }}", WL)
    k.title(
        doc,
        "DANH SÁCH",
        [
            "Đề nghị Tổng LĐLĐ Việt Nam tặng Cờ thi đua, Bằng khen",
            "thành tích phong trào thi đua CNVCLĐ và hoạt động công đoàn năm {{ nam }}",
        ],
        WL,
    )
    k.para(
        doc,
        "(Kèm theo Tờ trình số {{ van_ban.to_trinh.so|so_van_ban }} "
        "ngày {{ van_ban.to_trinh.ngay|ngay_ngan }}"
        " của {{ co_quan.ten_cum }})",
        style="Chu thich",
    )
    k.para(doc, "I. CỜ THI ĐUA", style="Muc I")
    _award_table(doc, "co_thi_dua", people=False, width=WL)
    k.para(doc, "II. BẰNG KHEN TẬP THỂ", style="Muc I")
    _award_table(doc, "bang_khen_tap_the", people=False, width=WL)
    k.para(doc, "III. BẰNG KHEN CÁ NHÂN", style="Muc I")
    _award_table(doc, "bang_khen_ca_nhan", people=True, width=WL)
    k.para(
        doc,
        "Danh sách gồm "
        "{{ (khen_thuong.co_thi_dua|length + khen_thuong.bang_khen_tap_the|length)|so_dem }} tập thể"
        " và {{ khen_thuong.bang_khen_ca_nhan|length|so_dem }} cá nhân./.",
    ).paragraph_format.space_before = Pt(12)
    k.signature(doc, None, WL)
    return doc


def build_rejected_list() -> DocumentType:
    doc = _new()
    k.header_blocks(doc, None, "{{ van_ban.danh_sach.ngay|dong_dat(co_quan.dia_danh) }}")
    k.title(
        doc,
        "DANH SÁCH",
        ["Các trường hợp đề nghị khen thưởng năm {{ nam }}", "không đủ điều kiện"],
    )
    k.para(doc, "(Tài liệu làm việc của Văn phòng, không gửi kèm Tờ trình)", style="Chu thich")
    tbl = k.data_table(
        doc,
        ["STT", "Họ và tên, tập thể", "Chức vụ, đơn vị", "Hình thức đề nghị", "Lý do không đủ điều kiện"],
        _cols(W, [1.2, 3.8, 4.0, 2.8], 1),
    )
    k.loop_row(tbl, "for kd in khong_du_dieu_kien")
    k.add_row(
        tbl,
        ["{{ kd.stt }}", "{{ kd.ten }}", "{{ kd.chuc_vu_don_vi }}", "{{ kd.hinh_thuc }}", "{{ kd.ly_do }}"],
        ["Bang tieu de", "Bang", "Bang", "Bang", "Bang"],
    )
    k.loop_row(tbl, "endfor")
    k.loop_row(tbl, "if not khong_du_dieu_kien")
    k.add_row(tbl, ["", "Không có trường hợp nào.", "", "", ""])
    k.loop_row(tbl, "endif")
    return doc


def build_to_trinh() -> DocumentType:
    doc = _new()
    k.header_blocks(
        doc, "{{ van_ban.to_trinh.so|so_van_ban }}", "{{ van_ban.to_trinh.ngay|dong_dat(co_quan.dia_danh) }}"
    )
    k.title(
        doc,
        "TỜ TRÌNH",
        ["Về việc đề nghị tặng Cờ thi đua, Bằng khen", "thành tích phong trào thi đua năm {{ nam }}"],
    )
    write_lines(doc, TO_TRINH)
    k.signature(doc, "to_trinh")
    return doc


def build_giao_uoc() -> DocumentType:
    doc = _new()
    k.header_blocks(
        doc, "{{ van_ban.giao_uoc.so|so_van_ban }}", "{{ van_ban.giao_uoc.ngay|dong_dat(co_quan.dia_danh) }}"
    )
    k.title(doc, "GIAO ƯỚC THI ĐUA", ["Năm {{ nam_sau }}", "của {{ co_quan.ten_cum_day_du }}"])
    before, after = GIAO_UOC[: GIAO_UOC.index(("table", ""))], GIAO_UOC[GIAO_UOC.index(("table", "")) + 1 :]
    write_lines(doc, before)
    _target_matrix(doc)
    write_lines(doc, after)
    _signature_grid(doc)
    return doc


def _target_matrix(doc: DocumentType) -> None:
    """Next year's targets: one row per indicator, one column per signing unit.

    The unit columns come from a docxtpl column loop: the cells holding {%tc for %} and
    {%tc endfor %} disappear, the cell between them repeats once per unit.
    """
    tag = int(Cm(1.6))  # the tag columns vanish when rendered; wide enough to read the tag in Word
    # Rendered, the table is 1.1 + 3.7 + 1.3 + 1.6 per unit + 1.7 cm: six units fill the page width,
    # more are narrowed to fit (pipeline/render/engine.py: fit_tables). 11 pt so figures fit.
    widths = [int(Cm(1.1)), int(Cm(3.7)), int(Cm(1.3)), tag, int(Cm(1.6)), tag, int(Cm(1.7))]
    tbl = k.data_table(
        doc,
        [
            "STT",
            "Nội dung chỉ tiêu",
            "Đơn vị tính",
            "{%tc for dv in nam_sau_gu.cot_don_vi %}",
            "{{ dv.dia_danh }}",
            "{%tc endfor %}",
            "Tổng",
        ],
        widths,
    )
    k.loop_row(tbl, "for ct in nam_sau_gu.chi_tieu")
    k.add_row(
        tbl,
        [
            "{{ ct.stt }}",
            "{{ ct.ten }}",
            "{{ ct.dvt_bang }}",
            "{%tc for gt in ct.cot %}",
            "{{ gt|so_bang(ct.kieu) }}",
            "{%tc endfor %}",
            "{{ ct.tong|so_bang(ct.kieu) }}",
        ],
        ["Bang tieu de", "Bang", "Bang", "Lenh mau", "Bang so", "Lenh mau", "Bang so"],
    )
    k.loop_row(tbl, "endfor")
    _smaller(tbl)


def _smaller(tbl: Table) -> None:
    """11 pt for a table with many columns (direct formatting: staff can still change it in Word)."""
    for row in tbl.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(11)


def _signature_grid(doc: DocumentType) -> None:
    """Two blocks per row; a row never splits over a page break.

    Up to 60 units a block per unit (khoi_ky is hang_ky). Above, the blocks of those who sign for
    the whole body, each with its role line (vai_tro), and a note: every unit signs on a sheet of
    the annex workbook.
    """
    k.tag(doc, "if nam_sau_gu.ky_o_phu_luc")
    k.para(doc, "ĐẠI DIỆN KÝ GIAO ƯỚC", style="Phan")
    k.tag(doc, "else")
    k.para(doc, "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC", style="Phan")
    k.tag(doc, "endif")
    tbl = k.table(doc, [W // 2, W - W // 2], rows=0, borders=False)
    k.loop_row(tbl, "for hang in nam_sau_gu.khoi_ky")
    row = tbl.add_row()
    k.row_props(row)
    for index, side in enumerate(("trai", "phai")):
        k.fill_cell(
            row.cells[index],
            [
                (f"{{%p if hang.{side}.vai_tro %}}", "Lenh mau"),
                (f"{{{{ hang.{side}.vai_tro }}}}", "Ky ten"),
                ("{%p endif %}", "Lenh mau"),
                (f"{{{{ hang.{side}.ten_in_hoa }}}}", "Ky ten"),
                (f"{{{{ hang.{side}.chuc_danh }}}}", "Ky ten"),
                ("", "Ky ten"),
                ("", "Ky ten"),
                ("", "Ky ten"),
                (f"{{{{ hang.{side}.chu_tich }}}}", "Ky ten"),
                ("", "Ky ten"),
            ],
        )
    k.loop_row(tbl, "endfor")
    k.tag(doc, "if nam_sau_gu.ghi_chu_ky")
    k.para(doc, "{{ nam_sau_gu.ghi_chu_ky }}", style="Chu thich")
    k.tag(doc, "endif")


BUILDERS: dict[str, Callable[[], DocumentType]] = {
    "bao-cao-tong-ket.docx": build_report,
    "to-trinh-khen-thuong.docx": build_to_trinh,
    "danh-sach-khen-thuong.docx": build_commendation_list,
    "danh-sach-khong-du-dieu-kien.docx": build_rejected_list,
    "giao-uoc-thi-dua.docx": build_giao_uoc,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "templates")
    parser.add_argument("--force", action="store_true", help="overwrite templates staff may have edited")
    parser.add_argument("names", nargs="*", help="only these templates (file names)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        if args.names and name not in args.names:
            continue
        target = args.out / name
        if target.exists() and not args.force:
            print(f"bỏ qua {target}: đã có (dùng --force để ghi đè)", file=sys.stderr)
            continue
        buffer = io.BytesIO()
        build().save(buffer)
        target.write_bytes(buffer.getvalue())
        print(f"đã tạo {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
