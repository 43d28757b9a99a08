"""Living drafts for the news draft: an edited `.md` or `.html` gets an update copy with each
changed phrase marked, `~~old~~ **new**` (Markdown) or `<del>old</del><ins>new</ins>` (HTML).

A text file has no place for invisible anchors that every editor keeps (and markers would change
the news draft's text for everyone who never edits it), so the phrase is found by its words: the
manifest keeps the text tongket wrote (pipeline.runs.placement), the words that changed between
it and the fresh draft are looked for in the person's file together with the words around them,
and a change is written only where that phrase occurs exactly once. A phrase the person
reworded, or one that occurs twice, is listed «không tự cập nhật được» in the change list.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.runs.draft_text import TEXT_DRAFT_SUFFIXES
from pipeline.runs.living import DocumentUpdate, Unresolved, place_update
from pipeline.runs.manifest import fingerprint, sha256_text
from pipeline.runs.placement import Outcome, Placer

_TOKEN = re.compile(r"\s+|[^\s<>]+|<[^>]*>|[<>]")
_CONTEXT_MAX = 8  # words either side tried before a phrase is called ambiguous
_WORDS = 8
_WHAT = "Tin bài"


@dataclass
class _Change:
    old: str
    new: str
    before: list[str]  # tokens of what tongket wrote before the change, nearest last
    after: list[str]


def update_text_drafts(placer: Placer) -> list[DocumentUpdate]:
    """An update copy for each edited news draft this run kept beside a fresh one."""
    updates = []
    for placed in list(placer.placed):
        suffix = PurePosixPath(placed.name).suffix.lower()
        if placed.outcome != Outcome.KEPT or placed.beside is None or suffix not in TEXT_DRAFT_SUFFIXES:
            continue
        entry = placer.manifest.get(placed.name)
        if entry is None or entry.text is None:
            continue  # written by a tongket that did not keep the text: nothing to compare with
        update = update_text(placer, placed.name, entry.text, placed.beside)
        if update is not None:
            updates.append(update)
    return updates


def update_text(placer: Placer, name: str, written: str, fresh_path: Path) -> DocumentUpdate | None:
    edited = (placer.folder / name).read_text(encoding="utf-8")
    fresh = fresh_path.read_text(encoding="utf-8")
    changes = _changes(written, fresh)
    if not changes:
        return None
    html = PurePosixPath(name).suffix.lower() == ".html"
    marked, unresolved = mark_changes(edited, changes, html)
    update = DocumentUpdate(name, None, unresolved=unresolved)
    update.applied = len(changes) - len(unresolved)
    if update.applied:
        made_from = fingerprint("cap-nhat", sha256_text(edited), sha256_text(fresh))
        update.copy = place_update(placer, name, marked.encode("utf-8"), made_from)
    return update


def _changes(written: str, fresh: str) -> list[_Change]:
    old, new = _TOKEN.findall(written), _TOKEN.findall(fresh)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    found = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = "".join(old[i1:i2]), "".join(new[j1:j2])
        if before.strip() == after.strip():
            continue  # spacing only
        reach = 2 * _CONTEXT_MAX  # words and the spaces between them
        found.append(_Change(before, after, old[max(0, i1 - reach) : i1], old[i2 : i2 + reach]))
    return found


def mark_changes(edited: str, changes: list[_Change], html: bool) -> tuple[str, list[Unresolved]]:
    """`edited` with each change marked where its phrase occurs once; the others, for a person."""
    places: list[tuple[int, int, str]] = []
    unresolved = []
    for change in changes:
        at = _locate(edited, change)
        if at is None or any(s < at[1] and at[0] < e for s, e, _ in places):
            unresolved.append(Unresolved(_first_words(change), _WHAT, change.new.strip() or "(bỏ)"))
            continue
        places.append((*at, _markup(change, html)))
    for start, end, text in sorted(places, reverse=True):
        edited = edited[:start] + text + edited[end:]
    return edited, unresolved


def _locate(edited: str, change: _Change) -> tuple[int, int] | None:
    """Where the change's old text is in `edited`: the one place its phrase, with as few of the
    words around it as make it unique, occurs; None when it is not there or never unique."""
    for width in range(0, _CONTEXT_MAX + 1):
        before = "".join(change.before[len(change.before) - 2 * width :]) if width else ""
        after = "".join(change.after[: 2 * width])
        phrase = before + change.old + after
        if not phrase.strip() or (width == 0 and not change.old.strip()):
            continue
        first = edited.find(phrase)
        if first < 0:
            return None  # the person changed these words: never guess
        if edited.find(phrase, first + 1) < 0:
            start = first + len(before)
            return start, start + len(change.old)
    return None


def _markup(change: _Change, html: bool) -> str:
    """The change as the person will see it: the old words struck out, the new ones in bold
    (Markdown) or as HTML's own deleted and inserted text; the spaces around kept as they were."""
    old, new = change.old.strip(), change.new.strip()
    around = change.old if old else change.new
    lead, trail = around[: len(around) - len(around.lstrip())], around[len(around.rstrip()) :]
    struck, added = ("<del>{}</del>", "<ins>{}</ins>") if html else ("~~{}~~", "**{}**")
    parts = [struck.format(old) if old else "", added.format(new) if new else ""]
    return lead + " ".join(p for p in parts if p) + trail


def _first_words(change: _Change) -> str:
    text = re.sub(r"<[^>]*>", " ", "".join(change.before[-2 * _WORDS :]) + change.old).split()
    return ("… " if len(text) > _WORDS else "") + " ".join(text[-_WORDS:])
