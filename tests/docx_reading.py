"""Reading rendered DOCX back for assertions: text of paragraphs, tables and headers, in order."""

from __future__ import annotations

import io
from collections.abc import Iterator

from docx import Document
from docx.document import Document as DocumentType
from docx.table import Table
from docx.text.paragraph import Paragraph


def open_docx(data: bytes) -> DocumentType:
    return Document(io.BytesIO(data))


def blocks(doc: DocumentType) -> Iterator[Paragraph | Table]:
    """Body paragraphs and tables in document order."""
    yield from doc.iter_inner_content()


def all_paragraphs(doc: DocumentType) -> Iterator[Paragraph]:
    """Every paragraph of the body, including those inside (nested) tables."""

    def walk(items: Iterator[Paragraph | Table]) -> Iterator[Paragraph]:
        for item in items:
            if isinstance(item, Paragraph):
                yield item
            else:
                for row in item.rows:
                    for cell in row.cells:
                        yield from walk(cell.iter_inner_content())

    yield from walk(blocks(doc))


def text_of(doc: DocumentType) -> str:
    return "\n".join(p.text for p in all_paragraphs(doc))


def table_rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]
