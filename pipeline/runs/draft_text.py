"""Which outputs are news drafts whose text the manifest keeps (pipeline.runs.living_text)."""

from __future__ import annotations

from pathlib import PurePosixPath

from pipeline.office.atomic import Content

TEXT_DRAFT_SUFFIXES = frozenset({".md", ".html"})
TEXT_DRAFT_MAX = 512 * 1024  # a news draft is a few KB; a larger page is a report, not a draft


def draft_text(name: str, data: Content) -> str | None:
    """The text of a news draft (.md, .html) as written, kept in the manifest: once a person edits
    the file, it is what tells the figures tongket wrote from theirs (pipeline.runs.living_text)."""
    path = PurePosixPath(name)
    # The drafts lie at the top of the year's folder; the reports (validation, change lists) are
    # not edited into, and keeping their text would only swell the manifest.
    if path.suffix.lower() not in TEXT_DRAFT_SUFFIXES or len(path.parts) > 1 or path.stem == "validation":
        return None
    if isinstance(data, bytes) and len(data) <= TEXT_DRAFT_MAX:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None
