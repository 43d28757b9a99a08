"""The staff guide (docs/huong-dan-mau-van-ban.md) names every variable and filter a template can use."""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from summary_factory import make_summary

from pipeline.formats.vnformat import FILTERS
from pipeline.paths import DEFAULT_TEMPLATES, PROJECT_ROOT
from pipeline.render.check_templates import check_templates
from pipeline.render.context import build_context

GUIDE = (PROJECT_ROOT / "docs" / "huong-dan-mau-van-ban.md").read_text(encoding="utf-8")
# Maps keyed by indicator code or document: the guide documents their shape, not each key.
BY_CODE = {"tong", "tong_nam_truoc", "chi_tieu", "so_lieu", "ket_qua", "van_ban"}


def _fields(value: Any, name: str = "") -> set[str]:
    """Every field name reachable in the context, through lists and dicts (not indicator codes)."""
    found: set[str] = set()
    if isinstance(value, Sequence) and not isinstance(value, str):  # lists, and the lazy per-unit lists
        for item in value[:1]:
            found |= _fields(item, name)
    elif isinstance(value, Mapping):
        items = list(value.items())[:1] if name in BY_CODE else value.items()
        for key, item in items:
            if name not in BY_CODE:
                found.add(key)
            found |= _fields(item, key)
    return found


def test_guide_lists_every_filter() -> None:
    missing = [name for name in FILTERS if f"`{name}" not in GUIDE]
    assert missing == []


def test_guide_lists_every_variable_and_field() -> None:
    fields = _fields(build_context(make_summary())) | {"bieu_do"}
    # Written as `name`, `parent.name`, `name.child` or `name(args)` somewhere in the guide.
    missing = sorted(f for f in fields if not re.search(rf"[`.]{re.escape(f)}[`.( ]", GUIDE))
    assert missing == []


LEVELS = {"loi": "lỗi", "canh_bao": "cảnh báo"}


def _guide_codes() -> dict[str, tuple[str, str]]:
    """The guide's table of `tongket check-templates` codes: code → (level, how to fix it)."""
    rows = re.findall(r"^\| ((?:`[a-z-]+`(?:, )?)+) \| (lỗi|cảnh báo) \| [^|]+ \| ([^|]+) \|$", GUIDE, re.M)
    return {code: (level, fix) for codes, level, fix in rows for code in re.findall(r"`([a-z-]+)`", codes)}


def test_what_the_checker_reports_is_in_the_guide_with_the_same_level_and_fix(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    report = templates / "bao-cao-tong-ket.docx"
    document = Document(str(report))
    split = document.add_paragraph()  # one tag over two runs, as Word leaves it after an edit
    split.add_run("Có {{ tong.")
    split.add_run("cdcs|so }} CĐCS").bold = True
    document.add_paragraph("Mở {{ nam")
    document.save(str(report))
    pledge = Document(str(templates / "giao-uoc-thi-dua.docx"))  # a template that still parses
    pledge.add_paragraph("{{ bien_la }}")
    pledge.save(str(templates / "giao-uoc-thi-dua.docx"))

    problems = check_templates(templates)
    guide = _guide_codes()
    assert {"the-bi-tach", "the-khong-dong", "bien-khong-co"} <= {p.code for p in problems}
    assert [(p.code, p.severity) for p in problems if guide.get(p.code, ("",))[0] != LEVELS[p.severity]] == []
    [split_tag] = [p for p in problems if p.code == "the-bi-tach"]
    assert split_tag.tag == "{{ tong.cdcs|so }}"
    # The guide tells staff to delete the tag and type it again; so does the checker's message.
    level, fix = guide["the-bi-tach"]
    assert (level, fix.strip()) == ("cảnh báo", "xoá và gõ lại thẻ")
    assert "xoá thẻ và gõ lại" in split_tag.message.lower()
