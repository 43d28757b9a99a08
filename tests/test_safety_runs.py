"""Re-running is safe: real `tongket run` processes on a copy of the bundled sample (issue 6)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import docx
import pytest
from safety_helpers import (
    REPORT,
    ROOT,
    VOLATILE,
    YEAR,
    assert_consistent,
    change_figure,
    copy_inputs,
    final_files,
    tongket,
    tongket_args,
)

from pipeline.runs.changes import CHANGES_DIR
from pipeline.runs.manifest import MANIFEST_FILE
from pipeline.runs.placement import BACKUP_DIR, draft_name
from pipeline.runs.runlog import LOGS_DIR


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def edit_in_word(path: Path) -> bytes:
    """What a communications officer does: open the draft, write a paragraph, save."""
    document = docx.Document(str(path))
    document.add_paragraph("Ý kiến của Ban Tuyên giáo: bổ sung phần đánh giá chung.")
    document.save(str(path))
    return path.read_bytes()


def test_edited_draft_is_kept_and_the_change_list_names_the_figure(tmp_path: Path) -> None:
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    year_dir = outputs / YEAR
    first = tongket(inputs, outputs)
    assert first.returncode == 0, first.stderr
    edited = edit_in_word(year_dir / REPORT)
    old, new = change_figure(inputs, "BK", "doan_vien", 1000)

    second = tongket(inputs, outputs)
    assert second.returncode == 0, second.stderr
    assert (year_dir / REPORT).read_bytes() == edited  # byte for byte
    beside = year_dir / draft_name(REPORT, 2)
    assert "340.739" in docx_text(beside) and "340.739" not in docx_text(year_dir / REPORT)
    assert str(beside) in second.stdout.splitlines()
    assert f"Giữ nguyên {REPORT} (đã được sửa); bản mới: {beside.name}" in second.stderr

    [change_list] = list((year_dir / CHANGES_DIR).iterdir())
    page = change_list.read_text(encoding="utf-8")
    row = page[page.index("LĐLĐ tỉnh Bắc Kạn") :].split("</tr>")[0]
    assert "Tổng số đoàn viên" in row
    assert f"{old:,}".replace(",", ".") in row and f"{new:,}".replace(",", ".") in row
    assert REPORT in row  # the document that shows the figure
    assert "339.739" in page and "340.739" in page  # the total too
    assert beside.name in page  # where the new draft is

    # The next night, with nothing new: the edit and the draft beside it stay, nothing is added.
    third = tongket(inputs, outputs)
    assert third.returncode == 0, third.stderr
    assert (year_dir / REPORT).read_bytes() == edited
    assert not (year_dir / draft_name(REPORT, 3)).exists()
    assert len(list((year_dir / CHANGES_DIR).iterdir())) == 1
    assert "giữ bản đã sửa 1" in third.stderr
    assert_consistent(year_dir, edited=frozenset({REPORT}))


def test_force_moves_the_edited_draft_to_backup(tmp_path: Path) -> None:
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    year_dir = outputs / YEAR
    assert tongket(inputs, outputs).returncode == 0
    edited = edit_in_word(year_dir / REPORT)
    change_figure(inputs)

    forced = tongket(inputs, outputs, "--force")
    assert forced.returncode == 0, forced.stderr
    [backup] = list((year_dir / BACKUP_DIR).iterdir())
    assert backup.read_bytes() == edited and backup.name.startswith("bao-cao-tong-ket-2024 (bản sửa ")
    assert "340.739" in docx_text(year_dir / REPORT)
    assert not (year_dir / draft_name(REPORT, 2)).exists()
    assert "--force: đã chuyển bản đã sửa" in forced.stderr


def test_rerun_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    year_dir = outputs / YEAR
    assert tongket(inputs, outputs).returncode == 0
    before = {name: p.stat().st_mtime_ns for name, p in final_files(year_dir).items()}
    manifest_before = (year_dir / MANIFEST_FILE).stat().st_mtime_ns
    time.sleep(0.05)  # mtimes would move if anything were written

    again = tongket(inputs, outputs)
    assert again.returncode == 0, again.stderr
    after = {name: p.stat().st_mtime_ns for name, p in final_files(year_dir).items()}
    assert after == before
    assert (year_dir / MANIFEST_FILE).stat().st_mtime_ns == manifest_before
    assert "dùng lại kết quả đọc, kiểm tra và tổng hợp" in again.stderr
    assert "không cần soạn lại văn bản" in again.stderr
    assert (
        again.stderr.rstrip().splitlines()[-1].endswith("văn bản ghi mới 0, giữ bản đã sửa 0, không đổi 10.")
    )
    assert len(list((year_dir / LOGS_DIR).iterdir())) == 2  # the one thing a run always adds: its log


def test_one_changed_submission_rewrites_only_what_shows_it(tmp_path: Path) -> None:
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    year_dir = outputs / YEAR
    assert tongket(inputs, outputs).returncode == 0
    before = {name: p.stat().st_mtime_ns for name, p in final_files(year_dir).items()}
    change_figure(inputs, "BK", "doan_vien", 1000)
    assert tongket(inputs, outputs).returncode == 0
    after = {name: p.stat().st_mtime_ns for name, p in final_files(year_dir).items()}
    rewritten = {name for name in before if after[name] != before[name]}
    assert REPORT in rewritten and "summary.json" in rewritten
    # The pledge shows next year's targets, not this year's membership: it is left alone.
    assert "giao-uoc-thi-dua-2025.docx" not in rewritten


def test_same_inputs_give_byte_identical_files(tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path)
    assert tongket(inputs, tmp_path / "a").returncode == 0
    time.sleep(1.1)  # a second apart: any clock in the files would show
    assert tongket(inputs, tmp_path / "b").returncode == 0
    first, second = final_files(tmp_path / "a" / YEAR), final_files(tmp_path / "b" / YEAR)
    assert first.keys() == second.keys() and REPORT in first
    different = [name for name in first if first[name].read_bytes() != second[name].read_bytes()]
    assert different == []
    assert MANIFEST_FILE in VOLATILE  # the manifest and the logs carry the run's time: not compared


def test_a_second_run_exits_3_at_once_while_the_first_holds_the_folder(tmp_path: Path) -> None:
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    env = {"TONGKET_TEST_PAUSE_AT": "data", "TONGKET_TEST_PAUSE_SECONDS": "3"}
    first = subprocess.Popen(
        tongket_args(inputs, outputs), cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )  # fmt: skip
    try:
        assert first.stderr is not None
        while "TONGKET_TEST_PAUSED data" not in first.stderr.readline():
            assert first.poll() is None, "the first run ended before reaching its pause"
        started = time.monotonic()
        second = tongket(inputs, outputs)
        assert second.returncode == 3
        assert time.monotonic() - started < 2.5  # at once, not after the first run's pause
        assert "Một lần chạy tongket khác đang ghi vào thư mục" in second.stderr
        assert f"tiến trình {first.pid}" in second.stderr and second.stdout == ""
        waiting = tongket(inputs, outputs, "--wait")  # blocks until the first run is done
        assert first.wait(timeout=60) == 0
        assert waiting.returncode == 0, waiting.stderr
        assert "không cần soạn lại văn bản" in waiting.stderr  # it ran after, on the same inputs
    finally:
        first.kill()
        first.wait()
    assert_consistent(outputs / YEAR)


@pytest.mark.parametrize("quiet", [True, False])
def test_scheduler_output(tmp_path: Path, quiet: bool) -> None:
    """stdout: paths; stderr: messages, or with --quiet only the summary line; a log file per run."""
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    proc = tongket(inputs, outputs, *(["--quiet"] if quiet else []))
    assert proc.returncode == 0
    lines = proc.stderr.splitlines()
    assert lines[-1].startswith("Kết quả: đơn vị đã gửi 6, chưa gửi 0, có lỗi 0; văn bản ghi mới 10")
    assert (len(lines) == 1) == quiet
    assert all(Path(line).exists() for line in proc.stdout.splitlines())
    [log] = list((outputs / YEAR / LOGS_DIR).iterdir())
    assert log.read_text(encoding="utf-8").rstrip().endswith(lines[-1])
    assert "Đọc báo cáo của các đơn vị" in log.read_text(encoding="utf-8")


def test_stage_by_stage_gives_the_same_files_as_run(tmp_path: Path) -> None:
    """`render` alone reads summary.json (keys sorted on disk) and must still make the same drafts."""
    inputs = copy_inputs(tmp_path)
    assert tongket(inputs, tmp_path / "run").returncode == 0
    for stage in ("ingest", "validate", "aggregate", "render"):
        args = ["--year", YEAR, "--inputs", str(inputs), "--outputs", str(tmp_path / "staged"), "--quiet"]
        proc = subprocess.run(
            [*tongket_args(inputs, tmp_path)[:3], stage, *args], cwd=ROOT, capture_output=True, text=True
        )
        assert proc.returncode == 0, (stage, proc.stderr)
    whole, staged = final_files(tmp_path / "run" / YEAR), final_files(tmp_path / "staged" / YEAR)
    assert whole.keys() == staged.keys()
    assert [name for name in whole if whole[name].read_bytes() != staged[name].read_bytes()] == []
