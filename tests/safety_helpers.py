"""Shared by the tests/test_safety_* end-to-end tests: real `tongket` processes on a copy of the sample."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl

from pipeline.model.summary import Summary
from pipeline.office.atomic import write_atomic, write_text_atomic
from pipeline.paths import SUMMARY_FILE, Paths
from pipeline.runs.guard import render_incrementally
from pipeline.runs.manifest import JOURNAL_FILE, MANIFEST_FILE, Manifest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_INPUTS = ROOT / "inputs"
YEAR = "2024"
REPORT = "bao-cao-tong-ket-2024.docx"
# Carry the run's time or exist only while a run holds the folder: never compared byte for byte.
VOLATILE = {MANIFEST_FILE, JOURNAL_FILE, ".tongket.lock", ".tongket.lock.json"}


def copy_inputs(tmp_path: Path) -> Path:
    """The bundled sample copied, so a test may change a submission (the repo's inputs stay as they are)."""
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLE_INPUTS, inputs)
    return inputs


def tongket_args(inputs: Path, outputs: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", "--year", YEAR, "--inputs", str(inputs),
            "--outputs", str(outputs), *extra]  # fmt: skip


def tongket(
    inputs: Path, outputs: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        tongket_args(inputs, outputs, *extra), cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


def change_figure(
    inputs: Path, unit: str = "BK", code: str = "doan_vien", delta: int = 1000, name: str | None = None
) -> tuple[int, int]:
    """Change one figure in a unit's CSV submission (`name`, else <unit>_<year>.csv); returns (old, new)."""
    path = inputs / YEAR / "submissions" / (name or f"{unit}_{YEAR}.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        fields = line.split(",")
        if fields[:2] == [unit, code]:
            old = int(fields[2])
            fields[2] = str(old + delta)
            lines[i] = ",".join(fields)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return old, old + delta
    raise AssertionError(f"{unit},{code} not in {path}")


def final_files(year_dir: Path) -> dict[str, Path]:
    """Every output under its final name, relative to outputs/<Y>/: not the logs, the manifest, or
    the hidden files (temporary files, the lock, tongket's own state in .tongket/)."""
    found = {}
    for path in sorted(year_dir.rglob("*")):
        parts = path.relative_to(year_dir).parts
        hidden = any(part.startswith(".") for part in parts)
        if path.is_file() and parts[0] != "logs" and path.name not in VOLATILE and not hidden:
            found["/".join(parts)] = path
    return found


def opens(path: Path) -> None:
    """Open the file the way its reader does; raises if it is incomplete or corrupt."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        docx.Document(str(path))
    elif suffix == ".xlsx":
        openpyxl.load_workbook(path).close()
    elif suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
    else:
        path.read_text(encoding="utf-8")


def assert_consistent(year_dir: Path, edited: frozenset[str] = frozenset()) -> None:
    """Every file under its final name opens and is one tongket wrote (the manifest knows its hash),
    apart from the `edited` ones a person changed."""
    manifest = Manifest.read(year_dir)
    for name, path in final_files(year_dir).items():
        opens(path)
        assert manifest.state(year_dir, name) == ("edited" if name in edited else "ours"), name
    temps = [p for p in year_dir.rglob("*.tmp")]
    assert all(p.name.startswith(".") for p in temps), temps  # a temporary file never has a final name


def fake_stage(
    paths: Paths, summary: Summary, report: Callable[[Summary], bytes], doc: str = REPORT
) -> Callable[[Callable[[str], None]], Summary]:
    """A stage as pipeline.runner writes them, unaware of placement: summary.json, then one draft
    (`report` of the summary) rendered incrementally, for pipeline.runs.guard.guarded to wrap."""

    def draft() -> list[Path]:
        write_atomic(paths.out / doc, report(summary))
        return [paths.out / doc]

    def run(say: Callable[[str], None]) -> Summary:
        write_text_atomic(paths.out / SUMMARY_FILE, summary.to_json())
        render_incrementally(paths.out / SUMMARY_FILE, paths.templates, draft, say)
        return summary

    return run
