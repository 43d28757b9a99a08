"""What validation decides, for aggregation and for the report: the one type both read."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline.model.findings import Report


@dataclass
class ValidationResult:
    # The figures aggregation may use, by unit and indicator: the columns and dtypes of
    # IngestResult.figures (gia_tri float64, the others categoricals with sorted categories, only
    # those used; sheet missing for CSV lines).
    valid: pd.DataFrame
    report: Report  # ingest findings + validation findings
    status: dict[str, str]  # every active unit -> "received" | "missing" | "excluded"
    notes: dict[str, str]  # unit -> why it is missing, excluded or received incomplete, in Vietnamese
    late: dict[str, str] = field(default_factory=dict)  # unit -> when its file arrived, if after the deadline
    files: dict[str, str] = field(default_factory=dict)  # submission file -> unit (from ingest)
    received_at: dict[str, str] = field(default_factory=dict)  # submission file -> ISO time
    nominations: pd.DataFrame | None = None  # nominations of received units with a known form
