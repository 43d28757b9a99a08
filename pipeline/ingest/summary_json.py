"""A lower body's summary.json as one unit's submission to the body above (province → cluster).

A province runs tongket over its own units; its summary.json, dropped into the cluster's
submissions folder, is then that province's figures. The province is identified by the issuer
named in the summary; provenance points into the JSON (`totals.<code>`).
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.ingest.collector import Collector

SHEET = "summary.json"


def is_summary(data: Any) -> bool:
    return isinstance(data, dict) and {"year", "totals", "units", "body"} <= set(data)


def read_summary_json(data: bytes, sub: Collector) -> None:
    try:
        summary = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        sub.add("khong-doc-duoc", detail="Tệp JSON bị hỏng.")
        return
    if not is_summary(summary):
        sub.add("khong-phai-bieu-mau", detail="Tệp JSON không phải summary.json do tongket tạo.")
        return
    body = summary.get("body") or {}
    sub.identify("", sub.text(body.get("issuer", ""), SHEET, "body.issuer"), SHEET, "body.issuer")
    sub.check_year(summary.get("year"), SHEET, "year")
    issuer = sub.text(body.get("group_name", "") or body.get("issuer", ""), SHEET, "body.group_name")
    for code, value in sorted((summary.get("totals") or {}).items()):
        sub.figure(code, "", value, f"Tổng hợp từ báo cáo của {issuer}", SHEET, f"totals.{code}")
