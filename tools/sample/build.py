"""Check every table of the sample, then write the inputs folder (inputs/ unless told otherwise)."""

from __future__ import annotations

from pathlib import Path

from pipeline.paths import PROJECT_ROOT
from tools.sample import figures, merger, meta, nominations, rules, targets
from tools.sample.files import write_text
from tools.sample.registry import load_catalog, submitted_codes, units_csv
from tools.sample.submissions import write_year_submissions

INPUTS = PROJECT_ROOT / "inputs"
SUBMISSIONS = {
    2023: (figures.FIGURES_2023_UNITS, figures.FIGURES_2023, ()),
    2024: (figures.FIGURES_2024_UNITS, figures.FIGURES_2024, nominations.NOMINATIONS_2024),
    2025: (merger.FIGURES_2025_UNITS, merger.FIGURES_2025, nominations.NOMINATIONS_2025),
}
MEMBERS = {
    2023: merger.UNITS_BEFORE_MERGER,
    2024: merger.UNITS_BEFORE_MERGER,
    2025: merger.UNITS_AFTER_MERGER,
}


def check() -> dict[int, str]:
    """Every check of the literal tables, before anything is written; each year's meta.toml text."""
    codes = submitted_codes(load_catalog())
    rules.check_rules(targets.TARGET_CODES)
    for year, (units, table, _) in SUBMISSIONS.items():
        figures.check_figures(year, units, table, codes)
    figures.check_2024_totals()
    figures.check_2023_trend()
    merger.check_merger_trend()
    nominations.check_nominations(MEMBERS)
    texts = {year: meta.meta_toml(year) for year in meta.META}
    for year, text in texts.items():
        meta.check_meta(text, year, MEMBERS[year])
    return texts


def build(inputs: Path = INPUTS) -> list[Path]:
    """Write the sample into `inputs`; the paths written. The catalog is read from the bundled inputs/."""
    metas = check()
    catalog = load_catalog()
    written: list[Path] = []
    write_text(inputs / "units.csv", units_csv(), written)
    write_text(inputs / "body.toml", rules.BODY_TOML, written)
    write_text(inputs / "rules.toml", rules.RULES_TOML, written)
    for year, text in metas.items():
        write_text(inputs / str(year) / "meta.toml", text, written)
    for year, (units, table, nominated) in SUBMISSIONS.items():
        write_year_submissions(inputs, year, units, table, catalog, nominated, written)
    for year, (units, table) in targets.TARGETS.items():
        write_text(inputs / str(year) / "targets.csv", targets.targets_csv(units, table), written)
    return written
