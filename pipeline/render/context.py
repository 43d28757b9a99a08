"""The one mapping from the `Summary` to the variables templates see (docs/huong-dan-mau-van-ban.md).

Names are Vietnamese because staff read them in Word. Values stay raw numbers and ISO dates:
formatting is the filters' job, so a template can show one figure as "339.739" in a table and
"gần 340.000" in prose. Every text is made safe here once: NFC, and no control characters,
which are invalid in the DOCX XML.

A national body has 130.000 units. Every per-unit variable (`don_vi`, `xep_hang`,
`chi_tieu_don_vi`, `nam_sau_gu.don_vi_ky`...) is therefore a `LazyList`: a read-only list whose
entries are made when a template reaches them and not kept, so building the context costs the
same for 130.000 units as for 6, and a template that prints 60 units pays for 60.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, overload

from pipeline.form.layout import AWARD_FORMS
from pipeline.formats.vnformat import ngay_ngan, so, so_van_ban
from pipeline.model.summary import Award, DocumentInfo, Figure, Score, Summary, Unit
from pipeline.render.collation import person_key

# The document keys of `Summary.documents` (inputs/<Y>/meta.toml) and the symbol each number uses.
DOCUMENT_SYMBOLS = {"bao_cao": "BC", "to_trinh": "TTr", "danh_sach": "DS", "giao_uoc": "GƯTĐ"}
STATUS_WORDS = {"received": "Đã gửi báo cáo", "missing": "Chưa gửi báo cáo", "excluded": "Không tổng hợp"}
INCOMPLETE_WORDS = "Đã gửi, chưa đủ số liệu"
_PROVINCE_PREFIX = "LĐLĐ tỉnh "
# Above this many received units the documents list the best-ranked units or give counts, and
# the annex workbook (annex_name) has every unit: see _appendix and _next_year.
APPENDIX_MAX_UNITS = 60
# Above this many units each panel of the chart draws the units with the highest results.
CHART_MAX_UNITS = 25
# Above this many awarded collectives of one form, the award sentences of the report, the tờ trình
# and the news give the count and refer to the list instead of naming each one in the sentence
# (the commendation list names them all). Templates test it as `liet_ke_toi_da`.
AWARD_NAMES_MAX = 10
ACHIEVEMENT_WORDS = {"vuot": "Vượt", "dat": "Đạt", "khong_dat": "Không đạt"}
SIGNER_TITLE = "CHỦ TỊCH"  # who signs the giao ước for a unit: its chairperson (units.csv chu_tich)

# Tabs and newlines are kept (docxtpl turns them into tabs and line breaks); other controls break XML.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

T = TypeVar("T")


def safe_text(value: object) -> object:
    """Text as NFC without control characters; other values unchanged."""
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


# Subtrees that hold only numbers and fixed words (figures by indicator code): nothing to clean.
_NUMBERS_ONLY = frozenset({"so_lieu", "ket_qua"})


def _clean(value: Any) -> Any:
    """The value with every text made safe (a LazyList cleans each entry as it makes it)."""
    if isinstance(value, dict):
        return {k: v if k in _NUMBERS_ONLY else _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return safe_text(value)


class LazyList(Sequence[Any]):
    """A read-only list of `make(item)` for each item, each entry made (and cleaned) when read.

    Templates use it as a list: `for`, `|length`, `[0]`, `|map(...)`, `|first`, `|last`. Entries
    are not kept: a loop over 130.000 units holds one unit's dict at a time.
    """

    def __init__(self, items: Sequence[T], make: Callable[[T], Any]) -> None:
        self._items = items
        self._make = make

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self._entry(item) for item in self._items[index]]
        return self._entry(self._items[index])

    def __iter__(self) -> Iterator[Any]:
        return map(self._entry, self._items)

    def __eq__(self, other: object) -> bool:
        """Equal to a list (or LazyList) of the same entries, as the list it stands for would be."""
        if not isinstance(other, Sequence) or isinstance(other, str) or len(other) != len(self):
            return False
        return all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # like a list

    def __repr__(self) -> str:
        return f"LazyList({len(self)} entries)"

    def _entry(self, item: Any) -> Any:
        return _clean(self._make(item))


def _figure(fig: Figure | None, previous_year: int | None, kind: str) -> dict[str, Any]:
    fig = fig or Figure(value=None)
    return {
        "gia_tri": fig.value,
        "nam_truoc": fig.previous,
        "chenh_lech": fig.change,
        "ty_le_tang": fig.change_pct,
        "nam_so_sanh": previous_year if fig.previous is not None else None,
        "chi_tieu": fig.target,
        "ty_le_dat": fig.achievement_pct,
        "trang_thai": fig.status,
        "danh_gia": ACHIEVEMENT_WORDS.get(fig.status or "", ""),
        "kieu": kind,
    }


def _document(summary: Summary, key: str) -> dict[str, Any]:
    """A document's number, date and recipients; a blank number to fill in when the inputs lack one."""
    info = summary.documents.get(key) or DocumentInfo(number="", date=summary.event.date)
    number = info.number or f"      /{DOCUMENT_SYMBOLS[key]}-{summary.body.issuer_code}"
    return {
        "so": number,
        "ngay": info.date or summary.event.date,
        "noi_nhan": _recipient_lines(info.recipients),
    }


def _recipient_lines(recipients: list[str]) -> list[str]:
    """Each "Nơi nhận" line ends with ";" and the last ("Lưu: VT, ...") with "." as NĐ 30 shows."""
    lines = [r.strip().lstrip("-").strip().rstrip(";.") for r in recipients if r.strip()]
    return [line + ("." if i == len(lines) - 1 else ";") for i, line in enumerate(lines)]


class _UnitEntries:
    """Makes what a template sees of one unit; the lookups every unit shares are built once."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        self.scores: dict[str, Score] = {s.unit: s for s in summary.scores}
        self.kinds = {code: ind.kind for code, ind in summary.indicators.items()}

    def unit(self, unit: Unit) -> dict[str, Any]:
        summary = self.summary
        figures = summary.figures.get(unit.code, {})
        values = summary.units.get(unit.code, {})
        with_target = [f for f in figures.values() if f.target is not None]
        score = self.scores.get(unit.code)
        return {
            "ma": unit.code,
            "ten": unit.name,
            "ten_ngan": unit.short_name,
            "ten_in_hoa": unit.short_name.upper(),
            "dia_danh": unit.place,
            "trang_thai": unit.status,
            "trang_thai_chu": STATUS_WORDS[unit.status] if unit.complete else INCOMPLETE_WORDS,
            "chu_tich": unit.leader or "",
            "ghi_chu": unit.note or "",
            "so_lieu": {code: values.get(code) for code in summary.indicators},
            "ket_qua": {
                code: _figure(figures.get(code), summary.previous_year, self.kinds[code])
                for code in summary.indicators
            },
            "so_chi_tieu": len(with_target),
            "so_chi_tieu_dat": sum(1 for f in with_target if f.status in ("vuot", "dat")),
            "diem": score.points if score else None,
            "xep_hang": score.rank if score else None,
        }

    def with_target_rows(self, unit: Unit) -> dict[str, Any]:
        """The unit and `dong`, its rows of indicators with a target (chi_tieu_don_vi)."""
        return {
            **self.unit(unit),
            "dong": _target_rows(self.summary, self.summary.figures.get(unit.code, {})),
        }


def _ranking_entry(score: Score, short_names: dict[str, str]) -> dict[str, Any]:
    return {
        "hang": score.rank,
        "ten_ngan": short_names.get(score.unit, score.unit),
        "diem": score.points,
        "diem_thuong": score.bonus,
        "diem_tru": score.penalty,
        "dat_chi_tieu_cot_loi": "Có" if score.core_targets_met else "Không",
        "ghi_chu": "; ".join(score.notes),
    }


def _award(award: Award, index: int, units: dict[str, Unit]) -> dict[str, Any]:
    unit = units.get(award.unit_code)
    return {
        "stt": index,
        "dia_danh": unit.place if unit else "",
        "ten_tieu_de": _headline_name(unit, award.unit_name),
        "ten": award.recipient,
        "don_vi": award.unit_name,
        "chuc_vu": award.position or "",
        "chuc_vu_don_vi": award.position or award.unit_name,
        "hinh_thuc": AWARD_FORMS.get(award.form, award.form),
        "thanh_tich": award.achievement,
        "ly_do": award.reason,
    }


def _awards(summary: Summary, units: dict[str, Unit]) -> dict[str, LazyList]:
    """Proposals by form, numbered within each form; people in Vietnamese name order."""
    groups: dict[str, LazyList] = {}
    for form in AWARD_FORMS:
        chosen = [a for a in summary.awards if a.form == form]
        if form == "bang_khen_ca_nhan":
            chosen.sort(key=lambda a: person_key(safe_text(a.recipient)))  # type: ignore[arg-type]
        numbered = list(enumerate(chosen, 1))
        groups[form] = LazyList(numbered, lambda pair: _award(pair[1], pair[0], units))
    return groups


def _rejected(summary: Summary) -> LazyList:
    def entry(pair: tuple[int, Any]) -> dict[str, Any]:
        index, r = pair
        return {
            "stt": index,
            "ten": r.recipient,
            "hinh_thuc": AWARD_FORMS.get(r.form, r.form),
            "don_vi": r.unit_name,
            "chuc_vu_don_vi": r.position or r.unit_name,
            "ly_do": r.reason,
        }

    return LazyList(list(enumerate(summary.rejected, 1)), entry)


def _headline_name(unit: Unit | None, fallback: str) -> str:
    """How a news headline names a unit: "Công đoàn Cao Bằng" for a province's LĐLĐ (as seed 002)."""
    if unit and unit.short_name.startswith(_PROVINCE_PREFIX):
        return f"Công đoàn {unit.place}"
    return unit.short_name if unit else fallback


def _group_words(summary: Summary) -> dict[str, Any]:
    """Words that differ between a cluster of provinces and a province with its member unions."""
    units_are_provinces = bool(summary.unit_list) and all(
        u.short_name.startswith(_PROVINCE_PREFIX) for u in summary.unit_list
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


def _target_rows(summary: Summary, figures: typing.Mapping[str, Figure]) -> list[dict[str, Any]]:
    """One row per indicator with a target: for the achievement tables."""
    rows = []
    for code, ind in summary.indicators.items():
        fig = figures.get(code)
        if fig is None or fig.target is None:
            continue
        row = _figure(fig, summary.previous_year, ind.kind)
        row.update(ma=code, ten=ind.name, dvt=ind.unit, dvt_bang=_table_unit(ind.kind, ind.unit))
        rows.append(row)
    return rows


def _table_unit(kind: str, unit: str) -> str:
    return "triệu đồng" if kind == "tien" else unit


def _signature_block(unit: Unit) -> dict[str, Any]:
    """A unit's block in the giao ước's signature grid: its name, CHỦ TỊCH, its chairperson."""
    return {
        "vai_tro": "",
        "ten_in_hoa": unit.short_name.upper(),
        "chuc_danh": SIGNER_TITLE,
        "chu_tich": unit.leader or "",
    }


_BLANK_BLOCK = {"vai_tro": "", "ten_in_hoa": "", "chuc_danh": "", "chu_tich": ""}


def _pairs(units: Sequence[Unit]) -> LazyList:
    """Units two by two for the signature grid; an odd last one gets an empty partner."""

    def pair(row: int) -> dict[str, Any]:
        left, right = 2 * row, 2 * row + 1
        return {
            "trai": _signature_block(units[left]),
            "phai": _signature_block(units[right]) if right < len(units) else dict(_BLANK_BLOCK),
        }

    return LazyList(range((len(units) + 1) // 2), pair)


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
    document = _document(summary, "giao_uoc")
    return (
        f"Giao ước thi đua số {so_van_ban(document['so'])} ngày {ngay_ngan(document['ngay'])} "
        f"của {summary.body.group_name}"
    )


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


def _next_year(summary: Summary, entries: _UnitEntries) -> dict[str, Any]:
    nxt = summary.next_year
    year = nxt.year if nxt else summary.year + 1
    targets = nxt.targets if nxt else {}
    signing = signing_units(summary)

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
                "dvt_bang": _table_unit(ind.kind, ind.unit),
                "kieu": ind.kind,
                "tong": nxt.target_totals.get(code) if nxt else None,
                "don_vi": targets_of(code),
            }
        )
    # A column per unit cannot be printed for a province's thousands of CĐCS, nor a signature
    # block per unit: the table then has the totals only, the body's signers sign the document,
    # and every unit's targets and signature are on sheets of the annex workbook.
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


def annex_name(year: int) -> str:
    """The per-unit workbook that replaces the report's appendix tables for a large body."""
    return f"phu-luc-so-lieu-{year}.xlsx"


def appendix_is_capped(summary: Summary) -> bool:
    return _received_count(summary) > APPENDIX_MAX_UNITS


def chart_is_capped(summary: Summary) -> bool:
    return _received_count(summary) > CHART_MAX_UNITS


def _received_count(summary: Summary) -> int:
    return sum(1 for u in summary.unit_list if u.status == "received")


def _best_ranked(summary: Summary, received: list[Unit]) -> list[Unit]:
    """The APPENDIX_MAX_UNITS received units with the best rank (unranked last, then by code)."""
    rank = {s.unit: s.rank for s in summary.scores}
    last = len(received) + 1
    return sorted(received, key=lambda u: (rank.get(u.code) or last, u.code))[:APPENDIX_MAX_UNITS]


def _appendix(
    summary: Summary,
    entries: _UnitEntries,
    received: list[Unit],
    context: dict[str, Any],
    ranked: list[Score],
    short_names: dict[str, str],
) -> dict[str, Any]:
    """What the report's appendix tables list: every unit, or for a large body the best-scored ones.

    A table of thousands of rows helps no one who signs the report; the totals rows still cover
    every unit and the workbook `annex_name(year)` has them all.
    """
    capped = appendix_is_capped(summary)
    shown = _best_ranked(summary, received) if capped else received
    note = (
        f"Các Biểu 01 đến 04 chỉ liệt kê {len(shown)} đơn vị xếp hạng thi đua cao nhất trong số "
        f"{so(len(received))} đơn vị đã báo cáo; dòng tổng cộng tính trên tất cả các đơn vị. Số liệu "
        f"đầy đủ của từng đơn vị ở tệp {annex_name(summary.year)} kèm theo báo cáo này."
        if capped
        else ""
    )
    chart_note = (
        f" ({CHART_MAX_UNITS} đơn vị có kết quả cao nhất của mỗi chỉ tiêu)"
        if chart_is_capped(summary)
        else ""
    )
    return {
        "rut_gon": capped,
        "so_don_vi": len(shown),
        "tep_so_lieu": annex_name(summary.year) if capped else "",
        "ghi_chu": note,
        "bieu_do_ghi_chu": chart_note,
        "don_vi_bao_cao": LazyList(shown, entries.unit) if capped else context["don_vi_bao_cao"],
        "chi_tieu_don_vi": LazyList(shown, entries.with_target_rows)
        if capped
        else context["chi_tieu_don_vi"],
        "xep_hang": (
            LazyList(ranked[:APPENDIX_MAX_UNITS], lambda s: _ranking_entry(s, short_names))
            if capped
            else context["xep_hang"]
        ),
    }


def build_context(summary: Summary) -> dict[str, Any]:
    """Every variable a template can use; see docs/huong-dan-mau-van-ban.md."""
    body, event = summary.body, summary.event
    entries = _UnitEntries(summary)
    units = summary.unit_list
    received = [u for u in units if u.status == "received"]
    kinds = entries.kinds
    totals_fig = {
        code: _figure(summary.total_figures.get(code), summary.previous_year, kinds[code])
        for code in summary.indicators
    }
    short_names = {u.code: u.short_name for u in units}
    ranked = sorted(summary.scores, key=lambda s: s.rank)
    units_by_code = {u.code: u for u in units}
    per_unit: dict[str, Any] = {
        "don_vi": LazyList(units, entries.unit),
        "don_vi_bao_cao": LazyList(received, entries.unit),
        "don_vi_thieu": LazyList([u for u in units if u.status == "missing"], entries.unit),
        "don_vi_chua_du": LazyList([u for u in received if not u.complete], entries.unit),
        "don_vi_loai": LazyList([u for u in units if u.status == "excluded"], entries.unit),
        "ten_cac_don_vi": LazyList(units, lambda u: u.short_name),
        "xep_hang": LazyList(ranked, lambda s: _ranking_entry(s, short_names)),
        "chi_tieu_don_vi": LazyList(received, entries.with_target_rows),
    }
    context = {
        "nam": summary.year,
        "nam_truoc": summary.previous_year or summary.year - 1,
        "co_so_lieu_nam_truoc": summary.previous_year is not None,
        "nam_sau": summary.year + 1,
        "co_quan": {
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
        },
        "hoi_nghi": {
            "ngay": event.date,
            "dia_diem": event.place,
            "chu_de": event.theme,
            "dai_bieu": [{"ten": p.name, "chuc_vu": p.title} for p in event.attendees],
            # The templates add the ";" or "," after each căn cứ; inputs often already end with one.
            "can_cu": [c.strip().rstrip(";.,").rstrip() for c in event.can_cu if c.strip()],
        },
        "van_ban": {key: _document(summary, key) for key in DOCUMENT_SYMBOLS},
        "chi_tieu": {
            code: {"ten": i.name, "dvt": i.unit, "dvt_bang": _table_unit(i.kind, i.unit), "kieu": i.kind}
            for code, i in summary.indicators.items()
        },
        "tong": {code: summary.totals.get(code) for code in summary.indicators},
        "so_lieu": totals_fig,
        "tong_nam_truoc": {code: summary.previous_totals.get(code) for code in summary.indicators},
        **per_unit,
        "so_don_vi": len(units),
        "so_don_vi_bao_cao": sum(u.complete for u in received),  # in full: see Unit.complete
        "nhieu_don_vi": appendix_is_capped(summary),
        "liet_ke_toi_da": AWARD_NAMES_MAX,
        "khen_thuong": _awards(summary, units_by_code),
        "khong_du_dieu_kien": _rejected(summary),
        "chi_tieu_tong": _target_rows(summary, summary.total_figures),
        "ghi_chu_ke_thua": list(summary.lineage_notes),
        "nam_sau_gu": _next_year(summary, entries),
    }
    context["phu_luc"] = _appendix(summary, entries, received, context, ranked, short_names)
    return typing.cast(dict[str, Any], _clean(context))
