"""fastdocx: a template compiled once renders like docxtpl, and merged documents stay valid Word files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Mm
from fresh_process import built_elsewhere

from pipeline.formats.jinja_env import make_env
from pipeline.office.fastdocx import CompiledDocx


def _xml(docx: bytes, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read(part).decode("utf-8")


def _template(tmp_path: Path, *, table_first: bool = False, header: str | None = None) -> Path:
    document = Document()
    if table_first:
        document.add_table(rows=1, cols=1).cell(0, 0).text = "{{ ten }}"
    document.add_paragraph("Tặng {{ ten }}")
    document.add_paragraph("{{ ghi_chu }}")
    if header is not None:
        section = document.sections[0]
        section.page_width = Mm(297)
        section.header.paragraphs[0].text = header
    path = tmp_path / "mau.docx"
    document.save(str(path))
    return path


def test_render_once_build_many(tmp_path: Path) -> None:
    compiled = CompiledDocx(_template(tmp_path), make_env())
    assert compiled.variables() == {"ten", "ghi_chu"}
    bodies = [compiled.render({"ten": name, "ghi_chu": "A & B <c>"}) for name in ("An", "Bình", "Chi")]
    merged = compiled.build(bodies, {"ten": "An", "ghi_chu": ""})
    text = [p.text for p in Document(io.BytesIO(merged)).paragraphs]
    assert [t for t in text if t.startswith("Tặng")] == ["Tặng An", "Tặng Bình", "Tặng Chi"]
    assert text.count("A & B <c>") == 3
    xml = _xml(merged)
    assert xml.count('<w:br w:type="page"/>') == 2
    assert xml.count("<w:sectPr") == 1  # one section: the page setup stays the template's


def test_newline_in_a_value_becomes_a_line_break_as_in_docxtpl(tmp_path: Path) -> None:
    compiled = CompiledDocx(_template(tmp_path), make_env())
    docx = compiled.build([compiled.render({"ten": "An", "ghi_chu": "dòng 1\ndòng 2"})], {})
    assert "<w:br/>" in _xml(docx)
    assert "dòng 1\ndòng 2" in [p.text for p in Document(io.BytesIO(docx)).paragraphs]


def test_a_body_starting_with_a_table_gets_a_page_break_paragraph(tmp_path: Path) -> None:
    compiled = CompiledDocx(_template(tmp_path, table_first=True), make_env())
    bodies = [compiled.render({"ten": n, "ghi_chu": ""}) for n in ("An", "Bình")]
    merged = compiled.build(bodies, {})
    document = Document(io.BytesIO(merged))
    assert [t.cell(0, 0).text for t in document.tables] == ["An", "Bình"]
    assert _xml(merged).count('<w:br w:type="page"/>') == 1


def test_tags_in_the_header_are_filled(tmp_path: Path) -> None:
    compiled = CompiledDocx(_template(tmp_path, header="Năm {{ nam }}"), make_env())
    assert "nam" in compiled.variables()
    docx = compiled.build([compiled.render({"ten": "An", "ghi_chu": ""})], {"nam": 2024})
    header = next(n for n in zipfile.ZipFile(io.BytesIO(docx)).namelist() if n.startswith("word/header"))
    assert "Năm 2024" in _xml(docx, header)


def test_merged_ids_stay_unique(tmp_path: Path) -> None:
    path = _template(tmp_path)
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    marked = body.replace(
        "<w:p>",
        '<w:p w14:paraId="1A2B3C4D"><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>',
        1,
    )
    parts["word/document.xml"] = marked.encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    compiled = CompiledDocx(path, make_env())
    merged = _xml(compiled.build([compiled.render({"ten": n, "ghi_chu": ""}) for n in "AB"], {}))
    assert "_GoBack" not in merged
    assert "1A2B3C4D" not in merged
    single = _xml(compiled.build([compiled.render({"ten": "A", "ghi_chu": ""})], {}))
    assert "_GoBack" in single  # a single document keeps the template as it is


def _built(template: Path) -> bytes:
    """Two documents merged from one template: the ids, bookmarks and parts a merge renumbers."""
    compiled = CompiledDocx(template, make_env())
    bodies = [compiled.render({"ten": ten, "ghi_chu": "dòng 1\ndòng 2"}) for ten in ("An", "Bình")]
    return compiled.build(bodies, {"nam": 2024})


def test_same_input_same_bytes(tmp_path: Path) -> None:
    template = _template(tmp_path, header="Năm {{ nam }}")
    here = _built(template)
    assert built_elsewhere("test_fastdocx:_built", template) == [here, here]
    assert "Bình" in _xml(here)
