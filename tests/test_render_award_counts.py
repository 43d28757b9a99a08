"""Award sentences at scale: above `liet_ke_toi_da` collectives of a form, the report, the tờ trình
and the news give the count and refer to the attached list instead of naming each collective; at
or below it they name them as before. The commendation list names every one either way."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from docx_reading import all_paragraphs, open_docx, table_rows, text_of
from summary_factory import make_summary

from pipeline.formats.vnformat import liet_ke, so_dem
from pipeline.model.summary import Award, Summary
from pipeline.paths import DEFAULT_TEMPLATES
from pipeline.render import render_documents
from pipeline.render.context import AWARD_NAMES_MAX, build_context

FLAG = "Cờ thi đua đơn vị xuất sắc dẫn đầu phong trào thi đua CNVCLĐ và hoạt động công đoàn năm 2024"
MERIT = "Bằng khen có thành tích xuất sắc trong phong trào thi đua CNVCLĐ và hoạt động công đoàn năm 2024"
REPORT_LIST = "(danh sách kèm theo Tờ trình số 05/TTr-LĐLĐ)"
TO_TRINH_LIST = "(có danh sách kèm theo)"
# The collectives' sentences come after the intro line and before the individuals' line.
REPORT_FROM, TO_TRINH_FROM = "thống nhất đề nghị Tổng LĐLĐ Việt Nam:", "xem xét, tặng:"
PEOPLE_REPORT, PEOPLE_TO_TRINH = "- Tặng Bằng khen cho 06 cá nhân", "- Bằng khen cho 06 cá nhân"


def collectives(form: str, count: int, kind: str) -> list[Award]:
    """`count` collectives of one form, each with a name found nowhere else in the documents."""
    return [
        Award(
            form,  # type: ignore[arg-type]
            f"Công đoàn cơ sở Công ty {kind} {i:04d}",
            f"X{kind[0]}{i:04d}",
            f"CĐCS Công ty {kind} {i:04d}",
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2024.",
            reason=f"Xếp thứ {i + 1}",
        )
        for i in range(1, count + 1)
    ]


def summary_with(flags: int, merits: int) -> Summary:
    """The sample summary with `flags` Cờ thi đua and `merits` Bằng khen tập thể; its 6 people kept."""
    base = make_summary()
    people = [a for a in base.awards if a.form == "bang_khen_ca_nhan"]
    flag_awards = collectives("co_thi_dua", flags, "Cờ Hồng")
    merit_awards = collectives("bang_khen_tap_the", merits, "Bằng Vàng")
    return dataclasses.replace(base, awards=flag_awards + merit_awards + people)


def texts(data: bytes) -> list[str]:
    return [p.text for p in all_paragraphs(open_docx(data))]


def between(paragraphs: list[str], first: str, last: str) -> list[str]:
    """The paragraphs after the one ending with `first` and before the one starting with `last`."""
    start = next(i for i, p in enumerate(paragraphs) if p.endswith(first))
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.startswith(last))
    return paragraphs[start + 1 : end]


def report_lines(flags: list[Award], merits: list[Award]) -> list[str]:
    """What the report's section 7 should say, from the rule the templates implement."""
    lines = []
    if len(flags) > AWARD_NAMES_MAX:
        lines.append(f"- Tặng {FLAG} cho {so_dem(len(flags))} tập thể {REPORT_LIST};")
    else:
        lines += [f"- Tặng {FLAG} cho {a.recipient};" for a in flags]
    if len(merits) > AWARD_NAMES_MAX:
        lines.append(f"- Tặng {MERIT} cho {so_dem(len(merits))} tập thể {REPORT_LIST};")
    elif merits:
        lines.append(f"- Tặng {MERIT} cho {liet_ke(a.recipient for a in merits)};")
    return lines


def to_trinh_lines(flags: list[Award], merits: list[Award]) -> list[str]:
    lines = []
    if len(flags) > AWARD_NAMES_MAX:
        lines.append(f"- {FLAG} cho {so_dem(len(flags))} tập thể {TO_TRINH_LIST};")
    elif flags:
        lines.append(f"- {FLAG} cho {so_dem(len(flags))} tập thể: {liet_ke(a.recipient for a in flags)};")
    if len(merits) > AWARD_NAMES_MAX:
        lines.append(f"- Bằng khen cho {so_dem(len(merits))} tập thể {TO_TRINH_LIST};")
    elif merits:
        names = liet_ke(a.recipient for a in merits)
        lines.append(f"- Bằng khen cho {so_dem(len(merits))} tập thể: {names};")
    return lines


def news_sentence(flags: list[Award], merits: list[Award]) -> str:
    """The news names units by `don_vi` (the proposing unit), or gives the count: no attached list."""

    def who(awards: list[Award]) -> str:
        if len(awards) > AWARD_NAMES_MAX:
            return f"{so_dem(len(awards))} tập thể"
        return liet_ke(a.unit_name for a in awards)

    return (
        f"Với những kết quả nổi bật, Cụm thi đua số 5 đề nghị Tổng LĐLĐ Việt Nam tặng {FLAG} cho "
        f"{who(flags)}; tặng Bằng khen có thành tích xuất sắc cho {who(merits)}."
    )


def test_the_threshold_is_one_context_variable() -> None:
    assert AWARD_NAMES_MAX == 10
    assert build_context(make_summary())["liet_ke_toi_da"] == AWARD_NAMES_MAX


@pytest.fixture(scope="module")
def national() -> dict[str, bytes]:
    """The brief's national figures: 642 Cờ thi đua and 5.174 Bằng khen tập thể."""
    return render_documents(summary_with(642, 5174), DEFAULT_TEMPLATES)


def test_national_to_trinh_counts_the_collectives(national: dict[str, bytes]) -> None:
    paragraphs = texts(national["to-trinh-khen-thuong-2024.docx"])
    assert between(paragraphs, TO_TRINH_FROM, PEOPLE_TO_TRINH) == [
        f"- {FLAG} cho 642 tập thể (có danh sách kèm theo);",
        "- Bằng khen cho 5.174 tập thể (có danh sách kèm theo);",
    ]
    text = "\n".join(paragraphs)
    assert "Công ty Cờ Hồng" not in text and "Công ty Bằng Vàng" not in text


def test_national_report_counts_the_collectives_and_cites_the_to_trinh(national: dict[str, bytes]) -> None:
    paragraphs = texts(national["bao-cao-tong-ket-2024.docx"])
    assert between(paragraphs, REPORT_FROM, PEOPLE_REPORT) == [
        f"- Tặng {FLAG} cho 642 tập thể (danh sách kèm theo Tờ trình số 05/TTr-LĐLĐ);",
        f"- Tặng {MERIT} cho 5.174 tập thể (danh sách kèm theo Tờ trình số 05/TTr-LĐLĐ);",
    ]
    text = "\n".join(paragraphs)
    assert "Công ty Cờ Hồng" not in text and "Công ty Bằng Vàng" not in text


def test_national_news_counts_the_collectives(national: dict[str, bytes]) -> None:
    sentence = (
        f"Với những kết quả nổi bật, Cụm thi đua số 5 đề nghị Tổng LĐLĐ Việt Nam tặng {FLAG} cho 642 tập "
        "thể; tặng Bằng khen có thành tích xuất sắc cho 5.174 tập thể."
    )
    md = national["tin-bai-2024.md"].decode("utf-8")
    html = national["tin-bai-2024.html"].decode("utf-8")
    assert sentence in md.splitlines()
    assert f"<p>{sentence}</p>" in html.splitlines()
    # The headline still names the first Cờ thi đua; the body names no awarded collective.
    for text in (md.split("\n", 1)[1], html.split("</h1>", 1)[1]):
        assert "Công ty Cờ Hồng" not in text and "Công ty Bằng Vàng" not in text


def test_national_commendation_list_still_names_every_collective(national: dict[str, bytes]) -> None:
    doc = open_docx(national["danh-sach-khen-thuong-2024.docx"])
    named = {row[1] for table in doc.tables for row in table_rows(table)}
    assert {a.recipient for a in collectives("co_thi_dua", 642, "Cờ Hồng")} <= named
    assert {a.recipient for a in collectives("bang_khen_tap_the", 5174, "Bằng Vàng")} <= named
    assert "Danh sách gồm 5.816 tập thể và 06 cá nhân./." in text_of(doc)


@pytest.mark.parametrize(
    ("flags", "merits"),
    [
        (1, 2),  # the bundled sample's shape
        (AWARD_NAMES_MAX, AWARD_NAMES_MAX),  # at the threshold: still named
        (AWARD_NAMES_MAX + 1, AWARD_NAMES_MAX + 1),  # just above: counted
        (AWARD_NAMES_MAX - 1, 77),  # the demo province of 2.000 units: named and counted
        (AWARD_NAMES_MAX + 5, 0),
    ],
)
def test_award_sentences_name_up_to_the_threshold_and_count_above(flags: int, merits: int) -> None:
    summary = summary_with(flags, merits)
    documents = render_documents(summary, DEFAULT_TEMPLATES)
    cờ = [a for a in summary.awards if a.form == "co_thi_dua"]
    bằng = [a for a in summary.awards if a.form == "bang_khen_tap_the"]

    report = texts(documents["bao-cao-tong-ket-2024.docx"])
    section = between(report, REPORT_FROM, PEOPLE_REPORT)
    assert section == report_lines(cờ, bằng)

    to_trinh = texts(documents["to-trinh-khen-thuong-2024.docx"])
    assert between(to_trinh, TO_TRINH_FROM, PEOPLE_TO_TRINH) == to_trinh_lines(cờ, bằng)

    if cờ and bằng:
        sentence = news_sentence(cờ, bằng)
        assert sentence in documents["tin-bai-2024.md"].decode("utf-8").splitlines()
        assert f"<p>{sentence}</p>" in documents["tin-bai-2024.html"].decode("utf-8").splitlines()

    for awards in (cờ, bằng):
        named = all(a.recipient in "\n".join(report) for a in awards)
        assert named == (len(awards) <= AWARD_NAMES_MAX)


def test_staff_may_set_their_own_threshold_in_a_template(tmp_path: Path) -> None:
    """Writing a number in place of liet_ke_toi_da changes that template only."""
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    news = templates / "tin-bai.md.j2"
    source = news.read_text(encoding="utf-8")
    assert source.count("|length > liet_ke_toi_da %}") == 2
    news.write_text(source.replace("|length > liet_ke_toi_da %}", "|length > 20 %}"), encoding="utf-8")
    summary = summary_with(15, 15)
    cờ = [a for a in summary.awards if a.form == "co_thi_dua"]
    bằng = [a for a in summary.awards if a.form == "bang_khen_tap_the"]
    documents = render_documents(summary, templates)
    md = documents["tin-bai-2024.md"].decode("utf-8")
    assert liet_ke(a.unit_name for a in cờ) in md and liet_ke(a.unit_name for a in bằng) in md
    html = documents["tin-bai-2024.html"].decode("utf-8")
    assert f"<p>{news_sentence(cờ, bằng)}</p>" in html.splitlines()  # the untouched template: counts


@pytest.mark.parametrize("flags", [0, 1, 2, AWARD_NAMES_MAX + 1])
def test_the_news_headline_names_the_leader_only_when_there_is_one(flags: int) -> None:
    """One Cờ thi đua: its unit "xuất sắc dẫn đầu" (seed 002). Several: none of them is the leader."""
    summary = summary_with(flags, 2)
    documents = render_documents(summary, DEFAULT_TEMPLATES)
    md = documents["tin-bai-2024.md"].decode("utf-8").splitlines()
    html = documents["tin-bai-2024.html"].decode("utf-8")
    headline = next(line for line in md if line.startswith("# "))
    leader = f"{flags == 1 and summary.awards[0].unit_name} xuất sắc dẫn đầu phong trào"
    assert (leader in headline) == (flags == 1)
    assert ("tổng kết phong trào thi đua" in headline) == (flags != 1)
    assert headline.removeprefix("# ") in html
