"""The change list: every figure that changed since the last run, for staff editing yesterday's drafts.

A re-run never overwrites a draft a person has edited; the new draft goes beside it. This page
tells them what to carry into their copy: which unit, which indicator, old → new, and which
documents show it. It compares the previous summary.json with the new one, read as plain JSON
data, so it still works when the previous run was made by an older tongket.

At national scale (130.000 units) a summary.json is about 800 MB: `compare_files` never parses
one whole. It reads both files a line at a time (pipeline.model.summary_io), keeps only the previous
file's per-unit lines as text, compares the new file's lines with them as text, and parses only
the units whose line differs. A file in another layout (an older tongket's, or one a person
re-saved) is read whole with json, as it always was.
"""

from __future__ import annotations

import codecs
import html
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Protocol, TextIO

from pipeline.formats.vnformat import so, so_thap_phan
from pipeline.model import summary_io

CHANGES_DIR = "thay-doi"
STATUS_WORDS = {"received": "đã gửi báo cáo", "missing": "chưa gửi báo cáo", "excluded": "không tổng hợp"}
AWARD_WORDS = {
    "co_thi_dua": "Cờ thi đua",
    "bang_khen_tap_the": "Bằng khen tập thể",
    "bang_khen_ca_nhan": "Bằng khen cá nhân",
}
# Above this many changes (a whole new batch of units, say) the documents are not searched for
# each one: the page still lists every change, and names the documents rewritten instead.
SEARCHED_CHANGES_MAX = 5_000
NOT_SEARCHED = "không dò"  # the documents cell of such a page

# What the comparison reads of a summary besides the units' figures: small at any scale.
_SMALL_KEYS = frozenset({"year", "body", "indicators", "unit_list", "totals", "awards"})


@dataclass(slots=True)  # slots: a change list of a whole new batch of units holds millions of them
class Change:
    """One thing that changed. `path` locates it in summary.json, e.g. ("units", "CB", "doan_vien")."""

    path: tuple[str, ...]
    unit: str  # the unit's name as documents show it, or the whole group for totals
    what: str  # the indicator's name, or what else changed
    old: str
    new: str
    documents: list[str] = field(default_factory=list)


# -- comparing two summaries ----------------------------------------------------------------------

# A unit's figures: its raw JSON text (a line of the line layout), or already parsed.
UnitFigures = str | Mapping[str, Any]
Listed = tuple[str, str, str | None]  # a unit_list entry: code, the name documents show, status


@dataclass
class _Side:
    """One summary without its per-unit tables: what the comparison needs beside the figures."""

    small: Mapping[str, Any]  # year, body, indicators, totals, awards
    listed: list[Listed]  # unit_list, reduced: at national scale it has 130.000 entries


def _side(summary: Mapping[str, Any], listed: list[Listed] | None = None) -> _Side:
    small = {key: summary[key] for key in _SMALL_KEYS - {"unit_list"} if key in summary}
    if listed is None:
        listed = [_listed(unit) for unit in summary.get("unit_list") or []]
    return _Side(small, listed)


def _listed(unit: Mapping[str, Any]) -> Listed:
    return unit["code"], unit.get("short_name") or unit.get("name") or unit["code"], unit.get("status")


class _UnitSink(Protocol):
    def add(self, unit: str, figures: UnitFigures) -> None: ...

    def clear(self) -> None: ...


class _Before(dict[str, UnitFigures]):
    """The previous summary's units: the only per-unit data held for the whole comparison."""

    def add(self, unit: str, figures: UnitFigures) -> None:
        self[unit] = figures


class _Differences:
    """The new summary's units whose figures may differ from `before`, found as they stream by:
    a line identical to the previous one is dropped unparsed."""

    def __init__(self, before: Mapping[str, UnitFigures]) -> None:
        self.before = before
        self.seen: set[str] = set()
        self.after: dict[str, UnitFigures] = {}

    def add(self, unit: str, figures: UnitFigures) -> None:
        self.seen.add(unit)
        if unit in self.before and self.before[unit] == figures:
            return
        # Parsed here once to check it (and again when listed): a line that is not one JSON object
        # means a file re-saved by hand, to be read whole; a broken previous line is an error.
        if isinstance(figures, str) and not isinstance(_loads(figures), dict | None):
            raise summary_io.LayoutError(f"đơn vị {unit}: dòng số liệu không phải một đối tượng JSON")
        _parsed(self.before.get(unit))
        self.after[unit] = figures

    def check_gone(self) -> None:
        """Parse the previous lines of the units no longer there (the others were, in `add`)."""
        for unit, figures in self.before.items():
            if unit not in self.seen:
                _parsed(figures)

    def clear(self) -> None:
        self.seen.clear()
        self.after.clear()

    def units(self) -> list[str]:
        """Every unit whose figures may differ: changed or new ones, and those no longer there."""
        return [*self.after, *(unit for unit in self.before if unit not in self.seen)]


@dataclass
class Comparison:
    """Two summaries compared; `changes()` lists what differs, computed when asked (and again
    each time: a national list of changes need not be held whole)."""

    old: _Side
    new: _Side
    before: Mapping[str, UnitFigures]  # every unit of the previous summary
    after: Mapping[str, UnitFigures]  # the new summary's units that may differ
    units: list[str]  # the units whose figures may differ

    @property
    def year(self) -> int:
        return int(self.new.small.get("year") or self.old.small.get("year") or 0)

    def count(self) -> int:
        return sum(1 for _ in self.differences())

    def changes(self) -> Iterator[Change]:
        """Every figure, total, unit status and award that differs, in the order of the page:
        units in unit_list order with their indicators in catalog order, totals, statuses, awards."""
        names = {code: name for code, name, _ in self.old.listed} | {
            code: name for code, name, _ in self.new.listed
        }
        indicators = self._indicators()
        describe = {code: _indicator(code, indicator) for code, indicator in indicators.items()}
        group = _group_name(self.new.small) or _group_name(self.old.small)
        everyone = f"Tổng cộng ({group})" if group else "Tổng cộng"
        for path, before, after in self.differences():
            kind, key = path[0], path[1]
            if kind in ("units", "totals"):
                code = path[-1]
                indicator = indicators.get(code, {})
                who = names.get(key, key) if kind == "units" else everyone
                what = describe.get(code) or _indicator(code, indicator)
                yield Change(path, who, what, _number(before, indicator), _number(after, indicator))
            elif kind == "unit_list":
                yield Change(
                    path,
                    names.get(key, key),
                    "Tình trạng báo cáo",
                    STATUS_WORDS.get(before or "", "—"),
                    STATUS_WORDS.get(after or "", "—"),
                )
            else:
                added = after is not None
                award = after if added else before
                form = award.get("form", "")
                yield Change(
                    path,
                    award.get("recipient", ""),
                    f"Đề nghị {AWARD_WORDS.get(form, form)}",
                    "—" if added else "có đề nghị",
                    "có đề nghị" if added else "—",
                )

    def _indicators(self) -> dict[str, Any]:
        return {**(self.old.small.get("indicators") or {}), **(self.new.small.get("indicators") or {})}

    def differences(self) -> Iterator[tuple[tuple[str, ...], Any, Any]]:
        """(path, before, after) of each change, unformatted."""
        order = {code: i for i, code in enumerate(self._indicators())}

        def by_catalog(code: str) -> tuple[int, str]:
            return order.get(code, len(order)), code

        listed = self.new.listed or self.old.listed
        unit_order = {code: i for i, (code, _, _) in enumerate(listed)}
        for unit in sorted(self.units, key=lambda u: (unit_order.get(u, len(unit_order)), u)):
            before, after = _parsed(self.before.get(unit)), _parsed(self.after.get(unit))
            for code in sorted(before.keys() | after.keys(), key=by_catalog):
                if before.get(code) != after.get(code):
                    yield ("units", unit, code), before.get(code), after.get(code)

        old_totals = self.old.small.get("totals") or {}
        new_totals = self.new.small.get("totals") or {}
        for code in sorted(old_totals.keys() | new_totals.keys(), key=by_catalog):
            if old_totals.get(code) != new_totals.get(code):
                yield ("totals", code), old_totals.get(code), new_totals.get(code)

        old_status = {code: status for code, _, status in self.old.listed}
        for code, _, status in self.new.listed:
            if old_status.get(code) != status:
                yield ("unit_list", code), old_status.get(code), status

        old_awards, new_awards = _awards(self.old.small), _awards(self.new.small)
        for key in sorted(old_awards.keys() ^ new_awards.keys()):
            award = new_awards[key] if key in new_awards else old_awards[key]
            yield ("awards", award.get("unit_code", "")), old_awards.get(key), new_awards.get(key)


def find_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every figure, total, unit status and award that differs between two summary.json documents."""
    before = _Before(old.get("units") or {})
    differences = _Differences(before)
    for unit, figures in (new.get("units") or {}).items():
        differences.add(unit, figures)
    return list(Comparison(_side(old), _side(new), before, differences.after, differences.units()).changes())


def find_file_changes(old: Path, new: Path) -> list[Change]:
    """find_changes for two summary.json files, read as `compare_files` reads them."""
    return list(compare_files(old, new).changes())


def compare_files(old: Path, new: Path) -> Comparison:
    """Compare two summary.json files a line at a time; raises OSError or ValueError when one
    cannot be read as JSON at all."""
    before = _Before()
    old_side = _read(old, before)
    differences = _Differences(before)
    new_side = _read(new, differences)
    differences.check_gone()
    return Comparison(old_side, new_side, before, differences.after, differences.units())


def _read(path: Path, units: _UnitSink) -> _Side:
    """One summary.json: its small part, and each unit's figures given to `units`."""
    try:
        return _stream(path, units)
    except summary_io.LayoutError:
        units.clear()  # another layout (an older tongket's, a file re-saved by hand): read it whole
        return _read_whole(path, units)


def _read_whole(path: Path, units: _UnitSink) -> _Side:
    with path.open(encoding="utf-8") as handle:
        whole = json.load(handle)
    if not isinstance(whole, dict):
        raise ValueError(f"{path}: không phải một bản tổng hợp (summary.json)")
    for unit, figures in (whole.get("units") or {}).items():
        units.add(unit, figures)
    return _side(whole)


def _stream(path: Path, units: _UnitSink) -> _Side:
    """Read the line layout: unit lines kept as text, only the small members parsed."""
    small: dict[str, Any] = {}
    listed: list[Listed] = []
    for where, key, raw in summary_io.iter_members(path):
        if where == () and key == "unit_list" and raw != "null":  # each entry reduced as it is parsed
            listed = [_listed(unit) for unit in summary_io.iter_array(raw)]
        elif where == ("units",):
            units.add(key, raw)
        elif where == () and key == "units":  # an empty (or null) table stays on its member's line
            for unit, figures in (json.loads(raw) or {}).items():
                units.add(unit, figures)
        elif where == () and key in _SMALL_KEYS:
            small[key] = json.loads(raw)
    return _side(small, listed)


def _loads(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError as error:
        raise summary_io.LayoutError(str(error)) from error


def _parsed(figures: UnitFigures | None) -> Mapping[str, Any]:
    parsed = json.loads(figures) if isinstance(figures, str) else figures
    return parsed or {}


# -- which documents show a change ----------------------------------------------------------------


def mark_documents(changes: Iterable[Change], documents: Mapping[str, Iterable[str]]) -> None:
    """Fill each change's `documents`: those whose sources (summary keys, or key paths such as
    "figures/CB") cover the change's path."""
    for change in changes:
        change.documents = sorted(
            name for name, sources in documents.items() if _covers(sources, change.path)
        )


def _covers(sources: Iterable[str], path: tuple[str, ...]) -> bool:
    # A figure lives under units/figures, a total under totals/total_figures: either key covers it.
    twins = {"units": "figures", "figures": "units", "totals": "total_figures", "total_figures": "totals"}
    paths = [path, (twins[path[0]], *path[1:])] if path[0] in twins else [path]
    for source in sources:
        parts = tuple(p for p in source.split("/") if p)
        if any(parts == p[: len(parts)] for p in paths):
            return True
    return False


def find_in_documents(changes: Sequence[Change], documents: Mapping[str, Path]) -> None:
    """Fill each change's `documents` with the drafts whose text shows it: a figure or a total by
    its new value as written (339.739, or 339739 in a spreadsheet cell), anything else by the
    unit's or the recipient's name.

    One document at a time, read a piece at a time, every needle looked for in one pass over the
    piece: a national annex is hundreds of MB of XML, and there may be thousands of changes.
    A number counts where it stands whole: 1.000 is not shown by 11.000.
    """
    numbers: dict[str, list[int]] = {}  # needle → the changes (their places in `changes`) it shows
    names: dict[str, list[int]] = {}
    for i, change in enumerate(changes):
        change.documents = []
        if change.path[0] in ("units", "totals") and change.new != "—":
            for needle in {_bare_number(change.new), _bare_number(change.new.replace(".", ""))}:
                numbers.setdefault(needle, []).append(i)
        elif change.unit:
            names.setdefault(change.unit, []).append(i)
    finder = _NameFinder(names)
    for document, path in sorted(documents.items()):
        for i in sorted(_shown_in(path, numbers, names, finder)):
            changes[i].documents.append(document)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")  # 339.739, 339739, 96,5: what a document writes a figure as


def _bare_number(text: str) -> str:
    """A figure as _NUMBER finds it in a document: no sign, no percent sign."""
    return text.strip().lstrip("-−").rstrip("%").strip()


def _shown_in(
    path: Path, numbers: Mapping[str, list[int]], names: Mapping[str, list[int]], finder: _NameFinder
) -> set[int]:
    """The changes a document shows, read a piece at a time. Stops once each change is found:
    a figure has two needles (339.739 in text, 339739 in a cell) and one of them is enough."""
    shown: set[int] = set()
    pending = set(numbers)
    found_names: set[str] = set()
    for piece in document_pieces(path):
        found = pending.intersection(_NUMBER.findall(piece)) if pending else set()
        for needle in found:
            shown.update(numbers[needle])
        if found:
            pending = {n for n in pending if not shown.issuperset(numbers[n])}
        if len(found_names) < finder.size:
            for name in finder.find(piece) - found_names:
                shown.update(names[name])
                found_names.add(name)
        if not pending and len(found_names) == finder.size:
            break
    return shown


class _NameFinder:
    """Finds which of many names a text contains, in one pass: the names as a trie-shaped regex
    (a shared beginning such as "CĐCS Công ty " is matched once, not once per name)."""

    _END = ""  # marks a trie node where a name ends (no character is empty)

    def __init__(self, names: Iterable[str]) -> None:
        self.trie: dict[str, Any] = {}
        unique = {name for name in names if name}
        for name in unique:
            node = self.trie
            for character in name:
                node = node.setdefault(character, {})
            node[self._END] = {}
        self.size = len(unique)
        self.pattern = re.compile(self._regex(self.trie)) if self.size else None

    def find(self, text: str) -> set[str]:
        """Every name that occurs in `text`, overlapping ones included."""
        found: set[str] = set()
        if self.pattern is None:
            return found
        position = 0
        while (match := self.pattern.search(text, position)) is not None:
            # The regex takes the longest name starting here; the shorter ones are its prefixes.
            found.update(self._prefixes(match.group()))
            position = match.start() + 1  # a name may also start inside this one
        return found

    def _prefixes(self, matched: str) -> Iterator[str]:
        node = self.trie
        for i, character in enumerate(matched):
            node = node[character]
            if self._END in node:
                yield matched[: i + 1]

    def _regex(self, node: dict[str, Any]) -> str:
        """The names below `node` as a regex; a run of single children stays one literal, so the
        nesting (and the recursion) goes only as deep as the places where names part."""
        literal = []
        while self._END not in node and len(node) == 1:
            [(character, node)] = node.items()
            literal.append(re.escape(character))
        branches = [re.escape(c) + self._regex(child) for c, child in node.items() if c != self._END]
        rest = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})" if branches else ""
        if self._END in node and rest:
            rest = f"(?:{rest})?"
        return "".join(literal) + rest


_PIECE = 1 << 22  # read 4 MiB at a time
_PIECE_MAX = 1 << 25  # a piece with no paragraph or cell end in it is searched once this long
_XML_ENDS = ("</w:p>", "</c>", "</si>")  # a paragraph, a cell, a shared string: a number never spans them


def document_pieces(path: Path) -> Iterator[str]:
    """The visible text of a draft, a piece at a time: enough to search for a number or a name.
    No piece ends inside a paragraph or a cell, so "339.739" is never cut in two."""
    try:
        if path.suffix.lower() in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                for part in archive.namelist():
                    if part.endswith(".xml") and not part.startswith("docProps/"):
                        with archive.open(part) as xml:
                            yield from (_visible(piece) for piece in _pieces(xml, _XML_ENDS))
        else:
            with path.open("rb") as handle:
                yield from _pieces(handle, ("\n",))
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError):
        return


_ENDS = re.compile("|".join(_XML_ENDS))
_TAG = re.compile(r"<[^>]+>")


def _visible(xml: str) -> str:
    # Word splits text into runs; joining runs of a paragraph keeps "339.739" whole.
    text = _TAG.sub("", _ENDS.sub(" ", xml))
    return html.unescape(text) if "&" in text else text  # "&amp;", and "&#272;" as openpyxl writes Đ


def _pieces(stream: IO[bytes], ends: tuple[str, ...]) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    carry = ""
    while block := stream.read(_PIECE):
        text = carry + decoder.decode(block)
        cut = max((i + len(end) for end in ends if (i := text.rfind(end)) >= 0), default=0)
        if not cut and len(text) >= _PIECE_MAX:
            cut = text.rfind(">") + 1 or len(text)  # never inside a tag, at least
        carry = text[cut:]
        if cut:
            yield text[:cut]
    carry += decoder.decode(b"", final=True)
    if carry:
        yield carry


# -- the page -------------------------------------------------------------------------------------


def render_html(
    changes: Sequence[Change], year: int, since: str, now: str, kept: Iterable[tuple[str, str]] = ()
) -> str:
    """The change list as a page for any browser; `kept`: pairs (edited file, new draft beside it)."""
    page = io.StringIO()
    write_html(page, changes, len(changes), year, since=since, now=now, kept=kept)
    return page.getvalue()


def write_html(
    out: TextIO,
    changes: Iterable[Change],
    count: int,
    year: int,
    since: str,
    now: str,
    kept: Iterable[tuple[str, str]] = (),
    not_searched: Sequence[str] | None = None,
    updates: str = "",
) -> None:
    """render_html written as it goes, for a list of changes too long to hold as one page in memory.
    `count`: how many `changes` gives; `not_searched`: the documents rewritten, when there were
    too many changes to search them (each change's documents cell then says so); `updates`: the
    section on the update copies of edited drafts (pipeline.runs.living.updates_html)."""
    e = html.escape
    kept_items = "\n".join(
        f"<li><b>{e(edited)}</b>: bản mới là <b>{e(draft)}</b></li>" for edited, draft in kept
    )
    kept_part = (
        "<h2>Văn bản đã được sửa tay và được giữ nguyên</h2>\n"
        "<p>tongket không ghi đè lên các văn bản này. Bản mới nằm cùng thư mục; "
        "hãy chép các số liệu dưới đây vào bản đang sửa.</p>\n"
        f"<ul>\n{kept_items}\n</ul>\n"
        if kept_items
        else ""
    )
    since_text = f"các bản dự thảo soạn lúc {_when(since)}" if since else "lần soạn văn bản trước"
    out.write(f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Số liệu thay đổi năm {year}</title>
<style>
body {{ font-family: "Times New Roman", serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #888; padding: 4px 8px; vertical-align: top; }}
th {{ background: #eee; }}
td:nth-child(4), td:nth-child(5) {{ text-align: right; white-space: nowrap; }}
</style>
</head>
<body>
<h1>Số liệu thay đổi năm {year}</h1>
<p>Lần chạy lúc {_when(now)} so với {since_text}: {so(count)} thay đổi.</p>
{kept_part}{updates}{_not_searched_note(not_searched)}<table>
<tr><th>STT</th><th>Đơn vị</th><th>Chỉ tiêu</th><th>Trước</th><th>Sau</th><th>Văn bản có số liệu này</th></tr>
""")
    nowhere = "—" if not_searched is None else NOT_SEARCHED
    escaped: dict[str, str] = {}  # a unit's and an indicator's names recur on many rows

    def cached(text: str) -> str:
        if text not in escaped:
            escaped[text] = e(text)
        return escaped[text]

    rows: list[str] = []
    for i, c in enumerate(changes, 1):
        rows.append(
            f"<tr><td>{i}</td><td>{cached(c.unit)}</td><td>{cached(c.what)}</td><td>{e(c.old)}</td>"
            f"<td>{e(c.new)}</td><td>{'<br>'.join(cached(d) for d in c.documents) or nowhere}</td></tr>\n"
        )
        if len(rows) == 1000:
            out.write("".join(rows))
            rows.clear()
    out.write("".join(rows))
    out.write("</table>\n</body>\n</html>\n")


def _not_searched_note(documents: Sequence[str] | None) -> str:
    if documents is None:
        return ""
    rewritten = ", ".join(f"<b>{html.escape(d)}</b>" for d in documents)
    which = (
        f"Các văn bản soạn lại lần này: {rewritten}." if rewritten else "Lần này không soạn lại văn bản nào."
    )
    return (
        f"<p>Có quá nhiều thay đổi để dò từng văn bản (trên {so(SEARCHED_CHANGES_MAX)}): cột "
        f"«Văn bản có số liệu này» ghi «{NOT_SEARCHED}». {which}</p>\n"
    )


def _when(iso: str) -> str:
    """An ISO time as staff write it: "2024-12-10T02:00:01+07:00" → "02:00 ngày 10/12/2024"."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return html.escape(iso)
    return f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"


def change_list_name(run_time: str) -> str:
    """thay-doi/thay-doi-2024-12-10_020001.html: a page per run that changed something, never overwritten."""
    stamp = run_time[:19].replace("T", "_").replace(":", "")
    return f"{CHANGES_DIR}/thay-doi-{stamp}.html"


def _group_name(summary: Mapping[str, Any]) -> str:
    return str((summary.get("body") or {}).get("group_name") or "")


def _indicator(code: str, indicator: Mapping[str, Any]) -> str:
    name = indicator.get("name") or code
    return f"{name} ({indicator['unit']})" if indicator.get("unit") else str(name)


def _number(value: object, indicator: Mapping[str, Any]) -> str:
    if value is None:
        return "—"
    if indicator.get("kind") == "ty_le":
        return f"{so_thap_phan(value, 1)}%"
    if isinstance(value, float) and not value.is_integer():
        return so_thap_phan(value, 2)
    if isinstance(value, int | float) and not isinstance(value, bool):
        # What so() writes ("339.739"), fifty times faster: a new batch of units changes millions.
        return f"{int(value):,}".replace(",", ".")
    return so(value)


def _awards(summary: Mapping[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {
        (a.get("form", ""), a.get("unit_code", ""), a.get("recipient", "")): a
        for a in summary.get("awards") or []
    }
