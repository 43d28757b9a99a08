"""The change list: every figure that changed since the last run, for staff editing yesterday's drafts.

A re-run never overwrites a draft a person has edited; the new draft goes beside it. This page
tells them what to carry into their copy: which unit, which indicator, old → new, and which
documents show it. It compares the previous summary.json with the new one, read as plain JSON,
so it still works when the previous run was made by an older tongket.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pipeline.vnformat import so, so_thap_phan

CHANGES_DIR = "thay-doi"
STATUS_WORDS = {"received": "đã gửi báo cáo", "missing": "chưa gửi báo cáo", "excluded": "không tổng hợp"}
AWARD_WORDS = {
    "co_thi_dua": "Cờ thi đua",
    "bang_khen_tap_the": "Bằng khen tập thể",
    "bang_khen_ca_nhan": "Bằng khen cá nhân",
}


@dataclass
class Change:
    """One thing that changed. `path` locates it in summary.json, e.g. ("units", "CB", "doan_vien")."""

    path: tuple[str, ...]
    unit: str  # the unit's name as documents show it, or the whole group for totals
    what: str  # the indicator's name, or what else changed
    old: str
    new: str
    documents: list[str] = field(default_factory=list)


def find_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every figure, total, unit status and award that differs between two summary.json documents."""
    names = _unit_names(old) | _unit_names(new)
    indicators = {**old.get("indicators", {}), **new.get("indicators", {})}
    order = {code: i for i, code in enumerate(indicators)}
    unit_order = {u["code"]: i for i, u in enumerate(new.get("unit_list") or old.get("unit_list") or [])}
    changes: list[Change] = []

    old_units, new_units = old.get("units", {}), new.get("units", {})
    for unit in sorted(
        set(old_units) | set(new_units), key=lambda u: (unit_order.get(u, len(unit_order)), u)
    ):
        before, after = old_units.get(unit, {}), new_units.get(unit, {})
        for code in sorted(set(before) | set(after), key=lambda c: (order.get(c, len(order)), c)):
            if before.get(code) != after.get(code):
                indicator = indicators.get(code, {})
                changes.append(
                    Change(
                        ("units", unit, code),
                        names.get(unit, unit),
                        _indicator(code, indicator),
                        _number(before.get(code), indicator),
                        _number(after.get(code), indicator),
                    )
                )

    group = _group_name(new) or _group_name(old)
    old_totals, new_totals = old.get("totals", {}), new.get("totals", {})
    for code in sorted(set(old_totals) | set(new_totals), key=lambda c: (order.get(c, len(order)), c)):
        if old_totals.get(code) != new_totals.get(code):
            indicator = indicators.get(code, {})
            changes.append(
                Change(
                    ("totals", code),
                    f"Tổng cộng ({group})" if group else "Tổng cộng",
                    _indicator(code, indicator),
                    _number(old_totals.get(code), indicator),
                    _number(new_totals.get(code), indicator),
                )
            )

    old_status = {u["code"]: u.get("status") for u in old.get("unit_list", [])}
    for unit in new.get("unit_list", []):
        before = old_status.get(unit["code"])
        if before != unit.get("status"):
            changes.append(
                Change(
                    ("unit_list", unit["code"]),
                    names.get(unit["code"], unit["code"]),
                    "Tình trạng báo cáo",
                    STATUS_WORDS.get(before or "", "—"),
                    STATUS_WORDS.get(unit.get("status") or "", "—"),
                )
            )

    old_awards, new_awards = _awards(old), _awards(new)
    for key in sorted(set(old_awards) ^ set(new_awards)):
        added = key in new_awards
        award = (new_awards if added else old_awards)[key]
        changes.append(
            Change(
                ("awards", award.get("unit_code", "")),
                award.get("recipient", ""),
                f"Đề nghị {AWARD_WORDS.get(award.get('form', ''), award.get('form', ''))}",
                "—" if added else "có đề nghị",
                "có đề nghị" if added else "—",
            )
        )
    return changes


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


def render_html(
    changes: list[Change], year: int, since: str, now: str, kept: Iterable[tuple[str, str]] = ()
) -> str:
    """The change list as a page for any browser; `kept`: pairs (edited file, new draft beside it)."""
    e = html.escape
    rows = "\n".join(
        f"<tr><td>{i}</td><td>{e(c.unit)}</td><td>{e(c.what)}</td><td class='so'>{e(c.old)}</td>"
        f"<td class='so'>{e(c.new)}</td><td>{'<br>'.join(e(d) for d in c.documents) or '—'}</td></tr>"
        for i, c in enumerate(changes, 1)
    )
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
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Số liệu thay đổi năm {year}</title>
<style>
body {{ font-family: "Times New Roman", serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #888; padding: 4px 8px; vertical-align: top; }}
th {{ background: #eee; }}
td.so {{ text-align: right; white-space: nowrap; }}
</style>
</head>
<body>
<h1>Số liệu thay đổi năm {year}</h1>
<p>Lần chạy lúc {_when(now)} so với {since_text}: {len(changes)} thay đổi.</p>
{kept_part}<table>
<tr><th>STT</th><th>Đơn vị</th><th>Chỉ tiêu</th><th>Trước</th><th>Sau</th><th>Văn bản có số liệu này</th></tr>
{rows}
</table>
</body>
</html>
"""


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


def _unit_names(summary: Mapping[str, Any]) -> dict[str, str]:
    return {
        u["code"]: u.get("short_name") or u.get("name") or u["code"] for u in summary.get("unit_list", [])
    }


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
    return so(value)


def _awards(summary: Mapping[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {
        (a.get("form", ""), a.get("unit_code", ""), a.get("recipient", "")): a
        for a in summary.get("awards", [])
    }
