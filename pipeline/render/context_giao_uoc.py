"""Next year's giao ước as templates see it (`nam_sau_gu`): its targets and who signs it.

Every unit with targets signs. Above APPENDIX_MAX_UNITS received units a column and a signature
block per unit cannot be printed: the table then has the totals only, the body's signers sign the
document, and every unit's targets and signature are on sheets of the annex workbook
(pipeline/render/annex.py, which takes the signing units and the sheet's name from here).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from pipeline.formats.vnformat import ngay_ngan, so, so_van_ban
from pipeline.model.summary import Summary, Unit
from pipeline.render.context_body import document_entry
from pipeline.render.context_figures import table_unit
from pipeline.render.context_units import UnitEntries, annex_name, appendix_is_capped
from pipeline.render.context_values import LazyList

SIGNER_TITLE = "CHỦ TỊCH"  # who signs the giao ước for a unit: its chairperson (units.csv chu_tich)
_BLANK_BLOCK = {"vai_tro": "", "ten_in_hoa": "", "chuc_danh": "", "chu_tich": ""}


def signing_units(summary: Summary) -> list[Unit]:
    """The units that sign next year's giao ước: those with targets, else every unit not excluded."""
    nxt = summary.next_year
    targets = nxt.targets if nxt else {}
    with_targets = [u for u in summary.unit_list if u.code in targets]
    return with_targets or [u for u in summary.unit_list if u.status != "excluded"]


def signature_sheet_name(next_year: int) -> str:
    """The annex sheet every unit signs the giao ước on, for a body above APPENDIX_MAX_UNITS."""
    return f"Ký giao ước {next_year}"


def giao_uoc_reference(summary: Summary) -> str:
    """The giao ước's number, date and body, as the annex's signature sheet cites it."""
    document = document_entry(summary, "giao_uoc")
    return (
        f"Giao ước thi đua số {so_van_ban(document['so'])} ngày {ngay_ngan(document['ngay'])} "
        f"của {summary.body.group_name}"
    )


def next_year_context(summary: Summary, entries: UnitEntries) -> dict[str, Any]:
    """`nam_sau_gu`: the year, its Cụm trưởng and phó, the targets table and the signatures."""
    nxt = summary.next_year
    year = nxt.year if nxt else summary.year + 1
    signing = signing_units(summary)
    rows = _target_table(summary, signing)
    capped = appendix_is_capped(summary)
    for row in rows:
        row["cot"] = [] if capped else row["don_vi"]
    signing_entries = LazyList(signing, entries.unit)
    every_unit_pairs = _pairs(signing)
    where = f"trang tính «{signature_sheet_name(year)}» của tệp {annex_name(summary.year)}" if capped else ""
    return {
        "nam": year,
        "cum_truong": (nxt.cum_truong if nxt else None) or "",
        "cum_pho": (nxt.cum_pho if nxt else None) or "",
        "noi_dung": list(nxt.noi_dung) if nxt else [],
        "don_vi_ky": signing_entries,
        "so_don_vi_ky": len(signing),
        "cot_don_vi": [] if capped else signing_entries,
        "ghi_chu_bang": (
            f"Chỉ tiêu năm {year} của từng đơn vị ở tệp {annex_name(summary.year)} kèm theo."
            if capped
            else ""
        ),
        "chi_tieu": rows,
        "hang_ky": every_unit_pairs,
        "ky_o_phu_luc": capped,
        "khoi_ky": _whole_body_signers(summary) if capped else every_unit_pairs,
        "trang_ky": where,
        "ghi_chu_ky": (
            f"Đại diện {so(len(signing))} đơn vị ký giao ước tại {where} kèm theo Giao ước này."
            if capped
            else ""
        ),
    }


def _target_table(summary: Summary, signing: list[Unit]) -> list[dict[str, Any]]:
    """One row per indicator with a target next year: the total and each signing unit's target."""
    nxt = summary.next_year
    targets = nxt.targets if nxt else {}

    def targets_of(code: str) -> LazyList:
        return LazyList(signing, lambda unit: (targets.get(unit.code) or {}).get(code))

    rows = []
    codes = [c for c in summary.indicators if nxt and c in nxt.target_totals]
    for index, code in enumerate(codes, 1):
        ind = summary.indicators[code]
        rows.append(
            {
                "stt": index,
                "ma": code,
                "ten": ind.name,
                "dvt": ind.unit,
                "dvt_bang": table_unit(ind.kind, ind.unit),
                "kieu": ind.kind,
                "tong": nxt.target_totals.get(code) if nxt else None,
                "don_vi": targets_of(code),
            }
        )
    return rows


def _signature_block(unit: Unit) -> dict[str, Any]:
    """A unit's block in the giao ước's signature grid: its name, CHỦ TỊCH, its chairperson."""
    return {
        "vai_tro": "",
        "ten_in_hoa": unit.short_name.upper(),
        "chuc_danh": SIGNER_TITLE,
        "chu_tich": unit.leader or "",
    }


def _pairs(units: Sequence[Unit]) -> LazyList:
    """Units two by two for the signature grid; an odd last one gets an empty partner."""

    def pair(row: int) -> dict[str, Any]:
        left, right = 2 * row, 2 * row + 1
        return {
            "trai": _signature_block(units[left]),
            "phai": _signature_block(units[right]) if right < len(units) else dict(_BLANK_BLOCK),
        }

    return LazyList(range((len(units) + 1) // 2), pair)


def _leader_named(summary: Summary, name: str) -> str:
    """The chairperson of the unit called `name` (short or full name), if the registry has it."""
    wanted = unicodedata.normalize("NFC", name).strip().casefold()
    for unit in summary.unit_list:
        names = (unit.short_name, unit.name)
        if any(unicodedata.normalize("NFC", n).strip().casefold() == wanted for n in names):
            return unit.leader or ""
    return ""


def _role_block(summary: Summary, role: str, unit_name: str | None) -> dict[str, Any]:
    """CỤM TRƯỞNG / LĐLĐ TỈNH HÀ GIANG / CHỦ TỊCH / the chairperson; blank when nobody holds the role."""
    if not unit_name:
        return dict(_BLANK_BLOCK)
    return {
        "vai_tro": role,
        "ten_in_hoa": unit_name.upper(),
        "chuc_danh": SIGNER_TITLE,
        "chu_tich": _leader_named(summary, unit_name),
    }


def _whole_body_signers(summary: Summary) -> list[dict[str, Any]]:
    """The signature rows of a giao ước whose units sign on the annex sheet.

    The Cụm trưởng and Cụm phó (when meta.toml names them) side by side, then the issuing body's
    signer on the right, laid out as the signature of any of its documents (NĐ 30): TM. BAN
    THƯỜNG VỤ / CHỦ TỊCH / the name; the body's name is already in the header.
    """
    nxt = summary.next_year
    lead, deputy = (nxt.cum_truong, nxt.cum_pho) if nxt else (None, None)
    rows = []
    if lead or deputy:
        rows.append(
            {
                "trai": _role_block(summary, "CỤM TRƯỞNG", lead),
                "phai": _role_block(summary, "CỤM PHÓ", deputy),
            }
        )
    body = summary.body
    issuer = {
        "vai_tro": "",
        "ten_in_hoa": body.signing_for,
        "chuc_danh": body.signer_title,
        "chu_tich": body.signer_name,
    }
    rows.append({"trai": dict(_BLANK_BLOCK), "phai": issuer})
    return rows
