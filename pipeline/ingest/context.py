"""What reading one submission needs to know, built once per run and picklable for a process pool."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.formats.text import clean, name_key
from pipeline.inputs.catalog import Registry
from pipeline.model.summary import Indicator

# Indicators that units never submit: tongket computes them.
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def ascii_fold(text: str) -> str:
    """ "Cao Bằng" -> "caobang": how file names spell units."""
    decomposed = unicodedata.normalize("NFD", clean(text).casefold().replace("đ", "d"))
    return _NOT_ALNUM.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)))


@dataclass(frozen=True)
class UnitMatch:
    code: str
    active: bool  # a member of the group in the report's year


@dataclass
class ReadContext:
    year: int
    indicators: dict[str, Indicator]
    unit_codes: dict[str, UnitMatch] = field(default_factory=dict)  # upper-case code -> unit
    unit_names: dict[str, UnitMatch] = field(default_factory=dict)  # name_key -> unit
    unit_folded: dict[str, set[str]] = field(default_factory=dict)  # ascii_fold(place or name) -> codes
    indicator_names: dict[str, str] = field(default_factory=dict)  # name_key(name) -> indicator code

    @classmethod
    def build(cls, registry: Registry, catalog: dict[str, Indicator], year: int) -> ReadContext:
        ctx = cls(year=year, indicators=dict(catalog))
        # Inactive units first so that an active unit of the same name wins.
        for unit in sorted(registry.units, key=lambda u: u.active_in(year)):
            match = UnitMatch(unit.code, unit.active_in(year))
            ctx.unit_codes[unit.code.upper()] = match
            for name in (unit.name, unit.short_name, *unit.aliases):
                if name:
                    ctx.unit_names[name_key(name)] = match
            if match.active:
                for name in (unit.place, unit.short_name, unit.name):
                    if name:
                        ctx.unit_folded.setdefault(ascii_fold(name), set()).add(unit.code)
        for code, indicator in catalog.items():
            ctx.indicator_names[name_key(indicator.name)] = code
        return ctx

    def find_unit(self, code: str = "", name: str = "") -> tuple[UnitMatch | None, UnitMatch | None]:
        """The units that a code and a name written in a submission point to (None if unknown)."""
        by_code = self.unit_codes.get(clean(code).upper()) if code else None
        if by_code is None and code:
            by_code = self.unit_names.get(name_key(code))  # a name typed into the code cell
        by_name = self.unit_names.get(name_key(name)) if name else None
        if by_name is None and name:
            by_name = self.unit_codes.get(clean(name).upper())
        return by_code, by_name

    def guess_unit_from_filename(self, stem: str) -> str:
        """The one active unit whose code or place the file name spells ("BaoCao_CaoBang_2024"), else ""."""
        tokens = {t.upper() for t in re.split(r"[^0-9A-Za-z]+", stem) if t}
        by_code = {m.code for key, m in self.unit_codes.items() if m.active and key in tokens}
        if len(by_code) == 1:
            return by_code.pop()
        folded = ascii_fold(stem)
        # A place several units share ("Cao Bằng" for every industry union) names none of them.
        found = {
            next(iter(codes))
            for key, codes in self.unit_folded.items()
            if len(codes) == 1 and len(key) >= 4 and key in folded
        }
        return found.pop() if len(found) == 1 else ""

    def indicator_for(self, code: str, name: str) -> str:
        """The catalog code a figure row is for: its code cell, else its name; "" if neither is known."""
        if code in self.indicators:
            return code
        lowered = code.strip().lower()
        if lowered in self.indicators:
            return lowered
        return self.indicator_names.get(name_key(name), "") if name else ""
