"""Building blocks of the official layout (Nghị định 30/2020, Phụ lục I) for tools/build_templates.py.

Only the bootstrap uses this: once written, the .docx templates are edited in Word. Everything
is a named style or a real table, so staff who change a style change every paragraph using it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_TOP = MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT, MARGIN_RIGHT = Mm(30), Mm(15)
TEXT_WIDTH_PORTRAIT = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
TEXT_WIDTH_LANDSCAPE = PAGE_H - MARGIN_LEFT - MARGIN_RIGHT  # 252 mm

# Human text the office must write: highlighted so it cannot be missed or printed by accident.
PLACEHOLDER = re.compile(r"(\[[^\]]*bổ sung[^\]]*\])")

# name → (base, size pt, bold, italic, alignment, first-line indent cm, space before, space after,
#          line spacing, keep with next, outline level)
_P = WD_ALIGN_PARAGRAPH
PARAGRAPH_STYLES: dict[str, tuple] = {
    "Noi dung": ("Normal", 14, False, False, _P.JUSTIFY, 1.27, 0, 6, 1.15, False, None),
    # The last paragraph before the signature: keeps the signature block from standing alone on a page.
    "Ket thuc": ("Noi dung", 14, False, False, _P.JUSTIFY, 1.27, 0, 6, 1.15, True, None),
    "Phan": ("Normal", 14, True, False, _P.CENTER, 0, 12, 6, 1.0, True, 0),
    "Muc I": ("Noi dung", 14, True, False, _P.JUSTIFY, 1.27, 6, 6, 1.15, True, 1),
    "Muc 1": ("Noi dung", 14, True, False, _P.JUSTIFY, 1.27, 3, 6, 1.15, True, 2),
    "Muc a": ("Noi dung", 14, False, True, _P.JUSTIFY, 1.27, 0, 6, 1.15, True, 3),
    "Ten van ban": ("Normal", 14, True, False, _P.CENTER, 0, 18, 0, 1.0, True, None),
    "Trich yeu": ("Normal", 14, True, False, _P.CENTER, 0, 0, 0, 1.0, True, None),
    "Can cu": ("Noi dung", 14, False, True, _P.JUSTIFY, 1.27, 0, 6, 1.15, False, None),
    "Kinh gui": ("Normal", 14, False, False, _P.CENTER, 0, 6, 12, 1.0, False, None),
    "Dau trang": ("Normal", 13, False, False, _P.CENTER, 0, 0, 0, 1.0, False, None),
    "Bang": ("Normal", 12, False, False, _P.LEFT, 0, 2, 2, 1.0, False, None),
    "Bang tieu de": ("Bang", 12, True, False, _P.CENTER, 0, 2, 2, 1.0, False, None),
    "Bang so": ("Bang", 12, False, False, _P.RIGHT, 0, 2, 2, 1.0, False, None),
    "Noi nhan": ("Normal", 12, True, True, _P.LEFT, 0, 6, 0, 1.0, False, None),
    "Noi nhan dong": ("Normal", 11, False, False, _P.LEFT, 0, 0, 0, 1.0, False, None),
    "Ky ten": ("Normal", 14, True, False, _P.CENTER, 0, 0, 0, 1.0, True, None),
    "Chu thich": ("Normal", 13, False, True, _P.CENTER, 0, 0, 6, 1.0, False, None),
    "Lenh mau": ("Normal", 8, False, False, _P.LEFT, 0, 0, 0, 1.0, False, None),
}


def _set_fonts(rpr_parent: object) -> None:
    """Times New Roman for every script slot, so Vietnamese letters do not fall back to another font."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), FONT)


def new_document() -> DocumentType:
    """A blank document with A4 page, the margins, page numbers from page 2 and the named styles."""
    doc = Document()
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    defaults.getparent().remove(defaults)
    doc.styles.element.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>"
            f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
            '<w:color w:val="000000"/><w:sz w:val="28"/><w:szCs w:val="28"/>'
            '<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
        ),
    )
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element)
    for name, spec in PARAGRAPH_STYLES.items():
        _add_style(doc, name, *spec)
    for name in ("Header", "Footer"):
        doc.styles[name].font.size = Pt(13)
    setup_section(doc.sections[0], landscape=False, first_page_number=False)
    _page_number_header(doc.sections[0])
    return doc


def _add_style(
    doc: DocumentType,
    name: str,
    base: str,
    size: int,
    bold: bool,
    italic: bool,
    align: WD_ALIGN_PARAGRAPH,
    indent: float,
    before: int,
    after: int,
    spacing: float,
    keep_next: bool,
    outline: int | None,
) -> None:
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Cm(indent)
    fmt.left_indent = Cm(0)
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = spacing
    fmt.keep_with_next = keep_next
    fmt.widow_control = True
    if outline is not None:
        # Word's navigation pane and table of contents find the headings by their outline level.
        ppr = style.element.get_or_add_pPr()
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline))
        ppr.append(level)


def setup_section(section: Section, landscape: bool, first_page_number: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = Mm(10)
    # Page 1 carries no number (NĐ 30): a separate, empty first-page header.
    section.different_first_page_header_footer = not first_page_number


def _page_number_header(section: Section) -> None:
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(13)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text or ""
    section.first_page_header.is_linked_to_previous = False


def landscape_section(doc: DocumentType) -> Section:
    """A new landscape section (appendix tables); page numbers continue and show on its first page."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_section(section, landscape=True, first_page_number=True)
    return section


def para(
    doc_or_cell: DocumentType | _Cell, text: str = "", style: str = "Noi dung", **fmt: object
) -> Paragraph:
    """A paragraph whose text is one run per piece, so no jinja tag is ever split across runs."""
    paragraph = doc_or_cell.add_paragraph(style=style)
    add_text(paragraph, text, **fmt)
    return paragraph


def add_text(paragraph: Paragraph, text: str, bold: bool | None = None, italic: bool | None = None) -> None:
    for piece in PLACEHOLDER.split(text):
        if not piece:
            continue
        run = paragraph.add_run(piece)
        run.bold, run.italic = bold, italic
        if PLACEHOLDER.fullmatch(piece):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            run.italic = True


def tag(doc_or_cell: DocumentType | _Cell, statement: str) -> Paragraph:
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}); removed when rendered."""
    return para(doc_or_cell, "{%p " + statement + " %}", style="Lenh mau")


def rule(cell_or_doc: DocumentType | _Cell, width: object, text_width: object) -> Paragraph:
    """A short centred line: an empty 4 pt paragraph with a bottom border, narrowed by its indents.

    A paragraph border renders the same in Word and LibreOffice, unlike a drawn line shape. The
    paragraph mark's size sets the gap above the line: 4 pt, or it would sit a whole line lower.
    """
    paragraph = cell_or_doc.add_paragraph(style="Dau trang")
    side = (int(text_width) - int(width)) // 2  # type: ignore[call-overload]
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = side
    fmt.first_line_indent = 0
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f"<w:pBdr {nsdecls('w')}>"
            '<w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
        )
    )
    ppr.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:sz w:val="8"/><w:szCs w:val="8"/></w:rPr>'))
    return paragraph


def table(doc: DocumentType | _Cell, widths: Sequence[object], rows: int = 1, borders: bool = True) -> Table:
    """A fixed-layout table with the given column widths; without borders for layout blocks."""
    tbl = doc.add_table(rows=rows, cols=len(widths))
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    tbl_pr = tbl._tbl.tblPr
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    edge = 'w:val="single" w:sz="4" w:space="0" w:color="000000"' if borders else 'w:val="nil"'
    tbl_pr.append(
        parse_xml(
            f"<w:tblBorders {nsdecls('w')}>"
            + "".join(
                f"<w:{side} {edge}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
    )
    # Narrow cell margins: more room for figures in wide tables; none for the layout blocks.
    margin = 57 if borders else 0  # twips: 1 mm
    tbl_pr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:left w:w="{margin}" w:type="dxa"/>'
            f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        )
    )
    for index, width in enumerate(widths):
        tbl.columns[index].width = width
        for cell in tbl.columns[index].cells:
            cell.width = width
    return tbl


def fill_cell(cell: _Cell, lines: Sequence[str | tuple[str, str]], style: str = "Bang") -> None:
    """Replace a cell's content by paragraphs: plain text or (text, style)."""
    first = True
    for line in lines:
        text, line_style = (line, style) if isinstance(line, str) else line
        if first:
            paragraph = cell.paragraphs[0]
            paragraph.style = line_style
            add_text(paragraph, text)
            first = False
        else:
            para(cell, text, style=line_style)


def row_props(row: object, header: bool = False, cant_split: bool = True) -> None:
    """A header row repeats on each page; a row that cannot split keeps a block whole."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    if cant_split:
        tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def add_row(tbl: Table, cells: Sequence[str], styles: Sequence[str] | str = "Bang") -> None:
    row = tbl.add_row()
    row_props(row)
    for index, text in enumerate(cells):
        style = styles if isinstance(styles, str) else styles[index]
        fill_cell(row.cells[index], [(text, style)])


def loop_row(tbl: Table, statement: str) -> None:
    """A row holding only a docxtpl row tag ({%tr ... %}); the whole row is replaced when rendered.

    Its cells are merged so the tag reads on one line in Word instead of wrapping in the STT column.
    """
    row = tbl.add_row()
    merged = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
    fill_cell(merged, [("{%tr " + statement + " %}", "Lenh mau")])


def header_blocks(
    doc: DocumentType, number: str | None, date: str, text_width: int = TEXT_WIDTH_PORTRAIT
) -> None:
    """The two header blocks: issuing body (left) and Quốc hiệu, Tiêu ngữ (right), in a borderless table.

    Row 2 holds "Số: ..." and the date line so that they stay level however the names wrap.
    """
    left = int(text_width * 0.39)
    right = text_width - left
    tbl = table(doc, [left, right], rows=2, borders=False)
    fill_cell(
        tbl.cell(0, 0),
        [("{{ co_quan.cap_tren }}", "Dau trang"), ("{{ co_quan.ten }}", "Dau trang")],
    )
    tbl.cell(0, 0).paragraphs[1].runs[0].bold = True
    rule(tbl.cell(0, 0), Cm(2.5), left)
    fill_cell(
        tbl.cell(0, 1),
        [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Dau trang"), ("Độc lập - Tự do - Hạnh phúc", "Dau trang")],
    )
    quoc_hieu, tieu_ngu = tbl.cell(0, 1).paragraphs
    quoc_hieu.runs[0].bold = tieu_ngu.runs[0].bold = True
    quoc_hieu.runs[0].font.size = Pt(12)
    tieu_ngu.runs[0].font.size = Pt(14)
    rule(tbl.cell(0, 1), Cm(6.0), right)
    fill_cell(tbl.cell(1, 0), [(f"Số: {number}" if number else "", "Dau trang")])
    fill_cell(tbl.cell(1, 1), [(date, "Dau trang")])
    date_line = tbl.cell(1, 1).paragraphs[0]
    date_line.runs[0].italic = True
    date_line.runs[0].font.size = Pt(14)
    for cell in (tbl.cell(1, 0), tbl.cell(1, 1)):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def title(doc: DocumentType, name: str, lines: Sequence[str], text_width: int = TEXT_WIDTH_PORTRAIT) -> None:
    """Type name in capitals, the summary line(s) in bold, a short rule."""
    para(doc, name, style="Ten van ban")
    for line in lines:
        para(doc, line, style="Trich yeu")
    rule(doc, Cm(3.5), text_width).paragraph_format.space_after = Pt(12)


def signature(doc: DocumentType, document_key: str | None, text_width: int = TEXT_WIDTH_PORTRAIT) -> None:
    """Nơi nhận (left, if `document_key`) and the signature block (right), side by side."""
    left = int(text_width * 0.45)
    tbl = table(doc, [left, text_width - left], rows=1, borders=False)
    row_props(tbl.rows[0])
    if document_key:
        fill_cell(
            tbl.cell(0, 0),
            [
                ("Nơi nhận:", "Noi nhan"),
                (f"{{%p for dong in van_ban.{document_key}.noi_nhan %}}", "Lenh mau"),
                ("- {{ dong }}", "Noi nhan dong"),
                ("{%p endfor %}", "Lenh mau"),
            ],
        )
    fill_cell(
        tbl.cell(0, 1),
        [
            ("{{ co_quan.tm }}", "Ky ten"),
            ("{{ co_quan.chuc_vu_ky }}", "Ky ten"),
            ("", "Ky ten"),
            ("", "Ky ten"),
            ("", "Ky ten"),
            ("", "Ky ten"),
            ("", "Ky ten"),
            ("{{ co_quan.nguoi_ky }}", "Ky ten"),
        ],
    )
    tbl.cell(0, 1).paragraphs[0].paragraph_format.space_before = Pt(6)


def data_table(doc: DocumentType, headers: Sequence[str], widths: Sequence[int]) -> Table:
    """A bordered table whose first row is the repeated header."""
    tbl = table(doc, widths, rows=1, borders=True)
    row_props(tbl.rows[0], header=True)
    for index, text in enumerate(headers):
        fill_cell(tbl.rows[0].cells[index], [(text, "Bang tieu de")])
    return tbl
