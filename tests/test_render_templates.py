"""Hostile text, templates edited by staff in Word, and templates a person broke."""

from __future__ import annotations

import io
import shutil
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.shared import Pt
from docx_reading import all_paragraphs, open_docx, text_of
from summary_factory import make_summary

from pipeline.errors import InputError
from pipeline.model.summary import Summary
from pipeline.paths import DEFAULT_TEMPLATES
from pipeline.render import TemplateRenderError, render_documents
from pipeline.render.collation import person_key, vi_key

NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
HOSTILE = "Công ty \"A & B\" <Tổng> 'Công đoàn'"
LONG_WORD = "Siêu" + "dài" * 120
ACHIEVEMENT = "Dòng một\nDòng hai 🎉 & <b>không in đậm</b>\x07\x0c chữ" + "\u200b"


def hostile_summary() -> Summary:
    summary = make_summary(people=[(NFD_NAME, HOSTILE), ("=1+1", "@SUM(A1) " + LONG_WORD)])
    summary.unit_list[0].short_name = "LĐLĐ tỉnh Cao Bằng & <Hà Quảng>"
    summary.awards[0].recipient = HOSTILE
    summary.awards[0].achievement = ACHIEVEMENT
    summary.event.theme = 'Chủ đề "đặc biệt" & <mới>\r\nxuống dòng'
    summary.rejected[0].reason = "Lý do: <script>alert(1)</script>"
    return summary


@pytest.fixture(scope="module")
def hostile() -> dict[str, bytes]:
    return render_documents(hostile_summary(), DEFAULT_TEMPLATES)


def test_hostile_text_renders_and_documents_reopen(hostile: dict[str, bytes]) -> None:
    for name, data in hostile.items():
        if name.endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert archive.testzip() is None
            text = text_of(open_docx(data))
            assert "&amp;" not in text and "&lt;" not in text, name
    report = text_of(open_docx(hostile["bao-cao-tong-ket-2024.docx"]))
    assert 'Chủ đề "đặc biệt" & <mới>' in report
    assert f"cho {HOSTILE};" in report
    listing = open_docx(hostile["danh-sach-khen-thuong-2024.docx"])
    cells = [c.text for t in listing.tables for r in t.rows for c in r.cells]
    assert HOSTILE in cells
    assert unicodedata.normalize("NFC", NFD_NAME) in cells and NFD_NAME not in cells
    assert any(LONG_WORD in c for c in cells)
    achievement = next(c for c in cells if c.startswith("Dòng một"))
    # The line break stays a line break, control characters are dropped, the emoji survives.
    assert achievement == "Dòng một\nDòng hai 🎉 & <b>không in đậm</b> chữ\u200b"


def test_hostile_text_is_escaped_in_html_and_literal_in_markdown(hostile: dict[str, bytes]) -> None:
    html = hostile["tin-bai-2024.html"].decode("utf-8")
    assert "&lt;mới&gt;" in html and "<mới>" not in html
    assert "&#34;đặc biệt&#34;" in html
    md = hostile["tin-bai-2024.md"].decode("utf-8")
    assert 'Chủ đề "đặc biệt" & <mới>' in md


def test_hostile_text_in_the_workbook_stays_text(hostile: dict[str, bytes]) -> None:
    book = openpyxl.load_workbook(io.BytesIO(hostile["danh-sach-khen-thuong-2024.xlsx"]))
    values = [c.value for r in book["Đề nghị khen thưởng"].iter_rows() for c in r]
    assert "=1+1" in values  # a name, not a formula
    assert all(c.data_type != "f" for r in book["Đề nghị khen thưởng"].iter_rows() for c in r)
    reasons = [c.value for r in book["Không đủ điều kiện"].iter_rows() for c in r]
    assert "Lý do: <script>alert(1)</script>" in reasons


def test_vietnamese_order_of_people() -> None:
    names = [
        "Lê Văn Đức",
        "Trần Thị Ánh",
        "Phạm Thị Anh",
        "Nguyễn Văn An",
        "Hoàng Văn Dũng",
        "Vũ Thị Ơn",
        "Đỗ Văn Ôn",
        "Bùi Thị On",
        "Lý Văn Zan",
        "Lò Văn Yên",
        "Mai Văn Ă",
    ]
    ordered = sorted(names, key=person_key)
    # Ă is a letter of its own after A: every word in a- comes first.
    assert [n.split()[-1] for n in ordered] == [
        "An",
        "Anh",
        "Ánh",
        "Ă",
        "Dũng",
        "Đức",
        "On",
        "Ôn",
        "Ơn",
        "Yên",
        "Zan",
    ]
    # Same given name: then by family and middle names, in the same alphabet.
    assert sorted(["Đỗ Thị Hoa", "Dương Thị Hoa", "An Thị Hoa"], key=person_key) == [
        "An Thị Hoa",
        "Dương Thị Hoa",
        "Đỗ Thị Hoa",
    ]
    # Tones only decide between otherwise equal words: ma < mà < mả < mã < má < mạ.
    assert sorted(["mạ", "má", "mã", "mả", "mà", "ma"], key=vi_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    # NFD and NFC spellings of one name sort the same.
    assert person_key(unicodedata.normalize("NFD", "Trần Thị Ánh"))[:2] == person_key("Trần Thị Ánh")[:2]


def _copy_templates(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, target)
    return target


def test_template_edited_in_word_still_renders(tmp_path: Path) -> None:
    """Staff move a paragraph and change a style with Word (here python-docx): the draft follows."""
    templates = _copy_templates(tmp_path)
    path = templates / "bao-cao-tong-ket.docx"
    doc = Document(str(path))
    paragraphs = doc.paragraphs
    closing = next(p for p in paragraphs if p.text.startswith("Trên đây là báo cáo"))
    first_heading = next(p for p in paragraphs if p.text == "I. ĐẶC ĐIỂM TÌNH HÌNH")
    first_heading._p.addprevious(closing._p)  # move the closing sentence up
    doc.styles["Noi dung"].font.size = Pt(13)
    doc.styles["Muc I"].font.italic = True
    new = doc.add_paragraph("Đoàn viên mới: {{ tong.doan_vien_moi|so_uoc }}.", style="Noi dung")
    assert new.text
    doc.save(str(path))

    rendered = open_docx(render_documents(make_summary(), templates)["bao-cao-tong-ket-2024.docx"])
    texts = [p.text for p in all_paragraphs(rendered)]
    closing_at = next(i for i, t in enumerate(texts) if t.startswith("Trên đây là báo cáo"))
    assert closing_at < texts.index("I. ĐẶC ĐIỂM TÌNH HÌNH")
    assert rendered.styles["Noi dung"].font.size == Pt(13)
    assert rendered.styles["Muc I"].font.italic
    assert "Đoàn viên mới: trên 25.000." in texts


def test_broken_docx_template_names_template_and_tag(tmp_path: Path) -> None:
    templates = _copy_templates(tmp_path)
    path = templates / "giao-uoc-thi-dua.docx"
    doc = Document(str(path))
    doc.add_paragraph("Chỉ tiêu: {{ tong.chi_tieu_khong_co|so }} và {{ nam }}")
    doc.save(str(path))
    with pytest.raises(TemplateRenderError) as caught:
        render_documents(make_summary(), templates)
    error = caught.value
    assert isinstance(error, InputError)  # the CLI prints it and exits 2, no traceback
    assert error.template == "giao-uoc-thi-dua.docx"
    assert error.tag == "{{ tong.chi_tieu_khong_co|so }}"
    assert "giao-uoc-thi-dua.docx" in str(error) and "chi_tieu_khong_co" in str(error)


def test_syntax_error_names_the_broken_tag(tmp_path: Path) -> None:
    templates = _copy_templates(tmp_path)
    path = templates / "to-trinh-khen-thuong.docx"
    doc = Document(str(path))
    doc.add_paragraph("Tổng: {{ tong.cdcs|so } đơn vị")
    doc.save(str(path))
    with pytest.raises(TemplateRenderError) as caught:
        render_documents(make_summary(), templates)
    assert caught.value.template == "to-trinh-khen-thuong.docx"
    assert caught.value.tag.startswith("{{ tong.cdcs|so }")
    assert "sai cú pháp" in caught.value.message


def test_broken_text_template_names_template_and_tag(tmp_path: Path) -> None:
    templates = _copy_templates(tmp_path)
    (templates / "tin-bai.md.j2").write_text(
        "# Tin\n\nNăm {{ nam }}: {{ tong.khong_co|so }}\n", encoding="utf-8"
    )
    with pytest.raises(TemplateRenderError) as caught:
        render_documents(make_summary(), templates)
    assert (caught.value.template, caught.value.tag) == ("tin-bai.md.j2", "{{ tong.khong_co|so }}")


def test_missing_template_is_a_clear_error(tmp_path: Path) -> None:
    templates = _copy_templates(tmp_path)
    (templates / "bao-cao-tong-ket.docx").unlink()
    with pytest.raises(TemplateRenderError, match=r"bao-cao-tong-ket\.docx"):
        render_documents(make_summary(), templates)
