"""The two shared inputs: the indicator catalog and the unit registry (with validity and lineage)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.errors import InputError
from pipeline.formats.text import name_key
from pipeline.inputs.config_files import csv_rows, require_columns
from pipeline.model.summary import Indicator

# units.csv's columns in the order tongket writes them (tongket init, the sample, demo data); reading
# needs only ma_don_vi and ten_don_vi, the rest may be missing or in any order.
REGISTRY_COLUMNS = (
    "ma_don_vi",
    "ten_don_vi",
    "ten_viet_tat",
    "dia_danh",
    "chu_tich",
    "hieu_luc_tu",
    "hieu_luc_den",
    "ke_thua",
    "ten_khac",
)
COMPUTED_METHODS = {"ratio"}  # indicators the form computes (a ratio of sums), never typed by a unit


# What a unit or indicator code may look like: it names files (forms, certificates) and keys in
# summary.json, so no path separator, no leading dot, nothing a file system reads specially.
SAFE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_BAT_BUOC = {"": True, "1": True, "0": False}


def check_code(path: Path, line: int, column: str, code: str) -> None:
    """A code from a config file; InputError when it is empty or unsafe as part of a file name."""
    if not code:
        raise InputError(f"Tệp {path}, dòng {line}, cột {column}: chưa ghi mã. Điền mã hoặc xóa dòng này.")
    if not SAFE_CODE.match(code):
        raise InputError(
            f"Tệp {path}, dòng {line}, cột {column}: mã «{code}» không hợp lệ. Mã chỉ gồm chữ cái không dấu, "
            "chữ số, dấu gạch dưới hoặc gạch ngang (tối đa 64 ký tự), ví dụ CB hoặc doan_vien."
        )


def _check_filled(path: Path, line: int, column: str, value: str) -> None:
    if not value:
        raise InputError(f"Tệp {path}, dòng {line}, cột {column}: ô để trống. Điền giá trị rồi chạy lại.")


def _check_unique(path: Path, line: int, column: str, code: str, seen: dict[str, int]) -> None:
    if code in seen:
        raise InputError(
            f"Tệp {path}, dòng {line}, cột {column}: mã «{code}» trùng với dòng {seen[code]}. "
            "Mỗi mã chỉ ghi một dòng."
        )
    seen[code] = line


def load_indicators(path: Path) -> dict[str, Indicator]:
    """inputs/indicators.csv, checked against its schema: codes safe and unique, names and units
    filled, kieu, phuong_phap and bat_buoc from their lists, ratios naming catalog codes."""
    header, rows = csv_rows(path)
    require_columns(path, header, ("ma_chi_tieu", "ten_chi_tieu", "don_vi_tinh"))
    catalog: dict[str, Indicator] = {}
    seen: dict[str, int] = {}
    for line, row in rows:
        code = row["ma_chi_tieu"]
        check_code(path, line, "ma_chi_tieu", code)
        _check_unique(path, line, "ma_chi_tieu", code, seen)
        _check_filled(path, line, "ten_chi_tieu", row.get("ten_chi_tieu", ""))
        _check_filled(path, line, "don_vi_tinh", row.get("don_vi_tinh", ""))
        _check_choice(path, line, "bat_buoc", row.get("bat_buoc", ""), ("1", "0"), blank_ok=True)
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
            required=_BAT_BUOC[row.get("bat_buoc", "")],
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


def _check_choice(
    path: Path, line: int, column: str, value: str, allowed: tuple[str, ...], blank_ok: bool = False
) -> None:
    if value not in allowed and not (blank_ok and not value):
        raise InputError(
            f"Tệp {path}, dòng {line}, cột {column}: «{value}» không hợp lệ. "
            f"Chọn một trong: {', '.join(allowed)}{' (hoặc để trống)' if blank_ok else ''}."
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


def _date(text: str, path: Path, column: str, line: int) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InputError(
            f"Tệp {path}, dòng {line}, cột {column}: «{text}» không phải ngày dạng YYYY-MM-DD."
        ) from exc


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
    """inputs/units.csv, checked against its schema: codes safe and unique, names filled, dates
    valid and in order, ke_thua naming other units of the file, without a unit continuing itself."""
    header, rows = csv_rows(path)
    require_columns(path, header, ("ma_don_vi", "ten_don_vi"))
    units = []
    seen: dict[str, int] = {}
    for line, row in rows:
        code, name = row["ma_don_vi"], row["ten_don_vi"]
        check_code(path, line, "ma_don_vi", code)
        _check_unique(path, line, "ma_don_vi", code, seen)
        _check_filled(path, line, "ten_don_vi", name)
        unit = RegistryUnit(
            code=code,
            name=name,
            short_name=row.get("ten_viet_tat") or name,
            place=row.get("dia_danh") or "",
            leader=row.get("chu_tich") or None,
            valid_from=_date(row.get("hieu_luc_tu", ""), path, "hieu_luc_tu", line),
            valid_to=_date(row.get("hieu_luc_den", ""), path, "hieu_luc_den", line),
            predecessors=_split(row.get("ke_thua", "")),
            aliases=_split(row.get("ten_khac", "")),
        )
        if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
            raise InputError(
                f"Tệp {path}, dòng {line}, cột hieu_luc_den: {unit.valid_to} trước ngày hiệu lực "
                f"{unit.valid_from}. Sửa lại ngày."
            )
        units.append(unit)
    _check_lineage(path, units, seen)
    return Registry(units)


def _check_lineage(path: Path, units: list[RegistryUnit], lines: dict[str, int]) -> None:
    """ke_thua names units of the registry, never the unit itself nor one that continues it."""
    by_code = {u.code: u for u in units}
    for unit in units:
        where = f"Tệp {path}, dòng {lines[unit.code]}, cột ke_thua"
        for code in unit.predecessors:
            if code == unit.code:
                raise InputError(f"{where}: đơn vị {code} không thể kế thừa chính nó. Xóa mã này.")
            if code not in by_code:
                raise InputError(
                    f"{where}: mã «{code}» không có trong {path.name}. "
                    "Ghi mã của đơn vị cũ (cách nhau bằng ;)."
                )
        # A circle (A continues B, B continues A) would make a year-on-year sum count itself.
        stack, visited = list(unit.predecessors), set()
        while stack:
            code = stack.pop()
            if code == unit.code:
                raise InputError(
                    f"{where}: kế thừa vòng tròn quay lại chính đơn vị {unit.code}. Sửa ke_thua."
                )
            if code not in visited:
                visited.add(code)
                stack.extend(by_code[code].predecessors)
