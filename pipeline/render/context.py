"""The one mapping from the `Summary` to the variables templates see (docs/huong-dan-mau-van-ban.md).

Names are Vietnamese because staff read them in Word. Values stay raw numbers and ISO dates:
formatting is the filters' job, so a template can show one figure as "339.739" in a table and
"gần 340.000" in prose. Every text is made safe here once (`context_values.clean`): NFC, and no
control characters, which are invalid in the DOCX XML.

A national body has 130.000 units. Every per-unit variable (`don_vi`, `xep_hang`,
`chi_tieu_don_vi`, `nam_sau_gu.don_vi_ky`...) is therefore a `LazyList`: a read-only list whose
entries are made when a template reaches them and not kept, so building the context costs the
same for 130.000 units as for 6, and a template that prints 60 units pays for 60.

This module puts the parts together; each part is built where it belongs:

- `context_figures`: every figure (`so_lieu`, each unit's `ket_qua`, the achievement rows) and
  the body's totals (`tong`, `tong_nam_truoc`, `chi_tieu_tong`);
- `context_units`: each unit's entry, the per-unit lists, the ranking and the appendix (`phu_luc`);
- `context_awards`: the commendation lists (`khen_thuong`, `khong_du_dieu_kien`);
- `context_body`: the issuing body, the conference and the documents' numbers;
- `context_giao_uoc`: next year's giao ước, its targets and its signatures (`nam_sau_gu`);
- `context_values`: `safe_text`, `clean` and `LazyList`, which every part uses.
"""

from __future__ import annotations

import typing
from typing import Any

from pipeline.model.summary import Summary
from pipeline.render.context_awards import AWARD_NAMES_MAX, awards_context, rejected_context
from pipeline.render.context_body import (
    DOCUMENT_SYMBOLS,
    body_context,
    documents_context,
    event_context,
)
from pipeline.render.context_figures import ACHIEVEMENT_WORDS, indicators_context, totals_context
from pipeline.render.context_giao_uoc import (
    SIGNER_TITLE,
    giao_uoc_reference,
    next_year_context,
    signature_sheet_name,
    signing_units,
)
from pipeline.render.context_units import (
    APPENDIX_MAX_UNITS,
    CHART_MAX_UNITS,
    STATUS_WORDS,
    UnitEntries,
    annex_name,
    appendix_context,
    appendix_is_capped,
    chart_is_capped,
    unit_lists,
)
from pipeline.render.context_values import LazyList, clean, safe_text

# The names the rest of the code and the tests import from here, wherever they are built.
__all__ = [
    "ACHIEVEMENT_WORDS",
    "APPENDIX_MAX_UNITS",
    "AWARD_NAMES_MAX",
    "CHART_MAX_UNITS",
    "DOCUMENT_SYMBOLS",
    "SIGNER_TITLE",
    "STATUS_WORDS",
    "LazyList",
    "annex_name",
    "appendix_is_capped",
    "build_context",
    "chart_is_capped",
    "giao_uoc_reference",
    "safe_text",
    "signature_sheet_name",
    "signing_units",
]


def build_context(summary: Summary) -> dict[str, Any]:
    """Every variable a template can use; see docs/huong-dan-mau-van-ban.md."""
    entries = UnitEntries(summary)
    lists = unit_lists(entries)
    context = {
        "nam": summary.year,
        "nam_truoc": summary.previous_year or summary.year - 1,
        "co_so_lieu_nam_truoc": summary.previous_year is not None,
        "nam_sau": summary.year + 1,
        "co_quan": body_context(summary),
        "hoi_nghi": event_context(summary),
        "van_ban": documents_context(summary),
        "chi_tieu": indicators_context(summary),
        **totals_context(summary),
        **lists,
        "so_don_vi": len(summary.unit_list),
        "so_don_vi_bao_cao": sum(u.complete for u in entries.received),  # in full: see Unit.complete
        "nhieu_don_vi": appendix_is_capped(summary),
        "liet_ke_toi_da": AWARD_NAMES_MAX,
        "khen_thuong": awards_context(summary),
        "khong_du_dieu_kien": rejected_context(summary),
        "ghi_chu_ke_thua": list(summary.lineage_notes),
        "nam_sau_gu": next_year_context(summary, entries),
        "phu_luc": appendix_context(entries, lists),
    }
    return typing.cast(dict[str, Any], clean(context))
