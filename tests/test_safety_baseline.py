"""The run guard compares files, not summaries held in memory (issue 7): the baseline file is the
"before", made from the summary on disk when an older tongket left none, and read a line at a time."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from safety_helpers import REPORT, ROOT, YEAR, change_figure, copy_inputs, fake_stage, tongket, tongket_args
from summary_factory import make_summary

from pipeline.formats.vnformat import so
from pipeline.model.summary import Summary
from pipeline.paths import SUMMARY_FILE, Paths
from pipeline.runs import guard as safe_run
from pipeline.runs.changes import CHANGES_DIR, NOT_SEARCHED, find_changes
from pipeline.runs.changes import page as change_page
from pipeline.runs.changes import summaries as summary_reading
from pipeline.runs.guard import BASELINE_FILE, guarded

DOC = "bao-cao-tong-ket-2024.docx"


def page_of(year_dir: Path) -> str:
    [page] = list((year_dir / CHANGES_DIR).iterdir())
    return page.read_text(encoding="utf-8")


def row_of(page: str, text: str) -> str:
    return page[page.index(text) :].split("</tr>")[0]


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def as_older_tongket_wrote_it(path: Path) -> None:
    """The same summary, indented as tongket wrote it before the line layout."""
    path.write_text(json.dumps(read_json(path), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def assert_tidy(year_dir: Path) -> None:
    """tongket's own state is the baseline alone, equal to the summary; no temporary file anywhere."""
    assert [p.name for p in (year_dir / ".tongket").iterdir()] == [Path(BASELINE_FILE).name]
    assert (year_dir / BASELINE_FILE).read_bytes() == (year_dir / SUMMARY_FILE).read_bytes()
    assert not list(year_dir.rglob("*.tmp"))


# -- end to end: `tongket run` on a copy of the sample ---------------------------------------------


def test_baseline_in_the_old_layout_against_a_new_summary(tmp_path: Path) -> None:
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    year_dir = outputs / YEAR
    assert tongket(inputs, outputs).returncode == 0
    as_older_tongket_wrote_it(year_dir / BASELINE_FILE)
    old = read_json(year_dir / BASELINE_FILE)
    before, after = change_figure(inputs, "BK", "doan_vien", 1000)

    run = tongket(inputs, outputs)
    assert run.returncode == 0, run.stderr
    assert (year_dir / SUMMARY_FILE).read_text(encoding="utf-8").startswith('{\n"year":')  # line layout
    expected = find_changes(old, read_json(year_dir / SUMMARY_FILE))
    page = page_of(year_dir)
    assert f": {so(len(expected))} thay đổi." in page and page.count("<tr><td>") == len(expected)
    row = row_of(page, "LĐLĐ tỉnh Bắc Kạn")
    assert "Tổng số đoàn viên" in row and so(before) in row and so(after) in row and REPORT in row
    assert_tidy(year_dir)


def test_no_baseline_yet_the_summary_on_disk_is_copied_aside(tmp_path: Path) -> None:
    """Outputs of a tongket that kept no baseline, summary.json in its indented layout: the run
    compares with that summary, copied before the run replaces it, and leaves no stray file."""
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    year_dir = outputs / YEAR
    assert tongket(inputs, outputs).returncode == 0
    (year_dir / BASELINE_FILE).unlink()
    as_older_tongket_wrote_it(year_dir / SUMMARY_FILE)
    before, after = change_figure(inputs, "BK", "doan_vien", 1000)

    run = tongket(inputs, outputs)
    assert run.returncode == 0, run.stderr
    row = row_of(page_of(year_dir), "LĐLĐ tỉnh Bắc Kạn")
    assert so(before) in row and so(after) in row
    assert_tidy(year_dir)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_no_baseline_and_the_run_is_killed(tmp_path: Path) -> None:
    """Killed after the new summary was written: the copy made before the run is still the
    baseline, so the next run lists what changed since the drafts staff have."""
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    year_dir = outputs / YEAR
    assert tongket(inputs, outputs).returncode == 0
    (year_dir / BASELINE_FILE).unlink()
    before, after = change_figure(inputs, "BK", "doan_vien", 1000)
    process = subprocess.Popen(
        tongket_args(inputs, outputs), cwd=ROOT, text=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "TONGKET_TEST_PAUSE_AT": "render"},
    )  # fmt: skip
    try:
        assert process.stderr is not None
        assert any(line.strip() == "TONGKET_TEST_PAUSED render" for line in process.stderr)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        process.kill()
        process.wait()
    assert not (year_dir / CHANGES_DIR).exists()

    again = tongket(inputs, outputs)
    assert again.returncode == 0, again.stderr
    row = row_of(page_of(year_dir), "LĐLĐ tỉnh Bắc Kạn")
    assert so(before) in row and so(after) in row
    assert_tidy(year_dir)


# -- the guard around a stage, in this process -----------------------------------------------------


def report(summary: Summary) -> bytes:
    document = docx.Document()
    document.add_paragraph(f"Tổng số đoàn viên: {so(summary.totals['doan_vien'])} người")
    for unit in summary.unit_list:
        document.add_paragraph(f"{unit.short_name}: {so(summary.units.get(unit.code, {}).get('doan_vien'))}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def stage(paths: Paths, summary: Summary) -> Callable[[Callable[[str], None]], Summary]:
    return fake_stage(paths, summary, report, DOC)


def changed(delta: int, units: tuple[str, ...] = ("CB",)) -> Summary:
    data = make_summary().to_dict()
    for unit in units:
        data["units"][unit]["doan_vien"] += delta
        data["totals"]["doan_vien"] += delta
    return Summary.from_dict(data)


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(inputs=tmp_path / "inputs", outputs_root=tmp_path / "outputs", year=2024)


def test_line_layout_files_are_never_read_whole(paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    messages: list[str] = []
    guarded(paths, stage(paths, make_summary()), messages.append)

    def whole(path: Path, units: object) -> None:
        raise AssertionError(f"{path} read whole")

    monkeypatch.setattr(summary_reading, "read_whole", whole)
    second = guarded(paths, stage(paths, changed(1000)), messages.append)
    assert second.change_list is not None
    page = second.change_list.read_text(encoding="utf-8")
    assert row_of(page, "LĐLĐ tỉnh Cao Bằng").count(DOC) == 1
    assert ": 2 thay đổi." in page
    assert_tidy(paths.out)


def test_too_many_changes_are_all_listed_without_searching(
    paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    guarded(paths, stage(paths, make_summary()), print)
    monkeypatch.setattr(safe_run, "SEARCHED_CHANGES_MAX", 2)
    monkeypatch.setattr(change_page, "SEARCHED_CHANGES_MAX", 2)

    def searched(*args: object) -> None:
        raise AssertionError("documents searched")

    monkeypatch.setattr(safe_run, "find_in_documents", searched)
    second = guarded(paths, stage(paths, changed(1000, units=("CB", "BK", "LS"))), print)
    assert second.change_list is not None
    page = second.change_list.read_text(encoding="utf-8")
    assert ": 4 thay đổi." in page and page.count("<tr><td>") == 4  # three units and the total
    assert page.count(f"<td>{NOT_SEARCHED}</td>") == 4
    assert f"Các văn bản soạn lại lần này: <b>{DOC}</b>." in page


def test_a_killed_copy_is_tidied_and_a_broken_baseline_only_skips_the_list(paths: Paths) -> None:
    messages: list[str] = []
    guarded(paths, stage(paths, make_summary()), messages.append)
    baseline = paths.out / BASELINE_FILE
    leftover = baseline.with_name(f".{baseline.name}.k1ll3d_x.tmp")  # a copy killed halfway
    leftover.write_text("{", encoding="utf-8")
    baseline.write_text('{"year": 2024, "units": ', encoding="utf-8")

    second = guarded(paths, stage(paths, changed(1000)), messages.append)
    assert second.change_list is None
    assert any(m.startswith("Không đọc được số liệu lần soạn trước") for m in messages)
    assert_tidy(paths.out)  # the leftover is gone; the baseline is the new summary again
