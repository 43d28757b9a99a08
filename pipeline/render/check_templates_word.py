"""The Word side of `tongket check-templates`: tags as Word stored them in a DOCX template.

A tag Word split across runs still works (with the first run's formatting); one split across
paragraphs, or a {%p %}/{%tr %}/{%tc %} tag sharing its paragraph, row or cell with text that
docxtpl would delete, breaks the document. After these checks each part's XML, patched as
docxtpl patches it, goes through the variable check (check_templates_jinja).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from jinja2 import Environment
from lxml import etree

from pipeline.render.check_templates_jinja import check_source
from pipeline.render.check_templates_problem import TemplateProblem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPEN = re.compile(r"\{[{%#]")
_STRUCTURAL = re.compile(r"^\{%\s*(p|tr|tc)\s")
_STRUCTURAL_ANYWHERE = re.compile(r"\{%\s*(?:p|tr|tc)\s.*?%\}", re.DOTALL)
_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
SPLIT_MESSAGE = (
    "Word đã tách thẻ thành nhiều đoạn định dạng; tongket vẫn đọc được, nhưng cả thẻ lấy định dạng của "
    "phần đầu. Xoá thẻ và gõ lại liền một lần (không sửa giữa chừng) để hết cảnh báo."
)


def check_docx(
    path: Path, name: str, env: Environment, context: dict[str, Any] | None
) -> list[TemplateProblem]:
    """The problems in one DOCX template: its body, headers and footers, the body first."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = {n: archive.read(n).decode("utf-8") for n in archive.namelist() if _PARTS.fullmatch(n)}
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError) as exc:
        return [TemplateProblem(name, "", f"không mở được tệp Word ({exc}).", "tep-hong")]
    from docxtpl import DocxTemplate  # heavy: only when checking DOCX templates

    patcher = DocxTemplate("")
    problems: list[TemplateProblem] = []
    for part in sorted(parts, key=lambda n: (n != "word/document.xml", n)):
        xml = parts[part]
        problems += _check_runs(name, xml)
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patcher.patch_xml(xml))
        problems += check_source(name, source, env, context)
    return problems


def _check_runs(template: str, xml: str) -> list[TemplateProblem]:
    """Tags as Word stored them: split over runs (tolerated), over paragraphs (breaks), or sharing
    their paragraph, row or cell with text that docxtpl would delete."""
    problems = []
    root = etree.fromstring(xml.encode("utf-8"))
    for para in root.iter(f"{W}p"):
        pieces = [(t.text or "") for t in para.iter(f"{W}t")]
        text = "".join(pieces)
        bounds, start = [], 0
        for piece in pieces:
            bounds.append((start, start + len(piece)))
            start += len(piece)
        tags = list(_TAG.finditer(text))
        covered = [(m.start(), m.end()) for m in tags]
        for opening in _OPEN.finditer(text):
            if not any(a <= opening.start() < b for a, b in covered):
                problems.append(
                    TemplateProblem(
                        template,
                        text[opening.start() :][:60],
                        "thẻ không đóng trong cùng đoạn văn (thiếu }} hoặc %}, hoặc thẻ bị ngắt dòng). "
                        "Gõ lại thẻ liền trên một dòng.",
                        "the-khong-dong",
                    )
                )
        for match in tags:
            runs = {i for i, (a, b) in enumerate(bounds) if a < match.end() and b > match.start()}
            if len(runs) > 1:
                problems.append(
                    TemplateProblem(
                        template,
                        match.group(0),
                        SPLIT_MESSAGE,
                        "the-bi-tach",
                        "canh_bao",
                    )
                )
            structural = _STRUCTURAL.match(match.group(0))
            if structural:
                problems += _check_structural(template, para, match.group(0), structural.group(1))
    return problems


def _check_structural(template: str, para: Any, tag: str, kind: str) -> list[TemplateProblem]:
    """{%p %}, {%tr %} and {%tc %} replace their whole paragraph, row or cell: other text there is lost."""
    holder = para
    if kind in ("tr", "tc"):
        wanted = f"{W}{kind}"
        while holder is not None and holder.tag != wanted:
            holder = holder.getparent()
        if holder is None:
            where = "hàng bảng" if kind == "tr" else "ô bảng"
            return [
                TemplateProblem(
                    template, tag, f"thẻ {{%{kind} ...%}} phải nằm trong một {where}.", "the-sai-vi-tri"
                )
            ]
    rest = "".join(t.text or "" for t in holder.iter(f"{W}t")).replace(tag, "", 1)
    # Other tags in the holder are lost with it too ({{ x }} added after a {%p endif %}); only
    # structural tags sharing it are left to their own check.
    lost = _STRUCTURAL_ANYWHERE.sub("", rest).strip()[:40]
    if lost:
        where = {"p": "đoạn văn", "tr": "hàng bảng", "tc": "ô bảng"}[kind]
        return [
            TemplateProblem(
                template,
                tag,
                f"{where} chứa thẻ này sẽ bị thay cả bằng thẻ, nên chữ «{lost}» sẽ mất. "
                f"Để thẻ {{%{kind} ...%}} một mình trong {where}.",
                "noi-dung-se-mat",
            )
        ]
    return []
