"""`tongket init DIR`: a new body's folder, ready for `tongket form`, `validate` and `run`.

DIR gets `inputs/` (the registry with example rows to replace, the standard indicator catalog,
body.toml, rules.toml, the year's meta.toml with every field to fill and an empty submissions/),
and a short Vietnamese guide, BAT-DAU.md. Run tongket from DIR: `--inputs` and `--outputs` default
to ./inputs and ./outputs. With `--sample`, inputs/ is the bundled Cụm thi đua số 5 instead; with
`--templates`, DIR/templates/ gets a copy of the Word templates for staff to edit (tongket then
uses it: pipeline.paths.templates_for). Nothing that exists is ever overwritten.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

from pipeline import resources
from pipeline.errors import InputError
from pipeline.office.atomic import write_text_atomic
from pipeline.paths import (
    BODY_FILE,
    DEFAULT_INPUTS,
    INDICATORS_FILE,
    META_FILE,
    RULES_FILE,
    SUBMISSIONS_DIR,
    TEMPLATES_DIR,
    UNITS_FILE,
)

GUIDE_FILE = "BAT-DAU.md"
_STARTER = Path(__file__).resolve().parent / "starter"  # the new body's files, as staff will read them


def init_body(folder: Path, year: int, sample: bool = False, templates: bool = False) -> list[Path]:
    """Write a new body's folder; returns the files written. Refuses, writing nothing, when any of
    them already exists (InputError naming them).

    In a body's folder that has its inputs already, `templates=True` adds only the templates.
    """
    plan: dict[Path, str | Path] = {}
    if not (templates and (folder / DEFAULT_INPUTS).is_dir() and not sample):
        plan.update(_sample_files(folder) if sample else _starter_files(folder, year))
        plan[folder / GUIDE_FILE] = _guide(year, sample)
    if templates:
        plan.update(_template_files(folder))
    taken = sorted(str(p) for p in plan if p.exists() or p.is_symlink())
    if taken:
        shown = "; ".join(taken[:5]) + (f" và {len(taken) - 5} tệp khác" if len(taken) > 5 else "")
        raise InputError(
            f"Thư mục {folder} đã có: {shown}. tongket init không ghi đè tệp nào: "
            "chọn một thư mục mới, hoặc xóa/đổi tên các tệp trên nếu chắc chắn không cần."
        )
    for path, content in plan.items():
        if isinstance(content, Path):
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(content, path)
        else:
            write_text_atomic(path, content)
    if not sample and folder / GUIDE_FILE in plan:
        (folder / DEFAULT_INPUTS / str(year) / SUBMISSIONS_DIR).mkdir(parents=True, exist_ok=True)
    return list(plan)


def _starter_files(folder: Path, year: int) -> Iterator[tuple[Path, str | Path]]:
    inputs = folder / DEFAULT_INPUTS
    yield inputs / UNITS_FILE, _starter(UNITS_FILE)
    yield inputs / INDICATORS_FILE, resources.sample() / INDICATORS_FILE  # the standard catalog
    yield inputs / BODY_FILE, _starter(BODY_FILE)
    yield inputs / RULES_FILE, _starter(RULES_FILE)
    meta = _starter(META_FILE).replace("{year}", str(year)).replace("{next_year}", str(year + 1))
    yield inputs / str(year) / META_FILE, meta


def _sample_files(folder: Path) -> Iterator[tuple[Path, Path]]:
    root = resources.sample()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != "__init__.py" and "__pycache__" not in path.parts:
            yield folder / DEFAULT_INPUTS / path.relative_to(root), path


def _template_files(folder: Path) -> Iterator[tuple[Path, Path]]:
    root = resources.templates()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield folder / TEMPLATES_DIR / path.relative_to(root), path


def _starter(name: str) -> str:
    return (_STARTER / name).read_text(encoding="utf-8")


def _guide(year: int, sample: bool) -> str:
    text = _starter(GUIDE_FILE).replace("{year}", str(year))
    if sample:
        text = text.replace("{sample_note}", _starter("sample-note.md"))
    else:
        text = text.replace("{sample_note}", "")
    return text
