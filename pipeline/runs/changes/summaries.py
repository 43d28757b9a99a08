"""Two summary.json files read for comparing them, without holding a national one whole.

At national scale (130.000 units) a summary.json is about 800 MB: `read` never parses one whole.
It reads a file a line at a time (pipeline.model.summary_io) and gives each unit's line, as text,
to a sink: `Before` keeps the previous file's lines, `Differences` compares the new file's lines
with them as text and keeps only those that differ, so only the units whose line differs are
ever parsed. A file in another layout (an older tongket's, or one a person re-saved) is read
whole with json, as it always was.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pipeline.model import summary_io

# What the comparison reads of a summary besides the units' figures: small at any scale.
SMALL_KEYS = frozenset({"year", "body", "indicators", "unit_list", "totals", "awards"})

# A unit's figures: its raw JSON text (a line of the line layout), or already parsed.
UnitFigures = str | Mapping[str, Any]
Listed = tuple[str, str, str | None]  # a unit_list entry: code, the name documents show, status


@dataclass
class Side:
    """One summary without its per-unit tables: what the comparison needs beside the figures."""

    small: Mapping[str, Any]  # year, body, indicators, totals, awards
    listed: list[Listed]  # unit_list, reduced: at national scale it has 130.000 entries


def side(summary: Mapping[str, Any], listed: list[Listed] | None = None) -> Side:
    """The small part of a summary (parsed JSON data); `listed` when unit_list was reduced already."""
    small = {key: summary[key] for key in SMALL_KEYS - {"unit_list"} if key in summary}
    if listed is None:
        listed = [_listed(unit) for unit in summary.get("unit_list") or []]
    return Side(small, listed)


def _listed(unit: Mapping[str, Any]) -> Listed:
    return unit["code"], unit.get("short_name") or unit.get("name") or unit["code"], unit.get("status")


class UnitSink(Protocol):
    def add(self, unit: str, figures: UnitFigures) -> None: ...

    def clear(self) -> None: ...


class Before(dict[str, UnitFigures]):
    """The previous summary's units: the only per-unit data held for the whole comparison."""

    def add(self, unit: str, figures: UnitFigures) -> None:
        self[unit] = figures


class Differences:
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
        parsed(self.before.get(unit))
        self.after[unit] = figures

    def check_gone(self) -> None:
        """Parse the previous lines of the units no longer there (the others were, in `add`)."""
        for unit, figures in self.before.items():
            if unit not in self.seen:
                parsed(figures)

    def clear(self) -> None:
        self.seen.clear()
        self.after.clear()

    def units(self) -> list[str]:
        """Every unit whose figures may differ: changed or new ones, and those no longer there."""
        return [*self.after, *(unit for unit in self.before if unit not in self.seen)]


def read(path: Path, units: UnitSink) -> Side:
    """One summary.json: its small part, and each unit's figures given to `units`."""
    try:
        return _stream(path, units)
    except summary_io.LayoutError:
        units.clear()  # another layout (an older tongket's, a file re-saved by hand): read it whole
        return read_whole(path, units)


def read_whole(path: Path, units: UnitSink) -> Side:
    """A summary.json in any layout, parsed whole: only for files not in the line layout."""
    with path.open(encoding="utf-8") as handle:
        whole = json.load(handle)
    if not isinstance(whole, dict):
        raise ValueError(f"{path}: không phải một bản tổng hợp (summary.json)")
    for unit, figures in (whole.get("units") or {}).items():
        units.add(unit, figures)
    return side(whole)


def _stream(path: Path, units: UnitSink) -> Side:
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
        elif where == () and key in SMALL_KEYS:
            small[key] = json.loads(raw)
    return side(small, listed)


def _loads(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError as error:
        raise summary_io.LayoutError(str(error)) from error


def parsed(figures: UnitFigures | None) -> Mapping[str, Any]:
    """A unit's figures as data, whether they were kept as their line's text or parsed already."""
    parsed = json.loads(figures) if isinstance(figures, str) else figures
    return parsed or {}
