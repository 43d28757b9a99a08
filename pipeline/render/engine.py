"""Rendering one DOCX template with docxtpl and the shared environment, into bytes.

A template a person broke in Word must give a message naming the template and the tag, not a
traceback: every failure while filling a template becomes a `TemplateRenderError`, which is an
`InputError`, so the CLI prints it and exits 2.
"""

from __future__ import annotations

import io
import re
import traceback
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, TemplateAssertionError, TemplateError, TemplateSyntaxError, UndefinedError

from pipeline.errors import InputError
from pipeline.office.anchors import bookmark_marks

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_XML_TAG = re.compile(r"<[^>]+>")
_OPENING = re.compile(r"\{[{%#]")
CHART_WIDTH = Mm(230)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class TemplateRenderError(InputError):
    """A template could not be filled: which template, which tag, and what to do about it."""

    def __init__(self, template: str, tag: str, message: str) -> None:
        self.template, self.tag, self.message = template, tag, message
        where = f", thẻ «{tag}»" if tag else ""
        super().__init__(f"Mẫu {template}{where}: {message}")


class DocxTemplateFile:
    """A DOCX template read once; `render` fills a fresh copy each time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._data = path.read_bytes()
        except OSError as exc:
            raise TemplateRenderError(path.name, "", f"không đọc được tệp mẫu ({exc.strerror}).") from exc

    def template(self) -> DocxTemplate:
        return DocxTemplate(io.BytesIO(self._data))

    def render(
        self,
        context: Mapping[str, Any],
        env: Environment,
        chart_png: bytes | None = None,
        fill_width: bool = False,
    ) -> bytes:
        """The filled document; `fill_width` widens narrow tables to the text width (see fit_tables)."""
        tpl = self.template()
        full = dict(context)
        # The chart is offered to every DOCX template, so staff can put it where they like.
        full["bieu_do"] = InlineImage(tpl, io.BytesIO(chart_png), width=CHART_WIDTH) if chart_png else ""
        try:
            tpl.render(full, jinja_env=env)
        except (TemplateError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise self._explain(exc) from exc
        except Exception as exc:  # docxtpl's XML post-processing: a tag that broke the document structure
            raise TemplateRenderError(
                self.path.name,
                "",
                f"không tạo được văn bản ({exc}). Chạy «tongket check-templates» để tìm thẻ lỗi.",
            ) from exc
        fit_tables(tpl, fill_width)
        anchor_figures(tpl)
        buffer = io.BytesIO()
        tpl.save(buffer)
        return stable_zip(buffer.getvalue())

    def _explain(self, exc: Exception) -> TemplateRenderError:
        tag = self._tag_for(exc)
        if isinstance(exc, TemplateAssertionError) and "filter" in (exc.message or ""):
            message = (
                f"không có bộ lọc này ({exc.message}). Các bộ lọc dùng được: docs/huong-dan-mau-van-ban.md."
            )
        elif isinstance(exc, TemplateSyntaxError):
            message = f"sai cú pháp ({exc.message}). Sửa thẻ trong Word rồi chạy lại."
        elif isinstance(exc, UndefinedError):
            message = (
                f"dùng dữ liệu không có ({exc.message}). Các biến dùng được: docs/huong-dan-mau-van-ban.md."
            )
        else:
            message = (
                f"không điền được giá trị ({type(exc).__name__}: {exc}). Kiểm tra bộ lọc dùng trong thẻ."
            )
        return TemplateRenderError(self.path.name, tag, message)

    def _tag_for(self, exc: Exception) -> str:
        """The tag on the template line where the error happened (docxtpl puts one paragraph per line)."""
        line = getattr(exc, "lineno", None) if isinstance(exc, TemplateSyntaxError) else None
        if line is None:
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
            line = frames[-1].lineno if frames else None
        if not line:
            return ""
        tpl = self.template()
        tpl.init_docx()
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml()))
        wanted = missing_name(exc)
        return tag_on_line(source, line, wanted)


def anchor_figures(tpl: DocxTemplate) -> None:
    """Bookmarks around the figures an anchored environment marked (pipeline.office.anchors);
    headers and footers only lose their marks: the update copy changes figures of the body."""
    bookmark_marks(tpl.docx.element.body)
    for section in tpl.docx.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if not part.is_linked_to_previous:
                bookmark_marks(part._element)


def missing_name(exc: Exception) -> str:
    """The name Jinja could not find, from its message ("'dict object' has no attribute 'x'")."""
    found = re.search(r"'([^']+)' is undefined|attribute '([^']+)'|named '([^']+)'", str(exc))
    return next((g for g in found.groups() if g), "") if found else ""


def tag_on_line(source: str, lineno: int, hint: str = "") -> str:
    """The tag on a line of template source (XML stripped), preferring one that mentions `hint`.

    A tag too broken to match whole is shown from its opening brace.
    """
    lines = source.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    text = _XML_TAG.sub("", lines[lineno - 1])
    tags = TAG.findall(text)
    if not tags:
        opening = _OPENING.search(text)
        return text[opening.start() :][:60].strip() if opening else ""
    return next((t for t in tags if hint and hint in t), tags[0])


def stable_zip(data: bytes) -> bytes:
    """The archive with fixed timestamps: a nightly re-run changes a file only when its content changes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, _ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return buffer.getvalue()


def fit_tables(tpl: DocxTemplate, fill_width: bool = False) -> None:
    """Table grids as wide as their cells, and no wider than the page.

    A docxtpl column loop ({%tc %}) adds cells whose widths the table grid does not know;
    Word and LibreOffice then draw columns of the wrong width. Only tables whose rows all have
    the same number of unspanned cells are touched. With `fill_width`, a table narrower than the
    page gets the difference in its widest column: a column loop that added no column (the giao
    ước's target table above 60 units) leaves a narrow table whose text wraps word by word.
    """
    body = tpl.docx.element.body
    for tbl in body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        found = [_cell_widths(row) for row in rows]
        widths = [w for w in found if w is not None]
        if not widths or len(widths) != len(found) or any(len(w) != len(widths[0]) for w in widths):
            continue
        first = widths[0]
        grid = tbl.find(qn("w:tblGrid"))
        if grid is None:
            continue
        limit = _text_width(tpl, tbl)
        scale = min(1.0, limit / sum(first)) if limit and sum(first) else 1.0
        if fill_width and limit and sum(first) < limit:
            _widen_column(rows, first, first.index(max(first)), limit - sum(first))
        for col in list(grid):
            grid.remove(col)
        for width in first:
            col = grid.makeelement(qn("w:gridCol"), {qn("w:w"): str(int(width * scale))})
            grid.append(col)
        if scale < 1.0:
            for row in rows:
                for tc_w in row.iter(qn("w:tcW")):
                    tc_w.set(qn("w:w"), str(int(int(tc_w.get(qn("w:w"))) * scale)))


def _widen_column(rows: list[Any], widths: list[int], column: int, extra: int) -> None:
    """Add `extra` twips to one column, in `widths` and in that cell of every row."""
    widths[column] += extra
    for row in rows:
        cell_width = row.findall(qn("w:tc"))[column].find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
        cell_width.set(qn("w:w"), str(int(cell_width.get(qn("w:w"))) + extra))


def _cell_widths(row: Any) -> list[int] | None:
    widths = []
    for cell in row.findall(qn("w:tc")):
        pr = cell.find(qn("w:tcPr"))
        if pr is None or pr.find(qn("w:gridSpan")) is not None or pr.find(qn("w:tcW")) is None:
            return None
        tc_w = pr.find(qn("w:tcW"))
        if tc_w.get(qn("w:type")) not in (None, "dxa"):
            return None
        widths.append(int(tc_w.get(qn("w:w"))))
    return widths


def _text_width(tpl: DocxTemplate, tbl: Any) -> int:
    """Text width in twips of the section the table is in (its section break follows it)."""
    node = tbl
    sect_pr = None
    while node is not None and sect_pr is None:
        node = node.getnext()
        if node is not None and node.tag == qn("w:p"):
            sect_pr = node.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        elif node is not None and node.tag == qn("w:sectPr"):
            sect_pr = node
    if sect_pr is None:
        return 0
    size, margins = sect_pr.find(qn("w:pgSz")), sect_pr.find(qn("w:pgMar"))
    if size is None or margins is None:
        return 0
    return int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
