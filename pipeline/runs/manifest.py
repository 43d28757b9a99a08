"""outputs/<Y>/manifest.json: what tongket wrote, so a re-run can tell its own files from a person's edits.

For every generated file (path relative to the year folder, with "/"): its sha256, the
fingerprint of what it was made from (the summary slice, the template's hash, tongket's version),
the summary keys it depends on (so the change list can say which documents mention a figure),
the tongket version and the time it was written. The manifest is the only output that carries
the clock; the documents never do.

During a run, each change is first appended to manifest.journal (one JSON line, synced) *before*
the file it describes is renamed into place; the manifest itself is rewritten once at the end.
A killed run leaves the journal, and the next `Manifest.read` applies it, so the manifest always
knows every file that may be under its final name, at the cost of one line per file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from pipeline import __version__
from pipeline.office.atomic import sha256_file, write_text_atomic

MANIFEST_FILE = "manifest.json"
JOURNAL_FILE = "manifest.journal"
MANIFEST_VERSION = 1


def fingerprint(*parts: object) -> str:
    """A stable hash of JSON-able parts: equal parts give an equal fingerprint on any machine."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return sha256_text(text)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class Entry:
    """One file tongket wrote."""

    sha256: str
    fingerprint: str = ""
    sources: list[str] = field(default_factory=list)  # summary keys the file was made from
    tongket_version: str = __version__
    written_at: str = ""
    # The content this one replaced. Recorded before the rename, so a run killed between the
    # manifest write and the rename leaves a file the manifest still knows as tongket's own.
    previous_sha256: str | None = None
    draft_of: str | None = None  # for "x (bản mới 2).docx": the name of the edited file it stands beside
    latest: str | None = None  # for an edited file: where its newest generated draft is
    text: str | None = None  # for a news draft (.md, .html): the text written (pipeline.runs.living_text)

    def is_ours(self, sha: str | None) -> bool:
        return sha is not None and sha in (self.sha256, self.previous_sha256)


@dataclass
class Stage:
    """A stage that finished: the fingerprint it ran with and the files it placed."""

    fingerprint: str
    files: list[str] = field(default_factory=list)


@dataclass
class Manifest:
    files: dict[str, Entry] = field(default_factory=dict)
    stages: dict[str, Stage] = field(default_factory=dict)
    tongket_version: str = __version__
    run_time: str = ""

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The folder's manifest with any journal a killed run left applied; empty when unreadable.

        An empty manifest is the safe failure: every existing document then counts as a
        person's edit and is kept, never overwritten.
        """
        try:
            data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
            manifest = cls(
                files={name: _entry(raw) for name, raw in data.get("files", {}).items()},
                stages={name: Stage(**raw) for name, raw in data.get("stages", {}).items()},
                tongket_version=data.get("tongket_version", ""),
                run_time=data.get("run_time", ""),
            )
        except (OSError, ValueError, TypeError, AttributeError):
            manifest = cls()
        manifest._apply_journal(folder)
        return manifest

    def _apply_journal(self, folder: Path) -> None:
        try:
            lines = (folder / JOURNAL_FILE).read_text(encoding="utf-8").splitlines()
        except OSError:
            return
        for line in lines:
            try:
                record = json.loads(line)
                self.files[record["file"]] = _entry(record["entry"])
            except (ValueError, TypeError, KeyError):
                continue  # the last line of a run killed mid-write: its file was never renamed

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "manifest_version": MANIFEST_VERSION,
            "tongket_version": self.tongket_version,
            "run_time": self.run_time,
            "files": {name: _compact(e) for name, e in sorted(self.files.items())},
            "stages": {name: dataclasses.asdict(st) for name, st in sorted(self.stages.items())},
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def write(self, folder: Path) -> None:
        """Rewrite the manifest atomically; the journal it now includes is removed."""
        write_text_atomic(folder / MANIFEST_FILE, self.to_json())
        (folder / JOURNAL_FILE).unlink(missing_ok=True)

    def get(self, name: str) -> Entry | None:
        return self.files.get(name)

    def is_as_written(self, folder: Path, name: str) -> bool:
        """Is the file on disk exactly what tongket last wrote under this name?"""
        entry = self.files.get(name)
        return entry is not None and sha256_file(folder / name) == entry.sha256

    def state(self, folder: Path, name: str) -> str:
        """The file's state: "missing", "ours" (as tongket wrote it) or "edited" (by a person, or unknown)."""
        sha = sha256_file(folder / name)
        if sha is None:
            return "missing"
        entry = self.files.get(name)
        return "ours" if entry is not None and entry.is_ours(sha) else "edited"


class Journal:
    """Appends entries to manifest.journal, each synced to disk before the caller renames its file."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / JOURNAL_FILE
        self._file: IO[str] | None = None

    def append(self, name: str, entry: Entry) -> None:
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("a", encoding="utf-8", newline="\n")
        record = {"file": name, "entry": _compact(entry)}
        self._file.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def relative_name(folder: Path, path: Path) -> str:
    """The manifest's key for a file: its path under the year folder, with "/" on every system."""
    return path.resolve().relative_to(folder.resolve()).as_posix()


def _entry(raw: dict[str, Any]) -> Entry:
    names = {f.name for f in dataclasses.fields(Entry)}
    return Entry(**{k: v for k, v in raw.items() if k in names})


def _compact(entry: Entry) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(entry).items() if v not in (None, "", [])}
