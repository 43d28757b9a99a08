"""A lower body's summary.json as one unit's submission to the body above (province → cluster).

The province runs tongket over its own units; its `summary.json` totals are then that
province's figures in its cluster. Provenance points into the JSON: `totals.<code>`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.catalog import Registry
from pipeline.model import Indicator


@dataclass
class RollupRead:
    unit: str | None  # registry code of the issuing body, None if it matches no unit
    year: int | None
    rows: list[dict[str, Any]] = field(default_factory=list)  # long-format figure rows
    unknown_codes: list[str] = field(default_factory=list)
    issuer: str = ""


def is_summary(data: Any) -> bool:
    return isinstance(data, dict) and {"year", "totals", "units", "body"} <= set(data)


def read_summary_submission(path: Path, registry: Registry, catalog: dict[str, Indicator]) -> RollupRead:
    """Figures of a summary.json; raises ValueError when the file is not a tongket summary."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    if not is_summary(data):
        raise ValueError("not a tongket summary.json")
    body = data.get("body") or {}
    issuer = str(body.get("issuer", ""))
    unit = registry.match(issuer)
    code = unit.code if unit else None
    result = RollupRead(unit=code, year=data.get("year"), issuer=issuer)
    for ind_code, value in sorted(data["totals"].items()):
        if ind_code not in catalog:
            result.unknown_codes.append(ind_code)
            continue
        if catalog[ind_code].method == "ratio":
            continue  # recomputed from the parts above
        result.rows.append(
            {
                "ma_don_vi": code or "",
                "ma_chi_tieu": ind_code,
                "gia_tri": float(value),
                "ghi_chu": f"Tổng hợp từ báo cáo của {issuer}",
                "file": path.name,
                "sheet": None,
                "cell": f"totals.{ind_code}",
            }
        )
    return result
