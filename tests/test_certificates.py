"""Certificates: real DOCX files written, read back with python-docx and as XML."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document

from pipeline.errors import InputError
from pipeline.form.layout import AWARD_FORMS
from pipeline.model.summary import Award, Body, Conferrer, DocumentInfo, Event, Summary
from pipeline.paths import DEFAULT_TEMPLATES
from pipeline.render.certificates import (
    CERTIFICATE_DIR,
    CERTIFICATE_LABELS,
    certificate_context,
    file_names,
    merged_name,
    render_certificates,
)

TEMPLATE = DEFAULT_TEMPLATES / "bang-khen.docx"
HOSTILE = "Công ty A & B <TNHH> \"Đoàn Kết\" 'Mới'"
NFD_NAME = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")


def person(name: str, unit: str = "CB", achievement: str = "Hoàn thành xuất sắc nhiệm vụ năm 2024.") -> Award:
    return Award(
        form="bang_khen_ca_nhan",
        recipient=name,
        unit_code=unit,
        unit_name=f"LĐLĐ tỉnh {unit}",
        position=f"Chủ tịch CĐCS {HOSTILE}",
        achievement=achievement,
    )


def summary(awards: list[Award], documents: dict[str, DocumentInfo] | None = None) -> Summary:
    body = Body(
        group_name="Cụm thi đua số 5",
        group_kind="cluster",
        superior="TỔNG LĐLĐ VIỆT NAM",
        issuer="LIÊN ĐOÀN LAO ĐỘNG TỈNH CAO BẰNG",
        issuer_code="LĐLĐ",
        place="Cao Bằng",
        signing_for="TM. BAN THƯỜNG VỤ",
        signer_title="CHỦ TỊCH",
        signer_name="Lý Thị Huệ",
    )
    docs = {"to_trinh": DocumentInfo("35/TTr-LĐLĐ", "2024-12-21")} if documents is None else documents
    return Summary(
        year=2024,
        body=body,
        event=Event("2024-12-21", "tỉnh Cao Bằng", "Chủ đề năm"),
        indicators={},
        unit_list=[],
        units={},
        totals={},
        figures={},
        total_figures={},
        awards=awards,
        documents=docs,
    )


AWARDS = [
    Award(
        "co_thi_dua",
        "Liên đoàn Lao động tỉnh Cao Bằng",
        "CB",
        "LĐLĐ tỉnh Cao Bằng",
        achievement="Đơn vị xuất sắc dẫn đầu phong trào thi đua năm 2024.",
    ),
    Award(
        "bang_khen_tap_the",
        "Liên đoàn Lao động tỉnh Lạng Sơn",
        "LS",
        "LĐLĐ tỉnh Lạng Sơn",
        achievement="Đơn vị xuất sắc.",
    ),
    person("Hoàng Văn Dũng", "LS", achievement=f"Thương lượng thành công tại {HOSTILE}."),
    person(NFD_NAME, "TN"),
    person("Trần Văn An", "CB"),
]


def text_of(docx: bytes | Path) -> str:
    source = io.BytesIO(docx) if isinstance(docx, bytes) else docx
    document = Document(source)
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [p.text for cell in table._cells for p in cell.paragraphs]
    return "\n".join(lines)


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


@pytest.fixture
def written(tmp_path: Path) -> list[Path]:
    return render_certificates(summary(AWARDS), TEMPLATE, tmp_path)


def test_one_certificate_per_award_and_one_merged(written: list[Path], tmp_path: Path) -> None:
    singles = [p for p in written if p.parent.name == CERTIFICATE_DIR]
    assert len(singles) == len(AWARDS)
    assert len(set(singles)) == len(singles)
    assert written[-1] == tmp_path / merged_name(2024)
    assert sorted((tmp_path / CERTIFICATE_DIR).iterdir()) == sorted(singles)
    for path in singles:
        assert document_xml(path).count('w:type="page"') == 0


def test_each_certificate_carries_its_award_exactly(written: list[Path]) -> None:
    by_name = {p.name: text_of(p) for p in written[:-1]}
    for award in AWARDS:
        name = unicodedata.normalize("NFC", award.recipient)
        holders = [text for text in by_name.values() if name in text]
        assert len(holders) == 1, name
        text = holders[0]
        assert award.achievement in text
        assert award.unit_name in text or award.form != "bang_khen_ca_nhan"
        if award.position:
            assert award.position in text
        assert "Quyết định số: …" in text  # a tờ trình only proposes: no decision yet, blanks to fill
        assert "Tờ trình" not in text
        assert "Lý Thị Huệ" in text
    co = next(t for t in by_name.values() if "Cao Bằng" in t and "CỜ THI ĐUA" in t)
    assert "Đồng chí" not in co


def test_merged_has_one_page_break_between_certificates(written: list[Path]) -> None:
    merged = written[-1]
    xml = document_xml(merged)
    assert xml.count('<w:br w:type="page"/>') == len(AWARDS) - 1
    text = text_of(merged)
    for award in AWARDS:
        assert text.count(unicodedata.normalize("NFC", award.recipient)) == 1
    # The commendation list's order: Cờ thi đua, Bằng khen tập thể, then people by given name.
    order = ["tỉnh Cao Bằng", "tỉnh Lạng Sơn", "Trần Văn An", "Hoàng Văn Dũng", "Nguyễn Thị Ánh Tuyết"]
    positions = [text.index(name) for name in order]
    assert positions == sorted(positions)


def test_hostile_text_and_nfd_names_survive(written: list[Path]) -> None:
    text = text_of(written[-1])
    assert HOSTILE in text
    assert "Nguyễn Thị Ánh Tuyết" in text  # composed (NFC): prints the same in every font
    assert NFD_NAME not in text


def test_a_cluster_s_awards_are_conferred_and_signed_by_the_level_above(tmp_path: Path) -> None:
    made = summary(AWARDS[:1], {"quyet_dinh": DocumentInfo("2415/QĐ-TLĐ", "2024-12-16")})
    made.conferrer = Conferrer("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "Hà Nội", "TM. ĐOÀN CHỦ TỊCH",
                               "PHÓ CHỦ TỊCH", "Huỳnh Thanh Xuân")  # fmt: skip
    text = text_of(render_certificates(made, TEMPLATE, tmp_path)[0])
    assert text.startswith("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM")
    assert "Hà Nội, ngày 16 tháng 12 năm 2024" in text and "Quyết định số: 2415/QĐ-TLĐ" in text
    assert "TM. ĐOÀN CHỦ TỊCH" in text and "Huỳnh Thanh Xuân" in text and "Lý Thị Huệ" not in text


def test_decision_is_cited_and_blanks_without_one(tmp_path: Path) -> None:
    docs = {
        "to_trinh": DocumentInfo("35/TTr-LĐLĐ", "2024-12-21"),
        "quyet_dinh": DocumentInfo("7/QĐ-LĐLĐ", "2025-01-05"),
    }
    text = text_of(render_certificates(summary(AWARDS[:1], docs), TEMPLATE, tmp_path / "a")[0])
    assert "Quyết định số: 07/QĐ-LĐLĐ" in text
    assert "ngày 05/01/2025" in text
    text = text_of(render_certificates(summary(AWARDS[:1], {}), TEMPLATE, tmp_path / "b")[0])
    assert "Quyết định số: …" in text
    assert "ngày … tháng … năm …" in text


def test_file_names_are_unique_and_stable() -> None:
    twins = [person("Nguyễn Văn An", "CB"), person("Nguyễn Văn An", "LS"), person("Nguyễn Văn An", "CB")]
    names = file_names(twins)
    assert names == [
        "bang-khen-ca-nhan-nguyen-van-an-cb.docx",
        "bang-khen-ca-nhan-nguyen-van-an-ls.docx",
        "bang-khen-ca-nhan-nguyen-van-an-cb-2.docx",
    ]
    assert file_names(twins) == names
    assert file_names([person("Đặng Thị Đào")]) == ["bang-khen-ca-nhan-dang-thi-dao.docx"]


def test_rerun_is_byte_identical_and_removes_withdrawn_awards(tmp_path: Path) -> None:
    first = render_certificates(summary(AWARDS), TEMPLATE, tmp_path)
    before = {p: p.read_bytes() for p in first}
    again = render_certificates(summary(AWARDS), TEMPLATE, tmp_path)
    assert {p: p.read_bytes() for p in again} == before
    fewer = render_certificates(summary(AWARDS[:2]), TEMPLATE, tmp_path)
    assert sorted((tmp_path / CERTIFICATE_DIR).iterdir()) == sorted(fewer[:-1])
    assert render_certificates(summary([]), TEMPLATE, tmp_path) == []
    assert not (tmp_path / merged_name(2024)).exists()
    assert list((tmp_path / CERTIFICATE_DIR).iterdir()) == []


def _template(tmp_path: Path, runs: list[str]) -> Path:
    """A template with one paragraph made of `runs`, alternately bold, as Word splits edited text."""
    document = Document(str(TEMPLATE))
    paragraph = document.paragraphs[0]
    for run in paragraph.runs:
        run.text = ""
    for i, piece in enumerate(runs):
        paragraph.add_run(piece).bold = i % 2 == 0
    path = tmp_path / "mau.docx"
    document.save(str(path))
    return path


def test_tags_split_across_runs_still_render(tmp_path: Path) -> None:
    template = _template(tmp_path, ["Tặng {", "{ giay_khen.", "ten }", "} – {{ nam }}"])
    out = render_certificates(summary(AWARDS[:1]), template, tmp_path / "out")
    assert "Tặng Liên đoàn Lao động tỉnh Cao Bằng – 2024" in text_of(out[0])


def test_same_text_as_docxtpl(tmp_path: Path) -> None:
    from docxtpl import DocxTemplate

    from pipeline.formats.jinja_env import make_env

    award = AWARDS[2]
    ours = render_certificates(summary([award]), TEMPLATE, tmp_path)[0]
    reference = DocxTemplate(str(TEMPLATE))
    reference.render(certificate_context(summary([award]), award), make_env(), autoescape=True)
    buffer = io.BytesIO()
    reference.save(buffer)
    assert text_of(ours) == text_of(buffer.getvalue())


@pytest.mark.parametrize(
    ("runs", "message"),
    [
        (["{{ giay_khen.ho_ten_sai }}"], "ho_ten_sai"),
        (["{{ nguoi_nhan }}"], "nguoi_nhan"),
        (["{{ nam }"], "cú pháp"),
    ],
)
def test_template_mistakes_are_input_errors(tmp_path: Path, runs: list[str], message: str) -> None:
    template = _template(tmp_path, runs)
    with pytest.raises(InputError) as caught:
        render_certificates(summary(AWARDS[:1]), template, tmp_path / "out")
    assert message in str(caught.value)


def test_body_fields_match_the_other_templates() -> None:
    context = pytest.importorskip("pipeline.render.context", reason="the render stage is not in the tree yet")
    factory = pytest.importorskip(
        "summary_factory", reason="the render tests' summary is not in the tree yet"
    )
    made = factory.make_summary()
    ours = certificate_context(made, made.awards[0])["co_quan"]
    # Every field a certificate offers means what it means in the other templates.
    assert ours.items() <= context.build_context(made)["co_quan"].items()


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None, reason="no LibreOffice"
)
def test_pdf_prints_one_certificate_per_page(tmp_path: Path) -> None:
    written = render_certificates(summary(AWARDS), TEMPLATE, tmp_path, pdf=True)
    assert written[-1] == tmp_path / merged_name(2024).replace(".docx", ".pdf")
    info = subprocess.run(["pdfinfo", str(written[-1])], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Pages:\s+{len(AWARDS)}$", info, re.MULTILINE)


def test_the_name_and_the_award_carry_anchors(written: list[Path]) -> None:
    """Each certificate's name and award are hidden bookmarks holding exactly that text (living
    drafts, pipeline.office.anchors); the merged print file repeats bodies, so it has none."""
    from lxml import etree

    from pipeline.office.anchors import find_anchors

    for award in AWARDS:
        name = unicodedata.normalize("NFC", award.recipient)
        path = next(p for p in written[:-1] if name in text_of(p))
        anchors = find_anchors(etree.fromstring(document_xml(path).encode("utf-8")))
        texts = {a.ident.split("_")[2] + ":" + a.text for a in anchors.values() if a.untouched}
        assert f"{award.unit_code}:{name}" in texts, texts
        label = CERTIFICATE_LABELS.get(award.form, AWARD_FORMS[award.form]).upper()
        assert f"{award.unit_code}:{label}" in {t.upper() for t in texts}, texts
    assert "_tk" not in document_xml(written[-1])
