"""Bootstrap templates/bang-khen.docx, the certificate template (run once; the .docx is the source).

Staff edit the generated file in Word afterwards: move lines to fit their pre-printed paper,
change fonts, delete the title if the paper already carries it. Re-running this script
overwrites their edits, so it refuses to unless --force is given.

    .venv/bin/python tools/build_certificate_template.py [--force] [OUT]

Fields (docxtpl/jinja tags) the template may use are listed in pipeline/render/certificates.py.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

FONT = "Times New Roman"
RED = RGBColor(0xC0, 0x00, 0x00)  # certificates carry the form name in red; all else is black
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "templates" / "bang-khen.docx"


def _set_font(style_font: object, size: float) -> None:
    font = style_font  # docx.text.font.Font
    font.name = FONT  # type: ignore[attr-defined]
    font.size = Pt(size)  # type: ignore[attr-defined]


def _line(
    doc: object,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    color: RGBColor | None = None,
    before: float = 0,
    after: float = 0,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
) -> Paragraph:
    paragraph: Paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
    _format(
        paragraph, text, size, bold=bold, italic=italic, color=color, before=before, after=after, align=align
    )
    return paragraph


def _format(
    paragraph: Paragraph,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    color: RGBColor | None = None,
    before: float = 0,
    after: float = 0,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
) -> None:
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    # One run per paragraph keeps every tag in one piece for a reader of the XML; Word may split
    # runs later when staff edit, which the renderer's docxtpl pre-processing undoes.
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold or None  # None inherits the style: no <w:b w:val="0"/> clutter in the XML
    run.italic = italic or None
    if color is not None:
        run.font.color.rgb = color


def _no_borders(table: object) -> None:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def build(out: Path) -> None:
    doc = Document()
    normal = doc.styles["Normal"]
    _set_font(normal.font, 14)  # type: ignore[attr-defined]
    # East Asian and complex-script slots too, or Word falls back to another font for some text.
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(slot), FONT)
    normal.paragraph_format.space_after = Pt(0)  # type: ignore[attr-defined]
    normal.paragraph_format.line_spacing = 1.1  # type: ignore[attr-defined]

    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    # Pre-printed certificate paper has an ornamental border about 25 mm wide; keep text inside.
    section.top_margin, section.bottom_margin = Mm(32), Mm(22)
    section.left_margin, section.right_margin = Mm(38), Mm(38)

    first = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    _format(first, "{{ trao_tang.ten|in_hoa }}", 18, bold=True)
    _line(doc, "TẶNG", 15, before=6)
    _line(doc, "{{ giay_khen.loai|in_hoa }}", 54, bold=True, color=RED, before=12, after=12)
    _line(doc, "{% if giay_khen.ca_nhan %}Đồng chí {% endif %}{{ giay_khen.ten }}", 28, bold=True, after=6)
    _line(doc, "{%p if giay_khen.chuc_vu %}", 14)
    _line(doc, "{{ giay_khen.chuc_vu }}", 15)
    _line(doc, "{%p endif %}", 14)
    _line(doc, "{%p if giay_khen.ca_nhan %}", 14)
    _line(doc, "{{ giay_khen.don_vi }}", 15)
    _line(doc, "{%p endif %}", 14)
    _line(doc, "Đã có thành tích: {{ giay_khen.thanh_tich }}", 15, italic=True, before=14, after=24)

    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(95), Mm(126)
    _format(
        left.paragraphs[0],
        "{{ quyet_dinh.loai }} số: {{ quyet_dinh.so|so_van_ban }}",
        12,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        before=84,
    )
    left.add_paragraph()
    _format(left.paragraphs[1], "ngày {{ quyet_dinh.ngay|ngay_ngan }}", 12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _format(right.paragraphs[0], "{{ trao_tang.dia_danh }}, {{ quyet_dinh.ngay|ngay_dai }}", 14, italic=True)
    for text in ("{{ trao_tang.tm }}", "{{ trao_tang.chuc_vu_ky }}"):
        right.add_paragraph()
        _format(right.paragraphs[-1], text, 14, bold=True)
    right.add_paragraph()
    _format(right.paragraphs[-1], "{{ trao_tang.nguoi_ky }}", 14, bold=True, before=52)

    doc.core_properties.title = "Mẫu bằng khen, giấy khen (tongket)"
    doc.core_properties.author = "tongket"
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(_slim(buffer.getvalue()))


# Parts of python-docx's default document that a certificate never uses: the Word 2010 style copy,
# a thumbnail and custom XML. They made up 90 % of the file; Word recreates what it needs on save.
_DROP_PARTS = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")
_DROP_RELS = re.compile(
    r'<Relationship [^>]*Target="(?:stylesWithEffects\.xml|docProps/thumbnail\.jpeg|'
    r'\.\./customXml/[^"]*)"/>'
)
_DROP_TYPES = re.compile(r'<Override PartName="/(?:word/stylesWithEffects\.xml|customXml/[^"]*)"[^>]*/>')
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _slim(docx: bytes) -> bytes:
    """The saved document without unused parts and styles, so every certificate file stays small."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        document = src.read("word/document.xml")
        for info in src.infolist():
            if info.filename.startswith(_DROP_PARTS):
                continue
            data = src.read(info.filename)
            if info.filename.endswith(".rels"):
                data = _DROP_RELS.sub("", data.decode("utf-8")).encode("utf-8")
            elif info.filename == "[Content_Types].xml":
                data = _DROP_TYPES.sub("", data.decode("utf-8")).encode("utf-8")
            elif info.filename == "word/styles.xml":
                data = _used_styles_only(data, document)
            dst.writestr(info.filename, data)
    return out.getvalue()


def _used_styles_only(styles_xml: bytes, document_xml: bytes) -> bytes:
    root = etree.fromstring(styles_xml)
    latent = root.find(f"{_W}latentStyles")
    if latent is not None:
        root.remove(latent)
    styles = {s.get(f"{_W}styleId"): s for s in root.iter(f"{_W}style")}
    wanted = {s for s, el in styles.items() if el.get(f"{_W}default") == "1"}
    wanted |= {m.decode() for m in re.findall(rb'w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', document_xml)}
    pending = list(wanted)
    while pending:  # keep what the wanted styles are based on or linked to
        style = styles.get(pending.pop())
        for ref in ("basedOn", "link", "next"):
            el = style.find(f"{_W}{ref}") if style is not None else None
            target = el.get(f"{_W}val") if el is not None else None
            if target and target not in wanted:
                wanted.add(target)
                pending.append(target)
    for style_id, el in styles.items():
        if style_id not in wanted:
            root.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def main(argv: list[str]) -> int:
    force = "--force" in argv
    args = [a for a in argv if a != "--force"]
    out = Path(args[0]) if args else DEFAULT_OUT
    if out.exists() and not force:
        print(f"{out} đã có (có thể đã được sửa trong Word); dùng --force để ghi đè.", file=sys.stderr)
        return 2
    build(out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
