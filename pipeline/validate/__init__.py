"""Validate: which units' figures aggregation may use, and every finding a person must look at.

`checks` decides (a `ValidationResult`, in `result`), running the file-level, per-figure,
per-unit and year-on-year checks of `files`, `figures`, `unit_checks` and `year_on_year`;
`report` writes the result for people and machines. The report imports the result, never the
checks.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.inputs.catalog import Registry
from pipeline.memory import release_freed_memory
from pipeline.model.ingested import write_csv
from pipeline.office.atomic import write_text_atomic
from pipeline.paths import DEFAULT_TEMPLATES, FINDINGS_FILE, VALID_FILE
from pipeline.validate.checks import validate
from pipeline.validate.report import write_report
from pipeline.validate.result import ValidationResult

__all__ = ["ValidationResult", "validate", "write_validation"]


def write_validation(
    result: ValidationResult,
    out_dir: Path,
    year: int,
    registry: Registry,
    templates: Path = DEFAULT_TEMPLATES,
) -> list[Path]:
    """valid.csv, findings.json and the report (validation.json, .xlsx, .html, the last one last)."""
    valid_path, findings_path = out_dir / VALID_FILE, out_dir / FINDINGS_FILE
    write_csv(valid_path, result.valid)
    write_text_atomic(findings_path, result.report.to_json())
    written = [valid_path, findings_path, *write_report(result, out_dir, year, registry, templates)]
    release_freed_memory()
    return written
