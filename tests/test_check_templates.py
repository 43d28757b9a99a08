"""`check_templates` passes on templates/ and reports deliberately broken templates precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from summary_factory import make_summary

from pipeline.paths import DEFAULT_TEMPLATES
from pipeline.render.check_templates import TemplateProblem, check_templates


def test_bundled_templates_have_no_problem() -> None:
    assert check_templates(DEFAULT_TEMPLATES) == []


def test_bundled_templates_pass_against_a_real_summary() -> None:
    assert check_templates(DEFAULT_TEMPLATES, make_summary()) == []


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, target)
    return target


def _add(path: Path, *paragraphs: str | list[str]) -> None:
    """Append paragraphs to a DOCX template; a list is one paragraph written as several runs."""
    doc = Document(str(path))
    for item in paragraphs:
        if isinstance(item, str):
            doc.add_paragraph(item)
        else:
            paragraph = doc.add_paragraph()
            for index, piece in enumerate(item):
                paragraph.add_run(piece).bold = index % 2 == 1
    doc.save(str(path))


def _only(problems: list[TemplateProblem], code: str) -> list[TemplateProblem]:
    return [p for p in problems if p.code == code]


def test_syntax_error_names_template_and_tag(templates: Path) -> None:
    _add(templates / "giao-uoc-thi-dua.docx", "Có {{ tong.cdcs|so } CĐCS")
    [problem] = _only(check_templates(templates), "sai-cu-phap")
    assert problem.template == "giao-uoc-thi-dua.docx"
    assert problem.tag.startswith("{{ tong.cdcs|so }")
    assert problem.severity == "loi"
    assert "giao-uoc-thi-dua.docx" in str(problem) and "sai cú pháp" in str(problem)


def test_unknown_variable_key_and_filter(templates: Path) -> None:
    _add(templates / "bao-cao-tong-ket.docx", "{{ tong.khong_co|so }} {{ bien_la }} {{ nam|loc_la }}")
    problems = check_templates(templates)
    unknown = _only(problems, "bien-khong-co")
    assert {(p.template, p.tag) for p in unknown} == {
        ("bao-cao-tong-ket.docx", "{{ tong.khong_co|so }}"),
        ("bao-cao-tong-ket.docx", "{{ bien_la }}"),
    }
    assert "khong_co" in next(p.message for p in unknown if "khong_co" in p.tag)
    [bad_filter] = _only(problems, "bo-loc-khong-co")
    assert bad_filter.tag == "{{ nam|loc_la }}"


def test_unknown_field_inside_a_loop(templates: Path) -> None:
    _add(
        templates / "to-trinh-khen-thuong.docx",
        "{%p for dv in don_vi %}",
        "{{ dv.ten_sai }}",
        "{%p endfor %}",
    )
    [problem] = _only(check_templates(templates), "bien-khong-co")
    assert (problem.template, problem.tag) == ("to-trinh-khen-thuong.docx", "{{ dv.ten_sai }}")


def test_tags_split_across_runs_and_paragraphs(templates: Path) -> None:
    _add(templates / "bao-cao-tong-ket.docx", ["Có {{ tong.", "cdcs|so }} CĐCS"], "Mở {{ nam", "}} đóng")
    problems = check_templates(templates)
    [split] = _only(problems, "the-bi-tach")
    assert split.tag == "{{ tong.cdcs|so }}" and split.severity == "canh_bao"
    [unclosed] = _only(problems, "the-khong-dong")
    assert unclosed.tag.startswith("{{ nam") and unclosed.severity == "loi"


def test_paragraph_tag_with_text_beside_it(templates: Path) -> None:
    _add(templates / "bao-cao-tong-ket.docx", "{%p if nam %} chữ này sẽ mất", "Có", "{%p endif %}")
    [problem] = _only(check_templates(templates), "noi-dung-se-mat")
    assert problem.tag == "{%p if nam %}" and "chữ này sẽ mất" in problem.message


def test_paragraph_tag_with_another_tag_beside_it(templates: Path) -> None:
    # docxtpl replaces the whole paragraph with the {%p %} tag: the value tag would vanish unseen.
    _add(templates / "bao-cao-tong-ket.docx", "{%p if nam %}", "Có", "{%p endif %} {{ nam_sau }}")
    [problem] = _only(check_templates(templates), "noi-dung-se-mat")
    assert problem.tag == "{%p endif %}" and "{{ nam_sau }}" in problem.message


def test_unused_blocks(templates: Path) -> None:
    _add(
        templates / "bao-cao-tong-ket.docx",
        "{%p for dv in don_vi %}",
        "{%p endfor %}",
        "{%p for dv in don_vi %}",
        "Dòng lặp",
        "{%p endfor %}",
    )
    (templates / "tin-bai.md.j2").write_text(
        "{% block dau %}Tin{% endblock %}\n{% macro khong_goi() %}x{% endmacro %}\n", encoding="utf-8"
    )
    (templates / "mau-cu.docx").write_bytes((templates / "to-trinh-khen-thuong.docx").read_bytes())
    problems = check_templates(templates)
    assert [p.template for p in _only(problems, "khoi-rong")] == ["bao-cao-tong-ket.docx"]
    assert [p.tag for p in _only(problems, "vong-lap-khong-dung-bien")] == ["{% for dv in don_vi %}"]
    assert {p.tag for p in _only(problems, "khoi-khong-dung")} == {
        "{% block dau %}",
        "{% macro khong_goi() %}",
    }
    assert [p.template for p in _only(problems, "mau-khong-dung")] == ["mau-cu.docx"]
    assert all(p.severity == "canh_bao" for p in problems)


def test_missing_and_corrupt_templates(templates: Path) -> None:
    (templates / "giao-uoc-thi-dua.docx").unlink()
    (templates / "to-trinh-khen-thuong.docx").write_bytes(b"not a zip")
    problems = check_templates(templates)
    assert [p.template for p in _only(problems, "thieu-mau")] == ["giao-uoc-thi-dua.docx"]
    assert [p.template for p in _only(problems, "tep-hong")] == ["to-trinh-khen-thuong.docx"]
