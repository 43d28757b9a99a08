"""What differs between two summaries, as data: each figure's old → new value per unit and indicator,
each total, unit status and award, before any of it is worded for a person.

This is the seam the change list and the living drafts (issue 15) share: `Difference.path` locates
a value in summary.json, `old` and `new` are the values as summary.json holds them (None: not
there). How a difference is shown (names, Vietnamese number format) is pipeline.runs.changes.listing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.runs.changes.summaries import Before, Differences, Side, UnitFigures, parsed, read, side


class Difference(NamedTuple):
    """One value that differs. `path` locates it in summary.json: ("units", "CB", "doan_vien"),
    ("totals", "doan_vien"), ("unit_list", "CB") for a status, ("awards", unit code) for an award."""

    path: tuple[str, ...]
    old: Any
    new: Any


@dataclass
class FigureDiff:
    """Two summaries compared; `differences()` lists what differs, computed when asked (and again
    each time: a national list of differences need not be held whole)."""

    old: Side
    new: Side
    before: Mapping[str, UnitFigures]  # every unit of the previous summary
    after: Mapping[str, UnitFigures]  # the new summary's units that may differ
    units: list[str]  # the units whose figures may differ

    @property
    def year(self) -> int:
        return int(self.new.small.get("year") or self.old.small.get("year") or 0)

    def count(self) -> int:
        """How many differences there are, counted without holding them."""
        return sum(1 for _ in self.differences())

    def indicators(self) -> dict[str, Any]:
        """The catalog entries of both summaries, by code, in catalog order."""
        return {**(self.old.small.get("indicators") or {}), **(self.new.small.get("indicators") or {})}

    def differences(self) -> Iterator[Difference]:
        """Every figure, total, unit status and award that differs, in the order of the page:
        units in unit_list order with their indicators in catalog order, totals, statuses, awards."""
        order = {code: i for i, code in enumerate(self.indicators())}

        def by_catalog(code: str) -> tuple[int, str]:
            return order.get(code, len(order)), code

        listed = self.new.listed or self.old.listed
        unit_order = {code: i for i, (code, _, _) in enumerate(listed)}
        for unit in sorted(self.units, key=lambda u: (unit_order.get(u, len(unit_order)), u)):
            before, after = parsed(self.before.get(unit)), parsed(self.after.get(unit))
            for code in sorted(before.keys() | after.keys(), key=by_catalog):
                if before.get(code) != after.get(code):
                    yield Difference(("units", unit, code), before.get(code), after.get(code))

        old_totals = self.old.small.get("totals") or {}
        new_totals = self.new.small.get("totals") or {}
        for code in sorted(old_totals.keys() | new_totals.keys(), key=by_catalog):
            if old_totals.get(code) != new_totals.get(code):
                yield Difference(("totals", code), old_totals.get(code), new_totals.get(code))

        old_status = {code: status for code, _, status in self.old.listed}
        for code, _, status in self.new.listed:
            if old_status.get(code) != status:
                yield Difference(("unit_list", code), old_status.get(code), status)

        old_awards, new_awards = _awards(self.old.small), _awards(self.new.small)
        for key in sorted(old_awards.keys() ^ new_awards.keys()):
            award = new_awards[key] if key in new_awards else old_awards[key]
            yield Difference(("awards", award.get("unit_code", "")), old_awards.get(key), new_awards.get(key))


def diff_summaries(old: Mapping[str, Any], new: Mapping[str, Any]) -> FigureDiff:
    """Two summary.json documents (parsed JSON data) compared."""
    before = Before(old.get("units") or {})
    differences = Differences(before)
    for unit, figures in (new.get("units") or {}).items():
        differences.add(unit, figures)
    return FigureDiff(side(old), side(new), before, differences.after, differences.units())


def diff_files(old: Path, new: Path) -> FigureDiff:
    """Two summary.json files compared a line at a time; raises OSError or ValueError when one
    cannot be read as JSON at all."""
    before = Before()
    old_side = read(old, before)
    differences = Differences(before)
    new_side = read(new, differences)
    differences.check_gone()
    return FigureDiff(old_side, new_side, before, differences.after, differences.units())


def _awards(summary: Mapping[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {
        (a.get("form", ""), a.get("unit_code", ""), a.get("recipient", "")): a
        for a in summary.get("awards") or []
    }
