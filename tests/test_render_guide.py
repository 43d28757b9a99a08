"""The staff guide (docs/huong-dan-mau-van-ban.md) names every variable and filter a template can use."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from summary_factory import make_summary

from pipeline.formats.vnformat import FILTERS
from pipeline.paths import PROJECT_ROOT
from pipeline.render.check_templates import SPLIT_MESSAGE
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


def test_split_tag_advice_matches_the_guide() -> None:
    assert "gõ lại" in SPLIT_MESSAGE and "the-bi-tach" in GUIDE
