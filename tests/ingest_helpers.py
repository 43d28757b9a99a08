"""For the ingest and validate tests: the fixture registry and catalog, and running scenario folders."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.ingest import ingest
from pipeline.inputs.catalog import Registry, load_indicators, load_registry
from pipeline.model.ingested import IngestResult
from pipeline.paths import Paths
from pipeline.validate.checks import ValidationResult, validate

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
YEAR = 2024
REGISTRY = load_registry(FIXTURES / "units.csv")
CATALOG = load_indicators(FIXTURES / "indicators.csv")
SCENARIOS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith("_"))
GOOD_GD = {
    "cdcs": 180,
    "cdcs_sxkd": 0,
    "cdcs_hcsn": 180,
    "doan_vien": 9800,
    "cdcs_moi": 2,
    "doan_vien_moi": 420,
    "tien_qua": 1_200_000_000,
    "sang_kien": 65,
    "bang_khen_tld": 3,
}
BASE = {
    "cdcs": 40,
    "cdcs_sxkd": 12,
    "cdcs_hcsn": 28,
    "doan_vien": 2150,
    "cdcs_moi": 3,
    "doan_vien_moi": 180,
    "tien_qua": 350_000_000,
    "sang_kien": 9,
    "bang_khen_tld": 1,
}
DEADLINE = dt.datetime(2024, 12, 15, 17, 0)
ON_TIME = dt.datetime(2024, 12, 1, 9, 30).timestamp()
LATE = dt.datetime(2024, 12, 20, 8, 0).timestamp()
LATE_FILES = {"DCD.xlsx"}  # the nop-muon scenario's file arrives after the deadline


@dataclass
class Run:
    ingested: IngestResult
    validated: ValidationResult
    inputs: Path


def registry_of(codes: set[str]) -> Registry:
    """The fixture registry cut down to `codes`, the good unit GD and the units they continue."""
    keep = set(codes) | {"GD"}
    keep |= {p for u in REGISTRY.units if u.code in keep for p in u.predecessors}
    return Registry([u for u in REGISTRY.units if u.code in keep])


def copy_submissions(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for file in sorted(source.iterdir()) if source.is_dir() else []:
        shutil.copy(file, target / file.name)
        stamp = LATE if file.name in LATE_FILES else ON_TIME
        os.utime(target / file.name, (stamp, stamp))


def run_folders(names: list[str], tmp: Path, registry: Registry, nested: bool = False) -> Run:
    """Ingest and validate the scenarios `names` (plus the good unit) as one year's submissions."""
    inputs = tmp / "inputs"
    submissions = inputs / str(YEAR) / "submissions"
    copy_submissions(FIXTURES / "_good" / "submissions", submissions / ("_good" if nested else ""))
    previous = []
    for name in names:
        folder = FIXTURES / name
        copy_submissions(folder / "submissions", submissions / (name if nested else ""))
        if (folder / "nominations.csv").exists():
            shutil.copy(folder / "nominations.csv", inputs / str(YEAR) / "nominations.csv")
        if (folder / "previous.csv").exists():
            previous.append(pd.read_csv(folder / "previous.csv"))
    ingested = ingest(Paths(inputs, tmp / "outputs", YEAR), registry, CATALOG)
    last_year = pd.concat(previous) if previous else None
    validated = validate(ingested, registry, CATALOG, YEAR, previous=last_year, deadline=DEADLINE)
    return Run(ingested, validated, inputs)


def finding_tuples(run: Run, skip: tuple[str, ...] = ()) -> list[tuple[str | None, ...]]:
    """Every finding as (code, unit, cell, indicator), sorted: what the scenario tests assert exactly."""
    found = [
        (f.code, f.unit, f.cell, f.indicator) for f in run.validated.report.findings if f.code not in skip
    ]
    return sorted(found, key=lambda t: tuple(x or "" for x in t))


def unit_figures(validated: ValidationResult, unit: str) -> dict[str, float]:
    rows = validated.valid[validated.valid["ma_don_vi"] == unit]
    return dict(zip(rows["ma_chi_tieu"], rows["gia_tri"], strict=True))
