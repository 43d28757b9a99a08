"""Running a stage safely, as a nightly scheduler does: one run at a time, every output placed,
a log, a change list, and one summary line.

`guarded` wraps any stage function of pipeline.run: it takes the folder's lock, tidies what a
killed run left, opens the run log, and routes every `write_atomic` under outputs/<Y>/ through
a `Placer` (manifest, edited drafts kept, reproducible Office files). After the stage it writes
the change list when figures changed since the last run, and ends with the summary line.
`render_incrementally` skips rendering when nothing it depends on changed.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from pipeline import __version__
from pipeline.catalog import InputError
from pipeline.changes import change_list_name, find_changes, render_html
from pipeline.locking import run_lock
from pipeline.manifest import Manifest, fingerprint, now_iso
from pipeline.outputs import pause_point, remove_stale_temp_files, replace_atomic, routed, sha256_file
from pipeline.placement import PROTECTED_SUFFIXES, Outcome, Placed, Placer
from pipeline.runlog import RunLog, Tally
from pipeline.settings import SUMMARY_FILE, Paths

Say = Callable[[str], None]
T = TypeVar("T")
RENDER_STAGE = "render"
BASELINE_FILE = ".tongket/summary-lan-chay-truoc.json"  # the summary of the last run that finished
DATA_STAGE = "data"  # ingest, validate and aggregate: skipped together when the inputs did not change
_ACTIVE: ContextVar[Placer | None] = ContextVar("tongket_active_placer", default=None)


@dataclass
class Guarded:
    """What a guarded run did, for the CLI: the stage's own result, the placements and the tally."""

    result: Any
    placed: list[Placed] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    log: Path | None = None
    change_list: Path | None = None

    def drafts(self) -> list[Path]:
        """Where the summary and the documents are now (a new draft beside an edited one, if any)."""
        wanted = [
            p for p in self.placed if p.name == SUMMARY_FILE or Path(p.name).suffix in PROTECTED_SUFFIXES
        ]
        return list(dict.fromkeys(p.path for p in wanted))


def guarded(
    paths: Paths,
    stage: Callable[[Say], T],
    say: Say,
    command: str = "run",
    force: bool = False,
    wait: bool = False,
    wait_timeout: float | None = None,
) -> Guarded:
    """Run `stage(say)` under the folder's lock with every output placed; raises RunLocked when busy."""
    out = paths.out
    with run_lock(out, wait=wait, timeout=wait_timeout):
        # A killed run's leftovers: never under a final name; the journal names every file they were for.
        remove_stale_temp_files(out, targets=set(Manifest.read(out).files))
        # The change list compares with the summary the drafts were last made from: a killed run, or
        # `aggregate` alone, may have left a newer summary.json whose changes no one has seen yet.
        previous = _read_json(out / BASELINE_FILE) or _read_json(out / SUMMARY_FILE)
        with RunLog(out, echo=say, command=command) as log:
            placer = Placer(out, force=force, when=_document_date(paths))
            token = _ACTIVE.set(placer)
            try:
                with routed(placer.route):
                    result = stage(log.say)
                    rendered = _drafts_made_from_summary(placer, paths)
                    new = _read_json(out / SUMMARY_FILE) if rendered else None
                    change_list = _write_change_list(placer, previous, new, log.say)
            finally:
                _ACTIVE.reset(token)
                placer.finish()
            if rendered:
                _keep_baseline(out)
            _report_kept(placer, log.say)
            tally = _tally(result, placer)
            log.close(tally.line())
    return Guarded(result, placer.placed, tally, log.path, change_list)


def run_once(stage: str, made_from: str, compute: Callable[[], T], reuse: Callable[[], T]) -> T:
    """`compute` the stage, unless it last completed from `made_from` and its files are intact:
    then `reuse` them. Outside a guarded run, always compute."""
    placer = _ACTIVE.get()
    if placer is None:
        return compute()
    if placer.stage_current(stage, made_from):
        return reuse()
    with placer.stage(stage, made_from):
        pause_point(stage)
        return compute()


def render_incrementally(
    summary_file: Path, templates: Path, render: Callable[[], list[Path]], say: Say
) -> list[Path]:
    """Call `render` unless the drafts on disk were made from this summary.json, these templates and
    this version, and are intact."""

    def unchanged() -> list[Path]:
        say("Số liệu, mẫu và phiên bản không đổi từ lần chạy trước: không cần soạn lại văn bản.")
        return []

    return run_once(RENDER_STAGE, render_fingerprint(summary_file, templates), render, unchanged)


def inputs_fingerprint(paths: Paths) -> str:
    """What ingest, validate and aggregate read: the shared input files, the folders of the year,
    the year before (comparison) and the year after (targets), the templates and the version.

    Submissions count with their modification time too: ingest takes it as the time they arrived.
    """
    years = {str(paths.year + d) for d in (-1, 0, 1)}
    files: dict[str, object] = {}
    top = sorted(paths.inputs.iterdir()) if paths.inputs.is_dir() else []
    for entry in top:
        found = [entry] if entry.is_file() else sorted(entry.rglob("*")) if entry.name in years else []
        for path in (p for p in found if p.is_file()):
            name = path.relative_to(paths.inputs).as_posix()
            arrived = path.stat().st_mtime_ns if path.is_relative_to(paths.submissions) else None
            files[name] = (sha256_file(path), arrived)
    return fingerprint(files, _template_hashes(paths.templates), __version__)


def render_fingerprint(summary_file: Path, templates: Path) -> str:
    """What every draft is made from: summary.json, each template file, tongket's version (hashes:
    reading the summary back into the model would take seconds for a large province)."""
    return fingerprint(sha256_file(summary_file), _template_hashes(templates), __version__)


def _template_hashes(templates: Path) -> dict[str, str | None]:
    return {
        p.relative_to(templates).as_posix(): sha256_file(p)
        for p in sorted(templates.rglob("*"))
        if p.is_file() and not p.name.startswith(("~$", "."))  # Word's lock files are not templates
    }


def _document_date(paths: Paths) -> str:
    """The date Office files carry as created/modified: the conference date from the inputs."""
    from pipeline.meta import load_meta

    try:
        return load_meta(paths).event.date
    except (InputError, OSError, ValueError):
        return f"{paths.year}-12-31"  # still from the inputs (the year), never from the clock


def _drafts_made_from_summary(placer: Placer, paths: Paths) -> bool:
    """Did the drafts get made (or stay current) from the summary now on disk, in this run?"""
    done = placer.manifest.stages.get(RENDER_STAGE)
    return done is not None and done.fingerprint == render_fingerprint(
        paths.out / SUMMARY_FILE, paths.templates
    )


def _keep_baseline(out: Path) -> None:
    """Remember the summary of this finished run (tongket's own state: not placed, not in the manifest)."""
    try:
        current = (out / SUMMARY_FILE).read_bytes()
    except OSError:
        return
    baseline = out / BASELINE_FILE
    if not baseline.is_file() or baseline.read_bytes() != current:  # unchanged: write nothing
        replace_atomic(baseline, current)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_change_list(
    placer: Placer, old: dict[str, Any] | None, new: dict[str, Any] | None, say: Say
) -> Path | None:
    if old is None or new is None:
        return None  # the first run, or a stage that made no summary: nothing to compare
    changes = find_changes(old, new)
    if not changes:
        return None
    changed = [p for p in placer.placed if p.wrote and p.path.suffix.lower() in _DOCUMENT_SUFFIXES]
    texts = {p.name: document_text(p.path) for p in changed}
    for change in changes:
        needles = _needles(change.path, change.new, change.unit)
        change.documents = sorted(name for name, text in texts.items() if any(n in text for n in needles))
    kept = [(p.name, p.beside.name) for p in placer.placed if p.outcome == Outcome.KEPT and p.beside]
    now = now_iso()
    baseline = placer.folder / BASELINE_FILE  # written when the drafts were last made
    since = _file_time(baseline) if baseline.is_file() else placer.manifest.run_time
    page = render_html(changes, int(new.get("year", 0)), since=since, now=now, kept=kept)
    placed = placer.place(change_list_name(now), page.encode("utf-8"))
    say(f"{len(changes)} số liệu thay đổi so với lần soạn văn bản trước; danh sách: {placed.path}")
    return placed.path


def _file_time(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")


_DOCUMENT_SUFFIXES = frozenset({".docx", ".xlsx", ".md", ".html"})


def _needles(path: tuple[str, ...], new: str, unit: str) -> list[str]:
    """What a document shows when it carries a change: the new value as written, or the name."""
    if path[0] in ("units", "totals") and new != "—":
        return [new, new.replace(".", "")]  # formatted in DOCX text, a plain number in XLSX cells
    return [unit]


def document_text(path: Path) -> str:
    """The visible text of a draft, enough to search for a number or a name."""
    try:
        if path.suffix.lower() in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                parts = [
                    n for n in archive.namelist() if n.endswith(".xml") and not n.startswith("docProps/")
                ]
                xml = " ".join(archive.read(n).decode("utf-8", "replace") for n in parts)
            # Word splits text into runs; joining runs of a paragraph keeps "339.739" whole.
            return re.sub(r"<[^>]+>", "", re.sub(r"</w:p>|</c>|</si>", " ", xml))
        return path.read_text(encoding="utf-8", errors="replace")
    except (OSError, zipfile.BadZipFile):
        return ""


def _report_kept(placer: Placer, say: Say) -> None:
    for placed in placer.placed:
        if placed.outcome == Outcome.KEPT and placed.wrote and placed.beside is not None:
            why = f" ({placed.note})" if placed.note else " (đã được sửa)"
            say(f"Giữ nguyên {placed.name}{why}; bản mới: {placed.beside.name}")
        elif placed.outcome == Outcome.REPLACED and placed.backup is not None:
            say(f"--force: đã chuyển bản đã sửa của {placed.name} vào {placed.backup}")


def _tally(result: Any, placer: Placer) -> Tally:
    counts = placer.counts(documents_only=True)
    tally = Tally(
        written=counts["written"], kept=counts["kept"], unchanged=counts["unchanged"], beside=counts["beside"]
    )
    validation = getattr(result, "validation", result)  # run_all's RunResult, or validate's own result
    if hasattr(validation, "status") and hasattr(validation, "report"):
        status = list(validation.status.values())
        tally.received, tally.missing = status.count("received"), status.count("missing")
        tally.invalid = len(
            {f.unit for f in validation.report.errors if f.unit and f.code != "thieu-bao-cao"}
        )
    return tally
