"""Anchor keys on the context's figures, so the DOCX drafts can be updated where people edit them.

`anchor_context` takes the context `build_context` made and gives each figure, each phrase made
from figures, each count and each name in a list an anchor key (pipeline.formats.anchors): the
key says what the value shows — kind, indicator, unit — and travels with it through the filters
to a bookmark around its text in the DOCX. Values behave exactly as before, so a template that
ignores anchors renders the same text.

Per-unit lists stay lazy: an `AnchoredList` anchors each entry as the template reads it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from pipeline.formats.anchors import TOTAL, anchored, key
from pipeline.render.context import LazyList

Wrap = Callable[[Any, Any, int], Any]  # (entry, item, position from 1) → anchored entry


class AnchoredList(LazyList):
    """A LazyList whose entries are anchored as they are made; `anchor` keys its `|length`."""

    def __init__(self, source: LazyList, wrap: Wrap, anchor: str = "") -> None:
        super().__init__(source._items, source._make)
        self._wrap = wrap
        self.anchor = anchor

    def __iter__(self) -> Any:
        for position, item in enumerate(self._items, 1):
            yield self._wrap(super()._entry(item), item, position)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start = index.indices(len(self._items))[0]
            return [
                self._wrap(super(AnchoredList, self)._entry(item), item, start + n + 1)
                for n, item in enumerate(self._items[index])
            ]
        position = index % len(self._items) + 1 if self._items else 0
        return self._wrap(super()._entry(self._items[index]), self._items[index], position)


def figure(entry: dict[str, Any], indicator: str, unit: str) -> dict[str, Any]:
    """A `so_lieu` / `ket_qua` entry: the value, its change, its target and achievement anchored."""
    made = dict(entry)
    made["gia_tri"] = anchored(entry.get("gia_tri"), key("v", indicator, unit))
    made["nam_truoc"] = anchored(entry.get("nam_truoc"), key("v", f"{indicator}.nam_truoc", unit))
    made["chenh_lech"] = anchored(entry.get("chenh_lech"), key("c", f"{indicator}.chenh_lech", unit))
    made["ty_le_tang"] = anchored(entry.get("ty_le_tang"), key("c", f"{indicator}.ty_le", unit))
    made["chi_tieu"] = anchored(entry.get("chi_tieu"), key("v", f"{indicator}.chi_tieu", unit))
    made["ty_le_dat"] = anchored(entry.get("ty_le_dat"), key("p", indicator, unit))
    return anchored(made, key("c", indicator, unit))  # `so_sanh`'s phrase


def unit_entry(entry: dict[str, Any], unit: str) -> dict[str, Any]:
    """What a template sees of one unit, its names, figures, results and rank anchored."""
    made = dict(entry)
    for name in ("ten", "ten_ngan", "ten_in_hoa"):
        made[name] = anchored(entry.get(name), key("t", name, unit))
    made["so_lieu"] = {c: anchored(v, key("v", c, unit)) for c, v in (entry.get("so_lieu") or {}).items()}
    made["ket_qua"] = {c: figure(f, c, unit) for c, f in (entry.get("ket_qua") or {}).items()}
    made["so_chi_tieu_dat"] = anchored(entry.get("so_chi_tieu_dat"), key("n", "chi_tieu_dat", unit))
    made["diem"] = anchored(entry.get("diem"), key("v", "diem", unit))
    made["xep_hang"] = anchored(entry.get("xep_hang"), key("r", "", unit))
    if "dong" in entry:
        made["dong"] = [_target_row(row, unit) for row in entry["dong"]]
    return made


def _target_row(row: dict[str, Any], unit: str) -> dict[str, Any]:
    made = figure(row, row.get("ma", ""), unit)
    return made


def _unit_code(item: Any) -> str:
    return str(getattr(item, "code", "") or "")


def _units(source: Any, anchor: str = "") -> Any:
    if not isinstance(source, LazyList):
        return source
    return AnchoredList(source, lambda entry, item, _: unit_entry(entry, _unit_code(item)), anchor)


def _ranking(source: Any) -> Any:
    """The ranking: by position, so the unit in 1st place is the same anchor whoever it is."""
    if not isinstance(source, LazyList):
        return source

    def wrap(entry: dict[str, Any], item: Any, position: int) -> dict[str, Any]:
        made = dict(entry)
        where = f"xep_hang_{position}"
        made["ten_ngan"] = anchored(entry.get("ten_ngan"), key("t", where))
        made["diem"] = anchored(entry.get("diem"), key("v", f"diem_{position}"))
        made["hang"] = anchored(entry.get("hang"), key("r", where))
        return made

    return AnchoredList(source, wrap)


def _awards(source: Any, form: str) -> Any:
    """A form's proposals: each name and number by whom it names (the unit, and the person's name
    for a Bằng khen cá nhân), so a person added or removed is a row, not names shifted one place."""
    if not isinstance(source, LazyList):
        return source

    def wrap(entry: dict[str, Any], item: Any, position: int) -> dict[str, Any]:
        return _person_row(entry, _proposal(item), form)

    return AnchoredList(source, wrap, key("n", form))


def _proposal(item: Any) -> Any:
    """The Award (or Rejected) of a numbered list's item, a (number, proposal) pair."""
    return item[1] if isinstance(item, tuple) else item


def _person_row(entry: dict[str, Any], proposal: Any, what: str) -> dict[str, Any]:
    unit = str(getattr(proposal, "unit_code", "") or "")
    who = what if what != "bang_khen_ca_nhan" and what != "kdk" else f"{what}.{_name_hash(proposal)}"
    made = dict(entry)
    made["ten"] = anchored(entry.get("ten"), key("t", who, unit))
    made["stt"] = anchored(entry.get("stt"), key("r", f"stt.{who}", unit))
    return made


def _name_hash(proposal: Any) -> str:
    """Four hex digits of the recipient's name and form: a short, stable name for one person."""
    text = f"{getattr(proposal, 'recipient', '')}|{getattr(proposal, 'form', '')}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:4]


def _rejected(source: Any) -> Any:
    """The proposals not eligible: each name and number by whom it names (as `_awards`)."""
    if not isinstance(source, LazyList):
        return source
    return AnchoredList(
        source,
        lambda entry, item, _: _person_row(entry, _proposal(item), "kdk"),
        key("n", "khong_du_dieu_kien"),
    )


def _targets_by_unit(source: Any, indicator: str) -> Any:
    """Next year's target of each signing unit (a list of numbers, one per unit)."""
    if not isinstance(source, LazyList):
        return source
    return AnchoredList(
        source,
        lambda value, item, _: anchored(value, key("v", f"gu.{indicator}", _unit_code(item))),
    )


def anchor_context(context: dict[str, Any]) -> dict[str, Any]:
    """The context with anchor keys on its figures (see the module doc); `context` is not changed."""
    made = dict(context)
    made["tong"] = {c: anchored(v, key("v", c)) for c, v in context["tong"].items()}
    made["tong_nam_truoc"] = {
        c: anchored(v, key("v", f"{c}.nam_truoc")) for c, v in context["tong_nam_truoc"].items()
    }
    made["so_lieu"] = {c: figure(f, c, TOTAL) for c, f in context["so_lieu"].items()}
    made["chi_tieu_tong"] = [figure(row, row.get("ma", ""), TOTAL) for row in context["chi_tieu_tong"]]
    made["so_don_vi"] = anchored(context["so_don_vi"], key("n", "so_don_vi"))
    made["so_don_vi_bao_cao"] = anchored(context["so_don_vi_bao_cao"], key("n", "so_don_vi_bao_cao"))
    for name in ("don_vi", "don_vi_bao_cao", "don_vi_thieu", "don_vi_loai", "chi_tieu_don_vi"):
        made[name] = _units(context[name], key("n", name))
    made["xep_hang"] = _ranking(context["xep_hang"])
    made["ten_cac_don_vi"] = context["ten_cac_don_vi"]
    made["khen_thuong"] = {form: _awards(group, form) for form, group in context["khen_thuong"].items()}
    made["khong_du_dieu_kien"] = _rejected(context["khong_du_dieu_kien"])
    made["phu_luc"] = _appendix(context["phu_luc"])
    made["nam_sau_gu"] = _next_year(context["nam_sau_gu"])
    return made


def _appendix(phu_luc: dict[str, Any]) -> dict[str, Any]:
    made = dict(phu_luc)
    made["don_vi_bao_cao"] = _units(phu_luc["don_vi_bao_cao"], key("n", "phu_luc.don_vi"))
    made["chi_tieu_don_vi"] = _units(phu_luc["chi_tieu_don_vi"], key("n", "phu_luc.chi_tieu"))
    made["xep_hang"] = _ranking(phu_luc["xep_hang"])
    return made


def _next_year(nam_sau_gu: dict[str, Any]) -> dict[str, Any]:
    made = dict(nam_sau_gu)
    made["so_don_vi_ky"] = anchored(nam_sau_gu["so_don_vi_ky"], key("n", "gu.so_don_vi_ky"))
    made["don_vi_ky"] = _units(nam_sau_gu["don_vi_ky"], key("n", "gu.don_vi_ky"))
    made["cot_don_vi"] = _units(nam_sau_gu["cot_don_vi"])
    rows = []
    for row in nam_sau_gu["chi_tieu"]:
        code = row.get("ma", "")
        new_row = dict(row)
        new_row["tong"] = anchored(row.get("tong"), key("v", f"gu.{code}"))
        new_row["don_vi"] = _targets_by_unit(row["don_vi"], code)
        new_row["cot"] = _targets_by_unit(row["cot"], code) if row["cot"] else row["cot"]
        rows.append(new_row)
    made["chi_tieu"] = rows
    return made
