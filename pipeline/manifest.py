"""outputs/<Y>/manifest.json: what tongket wrote, so a re-run can tell its own files from a person's edits.

For every generated file (path relative to the year folder, with "/"): its sha256, the
fingerprint of what it was made from (the summary slice, the template's hash, tongket's version),
the summary keys it depends on (so the change list can say which documents mention a figure),
the tongket version and the time it was written. The manifest is the only output that carries
the clock; the documents never do.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.outputs import sha256_file, write_text_atomic

MANIFEST_FILE = "manifest.json"
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

    def is_ours(self, sha: str | None) -> bool:
        return sha is not None and sha in (self.sha256, self.previous_sha256)


@dataclass
class Manifest:
    files: dict[str, Entry] = field(default_factory=dict)
    tongket_version: str = __version__
    run_time: str = ""

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        """The folder's manifest; an empty one when it is missing or unreadable.

        An empty manifest is the safe failure: every existing document then counts as a
        person's edit and is kept, never overwritten.
        """
        try:
            data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
            files = {name: _entry(raw) for name, raw in data.get("files", {}).items()}
            return cls(
                files=files,
                tongket_version=data.get("tongket_version", ""),
                run_time=data.get("run_time", ""),
            )
        except (OSError, ValueError, TypeError, AttributeError):
            return cls()

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "manifest_version": MANIFEST_VERSION,
            "tongket_version": self.tongket_version,
            "run_time": self.run_time,
            "files": {name: _compact(e) for name, e in sorted(self.files.items())},
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def write(self, folder: Path) -> None:
        write_text_atomic(folder / MANIFEST_FILE, self.to_json())

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


def relative_name(folder: Path, path: Path) -> str:
    """The manifest's key for a file: its path under the year folder, with "/" on every system."""
    return path.resolve().relative_to(folder.resolve()).as_posix()


def _entry(raw: dict[str, Any]) -> Entry:
    names = {f.name for f in dataclasses.fields(Entry)}
    return Entry(**{k: v for k, v in raw.items() if k in names})


def _compact(entry: Entry) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(entry).items() if v not in (None, "", [])}
