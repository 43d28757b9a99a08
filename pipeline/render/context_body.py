"""The issuing body, the conference and the documents' numbers, as templates see them.

Also the words that differ between a cluster of provinces and a province with its member unions
(`nhom`, `trong_nhom`, `cac_don_vi`), so one template serves both shapes.
"""

from __future__ import annotations

from typing import Any

from pipeline.model.summary import DocumentInfo, Summary

# The document keys of `Summary.documents` (inputs/<Y>/meta.toml) and the symbol each number uses.
DOCUMENT_SYMBOLS = {"bao_cao": "BC", "to_trinh": "TTr", "danh_sach": "DS", "giao_uoc": "GƯTĐ"}
PROVINCE_PREFIX = "LĐLĐ tỉnh "


def document_entry(summary: Summary, key: str) -> dict[str, Any]:
    """A document's number, date and recipients; a blank number to fill in when the inputs lack one."""
    info = summary.documents.get(key) or DocumentInfo(number="", date=summary.event.date)
    number = info.number or f"      /{DOCUMENT_SYMBOLS[key]}-{summary.body.issuer_code}"
    return {
        "so": number,
        "ngay": info.date or summary.event.date,
        "noi_nhan": _recipient_lines(info.recipients),
    }


def documents_context(summary: Summary) -> dict[str, dict[str, Any]]:
    """`van_ban`: each document's number, date and recipients, by document key."""
    return {key: document_entry(summary, key) for key in DOCUMENT_SYMBOLS}


def _recipient_lines(recipients: list[str]) -> list[str]:
    """Each "Nơi nhận" line ends with ";" and the last ("Lưu: VT, ...") with "." as NĐ 30 shows."""
    lines = [r.strip().lstrip("-").strip().rstrip(";.") for r in recipients if r.strip()]
    return [line + ("." if i == len(lines) - 1 else ";") for i, line in enumerate(lines)]


def body_context(summary: Summary) -> dict[str, Any]:
    """`co_quan`: the issuing body, its signer and its group (pipeline/render/certificates.py agrees)."""
    body = summary.body
    return {
        "cap_tren": body.superior,
        "ten": body.issuer,
        "ky_hieu": body.issuer_code,
        "dia_danh": body.place,
        "tm": body.signing_for,
        "chuc_vu_ky": body.signer_title,
        "nguoi_ky": body.signer_name,
        "ten_cum": body.group_name,
        "ten_cum_day_du": body.group_full_name or body.group_name,
        "la_cum": body.group_kind == "cluster",
        **_group_words(summary),
    }


def event_context(summary: Summary) -> dict[str, Any]:
    """`hoi_nghi`: the year-end conference."""
    event = summary.event
    return {
        "ngay": event.date,
        "dia_diem": event.place,
        "chu_de": event.theme,
        "dai_bieu": [{"ten": p.name, "chuc_vu": p.title} for p in event.attendees],
        # The templates add the ";" or "," after each căn cứ; inputs often already end with one.
        "can_cu": [c.strip().rstrip(";.,").rstrip() for c in event.can_cu if c.strip()],
    }


def _group_words(summary: Summary) -> dict[str, Any]:
    """Words that differ between a cluster of provinces and a province with its member unions."""
    units_are_provinces = bool(summary.unit_list) and all(
        u.short_name.startswith(PROVINCE_PREFIX) for u in summary.unit_list
    )
    if summary.body.group_kind == "cluster":
        # "Cụm thi đua số 5" → "Cụm"; "Khối thi đua ..." → "Khối".
        group = (summary.body.group_name.split() or ["Cụm"])[0]
        members = "LĐLĐ các tỉnh" if units_are_provinces else f"Các đơn vị trong {group}"
        return {
            "nhom": group,
            "trong_nhom": f"trong {group}",
            "cac_don_vi": members,
            "don_vi_la_tinh": units_are_provinces,
        }
    return {
        "nhom": "tỉnh",
        "trong_nhom": "trực thuộc",
        "cac_don_vi": "Các đơn vị trực thuộc",
        "don_vi_la_tinh": units_are_provinces,
    }
