"""The two shared inputs: the indicator catalog and the unit registry (with validity and lineage)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.errors import InputError
from pipeline.formats.text import clean, name_key
from pipeline.model.summary import Indicator

COMPUTED_METHODS = {"ratio"}  # indicators the form computes (a ratio of sums), never typed by a unit


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 (BOM optional) CSV as NFC-cleaned dicts."""
    if not path.exists():
        raise InputError(f"Không tìm thấy tệp {path}. Kiểm tra lại thư mục --inputs.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            {clean(k): clean(v) for k, v in row.items() if k is not None} for row in csv.DictReader(handle)
        ]


def _require_columns(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...]) -> None:
    present = set(rows[0]) if rows else set()
    missing = [c for c in columns if c not in present]
    if missing:
        raise InputError(f"Tệp {path} thiếu cột: {', '.join(missing)}. Bổ sung dòng tiêu đề cho đủ.")


def load_indicators(path: Path) -> dict[str, Indicator]:
    rows = read_csv_rows(path)
    _require_columns(path, rows, ("ma_chi_tieu", "ten_chi_tieu", "don_vi_tinh"))
    catalog: dict[str, Indicator] = {}
    for line, row in enumerate(rows, start=2):
        code = row["ma_chi_tieu"]
        _check_choice(path, line, "kieu", row.get("kieu") or "so_dem", KINDS)
        # An unknown method must not fall back to a sum: percentages are never added or averaged.
        _check_choice(path, line, "phuong_phap", row.get("phuong_phap") or "sum", METHODS)
        catalog[code] = Indicator(
            code=code,
            name=row["ten_chi_tieu"],
            unit=row["don_vi_tinh"],
            group=row.get("nhom") or "khac",
            kind=row.get("kieu") or "so_dem",  # type: ignore[arg-type]
            method=row.get("phuong_phap") or "sum",  # type: ignore[arg-type]
            numerator=row.get("tu_so") or None,
            denominator=row.get("mau_so") or None,
            required=(row.get("bat_buoc") or "1") == "1",
        )
    for ind in catalog.values():
        parts = (ind.numerator, ind.denominator)
        if ind.method == "ratio" and not all(p in catalog for p in parts):
            raise InputError(
                f"Tệp {path}: chỉ tiêu tỷ lệ «{ind.code}» cần cột tu_so và mau_so là mã chỉ tiêu có trong "
                f"danh mục (đang ghi: «{ind.numerator or ''}», «{ind.denominator or ''}»)."
            )
    return catalog


KINDS = ("so_dem", "tien", "ty_le")
METHODS = ("sum", "max", "latest", "ratio")


def _check_choice(path: Path, line: int, column: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise InputError(
            f"Tệp {path}, dòng {line}, cột {column}: «{value}» không hợp lệ. "
            f"Chọn một trong: {', '.join(allowed)}."
        )


@dataclass
class RegistryUnit:
    """One row of inputs/units.csv."""

    code: str
    name: str
    short_name: str
    place: str
    leader: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    predecessors: list[str] = field(default_factory=list)  # units merged into this one
    aliases: list[str] = field(default_factory=list)

    def active_in(self, year: int) -> bool:
        """A unit belongs to year Y's group if it exists at the year's end (31/12)."""
        year_end = date(year, 12, 31)
        starts_ok = self.valid_from is None or self.valid_from <= year_end
        ends_ok = self.valid_to is None or self.valid_to >= year_end
        return starts_ok and ends_ok


def _date(text: str, path: Path, column: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"Tệp {path}, cột {column}: «{text}» không phải ngày dạng YYYY-MM-DD.") from exc


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


@dataclass
class Registry:
    units: list[RegistryUnit]
    _by_code: dict[str, RegistryUnit] | None = field(default=None, init=False, repr=False, compare=False)
    _by_code_built_from: int = field(default=-1, init=False, repr=False, compare=False)

    def by_code(self) -> dict[str, RegistryUnit]:
        """Units by code, built once: aggregate asks for it per unit (O(n²) at a national scale)."""
        if self._by_code is None or self._by_code_built_from != len(self.units):
            self._by_code = {u.code: u for u in self.units}
            self._by_code_built_from = len(self.units)
        return self._by_code

    def active(self, year: int) -> list[RegistryUnit]:
        return [u for u in self.units if u.active_in(year)]

    def match(self, text: str) -> RegistryUnit | None:
        """The unit whose code, name, short name or alias matches `text`, else None."""
        key = name_key(text)
        for unit in self.units:
            if text.strip().upper() == unit.code.upper():
                return unit
            names = [unit.name, unit.short_name, *unit.aliases]
            if any(name_key(n) == key for n in names if n):
                return unit
        return None

    def predecessors_ended_before(self, unit: RegistryUnit, year: int) -> list[RegistryUnit]:
        """Units merged into `unit` that still existed at the end of `year` - 1 but not of `year`.

        Year-on-year figures for `unit` add these, so a merged province is compared with the
        sum of what it continues.
        """
        by_code = self.by_code()
        return [
            by_code[c]
            for c in unit.predecessors
            if c in by_code and by_code[c].active_in(year - 1) and not by_code[c].active_in(year)
        ]


def load_registry(path: Path) -> Registry:
    rows = read_csv_rows(path)
    _require_columns(path, rows, ("ma_don_vi", "ten_don_vi"))
    units = []
    for row in rows:
        name = row["ten_don_vi"]
        units.append(
            RegistryUnit(
                code=row["ma_don_vi"],
                name=name,
                short_name=row.get("ten_viet_tat") or name,
                place=row.get("dia_danh") or "",
                leader=row.get("chu_tich") or None,
                valid_from=_date(row.get("hieu_luc_tu", ""), path, "hieu_luc_tu"),
                valid_to=_date(row.get("hieu_luc_den", ""), path, "hieu_luc_den"),
                predecessors=_split(row.get("ke_thua", "")),
                aliases=_split(row.get("ten_khac", "")),
            )
        )
    return Registry(units)
