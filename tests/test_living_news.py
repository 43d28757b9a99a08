"""Living drafts, the news draft: an edited tin-bai .md/.html, a submission figure changed, the run
again: the update copy marks each changed phrase, ~~old~~ **new** or <del>/<ins>, in the staff's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.runs.living_text import _Change, mark_changes
from tests.safety_helpers import YEAR, change_figure, copy_inputs, tongket

MD, HTML = "tin-bai-2024.md", "tin-bai-2024.html"
MD_UPDATE, HTML_UPDATE = "tin-bai-2024 (cập nhật 1).md", "tin-bai-2024 (cập nhật 1).html"
PLACEHOLDER = "[Ban Tuyên giáo bổ sung: ý kiến chỉ đạo của lãnh đạo dự hội nghị, ảnh và chú thích ảnh.]"
WRITTEN = "Phát biểu chỉ đạo, đồng chí Phó Chủ tịch Tổng LĐLĐ Việt Nam ghi nhận kết quả của Cụm."
RETYPED = "kết nạp được hơn 25 nghìn đoàn viên"
HTML_NOTE = "<p>Ảnh: Ban Tuyên giáo LĐLĐ tỉnh Cao Bằng.</p>"


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    work = tmp_path_factory.mktemp("news")
    inputs, outputs = copy_inputs(work), work / "outputs"
    assert tongket(inputs, outputs).returncode in (0, 1)
    year_dir = outputs / YEAR
    md = (year_dir / MD).read_text(encoding="utf-8")
    assert "339.739" in md and "kết nạp được 25.493 đoàn viên" in md and PLACEHOLDER in md
    md = md.replace(PLACEHOLDER, WRITTEN).replace("kết nạp được 25.493 đoàn viên", RETYPED)
    (year_dir / MD).write_text(md, encoding="utf-8")
    page = (year_dir / HTML).read_text(encoding="utf-8")
    page = page.replace("</h1>", "</h1>\n" + HTML_NOTE, 1)
    (year_dir / HTML).write_text(page, encoding="utf-8")
    edited = {MD: (year_dir / MD).read_bytes(), HTML: (year_dir / HTML).read_bytes()}
    change_figure(inputs, "BK", "doan_vien", 1000)
    change_figure(inputs, "BK", "doan_vien_moi", 100)
    run = tongket(inputs, outputs)
    return {"dir": year_dir, "edited": edited, "run": run, "inputs": inputs, "outputs": outputs}


def test_markdown_update_copy_marks_the_changes_in_the_staff_text(news: dict[str, object]) -> None:
    year_dir = news["dir"]
    assert isinstance(year_dir, Path)
    edited = news["edited"]
    assert isinstance(edited, dict)
    assert (year_dir / MD).read_bytes() == edited[MD]  # the person's file is untouched
    copy = (year_dir / MD_UPDATE).read_text(encoding="utf-8")
    assert "tổng số đoàn viên là ~~339.739~~ **340.739** đã" in copy
    assert WRITTEN in copy and RETYPED in copy  # their words, and the retyped figure left alone
    # Taking the new words and dropping the old gives the fresh draft, but for the person's words.
    accepted = copy.replace("~~339.739~~ **340.739**", "340.739")
    fresh = next(year_dir.glob("tin-bai-2024 (bản mới *).md")).read_text(encoding="utf-8")
    assert accepted == fresh.replace(PLACEHOLDER, WRITTEN).replace("kết nạp được 25.593 đoàn viên", RETYPED)
    page = next((year_dir / "thay-doi").glob("*.html")).read_text(encoding="utf-8")
    assert "tin-bai-2024.md" in page and "25.593" in page  # the retyped one, for a person


def test_html_update_copy_uses_del_and_ins(news: dict[str, object]) -> None:
    year_dir = news["dir"]
    assert isinstance(year_dir, Path)
    copy = (year_dir / HTML_UPDATE).read_text(encoding="utf-8")
    assert "<del>339.739</del> <ins>340.739</ins>" in copy
    assert "<del>25.493</del> <ins>25.593</ins>" in copy
    assert HTML_NOTE in copy
    fresh = next(year_dir.glob("tin-bai-2024 (bản mới *).html")).read_text(encoding="utf-8")
    accepted = copy.replace("<del>339.739</del> <ins>340.739</ins>", "340.739")
    accepted = accepted.replace("<del>25.493</del> <ins>25.593</ins>", "25.593")
    assert accepted == fresh.replace("</h1>", "</h1>\n" + HTML_NOTE, 1)


def test_the_run_repeated_writes_no_second_news_update(news: dict[str, object]) -> None:
    year_dir, inputs, outputs = news["dir"], news["inputs"], news["outputs"]
    assert isinstance(year_dir, Path) and isinstance(inputs, Path) and isinstance(outputs, Path)
    before = (year_dir / MD_UPDATE).read_bytes()
    tongket(inputs, outputs)
    assert (year_dir / MD_UPDATE).read_bytes() == before
    assert not list(year_dir.glob("tin-bai-2024 (cập nhật 2).*"))


def test_an_ambiguous_phrase_is_not_guessed() -> None:
    """The same words twice in the person's text, and nothing around them to tell which: refused."""
    change = _Change("12", "13", ["có", " "], [" ", "hội", " ", "nghị"])
    marked, left = mark_changes("có 12 hội nghị. Lại có 12 hội nghị.", [change], html=False)
    assert marked == "có 12 hội nghị. Lại có 12 hội nghị." and len(left) == 1
    marked, left = mark_changes("có 12 hội nghị. Lại có 12 cuộc.", [change], html=False)
    assert marked == "có ~~12~~ **13** hội nghị. Lại có 12 cuộc." and not left
