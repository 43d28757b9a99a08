"""The unit registry (inputs/units.csv) and the indicator catalog the sample's forms are built from.

The catalog, inputs/indicators.csv, is kept by hand: the sample reads it, never writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.inputs.catalog import COMPUTED_METHODS, REGISTRY_COLUMNS, load_indicators
from pipeline.model.summary import Indicator
from pipeline.paths import INDICATORS_FILE, PROJECT_ROOT
from tools.sample.files import csv_text

CATALOG_FILE = PROJECT_ROOT / "inputs" / INDICATORS_FILE


@dataclass(frozen=True)
class RegistryRow:
    code: str
    place: str
    chu_tich: str
    hieu_luc_den: str = ""
    ke_thua: str = ""


# Registry order is the order the seeds list the provinces in. The 2025 merger: Bắc Kạn and Hà
# Giang end on 30/6/2025, Thái Nguyên and Tuyên Quang continue them (tools/sample/merger.py).
REGISTRY = (
    RegistryRow("CB", "Cao Bằng", "Lý Thị Huệ"),
    RegistryRow("BK", "Bắc Kạn", "Hà Văn Khoa", hieu_luc_den="2025-06-30"),
    RegistryRow("LS", "Lạng Sơn", "Vi Thị Thu Hiền"),
    RegistryRow("TN", "Thái Nguyên", "Trần Văn Lâm", ke_thua="BK"),
    RegistryRow("TQ", "Tuyên Quang", "Phạm Thị Minh Nguyệt", ke_thua="HG"),
    RegistryRow("HG", "Hà Giang", "Nguyễn Đình Dương", hieu_luc_den="2025-06-30"),
)
PLACE = {row.code: row.place for row in REGISTRY}
CHU_TICH = {row.code: row.chu_tich for row in REGISTRY}


def unit_name(code: str) -> str:
    return f"Liên đoàn Lao động tỉnh {PLACE[code]}"


def unit_short_name(code: str) -> str:
    return f"LĐLĐ tỉnh {PLACE[code]}"


def units_csv() -> str:
    rows = [
        (
            row.code,
            unit_name(row.code),
            unit_short_name(row.code),
            row.place,
            row.chu_tich,
            "",
            row.hieu_luc_den,
            row.ke_thua,
            f"LĐLĐ {row.place};Công đoàn tỉnh {row.place}",
        )
        for row in REGISTRY
    ]
    return csv_text(REGISTRY_COLUMNS, rows)


def load_catalog(path: Path = CATALOG_FILE) -> dict[str, Indicator]:
    return load_indicators(path)


def submitted_codes(catalog: dict[str, Indicator]) -> list[str]:
    """The codes a unit submits, in catalog order: every indicator but those tongket computes."""
    return [code for code, indicator in catalog.items() if indicator.method not in COMPUTED_METHODS]
