"""Certificates (Bằng khen, Giấy khen, Cờ thi đua) for every accepted award, ready to print.

One DOCX per awardee under `giay-khen/`, and one merged DOCX with one certificate per page, to
print the whole batch on pre-printed certificate paper. The template (templates/bang-khen.docx)
is a Word file staff edit; its fields are the context below. It is compiled once however many
awards there are (pipeline/office/fastdocx.py).

Template fields (Vietnamese, like the other templates' — docs/huong-dan-mau-van-ban.md):
- `giay_khen`: `loai` (Bằng khen / Cờ thi đua / Giấy khen), `hinh_thuc` (Bằng khen cá nhân ...),
  `ca_nhan` (a person, not a collective), `ten`, `chuc_vu`, `don_vi`, `ma_don_vi`, `thanh_tich`;
- `quyet_dinh`: `loai` (Quyết định, or Tờ trình while no decision exists), `so`, `ngay` (ISO);
- `co_quan`: the issuing body, the same keys as in the other templates; `nam`: the year.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import UndefinedError

from pipeline.errors import InputError
from pipeline.form.layout import AWARD_FORMS
from pipeline.formats.anchors import anchored
from pipeline.formats.anchors import key as anchor_key
from pipeline.model.summary import Award, Summary
from pipeline.office.atomic import remove_output, write_atomic
from pipeline.render.collation import person_key

if TYPE_CHECKING:
    from jinja2 import Environment

    from pipeline.office.fastdocx import CompiledDocx

CERTIFICATE_DIR = "giay-khen"
TEMPLATE_NAME = "bang-khen.docx"
# What the certificate is titled, per award form. A province printing its own Giấy khen passes
# labels={"bang_khen_ca_nhan": "Giấy khen", ...} (the form codes are the contract's).
CERTIFICATE_LABELS = {
    "co_thi_dua": "Cờ thi đua",
    "bang_khen_tap_the": "Bằng khen",
    "bang_khen_ca_nhan": "Bằng khen",
}
# The document a certificate cites: the decision once issued, else the tờ trình proposing it.
# Only a decision confers an award; a tờ trình only proposes, so without a decision the
# certificate leaves the number and date blank for a person to write in.
DECISION_SOURCES = (("quyet_dinh", "Quyết định"),)
PERSON_FORMS = ("bang_khen_ca_nhan",)

# Tabs and newlines are kept (they become tabs and line breaks); other controls are invalid XML.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG_LENGTH = 60


def _text(value: str | None) -> str:
    """NFC and no control characters: the same text, printable and valid in the DOCX XML.

    NFD text compares unequal but reads the same; printed, its tone marks can land beside the
    letter in some fonts, so certificates carry the composed form.
    """
    if not value:
        return ""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def _body_context(summary: Summary) -> dict[str, Any]:
    """The issuing body, under the keys pipeline/render/context_body.py gives the other templates."""
    body = summary.body
    return {
        "cap_tren": _text(body.superior),
        "ten": _text(body.issuer),
        "ky_hieu": _text(body.issuer_code),
        "dia_danh": _text(body.place),
        "tm": _text(body.signing_for),
        "chuc_vu_ky": _text(body.signer_title),
        "nguoi_ky": _text(body.signer_name),
        "ten_cum": _text(body.group_name),
        "ten_cum_day_du": _text(body.group_full_name or body.group_name),
        "la_cum": body.group_kind == "cluster",
    }


def _conferrer_context(summary: Summary) -> dict[str, Any]:
    """Who confers the award and signs: the province itself, or for a cluster the level above."""
    body = summary.body
    who = summary.conferrer
    if who is None:  # a summary.json from before the field existed
        return {"ten": _text(body.issuer), "dia_danh": _text(body.place), "tm": _text(body.signing_for),
                "chuc_vu_ky": _text(body.signer_title), "nguoi_ky": _text(body.signer_name)}  # fmt: skip
    return {
        "ten": _text(who.name),
        "dia_danh": _text(who.place),
        "tm": _text(who.signing_for),
        "chuc_vu_ky": _text(who.signer_title),
        "nguoi_ky": _text(who.signer_name),
    }


def _decision(summary: Summary) -> dict[str, Any]:
    for key, kind in DECISION_SOURCES:
        info = summary.documents.get(key)
        if info is not None:
            return {"loai": kind, "so": _text(info.number) or None, "ngay": info.date or None}
    # No number yet: the template prints the blank marks for a person to fill in by hand.
    return {"loai": DECISION_SOURCES[0][1], "so": None, "ngay": None}


def certificate_context(
    summary: Summary, award: Award, labels: Mapping[str, str] = CERTIFICATE_LABELS
) -> dict[str, Any]:
    """Everything one certificate shows."""
    return {
        "nam": summary.year,
        "co_quan": _body_context(summary),
        "trao_tang": _conferrer_context(summary),
        "quyet_dinh": _decision(summary),
        "giay_khen": _award_fields(award, labels),
    }


def _award_fields(award: Award, labels: Mapping[str, str]) -> dict[str, Any]:
    # The name and the award carry anchors (pipeline.formats.anchors), as in the drafts: a
    # certificate staff retouched in Word can be told apart from the figures tongket wrote.
    unit = award.unit_code or ""
    label = labels.get(award.form, AWARD_FORMS.get(award.form, award.form))
    return {
        "loai": anchored(label, anchor_key("t", "gk", unit)),
        "hinh_thuc": anchored(AWARD_FORMS.get(award.form, award.form), anchor_key("t", "gk.hinh_thuc", unit)),
        "ca_nhan": award.form in PERSON_FORMS,
        "ten": anchored(_text(award.recipient), anchor_key("t", "gk.ten", unit)),
        "chuc_vu": _text(award.position),
        "don_vi": _text(award.unit_name),
        "ma_don_vi": award.unit_code,
        "thanh_tich": _text(award.achievement),
    }


def print_order(awards: list[Award]) -> list[Award]:
    """The commendation list's order: by form (Cờ thi đua first), people in Vietnamese name order."""
    ordered: list[Award] = []
    for form in AWARD_FORMS:
        chosen = [a for a in awards if a.form == form]
        if form in PERSON_FORMS:
            chosen.sort(key=lambda a: person_key(_text(a.recipient)))
        ordered.extend(chosen)
    ordered.extend(a for a in awards if a.form not in AWARD_FORMS)
    return ordered


def slug(text: str) -> str:
    """ASCII file-name part: "Bằng khen cá nhân" → "bang-khen-ca-nhan" (đ → d, as people type it)."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:_SLUG_LENGTH].rstrip("-") or "khong-ten"


def file_names(awards: list[Award]) -> list[str]:
    """One file name per award: form and recipient, then the unit, then a number where needed.

    Names depend only on the awards themselves, so a re-run writes the same files.
    """
    bases = [f"{slug(AWARD_FORMS.get(a.form, a.form))}-{slug(a.recipient)}" for a in awards]
    repeated = Counter(bases)
    names = [f"{b}-{slug(a.unit_code)}" if repeated[b] > 1 else b for b, a in zip(bases, awards, strict=True)]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return [f"{name}.docx" for name in unique]


def merged_name(year: int) -> str:
    return f"giay-khen-{year}-in-gop.docx"


def load_template(template: Path, env: Environment | None = None) -> CompiledDocx:
    """The compiled template, checked: a field the certificate does not have is an InputError."""
    from jinja2 import TemplateSyntaxError  # with make_env: only when certificates are made

    from pipeline.formats.jinja_env import make_env  # babel: imported only when certificates are made
    from pipeline.office.fastdocx import CompiledDocx  # docxtpl, lxml: likewise

    try:
        compiled = CompiledDocx(template, env or make_env(anchored=True))
    except TemplateSyntaxError as exc:
        raise InputError(
            f"Mẫu giấy khen {template} sai cú pháp ở dòng {exc.lineno}: {exc.message}. "
            "Sửa thẻ {{ ... }} hoặc {% ... %} trong Word rồi chạy lại."
        ) from exc
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"Không đọc được mẫu giấy khen {template}: {exc}.") from exc
    known = {"nam", "co_quan", "trao_tang", "quyet_dinh", "giay_khen"}
    unknown = sorted(compiled.variables() - known)
    if unknown:
        raise InputError(
            f"Mẫu giấy khen {template} dùng trường không có: {', '.join(unknown)}. "
            f"Các trường dùng được: {', '.join(sorted(known))}."
        )
    return compiled


def certificate_files(
    summary: Summary, template: Path, merged: bool = True, labels: Mapping[str, str] = CERTIFICATE_LABELS
) -> Iterator[tuple[str, bytes]]:
    """Every certificate file as (name relative to the year folder, DOCX bytes), the merged one last.

    All certificates are rendered before this returns, so a template mistake raises InputError
    before a single file is written; the zips are built one at a time as they are consumed.
    """
    awards = print_order(summary.awards)
    compiled = load_template(template)
    contexts = [certificate_context(summary, award, labels) for award in awards]
    try:
        bodies = [compiled.render(context) for context in contexts]
    except UndefinedError as exc:  # a misspelt field inside a known one: giay_khen.ho_ten
        raise InputError(f"Mẫu giấy khen {template} dùng trường không có: {exc.message}.") from exc

    def files() -> Iterator[tuple[str, bytes]]:
        for name, body, context in zip(file_names(awards), bodies, contexts, strict=True):
            yield f"{CERTIFICATE_DIR}/{name}", compiled.build([body], context)
        if merged and bodies:
            yield merged_name(summary.year), compiled.build(bodies, contexts[0])

    return files()


def render_certificates(
    summary: Summary,
    template: Path,
    out_dir: Path,
    merged: bool = True,
    *,
    pdf: bool = False,
    labels: Mapping[str, str] = CERTIFICATE_LABELS,
) -> list[Path]:
    """Write one certificate per award under out_dir/giay-khen/ and, if `merged`, all in one file.

    Returns the paths written. Certificates of awards no longer in the summary are removed, so
    a withdrawn award never gets printed from a stale file. With `pdf`, LibreOffice converts the
    merged file (or, without it, every certificate) and the PDFs are returned too.
    """
    written = []
    for name, data in certificate_files(summary, template, merged, labels):
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
    cert_dir = out_dir / CERTIFICATE_DIR
    _remove_stale(cert_dir, {p.name for p in written if p.parent == cert_dir})
    if not summary.awards:  # no award left: last run's batch must not be printed
        remove_output(out_dir / merged_name(summary.year))
    if pdf and written:
        from pipeline.office.pdf import convert_to_pdf  # raises PdfUnavailable with the install hint

        targets = written[-1:] if merged else written
        written.extend(convert_to_pdf(targets, targets[0].parent))
    return written


def _remove_stale(cert_dir: Path, keep: set[str]) -> None:
    if not cert_dir.is_dir():
        return
    for path in cert_dir.iterdir():
        if path.suffix in (".docx", ".pdf") and path.stem + ".docx" not in keep:
            remove_output(path)  # under a guarded run, a person's edit is moved aside, never deleted
