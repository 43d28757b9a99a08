"""Running a stage safely, as a nightly scheduler does: one run at a time, every output placed,
a log, a change list, and one summary line.

`guarded` wraps any stage function of pipeline.runner: it takes the folder's lock, tidies what a
killed run left, opens the run log, and routes every `write_atomic` under outputs/<Y>/ through
a `Placer` (manifest, edited drafts kept, reproducible Office files). After the stage it writes
the change list when figures changed since the last run, and ends with the summary line.
`render_incrementally` skips rendering when nothing it depends on changed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from typing import Any, TextIO, TypeVar

from pipeline import __version__
from pipeline.errors import InputError
from pipeline.inputs.meta import load_meta
from pipeline.office.atomic import (
    TEMP_SUFFIX,
    files_under,
    pause_point,
    remove_stale_temp_files,
    routed,
    write_streamed,
)
from pipeline.paths import SUMMARY_FILE, Paths
from pipeline.runs.changes import (
    SEARCHED_CHANGES_MAX,
    Comparison,
    change_list_name,
    compare_files,
    find_in_documents,
    write_html,
)
from pipeline.runs.hashes import file_sha, hash_memo
from pipeline.runs.living import DocumentUpdate, describe_from, update_edited_drafts, updates_html
from pipeline.runs.living_text import update_text_drafts
from pipeline.runs.lock import run_lock
from pipeline.runs.manifest import Manifest, fingerprint, now_iso
from pipeline.runs.placement import PROTECTED_SUFFIXES, Outcome, Placed, Placer
from pipeline.runs.runlog import RunLog, Tally

Say = Callable[[str], None]
HashFile = Callable[[str, os.stat_result | None], str | None]  # a path and its stat, if taken, to its sha256
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
    when: str | None = None,
) -> Guarded:
    """Run `stage(say)` under the folder's lock with every output placed; raises RunLocked when busy.

    `when`: the date Office files carry (default: the conference date in the inputs' meta.toml)."""
    out = paths.out
    with run_lock(out, wait=wait, timeout=wait_timeout), hash_memo(out):
        # A killed run's leftovers: never under a final name; the journal names every file they were for.
        remove_stale_temp_files(out, targets={*Manifest.read(out).files, BASELINE_FILE})
        # The change list compares with the summary the drafts were last made from: a killed run, or
        # `aggregate` alone, may have left a newer summary.json whose changes no one has seen yet.
        baseline = _baseline(out)
        with RunLog(out, echo=say, command=command) as log:
            placer = Placer(out, force=force, when=when or _document_date(paths))
            token = _ACTIVE.set(placer)
            try:
                with routed(placer.route, placer.retire):
                    result = stage(log.say)
                    rendered = _drafts_made_from_summary(placer, paths)
                    comparison = _compare(placer, baseline, log.say) if rendered else None
                    updates = _update_drafts(placer, comparison, log.say)
                    change_list = _write_change_list(placer, comparison, baseline, log.say, updates)
            finally:
                _ACTIVE.reset(token)
                placer.finish()
            if rendered:
                _keep_baseline(out)
            _report_kept(placer, log.say)
            tally = _tally(result, placer)
            tally.units = command not in _NO_SUBMISSIONS
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


def inputs_fingerprint(paths: Paths, hash_file: HashFile = file_sha) -> str:
    """What ingest, validate and aggregate read: the shared input files, the folders of the year,
    the year before (comparison) and the year after (targets), the templates and the version.

    Submissions count with their modification time too: ingest takes it as the time they arrived.
    `hash_file` may remember hashes (pipeline.office.hashmemo): a national year is 2 GB to hash.
    """
    years = {str(paths.year + d) for d in (-1, 0, 1)}
    submissions = paths.submissions.relative_to(paths.inputs).as_posix() + "/"
    files: dict[str, object] = {}
    top = list(os.scandir(paths.inputs)) if paths.inputs.is_dir() else []
    for entry in top:
        if entry.is_file():
            files[entry.name] = (hash_file(entry.path, None), None)
        elif entry.name in years:
            for path, inner in files_under(Path(entry.path)):
                name = f"{entry.name}/{inner}"
                try:
                    stat = os.stat(path)
                except OSError:
                    continue  # gone since it was listed
                files[name] = (
                    hash_file(path, stat),
                    stat.st_mtime_ns if name.startswith(submissions) else None,
                )
    return fingerprint(files, _template_hashes(paths.templates), __version__)


def render_fingerprint(summary_file: Path, templates: Path) -> str:
    """What every draft is made from: summary.json, each template file, tongket's version (hashes:
    reading the summary back into the model would take seconds for a large province)."""
    return fingerprint(file_sha(summary_file), _template_hashes(templates), __version__)


def _template_hashes(templates: Path) -> dict[str, str | None]:
    return {
        p.relative_to(templates).as_posix(): file_sha(p)
        for p in sorted(templates.rglob("*"))
        if p.is_file() and not p.name.startswith(("~$", "."))  # Word's lock files are not templates
    }


def _document_date(paths: Paths) -> str:
    """The date Office files carry as created/modified: the conference date from the inputs."""
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


def _baseline(out: Path) -> Path | None:
    """The summary the drafts were last made from, as a file no stage writes: the comparison
    reads it after the run, line by line, rather than holding it in memory during the run.

    Before any run kept one (outputs of an older tongket, or of `aggregate` alone), it is the
    summary.json now on disk: copied aside before the run replaces it, with its time, which
    is when those drafts were made. A run killed after this leaves the copy as the baseline,
    so the next run still lists what changed since those drafts.
    """
    baseline, summary = out / BASELINE_FILE, out / SUMMARY_FILE
    if baseline.is_file():
        return baseline
    if not summary.is_file():
        return None  # the first run: nothing to compare with
    try:
        _copy_atomic(summary, baseline, keep_time=True)
    except FileNotFoundError:
        return None
    return baseline


def _keep_baseline(out: Path) -> None:
    """Remember the summary of this finished run (tongket's own state: not placed, not in the manifest)."""
    summary, baseline = out / SUMMARY_FILE, out / BASELINE_FILE
    if _same_bytes(summary, baseline):
        return  # unchanged: write nothing
    try:
        _copy_atomic(summary, baseline)
    except FileNotFoundError:
        return


def _same_bytes(a: Path, b: Path) -> bool:
    """Whether two files hold the same bytes, read a block at a time (a national summary is 800 MB)."""
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
    except OSError:
        return False
    return file_sha(a) == file_sha(b)


def _copy_atomic(source: Path, target: Path, keep_time: bool = False) -> None:
    """Copy `source` to `target` a block at a time into a temporary file beside it, renamed into
    place. The temporary file is named as pipeline.office.atomic names its own, so the next run's
    remove_stale_temp_files tidies it away if this one is killed halfway."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    staged = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as copy, source.open("rb") as original:
            shutil.copyfileobj(original, copy, _COPY_BLOCK)
            copy.flush()
            os.fsync(copy.fileno())
        shutil.copymode(source, staged)  # mkstemp's file is private; another account may run tongket next
        if keep_time:
            made = source.stat()
            os.utime(staged, ns=(made.st_atime_ns, made.st_mtime_ns))
        os.replace(staged, target)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


_COPY_BLOCK = 1 << 20


def _compare(placer: Placer, baseline: Path | None, say: Say) -> Comparison | None:
    """The summary now compared with `baseline` (None: the first run, nothing to compare)."""
    if baseline is None or _same_bytes(baseline, placer.folder / SUMMARY_FILE):
        return None  # the first run, or nothing changed: no need to read two summaries to say so
    try:
        return compare_files(baseline, placer.folder / SUMMARY_FILE)
    except (OSError, ValueError) as error:
        say(f"Không đọc được số liệu lần soạn trước ({error}): lần này không lập danh sách thay đổi.")
        return None


def _update_drafts(placer: Placer, comparison: Comparison | None, say: Say) -> list[DocumentUpdate]:
    """Update copies of the edited drafts this run kept (pipeline.runs.living)."""
    drafts = (".docx", ".md", ".html")
    kept = [p for p in placer.placed if p.outcome == Outcome.KEPT and p.beside and p.name.endswith(drafts)]
    if comparison is None or not kept:
        return []
    describe = describe_from(placer.folder / SUMMARY_FILE, comparison.differences())
    updates = update_edited_drafts(placer, describe) + update_text_drafts(placer)
    for update in updates:
        copy = f"; bản cập nhật: {update.copy.name}" if update.copy else ""
        say(
            f"{update.name}: {update.applied} số liệu cập nhật bằng theo dõi thay đổi, "
            f"{len(update.unresolved)} số liệu cần người sửa{copy}"
        )
    return updates


def _write_change_list(
    placer: Placer,
    comparison: Comparison | None,
    baseline: Path | None,
    say: Say,
    updates: list[DocumentUpdate],
) -> Path | None:
    """The page of what changed since `baseline` (None: the first run), if anything did."""
    if comparison is None or baseline is None:
        return None
    changes = comparison.changes()
    first = list(islice(changes, SEARCHED_CHANGES_MAX + 1))
    if not first:
        return None
    rewritten = {
        p.name: p.path for p in placer.placed if p.wrote and p.path.suffix.lower() in _DOCUMENT_SUFFIXES
    }
    if len(first) <= SEARCHED_CHANGES_MAX:
        find_in_documents(first, rewritten)
        count, listed, not_searched = len(first), iter(first), None
    else:  # a whole batch of new units, say: list them all, but do not search every document for each
        count, listed, not_searched = comparison.count(), chain(first, changes), sorted(rewritten)
    kept = [(p.name, p.beside.name) for p in placer.placed if p.outcome == Outcome.KEPT and p.beside]
    now = now_iso()
    name = change_list_name(now)

    annex = next((p.name for p in placer.placed if p.name.startswith(_ANNEX_PREFIX)), None)

    def page(out: TextIO) -> None:
        since = _file_time(baseline)
        write_html(
            out,
            listed,
            count,
            comparison.year,
            since,
            now,
            kept=kept,
            not_searched=not_searched,
            full_list=annex,
            updates=updates_html(updates, placer.folder),
        )

    # Written to a file as it goes, then placed: a whole new batch of units lists millions of changes.
    write_streamed(placer.folder / name, page)
    placed = next(p for p in reversed(placer.placed) if p.name == name)
    say(f"{count} số liệu thay đổi so với lần soạn văn bản trước; danh sách: {placed.path}")
    return placed.path


def _file_time(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")


_NO_SUBMISSIONS = frozenset({"form", "certificates", "pdf"})  # commands whose line counts no units
_DOCUMENT_SUFFIXES = frozenset({".docx", ".xlsx", ".md", ".html"})
_ANNEX_PREFIX = "phu-luc-so-lieu-"  # the annex workbook: every unit's figures (pipeline.render.annex)


def _report_kept(placer: Placer, say: Say) -> None:
    for placed in placer.placed:
        if placed.outcome == Outcome.KEPT and placed.wrote and placed.beside is not None:
            why = f" ({placed.note})" if placed.note else " (đã được sửa)"
            say(f"Giữ nguyên {placed.name}{why}; bản mới: {placed.beside.name}")
        elif placed.outcome == Outcome.REPLACED and placed.backup is not None:
            say(f"--force: đã chuyển bản đã sửa của {placed.name} vào {placed.backup}")
        elif placed.outcome == Outcome.KEPT and placed.backup is not None:
            say(f"{placed.name} không còn được soạn; bản đã có người sửa được chuyển vào {placed.backup}")


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
