"""One run per outputs folder: a real second process is refused, or waits; a killed run frees the lock."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.runs.lock import HOLDER_FILE, RunLocked, run_lock

HOLD = """
import sys, time
from pathlib import Path
from pipeline.runs.lock import run_lock
with run_lock(Path(sys.argv[1])):
    print("ready", flush=True)
    time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the folder's lock for up to 30 seconds."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path), "30"], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    yield process
    process.kill()
    process.wait()


def test_second_run_is_refused_at_once_with_who_holds_it(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    started = time.monotonic()
    with pytest.raises(RunLocked) as refused, run_lock(tmp_path):
        pytest.fail("the lock is held by another process")
    assert time.monotonic() - started < 2
    message = str(refused.value)
    assert "Một lần chạy tongket khác đang ghi vào thư mục" in message
    assert f"tiến trình {holder.pid}" in message and "--wait" in message


def test_wait_gives_up_after_timeout(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    with pytest.raises(RunLocked, match="Đã chờ quá lâu"), run_lock(tmp_path, wait=True, timeout=0.3):
        pytest.fail("the lock is held by another process")


def test_killed_holder_frees_the_lock(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    holder.kill()  # SIGKILL on POSIX: no cleanup code runs in the holder
    holder.wait()
    with run_lock(tmp_path, wait=True, timeout=5):
        assert (tmp_path / HOLDER_FILE).exists()
    assert not (tmp_path / HOLDER_FILE).exists()


def test_waiting_run_starts_when_the_other_ends(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path), "0.5"], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    started = time.monotonic()
    with run_lock(tmp_path, wait=True, timeout=20):
        assert time.monotonic() - started > 0.3  # it waited for the holder's half second
    process.wait()


def test_lock_is_released_after_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError), run_lock(tmp_path):
        raise ValueError
    with run_lock(tmp_path):
        pass
