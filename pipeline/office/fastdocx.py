"""Render one DOCX template many times: compile its XML with Jinja once, write each zip directly.

docxtpl re-opens the template, re-parses it with python-docx and lxml, re-runs its regex
pre-processing and re-compiles the Jinja template for every document it saves: right for one
report, four times slower than needed for a thousand certificates (see `make bench`). Here the
template is read and pre-processed once — with docxtpl's own `patch_xml`, so tags that Word split
across runs, `{%p %}`, `{%tr %}` and `{%r %}` still work in staff-edited templates — the body is
compiled once, and each document is the rendered body zipped with the template's other parts.

Not supported (use docxtpl for such templates): RichText, InlineImage, sub-documents, picture
replacement, tags in the document properties, and `{%tc %}` loops that change a table's column
count (docxtpl's `fix_tables`).
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template, meta

from pipeline.office.anchors import bookmark_marks_in_body

MAIN_PART = "word/document.xml"
_HEADER_FOOTER = re.compile(r"word/(header|footer)\d*\.xml")
_BODY_OPEN = re.compile(r"<w:body(?:\s[^>]*)?>")
_PARAGRAPH_OPEN = re.compile(r"<w:p([ >])")
_RENDERED_PARAGRAPH = re.compile(r"\n<w:p([ >])")
# The start of a body's first paragraph, up to the end of its properties: a page break goes there.
_FIRST_PARAGRAPH = re.compile(r"<w:p(?:\s[^>]*)?(?<!/)>(?:<w:pPr\s*/>|<w:pPr>.*?</w:pPr>)?", re.DOTALL)
_PAGE_BREAK_RUN = '<w:r><w:br w:type="page"/></w:r>'
# Ids that must be unique in one document; a merged document repeats the template's body.
_BOOKMARK = re.compile(r"<w:bookmark(?:Start|End)\s[^>]*/>")
_PARAGRAPH_IDS = re.compile(r'\sw14:(?:paraId|textId)="[^"]*"')
_DRAWING_ID = re.compile(r'(<wp:docPr\s[^>]*?\bid=")\d+(")')
_LISTING_CHARS = ("\t", "\a", "\n", "\f")  # docxtpl turns these in values into tabs and breaks
# Already compressed: deflating them again costs time and saves nothing.
_STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff")
# A fixed timestamp makes the same inputs give byte-identical files, so re-runs change nothing.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _docxtpl() -> Any:
    """docxtpl's DocxTemplate, for its pre- and post-processing of the XML (no document is loaded)."""
    from docxtpl import DocxTemplate  # heavy (python-docx, lxml): imported only when rendering

    return DocxTemplate("")


class CompiledDocx:
    """A DOCX template compiled once; `render` a body per context, then `build` documents from bodies."""

    def __init__(self, path: Path, env: Environment) -> None:
        self.path = path
        self._docxtpl = _docxtpl()
        with zipfile.ZipFile(path) as archive:
            self._parts = {info.filename: archive.read(info) for info in archive.infolist()}
        if MAIN_PART not in self._parts:
            raise ValueError(f"{path}: not a Word document (no {MAIN_PART})")
        xml = self._parts[MAIN_PART].decode("utf-8")
        opening = _BODY_OPEN.search(xml)
        closing = xml.rfind("</w:body>")
        if opening is None or closing < 0:
            raise ValueError(f"{path}: {MAIN_PART} has no <w:body>")
        body = xml[opening.end() : closing]
        # The body's own section properties (page size, margins) close the body; a paragraph's
        # sectPr (a section break) sits inside a <w:p> and is followed by its "</w:p>".
        section = body.rfind("<w:sectPr")
        if section < 0 or "</w:p>" in body[section:]:
            section = len(body)
        self._head = xml[: opening.end()]
        self._tail = body[section:] + xml[closing:]
        self._sources = {MAIN_PART: self._prepare(body[:section])}
        for name, data in self._parts.items():
            # "{" alone: Word may have split a tag's braces into separate runs.
            if _HEADER_FOOTER.fullmatch(name) and b"{" in data:
                self._sources[name] = self._prepare(data.decode("utf-8"))
        self._env = env
        self._templates: dict[str, Template] = {
            name: env.from_string(source) for name, source in self._sources.items()
        }

    def _prepare(self, xml: str) -> str:
        xml = self._docxtpl.patch_xml(xml)
        # As docxtpl does: one paragraph per line, so Jinja's line numbers point at a paragraph.
        return _PARAGRAPH_OPEN.sub(r"\n<w:p\1", xml)

    def _finish(self, xml: str) -> str:
        xml = _RENDERED_PARAGRAPH.sub(r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        if any(char in xml for char in _LISTING_CHARS):
            xml = self._docxtpl.resolve_listing(xml)
        return xml

    def variables(self) -> set[str]:
        """The top-level names the template uses (for a check before rendering anything)."""
        names: set[str] = set()
        for source in self._sources.values():
            names |= meta.find_undeclared_variables(self._env.parse(source))
        return names

    def render(self, context: Mapping[str, Any]) -> str:
        """The body XML of one document; values an anchored environment marked become bookmarks."""
        return bookmark_marks_in_body(self._head, self._finish(self._templates[MAIN_PART].render(context)))

    def build(self, bodies: Iterable[str], context: Mapping[str, Any]) -> bytes:
        """A DOCX of the rendered bodies, each after the first starting on a new page.

        `context` fills the headers and footers, which a document has only one of.
        """
        pieces = list(bodies)
        if len(pieces) > 1:
            pieces = [_for_merging(piece) for piece in pieces]
            pieces[1:] = [_on_new_page(piece) for piece in pieces[1:]]
        document = self._head + "".join(pieces) + self._tail
        if len(pieces) > 1:
            counter = itertools.count(1)
            document = _DRAWING_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", document)
        replaced = {MAIN_PART: document.encode("utf-8")}
        for name, template in self._templates.items():
            if name != MAIN_PART:
                replaced[name] = self._finish(template.render(context)).encode("utf-8")
        return self._zip(replaced)

    def _zip(self, replaced: Mapping[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in self._parts.items():
                info = zipfile.ZipInfo(name, _ZIP_DATE)
                stored = name.lower().endswith(_STORED_SUFFIXES)
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                archive.writestr(info, replaced.get(name, data))
        return buffer.getvalue()


def _for_merging(body: str) -> str:
    """A body without the ids Word requires to be unique (bookmarks, paragraph ids)."""
    return _PARAGRAPH_IDS.sub("", _BOOKMARK.sub("", body))


def _on_new_page(body: str) -> str:
    """The body starting on a new page: a break in its first paragraph adds no blank line."""
    body = body.lstrip()
    first = _FIRST_PARAGRAPH.match(body)
    if first is None:  # starts with a table: a paragraph of its own carries the break
        return f"<w:p>{_PAGE_BREAK_RUN}</w:p>{body}"
    return body[: first.end()] + _PAGE_BREAK_RUN + body[first.end() :]
