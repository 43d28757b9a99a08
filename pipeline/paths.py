"""Default paths and file names: the input layout contract in one place (see docs/contract.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline import resources

# The checkout, for developer tools and tests; the product reads its data through pipeline.resources.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Relative to the folder tongket runs in: a body's folder made by `tongket init` holds inputs/ and
# gets outputs/ beside it.
DEFAULT_INPUTS = Path("inputs")
DEFAULT_OUTPUTS = Path("outputs")
DEFAULT_TEMPLATES = resources.templates()  # the templates tongket ships
TEMPLATES_DIR = "templates"


def templates_for(inputs: Path, explicit: Path | None = None) -> Path:
    """Where the templates are: --templates when given, else the body's own templates/ beside its
    inputs folder (what `tongket init --templates` makes, for staff to edit), else tongket's."""
    if explicit is not None:
        return explicit
    own = inputs.absolute().parent / TEMPLATES_DIR
    return own if own.is_dir() else DEFAULT_TEMPLATES


UNITS_FILE = "units.csv"
INDICATORS_FILE = "indicators.csv"
BODY_FILE = "body.toml"
RULES_FILE = "rules.toml"
SUBMISSIONS_DIR = "submissions"
TARGETS_FILE = "targets.csv"
NOMINATIONS_FILE = "nominations.csv"
META_FILE = "meta.toml"

# Intermediate artifacts, written under outputs/<Y>/ by the stage named in the comment.
INGESTED_FILE = "ingested.csv"  # ingest: every figure read, long format, with provenance
NOMINATIONS_OUT = "nominations.csv"  # ingest: every nomination read, with provenance
FINDINGS_FILE = "findings.json"  # validate: every finding
VALID_FILE = "valid.csv"  # validate: the figures that aggregation may use
STATUS_FILE = "status.json"  # validate: each unit's status and notes, for aggregate when run alone
SUMMARY_FILE = "summary.json"  # aggregate: the summary model


@dataclass(frozen=True)
class Paths:
    """Where one run reads and writes, for one year."""

    inputs: Path
    outputs_root: Path
    year: int
    templates: Path = DEFAULT_TEMPLATES

    @property
    def out(self) -> Path:
        return self.outputs_root / str(self.year)

    @property
    def year_inputs(self) -> Path:
        return self.inputs / str(self.year)

    def year_inputs_for(self, year: int) -> Path:
        return self.inputs / str(year)

    @property
    def submissions(self) -> Path:
        return self.year_inputs / SUBMISSIONS_DIR

    def first_existing(self, name: str) -> Path:
        """A per-year file overrides the shared one of the same name (rules, body)."""
        per_year = self.year_inputs / name
        return per_year if per_year.exists() else self.inputs / name
