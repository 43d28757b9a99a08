"""The one place outputs are put on disk, so that a re-run never destroys a person's work.

Each file goes through `Placer.place`:

- a file that does not exist yet is written;
- a file still exactly as tongket wrote it (its hash is in the manifest) is replaced atomically,
  or left alone when the new bytes are the same (so its mtime does not move);
- a document a person has edited (or one tongket does not know) is never overwritten: the new
  draft goes beside it as "<name> (bản mới N).<ext>", reusing that name while it is unedited;
- with `force=True` the edited file is first moved to `sao-luu/`, never deleted.

The manifest entry goes to the journal *before* each rename, naming both the new and the
replaced content as tongket's own, so a run killed at any point leaves files the next run
recognises. Machine-read artifacts (JSON, CSV) are not protected: they are tongket's alone and
always replaced. Office files are made reproducible (pipeline.office.determinism) on the way in.

Stages: `with placer.stage("render", fp):` tags the files placed inside with the fingerprint of
what they were made from; a later run with the same fingerprint asks `stage_current` and skips
the work when every file is still as it was left.
"""

from __future__ import annotations

import dataclasses
import glob
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path, PurePosixPath

from pipeline import __version__
from pipeline.office.atomic import Content, replace_atomic, sha256_content, sha256_file
from pipeline.office.determinism import reproducible
from pipeline.runs.draft_text import draft_text
from pipeline.runs.hashes import file_sha
from pipeline.runs.manifest import Entry, Journal, Manifest, Stage, now_iso, relative_name

BACKUP_DIR = "sao-luu"
# Files people open and edit in Word, Excel or an editor; the rest are read by tongket itself.
PROTECTED_SUFFIXES = frozenset({".docx", ".xlsx", ".xlsm", ".odt", ".ods", ".md", ".html", ".txt", ".pdf"})
DRAFT_LABEL = "bản mới"
_DRAFT_NAME = re.compile(rf"^(?P<stem>.*) \({DRAFT_LABEL} (?P<n>\d+)\)$")


class Outcome(StrEnum):
    WRITTEN = "written"  # new content under its own name
    UNCHANGED = "unchanged"  # nothing to write
    KEPT = "kept"  # a person's edit kept; the new draft, if any, is `beside` it
    REPLACED = "replaced"  # --force: the edit moved to `backup`, the new content under its own name


@dataclass
class Placed:
    name: str  # the file's own name, relative to the year folder
    path: Path  # where its newest generated content is
    outcome: Outcome
    wrote: bool  # whether bytes were written in this run
    beside: Path | None = None
    backup: Path | None = None
    note: str = ""  # why, in Vietnamese, when it is not obvious


def draft_name(name: str, number: int) -> str:
    """The name of a new draft beside an edited file: ("bao-cao.docx", 2) → "bao-cao (bản mới 2).docx"."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem} ({DRAFT_LABEL} {number}){path.suffix}"))


class Placer:
    """Puts files under one year folder and keeps its manifest. Not thread-safe: one run, one placer."""

    def __init__(
        self,
        folder: Path,
        manifest: Manifest | None = None,
        force: bool = False,
        version: str = __version__,
        when: date | datetime | str | None = None,
    ) -> None:
        """`when`: the date from the inputs that Office files carry as created/modified (None: as given)."""
        self.folder = folder
        self.manifest = manifest if manifest is not None else Manifest.read(folder)
        self.force = force
        self.version = version
        self.when = when
        self.placed: list[Placed] = []
        self._journal = Journal(folder)
        self._dirty = False
        self._stage: _OpenStage | None = None

    # -- the decisions ------------------------------------------------------------------------

    def place(
        self,
        name: str | Path,
        data: Content,
        fingerprint: str = "",
        sources: Iterable[str] = (),
        protect: bool | None = None,
        draft_of: str | None = None,
    ) -> Placed:
        """Put `data` under `name` (relative to the folder, or a path inside it); see the module doc.
        `draft_of`: the edited file this one is a copy for (an update copy, pipeline.runs.living)."""
        name = self._name(name)
        protect = Path(name).suffix.lower() in PROTECTED_SUFFIXES if protect is None else protect
        if self.when is not None and isinstance(data, bytes):  # a staged file is never an Office file
            data = reproducible(name, data, self.when)
        if self._stage is not None:
            fingerprint = fingerprint or self._stage.fingerprint
            self._stage.files.append(name)
        new_sha = sha256_content(data)
        disk_sha = sha256_file(self.folder / name)
        entry = self.manifest.get(name)
        meta = _Meta(fingerprint, sorted(set(sources)), draft_text(name, data))

        if disk_sha == new_sha:  # already there, whoever wrote it: adopt it, touch nothing
            self._remember(name, new_sha, meta, previous=None, keep_entry=True)
            return self._record(Placed(name, self.folder / name, Outcome.UNCHANGED, wrote=False))
        if disk_sha is None or not protect or (entry is not None and entry.is_ours(disk_sha)):
            try:
                self._write(name, data, new_sha, meta, previous=disk_sha, draft_of=draft_of)
            except PermissionError:  # open in Word on Windows: cannot be replaced now, so write beside it
                return self._beside(name, data, new_sha, meta, note="tệp đang mở trong chương trình khác")
            return self._record(Placed(name, self.folder / name, Outcome.WRITTEN, wrote=True))

        # A person's edit, or a file tongket does not know: never overwritten.
        if self.force:
            return self._replace_with_backup(name, data, new_sha, meta)
        return self._beside(name, data, new_sha, meta)

    def route(self, path: Path, data: Content) -> bool:
        """The router for `pipeline.office.atomic.routed`: place files under the folder, leave the rest."""
        try:
            self._name(path.absolute())
        except ValueError:
            return False
        self.place(path.absolute(), data)
        return True

    def retire(self, path: Path) -> bool:
        """The remover for `routed`: an output with no reason left to exist (a withdrawn award's
        certificate) is deleted only while it is as tongket wrote it; a person's edit goes to sao-luu/."""
        try:
            name = self._name(path.absolute())
        except ValueError:
            return False
        source = self.folder / name
        entry = self.manifest.get(name)
        if entry is not None and entry.draft_of in {p.name for p in self.placed}:
            return True  # the new draft beside a kept edit of a file still made: it stays
        state = self.manifest.state(self.folder, name)
        if state == "edited":
            backup = self._backup_path(name, source)
            backup.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, backup)
            self._record(
                Placed(name, backup, Outcome.KEPT, wrote=False, backup=backup, note="không còn dùng")
            )
        elif state == "ours":
            source.unlink()
        if self.manifest.files.pop(name, None) is not None:
            self._dirty = True
        return True

    @contextmanager
    def stage(self, name: str, fingerprint: str) -> Iterator[None]:
        """Tag files placed in the block with `fingerprint`; remember the stage when it completes."""
        self._stage = _OpenStage(fingerprint)
        try:
            yield
            self.manifest.stages[name] = Stage(fingerprint, sorted(set(self._stage.files)))
            self._dirty = True
        finally:
            self._stage = None

    def stage_current(self, name: str, fingerprint: str) -> bool:
        """True, with every file of the stage recorded, when the stage last completed with this
        fingerprint and all its files are still as it left them (or kept as a person edited them)."""
        done = self.manifest.stages.get(name)
        if done is None or done.fingerprint != fingerprint:
            return False
        outcomes = [self._current(file, fingerprint) for file in done.files]
        if any(o is None for o in outcomes):
            return False
        self.placed.extend(o for o in outcomes if o is not None)
        return True

    def skip_if_current(self, name: str | Path, fingerprint: str) -> Placed | None:
        """If the newest draft for `name` was made from this fingerprint and is intact, record it and
        return its outcome; None means: render it and `place` the bytes."""
        placed = self._current(self._name(name), fingerprint)
        return self._record(placed) if placed is not None else None

    def _current(self, name: str, fingerprint: str) -> Placed | None:
        entry = self.manifest.get(name)
        location = entry.latest if entry and entry.latest else name
        made = self.manifest.get(location)
        if not fingerprint or made is None or made.fingerprint != fingerprint:
            return None
        own_sha = file_sha(self.folder / name)  # the run's memo: a national summary.json is 800 MB
        own_edited = own_sha is not None and not (entry is not None and entry.is_ours(own_sha))
        if own_sha is None or (own_edited and self.force):
            return None
        if location == name:
            if own_sha == made.sha256:
                return Placed(name, self.folder / name, Outcome.UNCHANGED, wrote=False)
            if own_edited:  # the person's edit of the very draft this fingerprint makes: nothing new
                return Placed(name, self.folder / name, Outcome.KEPT, wrote=False)
            return None  # the older content of a run that was stopped: render it again
        if not own_edited:
            return None  # the name is free for tongket again: `place` writes it there
        if file_sha(self.folder / location) == made.sha256:
            return Placed(
                name, self.folder / location, Outcome.KEPT, wrote=False, beside=self.folder / location
            )
        return None

    def finish(self) -> None:
        """Write the manifest (and drop the journal) if anything changed; call once, at the end."""
        self._journal.close()
        if self._dirty:
            self.manifest.tongket_version = self.version
            self.manifest.run_time = now_iso()
            self.manifest.write(self.folder)
            self._dirty = False

    def counts(self, documents_only: bool = False) -> dict[str, int]:
        """Files written / kept / unchanged, and new drafts written beside kept edits; with
        `documents_only`, only the files people open (PROTECTED_SUFFIXES)."""
        placed = [
            p for p in self.placed if not documents_only or PurePosixPath(p.name).suffix in PROTECTED_SUFFIXES
        ]
        return {
            "written": sum(p.outcome in (Outcome.WRITTEN, Outcome.REPLACED) for p in placed),
            "kept": sum(p.outcome == Outcome.KEPT for p in placed),
            "unchanged": sum(p.outcome == Outcome.UNCHANGED for p in placed),
            "beside": sum(p.outcome == Outcome.KEPT and p.wrote for p in placed),
        }

    # -- the moves ----------------------------------------------------------------------------

    def _beside(self, name: str, data: Content, new_sha: str, meta: _Meta, note: str = "") -> Placed:
        entry = self.manifest.get(name)
        latest = entry.latest if entry else None
        if entry is not None and latest is None and entry.sha256 == new_sha:
            # The person edited exactly this draft: a copy beside it would tell them nothing.
            return self._record(Placed(name, self.folder / name, Outcome.KEPT, wrote=False, note=note))
        target = latest if latest and self.manifest.state(self.folder, latest) != "edited" else None
        if target is None:
            target = self._free_draft_name(name)
        target_sha = sha256_file(self.folder / target)
        self._point(name, target)
        if target_sha == new_sha:
            self._remember(target, new_sha, meta, previous=None, keep_entry=True, draft_of=name)
            return self._record(
                Placed(name, self.folder / target, Outcome.KEPT, wrote=False, beside=self.folder / target)
            )
        self._write(target, data, new_sha, meta, previous=target_sha, draft_of=name)
        return self._record(
            Placed(
                name, self.folder / target, Outcome.KEPT, wrote=True, beside=self.folder / target, note=note
            )
        )

    def _replace_with_backup(self, name: str, data: Content, new_sha: str, meta: _Meta) -> Placed:
        source = self.folder / name
        backup = self._backup_path(name, source)
        # Moved before anything is recorded: a run killed after the move leaves the name empty,
        # and the next run simply writes it.
        backup.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, backup)
        except PermissionError:
            return self._beside(name, data, new_sha, meta, note="tệp đang mở, không chuyển vào sao-luu được")
        self._write(name, data, new_sha, meta, previous=None)
        return self._record(Placed(name, source, Outcome.REPLACED, wrote=True, backup=backup))

    def _write(
        self,
        name: str,
        data: Content,
        new_sha: str,
        meta: _Meta,
        previous: str | None,
        draft_of: str | None = None,
    ) -> None:
        old = self.manifest.get(name)
        before = dataclasses.replace(old) if old is not None else Entry(sha256="")
        ours_before = previous if old is not None and old.is_ours(previous) else None
        self._remember(name, new_sha, meta, previous=ours_before, draft_of=draft_of)
        try:
            replace_atomic(self.folder / name, data)  # after the journal line: see the module doc
        except PermissionError:  # nothing was replaced: the manifest must say so again
            self.manifest.files[name] = before
            self._journal.append(name, before)
            raise

    # -- bookkeeping --------------------------------------------------------------------------

    def _remember(
        self,
        name: str,
        sha: str,
        meta: _Meta,
        previous: str | None,
        keep_entry: bool = False,
        draft_of: str | None = None,
    ) -> None:
        old = self.manifest.get(name)
        if (
            keep_entry
            and old is not None
            and old.sha256 == sha
            and old.fingerprint == meta.fingerprint
            and old.sources == meta.sources
            and old.text == meta.text
        ):
            return
        self.manifest.files[name] = Entry(
            sha256=sha,
            fingerprint=meta.fingerprint,
            sources=meta.sources,
            tongket_version=self.version,
            written_at=old.written_at if keep_entry and old is not None and old.sha256 == sha else now_iso(),
            previous_sha256=previous if previous != sha else None,
            draft_of=draft_of or (old.draft_of if old else None),
            latest=None,  # the file holds tongket's newest content again
            text=meta.text,
        )
        self._journal.append(name, self.manifest.files[name])
        self._dirty = True

    def _point(self, name: str, target: str) -> None:
        """Note on the edited file's entry where its newest draft is."""
        entry = self.manifest.get(name) or Entry(sha256="")  # "": a file tongket never wrote
        if entry.latest != target or name not in self.manifest.files:
            entry.latest = target
            self.manifest.files[name] = entry
            self._journal.append(name, entry)
            self._dirty = True

    def _record(self, placed: Placed) -> Placed:
        self.placed.append(placed)
        return placed

    def _name(self, name: str | Path) -> str:
        path = Path(name)
        if path.is_absolute():
            return relative_name(self.folder, path)
        return PurePosixPath(path.as_posix()).as_posix()

    def _free_draft_name(self, name: str) -> str:
        path = PurePosixPath(name)
        on_disk = (self.folder / name).parent.glob(f"{glob.escape(path.stem)} (*")
        siblings = [str(path.parent / p.name) for p in on_disk] + list(self.manifest.files)
        taken = [1]  # the edited file itself is the first version
        for other in siblings:
            match = _DRAFT_NAME.match(PurePosixPath(other).stem)
            if match and match["stem"] == path.stem and PurePosixPath(other).parent == path.parent:
                taken.append(int(match["n"]))
        return draft_name(name, max(taken) + 1)

    def _backup_path(self, name: str, source: Path) -> Path:
        stamp = datetime.fromtimestamp(source.stat().st_mtime).strftime("%Y-%m-%d %H-%M-%S")
        relative = PurePosixPath(name)
        base = self.folder / BACKUP_DIR / relative.parent / f"{relative.stem} (bản sửa {stamp})"
        candidate = base.with_name(base.name + relative.suffix)
        counter = 2
        while candidate.exists():
            candidate = base.with_name(f"{base.name} {counter}{relative.suffix}")
            counter += 1
        return candidate


@dataclass(frozen=True)
class _Meta:
    fingerprint: str
    sources: list[str]
    text: str | None = None  # a news draft's text (see Entry.text)


@dataclass
class _OpenStage:
    fingerprint: str
    files: list[str] = field(default_factory=list)
