"""The declared shape of body.toml, meta.toml and rules.toml: every key's type, required keys,
allowed values. A file is checked as a whole when it is read, so that `name = 42` or
`recipients = 5` stops the run with one line naming the file, the line and the key, rather than
a traceback somewhere in rendering.

A schema is a dict of key → spec; a spec is a Python type (str, int, float, bool, date), a tuple
of allowed strings, a list holding one spec (a list of those), a dict (a table; the key "*"
stands for any key), or `Required(spec)`. Keys a schema does not name are left alone: staff add
notes of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import InputError


@dataclass(frozen=True)
class Required:
    spec: Any


_TEXT_LIST = [str]
_PERSON = {"name": Required(str), "title": str}
_DOCUMENT = {"number": Required((str, int)), "date": date, "recipients": _TEXT_LIST}

BODY_SCHEMA: dict[str, Any] = {
    "group": Required(
        {"name": Required(str), "full_name": str, "kind": ("cluster", "province"), "superior": Required(str)}
    )
}
META_SCHEMA: dict[str, Any] = {
    "issuer": Required(
        {
            "unit": str,
            "name": Required(str),
            "code": Required(str),
            "place": Required(str),
            "signing_for": str,
            "signer_title": str,
            "signer_name": Required(str),
        }
    ),
    "event": Required(
        {
            "date": Required(date),
            "place": Required(str),
            "theme": Required(str),
            "can_cu": _TEXT_LIST,
            "attendees": [_PERSON],
        }
    ),
    "submissions": {"deadline": date, "received": {"*": date}},
    "documents": {"*": _DOCUMENT},
    "khen_thuong": {
        "co_quan": Required(str),
        "dia_danh": str,
        "tm": str,
        "chuc_vu_ky": str,
        "nguoi_ky": str,
    },
    "next_year": {"cum_truong": str, "cum_pho": str, "noi_dung": _TEXT_LIST},
}
_NUMBER = (int, float)
_QUOTA = {
    "count": _NUMBER,
    "share": _NUMBER,
    "min_points": _NUMBER,
    "label": str,
    "require_core_targets": bool,
    "thanh_tich": str,
}
RULES_SCHEMA: dict[str, Any] = {
    "scoring": {
        "cap_pct": _NUMBER,
        "criteria": [{"code": Required(str), "max_points": Required(_NUMBER), "core": bool}],
    },
    "awards": {"*": _QUOTA},
    "penalty": {"*": _NUMBER},
    "eligibility": {"*": (int, float, bool)},
    "tie_break": {"order": _TEXT_LIST},
}

_KIND_NAMES = {
    str: "chữ (trong ngoặc kép)",
    int: "số nguyên",
    float: "số",
    bool: "true hoặc false",
    date: "ngày dạng 2024-12-05 (không ngoặc kép)",
}


def check_toml(data: dict[str, Any], schema: dict[str, Any], path: Path, text: str) -> None:
    """InputError for the first key of `data` that does not fit `schema`."""
    _table(data, schema, path, text, "")


def _table(data: dict[str, Any], schema: dict[str, Any], path: Path, text: str, where: str) -> None:
    for key, spec in schema.items():
        required = isinstance(spec, Required)
        spec = spec.spec if required else spec
        if key == "*":
            for name, value in data.items():
                _value(value, spec, path, text, f"{where}{name}")
        elif key in data:
            _value(data[key], spec, path, text, f"{where}{key}")
        elif required:
            section = f"mục [{where.rstrip('.')}]" if where else "tệp"
            raise InputError(f"Tệp {path}: {section} thiếu khóa «{key}». Bổ sung rồi chạy lại.")


def _value(value: Any, spec: Any, path: Path, text: str, key: str) -> None:
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            _wrong(value, "một mục [bảng]", path, text, key)
        _table(value, spec, path, text, f"{key}.")
    elif isinstance(spec, list):
        if not isinstance(value, list):
            _wrong(value, "danh sách trong ngoặc vuông [ ... ]", path, text, key)
        for n, item in enumerate(value, start=1):
            _value(item, spec[0], path, text, f"{key}[{n}]" if not isinstance(spec[0], dict) else key)
    elif isinstance(spec, tuple) and all(isinstance(s, str) for s in spec):
        if value not in spec:
            _wrong(value, f"một trong: {', '.join(spec)}", path, text, key)
    elif not _fits(value, spec if isinstance(spec, tuple) else (spec,)):
        kinds = spec if isinstance(spec, tuple) else (spec,)
        _wrong(value, " hoặc ".join(_KIND_NAMES[k] for k in kinds), path, text, key)


def _fits(value: Any, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in kinds
    if isinstance(value, datetime):
        return date in kinds
    return isinstance(value, kinds)


def _wrong(value: Any, wanted: str, path: Path, text: str, key: str) -> None:
    line = line_of(text, key)
    at = f", dòng {line}" if line else ""
    shown = str(value) if not isinstance(value, dict | list) else type(value).__name__
    raise InputError(f"Tệp {path}{at}, khóa «{key}»: cần {wanted}, đang ghi «{shown}». Sửa rồi chạy lại.")


def line_of(text: str, key: str) -> int | None:
    """The line where `key` (its last part) is assigned, after its section's header if it has one."""
    parts = [re.sub(r"\[\d+\]$", "", p) for p in key.split(".")]
    name, sections = parts[-1], parts[:-1]
    lines = text.splitlines()
    start = 0
    if sections:
        header = re.compile(r"^\s*\[\[?\s*" + re.escape(".".join(sections)) + r"\s*\]\]?")
        start = next((n for n, line in enumerate(lines) if header.match(line)), 0)
    assign = re.compile(r"^\s*\"?" + re.escape(name) + r"\"?\s*=")
    found = next((n for n in range(start, len(lines)) if assign.match(lines[n])), None)
    return None if found is None else found + 1
