"""Run logs: one file per run, every message timed, the summary line last; progress only on terminals."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.runs.runlog import LOGS_DIR, RunLog, Tally, progress, quiet_progress


def test_log_file_per_run_ends_with_the_summary_line(tmp_path: Path) -> None:
    echoed: list[str] = []
    tally = Tally(received=5, missing=1, invalid=0, written=3, kept=1, unchanged=8, beside=1)
    with RunLog(tmp_path, echo=echoed.append) as log:
        log.say("Đọc báo cáo của các đơn vị ...")
        log.close(tally.line())
    lines = log.path.read_text(encoding="utf-8").splitlines()
    assert log.path.parent == tmp_path / LOGS_DIR
    assert all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", line) for line in lines)
    assert lines[-1].endswith(
        "Kết quả: đơn vị đã gửi 5, chưa gửi 1, có lỗi 0; "
        "văn bản ghi mới 3, giữ bản đã sửa 1 (1 bản mới để bên cạnh), không đổi 8."
    )
    assert echoed[-1] == tally.line() and "Đọc báo cáo của các đơn vị ..." in echoed


def test_quiet_run_still_logs(tmp_path: Path) -> None:
    with RunLog(tmp_path, echo=None) as log:
        log.say("im lặng")
    assert "im lặng" in log.path.read_text(encoding="utf-8")


def test_an_error_is_logged(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), RunLog(tmp_path) as log:
        raise RuntimeError("hỏng")
    assert "Dừng vì lỗi: RuntimeError: hỏng" in log.path.read_text(encoding="utf-8")


def test_a_bad_input_is_logged_as_its_message_and_left_to_the_command_to_print(tmp_path: Path) -> None:
    echoed: list[str] = []
    with pytest.raises(InputError), RunLog(tmp_path, echo=echoed.append) as log:
        raise InputError("Thiếu tệp units.csv.")
    assert "Dừng vì lỗi: Thiếu tệp units.csv.\n" in log.path.read_text(encoding="utf-8")
    assert not any("units.csv" in line for line in echoed)  # the CLI prints it, once


def test_old_logs_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipeline.runs.runlog.KEEP_LOGS", 3)
    logs = tmp_path / LOGS_DIR
    logs.mkdir()
    for i in range(5):
        (logs / f"tongket-run-old-{i}.log").write_text("")
    RunLog(tmp_path).close()
    assert len(list(logs.glob("*.log"))) == 3


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal() -> None:
    pipe = io.StringIO()
    assert list(progress(range(3), 3, "Soạn văn bản", stream=pipe)) == [0, 1, 2]
    assert pipe.getvalue() == ""
    terminal = Terminal()
    assert list(progress(range(3), 3, "Soạn văn bản", stream=terminal)) == [0, 1, 2]
    assert "Soạn văn bản [" in terminal.getvalue() and "3/3" in terminal.getvalue()
    quiet = Terminal()
    list(progress(range(3), 3, "Soạn văn bản", stream=quiet, enabled=False))
    assert quiet.getvalue() == ""


def test_quiet_turns_off_bars_anywhere() -> None:
    terminal = Terminal()
    with quiet_progress():
        list(progress(range(3), 3, "Soạn văn bản", stream=terminal))
    assert terminal.getvalue() == ""
