"""The stage runner: each stage reads its predecessor's artifact under outputs/<Y>/ and writes its own.

Stages stay plain functions of data (ingest, validate, aggregate, render); this module only
wires them to files, so the CLI can run them together or one at a time.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from pipeline.aggregate import AggregateInputs, aggregate, read_targets
from pipeline.aggregate.scoring import load_rules
from pipeline.errors import InputError, Say, silent
from pipeline.ingest import ingest
from pipeline.ingest.cache import READING_CODE, code_digest
from pipeline.inputs.catalog import Registry, load_indicators, load_registry
from pipeline.inputs.meta import load_meta
from pipeline.memory import release_freed_memory
from pipeline.model.findings import Report
from pipeline.model.ingested import IngestResult, read_csv_frame, read_ingested, write_ingested
from pipeline.model.summary import Indicator, Summary
from pipeline.office.atomic import files_under, write_streamed
from pipeline.office.hashmemo import HashMemo
from pipeline.paths import (
    FINDINGS_FILE,
    INDICATORS_FILE,
    RULES_FILE,
    STATUS_FILE,
    SUMMARY_FILE,
    UNITS_FILE,
    VALID_FILE,
    Paths,
)
from pipeline.runs.guard import (
    DATA_STAGE,
    inputs_fingerprint,
    render_incrementally,
    run_once,
)
from pipeline.runs.hashes import CACHE_DIR, hash_memo
from pipeline.runs.kept import keep, read_kept
from pipeline.runs.runlog import progress
from pipeline.validate import ValidationResult, validate, write_validation


@dataclass
class Shared:
    """The inputs every stage needs: registry and catalog."""

    registry: Registry
    catalog: dict[str, Indicator]

    @classmethod
    def load(cls, paths: Paths) -> Shared:
        return cls(load_registry(paths.inputs / UNITS_FILE), load_indicators(paths.inputs / INDICATORS_FILE))

    @property
    def unit_codes(self) -> set[str]:
        return set(self.registry.by_code())


@dataclass
class RunResult:
    written: list[Path] = field(default_factory=list)
    needs_person: bool = False
    summary: Summary | None = None
    validation: ValidationResult | None = None


INGEST_CACHE = "doc-bao-cao-{year}.sqlite"  # pipeline.ingest.cache, one per year read
PREVIOUS_CACHE = "so-lieu-hop-le-{year}.csv"  # pipeline.runs.kept: last year's valid figures
_PREVIOUS_COLUMNS = ["ma_don_vi", "ma_chi_tieu", "gia_tri"]


def ingest_cache(paths: Paths, year: int) -> Path:
    """Where the run for `paths.year` keeps what it read of `year`'s submissions (it or the year before)."""
    return paths.out / CACHE_DIR / INGEST_CACHE.format(year=year)


def run_ingest(paths: Paths, shared: Shared, say: Say = silent, memo: HashMemo | None = None) -> IngestResult:
    say(f"Đọc báo cáo của các đơn vị trong {paths.submissions} ...")
    result = ingest(paths, shared.registry, shared.catalog, ingest_cache(paths, paths.year), memo)
    _use_declared_arrivals(result, load_meta(paths).received)
    write_ingested(result, paths.out)
    reused = f" ({result.reused} tệp không đổi từ lần đọc trước)" if result.reused else ""
    say(
        f"Đã đọc {len(result.files)} tệp{reused}, {int(result.figures['gia_tri'].notna().sum())} số liệu, "
        f"{len(result.nominations)} đề nghị khen thưởng."
    )
    return result


def previous_figures(paths: Paths, shared: Shared, memo: HashMemo | None = None) -> pd.DataFrame | None:
    """Last year's valid figures, for year-on-year comparison: as the last run kept them when what
    they are made from is unchanged (pipeline.runs.kept), else read from last year's submissions."""
    prev = Paths(paths.inputs, paths.outputs_root, paths.year - 1, paths.templates)
    if not prev.submissions.is_dir():
        return None
    memo = memo or HashMemo(None)
    kept = paths.out / CACHE_DIR / PREVIOUS_CACHE.format(year=prev.year)
    key = _previous_key(prev, memo)
    previous = read_kept(kept, key, {"ma_don_vi": "str", "ma_chi_tieu": "str", "gia_tri": "float64"})
    if previous is not None:
        return previous
    prev_ingested = ingest(prev, shared.registry, shared.catalog, ingest_cache(paths, prev.year), memo)
    valid = validate(prev_ingested, shared.registry, shared.catalog, prev.year).valid
    # Only what the comparison and the totals of last year use: unit, indicator, value.
    previous = valid[_PREVIOUS_COLUMNS].astype({"ma_don_vi": str, "ma_chi_tieu": str}).reset_index(drop=True)
    keep(kept, key, previous)
    return previous


def _previous_key(prev: Paths, memo: HashMemo) -> str:
    """What last year's valid figures depend on: the shared inputs (registry, catalog), every file
    of last year's folder, and the code that reads and checks them."""
    files = [(entry.name, Path(entry.path)) for entry in os.scandir(prev.inputs) if entry.is_file()]
    files += [(f"{prev.year}/{name}", Path(path)) for path, name in files_under(prev.year_inputs)]
    digest = hashlib.sha256(code_digest((*READING_CODE, "validate")).encode())
    for name, path in sorted(files):
        digest.update(f"{name}\0{memo.sha256(path)}\n".encode())
    return digest.hexdigest()


def run_validate(
    paths: Paths,
    shared: Shared,
    ingested: IngestResult | None = None,
    previous: pd.DataFrame | None = None,
    say: Say = silent,
) -> ValidationResult:
    ingested = ingested if ingested is not None else read_ingested(paths.out)
    meta = load_meta(paths)
    result = validate(
        ingested, shared.registry, shared.catalog, paths.year, previous=previous, deadline=meta.deadline
    )
    written = write_validation(result, paths.out, paths.year, shared.registry)
    status = {"status": result.status, "notes": result.notes, "files": ingested.files, "late": result.late}
    write_streamed(  # written as it is encoded: 9 MB for a national body, never one string
        paths.out / STATUS_FILE,
        lambda out: json.dump(status, out, ensure_ascii=False, indent=2, sort_keys=True),
    )
    release_freed_memory()
    counts = result.report.counts()
    say(
        f"Kiểm tra số liệu: {counts['error']} lỗi, {counts['warning']} cảnh báo "
        f"(báo cáo: {written[-1] if written else paths.out})."
    )
    return result


def _use_declared_arrivals(ingested: IngestResult, received: dict[str, date]) -> None:
    """meta.toml's [submissions.received] dates win over file times.

    Copying a file, or cloning the repository, gives it a new modification time; the date the
    office wrote down is the one a lateness penalty may rest on.
    """
    for file, unit in ingested.files.items():
        if unit in received:
            ingested.received_at[file] = datetime.combine(received[unit], time(12)).isoformat()


def run_aggregate(
    paths: Paths,
    shared: Shared,
    validation: ValidationResult | None = None,
    ingested: IngestResult | None = None,
    previous: pd.DataFrame | None = None,
    say: Say = silent,
) -> Summary:
    if validation is None:
        validation = _read_validation(paths)
    if ingested is None:
        ingested = read_ingested(paths.out)
    unit_files = {unit: name for name, unit in ingested.files.items() if unit}
    invalid_units = {f.unit for f in validation.report.errors if f.unit and f.code != "thieu-bao-cao"}
    inputs = AggregateInputs(
        year=paths.year,
        valid=validation.valid,
        status=validation.status,
        notes=validation.notes,
        previous=previous,
        targets=read_targets(paths, paths.year, list(shared.catalog), shared.unit_codes),
        next_targets=read_targets(paths, paths.year + 1, list(shared.catalog), shared.unit_codes),
        nominations=_nominations_of_received_units(ingested.nominations, validation.status),
        invalid_units=invalid_units,
        late=set(validation.late),
        findings_count=validation.report.counts(),
        meta=load_meta(paths, unit_codes=shared.unit_codes),
        rules=load_rules(paths.first_existing(RULES_FILE)),
        registry=shared.registry,
        catalog=shared.catalog,
        unit_files=unit_files,
    )
    summary = aggregate(inputs)
    write_streamed(paths.out / SUMMARY_FILE, summary.dump)  # placed: see pipeline.runs.guard
    received = f"{len(summary.received_units())}/{len(summary.unit_list)}"
    say(f"Tổng hợp {received} đơn vị: {paths.out / SUMMARY_FILE}")
    return summary


def _nominations_of_received_units(nominations: pd.DataFrame, status: dict[str, str]) -> list[dict[str, str]]:
    """A unit whose submission cannot be used proposes no one; unknown forms are rejected with a reason."""
    rows = nominations[nominations["ma_don_vi"].map(status).eq("received")].fillna("").astype(str)
    return [{str(k): str(v) for k, v in row.items()} for row in rows.to_dict("records")]


def _read_validation(paths: Paths, figures: bool = True) -> ValidationResult:
    if not (paths.out / STATUS_FILE).exists():
        raise InputError(
            f"Chưa có kết quả kiểm tra trong {paths.out}. Chạy «tongket validate --year {paths.year}» trước."
        )
    status = json.loads((paths.out / STATUS_FILE).read_text(encoding="utf-8"))
    valid = read_csv_frame(
        paths.out / VALID_FILE,
        nrows=None if figures else 0,
        dtype={"ma_don_vi": str, "ma_chi_tieu": str},
        keep_default_na=False,
        na_values={"gia_tri": [""]},
    )
    return ValidationResult(
        valid=valid,
        report=Report.read(paths.out / FINDINGS_FILE),
        status=status["status"],
        notes=status["notes"],
        late=status.get("late", {}),
    )


def run_render(paths: Paths, summary: Summary | None = None, say: Say = silent) -> list[Path]:
    if summary is None and not (paths.out / SUMMARY_FILE).exists():
        raise InputError(
            f"Chưa có {paths.out / SUMMARY_FILE}. Chạy «tongket aggregate --year {paths.year}» "
            f"(hoặc «tongket run --year {paths.year}») trước."
        )
    say("Soạn các văn bản ...")

    def render() -> list[Path]:  # reads summary.json only when rendering: reading it is slow
        # heavy (docxtpl, matplotlib, ~3 s on a busy machine): imported only when there is rendering to do
        from pipeline.render import render_all

        return render_all(
            summary or Summary.read(paths.out / SUMMARY_FILE), paths.templates, paths.out, progress
        )

    # Skipped when summary.json (which `summary`, if given, was just written as) and the templates
    # are what the drafts on disk were made from.
    return render_incrementally(paths.out / SUMMARY_FILE, paths.templates, render, say)


def _run_data(paths: Paths, shared: Shared, say: Say, memo: HashMemo) -> RunResult:
    ingested = run_ingest(paths, shared, say, memo)
    previous = previous_figures(paths, shared, memo)
    validation = run_validate(paths, shared, ingested, previous, say)
    # Validated: aggregate needs only the files and the nominations, not every figure read again.
    ingested = dataclasses.replace(ingested, figures=ingested.figures.iloc[:0])
    result = RunResult(needs_person=validation.report.needs_person, validation=validation)
    result.written.append(paths.out / SUMMARY_FILE)
    result.summary = run_aggregate(paths, shared, validation, ingested, previous, say)
    # The figures are in the summary now; what the run still reports on is each unit's status and
    # the findings. Letting the rows go keeps a national run's rendering within its memory.
    result.validation = dataclasses.replace(validation, valid=validation.valid.iloc[:0])
    return result


def _reuse_data(paths: Paths, say: Say) -> RunResult:
    say("Dữ liệu đầu vào không đổi từ lần chạy trước: dùng lại kết quả đọc, kiểm tra và tổng hợp.")
    validation = _read_validation(paths, figures=False)  # the statuses and findings, for the tally
    return RunResult([paths.out / SUMMARY_FILE], validation.report.needs_person, None, validation)


def run_all(paths: Paths, strict: bool = False, say: Say = silent) -> RunResult:
    paths.out.mkdir(parents=True, exist_ok=True)
    # Unchanged inputs: the artifacts on disk are what these stages would write again (pipeline.runs.guard).
    with hash_memo(paths.out) as memo:  # the guarded run's, if any
        result = run_once(
            DATA_STAGE,
            inputs_fingerprint(paths, memo.sha256),
            # The registry and catalog are loaded only when the data is made again (seconds for a
            # national registry); unchanged, they were loaded and checked by the run that made it.
            lambda: _run_data(paths, Shared.load(paths), say, memo),
            lambda: _reuse_data(paths, say),
        )
    if strict and result.needs_person:
        say("Có lỗi cần xử lý và đang dùng --strict: không soạn văn bản.")
        return result
    result.written.extend(run_render(paths, result.summary, say))
    result.summary = None  # on disk and in the drafts now: the change list that follows reads the files
    return result
