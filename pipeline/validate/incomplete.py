"""Received units whose submission is not complete: cells with a formula saved without its value.

Such a unit is still received (its other figures are sound), but its unknown figures are neither
zero nor blank: its note names the cells, and the documents count it apart in «N/M đơn vị».
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.model.findings import PARTIAL_CODES, Report

CELLS_NAMED = 5  # a tool that does not compute leaves every formula cell so: name a few, count all


def incomplete_notes(report: Report, status: dict[str, str]) -> dict[str, str]:
    """Unit → why its figures are not complete, for the received units with a PARTIAL_CODES finding."""
    cells: dict[str, list[str]] = defaultdict(list)
    for finding in report.findings:
        if finding.code in PARTIAL_CODES and finding.unit and status.get(finding.unit) == "received":
            where = f"{finding.sheet}!{finding.cell}" if finding.sheet else finding.cell or ""
            cells[finding.unit].append(where)
    notes = {}
    for unit, places in sorted(cells.items()):
        named = ", ".join(places[:CELLS_NAMED]) + (", …" if len(places) > CELLS_NAMED else "")
        notes[unit] = (
            f"Báo cáo chưa đủ số liệu: {len(places)} ô có công thức nhưng chưa có giá trị ({named}); "
            "đơn vị cần mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại."
        )
    return notes
