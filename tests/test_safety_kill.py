"""A run killed at any moment leaves every file whole and known; the next run finishes the job.

Real processes: `tongket run` is started on a copy of the sample after a first complete run and a
changed submission (so the killed run is replacing files), then killed with SIGKILL either at a
named point (TONGKET_TEST_PAUSE_AT, see pipeline.office.atomic.pause_point) or after a delay.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_helpers import (
    REPORT,
    ROOT,
    YEAR,
    assert_consistent,
    change_figure,
    copy_inputs,
    final_files,
    tongket,
    tongket_args,
)

from pipeline.runs.changes import CHANGES_DIR
from pipeline.runs.runlog import LOGS_DIR

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

POINTS = [
    "data",  # holding the lock, before ingest writes anything
    "before-rename:ingested.csv",  # the journal names the new file, the old one is still in place
    "before-rename:summary.json",
    "render",  # new summary written, drafts still last night's
    f"before-rename:{REPORT}",
    "before-rename:tin-bai-2024.md",
]


def start(inputs: Path, outputs: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        tongket_args(inputs, outputs), cwd=ROOT, text=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )  # fmt: skip


def wait_for_pause(process: subprocess.Popen[str], point: str) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        if line.strip() == f"TONGKET_TEST_PAUSED {point}":
            return
    raise AssertionError(f"the run ended (exit {process.wait()}) before reaching {point}")


def prepared(tmp_path: Path) -> tuple[Path, Path]:
    """Last night's complete run, then a late submission changes a figure."""
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    assert tongket(inputs, outputs).returncode == 0
    change_figure(inputs, "BK", "doan_vien", 1000)
    return inputs, outputs


def assert_recovers(tmp_path: Path, inputs: Path, outputs: Path) -> None:
    """The next run ends normally and leaves what a run that was never interrupted leaves."""
    year_dir = outputs / YEAR
    again = tongket(inputs, outputs)
    assert again.returncode == 0, again.stderr
    assert_consistent(year_dir)
    assert not list(year_dir.rglob("*.tmp"))  # the killed run's temporary files are cleaned up
    assert tongket(inputs, tmp_path / "clean").returncode == 0
    recovered = {n: p for n, p in final_files(year_dir).items() if not n.startswith(CHANGES_DIR)}
    clean = final_files(tmp_path / "clean" / YEAR)
    assert recovered.keys() == clean.keys()
    assert [n for n in clean if clean[n].read_bytes() != recovered[n].read_bytes()] == []
    # Staff still learn what changed since the drafts they have, though the run that saw it died.
    pages = list((year_dir / CHANGES_DIR).iterdir())
    assert len(pages) == 1 and "27.721" in pages[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("point", POINTS)
def test_sigkill_at_a_named_point(tmp_path: Path, point: str) -> None:
    inputs, outputs = prepared(tmp_path)
    process = start(inputs, outputs, {"TONGKET_TEST_PAUSE_AT": point})
    try:
        wait_for_pause(process, point)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        process.kill()
    assert_consistent(outputs / YEAR)
    assert_recovers(tmp_path, inputs, outputs)


@pytest.mark.parametrize("delay", [0.3, 0.6, 0.9, 1.2, 1.5])
def test_sigkill_after_a_delay(tmp_path: Path, delay: float) -> None:
    inputs, outputs = prepared(tmp_path)
    process = start(inputs, outputs, {})
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert_consistent(outputs / YEAR)
    assert_recovers(tmp_path, inputs, outputs)


def test_sigterm_stops_cleanly_with_exit_143(tmp_path: Path) -> None:
    inputs, outputs = prepared(tmp_path)
    point = f"before-rename:{REPORT}"
    process = start(inputs, outputs, {"TONGKET_TEST_PAUSE_AT": point})
    try:
        wait_for_pause(process, point)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 143
    finally:
        process.kill()
    year_dir = outputs / YEAR
    assert_consistent(year_dir)
    assert not list(year_dir.rglob("*.tmp"))  # removed on the way out
    assert not (year_dir / "manifest.journal").exists()  # folded into the manifest on the way out
    log = sorted((year_dir / LOGS_DIR).iterdir())[-1].read_text(encoding="utf-8")
    assert "Bị dừng giữa chừng (mã thoát 143); các tệp đã có vẫn nguyên vẹn." in log
    assert_recovers(tmp_path, inputs, outputs)
