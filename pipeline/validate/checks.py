"""Validate: which units' figures aggregation may use, and every finding a person must look at.

A file with a blocking finding (unreadable, unknown unit, two differing files, wrong year) makes
its unit "excluded"; a bad cell only drops that figure. Every active unit ends up "received",
"missing" or "excluded", with the reason in Vietnamese.

The checks, in the order they run: file-level (`files`), per figure (`figures`), per unit
(`unit_checks`), last year's figures (`year_on_year`), late arrivals and nominations (`files`).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipeline.formats.numbers import vn_number
from pipeline.inputs.catalog import Registry
from pipeline.memory import release_freed_memory
from pipeline.model.findings import Report
from pipeline.model.ingested import FIGURE_COLUMNS, IngestResult
from pipeline.model.summary import Indicator
from pipeline.validate.figures import FigureChecks, checked_figures, empty_cells, used_categories
from pipeline.validate.files import blocked_files, late_units, unit_status, usable_nominations
from pipeline.validate.incomplete import incomplete_notes
from pipeline.validate.result import ValidationResult
from pipeline.validate.unit_checks import cross_checks, missing_required
from pipeline.validate.year_on_year import year_on_year

__all__ = ["VALIDATION_CODES", "ValidationResult", "validate", "vn_number"]

# Codes this stage produces; a report read back from findings.json is stripped of them first,
# so that validating again does not repeat them.
VALIDATION_CODES = frozenset(
    {
        "so-am",
        "so-le",
        "trung-chi-tieu",
        "thieu-chi-tieu",
        "khong-khop-tong",
        "moi-lon-hon-tong",
        "bien-dong-lon",
        "thieu-bao-cao",
        "nop-muon",
    }
)


def validate(
    ingested: IngestResult,
    registry: Registry,
    catalog: dict[str, Indicator],
    year: int,
    previous: pd.DataFrame | None = None,
    jump_threshold_pct: float = 50.0,
    deadline: dt.date | None = None,
) -> ValidationResult:
    """Check the ingested figures of `year`; `previous` is last year's figures for the jump warning."""
    report = Report([f for f in ingested.report.findings if f.code not in VALIDATION_CODES])
    active = {u.code: u for u in registry.active(year)}
    status, notes, usable = unit_status(ingested, report, active, blocked_files(report), year)
    notes.update(incomplete_notes(report, status))
    received = sorted(u for u, s in status.items() if s == "received")
    unit_file = {unit: file for file, unit in sorted(ingested.files.items()) if file in usable}
    valid = _valid_figures(ingested.figures, usable, received, unit_file, catalog, report)
    if previous is not None and not previous.empty:
        year_on_year(valid, previous, registry, catalog, year, jump_threshold_pct, report)
    late = late_units(ingested, status, usable, deadline, report)
    nominations = usable_nominations(ingested, status, usable, received)
    release_freed_memory()  # the checks' arrays, gone with _valid_figures' frame
    return ValidationResult(
        valid,
        report,
        status,
        notes,
        late,
        dict(ingested.files),
        dict(ingested.received_at),
        nominations,
    )


def _valid_figures(
    figures: pd.DataFrame,
    usable: set[str],
    received: list[str],
    unit_file: dict[str, str],
    catalog: dict[str, Indicator],
    report: Report,
) -> pd.DataFrame:
    """The figures of usable files of received units that pass every check, by unit and indicator;
    a figure that fails one, or a required one that is missing, is reported."""
    figures = checked_figures(figures, usable, received, catalog)
    blank = figures["gia_tri"].isna()
    empty = empty_cells(figures[blank])
    figures = figures[~blank]
    checks = FigureChecks(figures, catalog, report)
    checks.signs_and_fractions()
    checks.repeated_indicators()
    cross_checks(checks)
    missing_required(checks, received, empty, unit_file)
    valid = figures[checks.kept].sort_values(["ma_don_vi", "ma_chi_tieu"]).reset_index(drop=True)
    return used_categories(valid[FIGURE_COLUMNS])
