"""The run a staff member starts from the portal: `tongket run` itself, in a child process.

A child process rather than a call: it is the same guarded run as on the command line (lock,
manifest, edited drafts kept, its own log), it cannot take the web server down with it, and its
stderr is the progress the page shows. `--wait` because the portal may hold the lock for the
instant it places an upload.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.paths import Paths
from pipeline.portal.store import now

EXIT_MEANINGS = {
    0: "Hoàn thành: đã soạn xong văn bản.",
    1: "Hoàn thành, nhưng còn lỗi số liệu cần người xử lý (xem báo cáo kiểm tra).",
    2: "Không chạy được: dữ liệu đầu vào chung có lỗi (xem thông báo).",
    3: "Một lần chạy khác đang ghi vào thư mục kết quả.",
    143: "Lần chạy đã bị dừng.",
}


@dataclass
class RunJob:
    started_by: str
    started: str = field(default_factory=now)
    progress: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    returncode: int | None = None
    finished: str = ""

    @property
    def running(self) -> bool:
        return self.returncode is None

    @property
    def outcome(self) -> str:
        if self.returncode is None:
            return "Đang chạy ..."
        return EXIT_MEANINGS.get(self.returncode, f"Dừng với mã thoát {self.returncode}.")


class Runs:
    """One run at a time from the portal; the last one is kept for its page."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths
        self.last: RunJob | None = None
        self._lock = threading.Lock()

    def start(self, user: str) -> RunJob | None:
        """Start a run unless one started here is still going (then None)."""
        with self._lock:
            if self.last is not None and self.last.running:
                return None
            job = RunJob(user)
            self.last = job
        command = [sys.executable, "-m", "pipeline", "run", "--wait", "--year", str(self.paths.year)]
        command += ["--inputs", str(self.paths.inputs.absolute())]
        command += ["--outputs", str(self.paths.outputs_root.absolute())]
        command += ["--templates", str(Path(self.paths.templates).absolute())]
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        threading.Thread(target=self._follow, args=(job, child), daemon=True).start()
        return job

    def _follow(self, job: RunJob, child: subprocess.Popen[str]) -> None:
        assert child.stdout is not None and child.stderr is not None

        def read_paths() -> None:
            assert child.stdout is not None
            for line in child.stdout:
                if line.strip():
                    job.written.append(Path(line.strip()))

        reader = threading.Thread(target=read_paths, daemon=True)
        reader.start()
        for line in child.stderr:
            # A progress bar redraws with carriage returns; the page shows each line's last state.
            text = line.rstrip("\n").split("\r")[-1].strip()
            if text:
                job.progress.append(text)
        reader.join()
        job.returncode = child.wait()
        job.finished = now()
