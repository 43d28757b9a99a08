"""The portal under load: 200 units upload their submissions within one minute (part of `make bench`).

`tongket serve` runs as its own process on 127.0.0.1 (never another address) over a 200-unit demo
province. Unit i opens its link and uploads at i x 0,25 s (50 s in all, as a deadline afternoon
would bring them, only denser), from 32 client threads. Then every file must be in
inputs/<Y>/submissions/ under its unit's name with the very bytes that unit sent (none lost, none
mixed up), the audit log must hold 200 uploads, and the 95th percentile of the upload responses
(the file read, checked by ingest + validate, placed) must be at most 1 s on this machine.
Prints a table and writes bench/results/portal-latest.json; exits 1 when a target is missed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tools/ (demo data) is a package of the checkout

from pipeline.ingest import ReadContext, read_submission  # noqa: E402
from pipeline.inputs.catalog import load_indicators, load_registry  # noqa: E402
from pipeline.paths import Paths  # noqa: E402
from pipeline.portal.links import issue_links  # noqa: E402
from tools.demo.data import write_demo_inputs  # noqa: E402

UNITS, YEAR, SPREAD, THREADS = 200, 2024, 50.0, 32
WORK = ROOT / "bench" / ".work" / "portal"
RESULTS = ROOT / "bench" / "results"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def prepare() -> tuple[Path, dict[str, bytes]]:
    """A fresh 200-unit province whose submissions are taken out, to come back through the portal."""
    shutil.rmtree(WORK, ignore_errors=True)
    inputs = WORK / "inputs"
    write_demo_inputs(inputs, UNITS, seed=18, year=YEAR, mess=False)
    registry = load_registry(inputs / "units.csv")
    ctx = ReadContext.build(registry, load_indicators(inputs / "indicators.csv"), YEAR)
    submissions = inputs / str(YEAR) / "submissions"
    files: dict[str, bytes] = {}
    for path in sorted(p for p in submissions.rglob("*") if p.is_file()):
        unit = read_submission(path, path.name, ctx).unit
        if unit and unit not in files:
            files[unit] = path.read_bytes()
    shutil.rmtree(submissions)
    submissions.mkdir()
    return inputs, files


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def upload(base: str, link: str, data: bytes, start_at: float) -> tuple[float, float, int]:
    """One unit: open its page, upload; (page seconds, upload seconds, upload status)."""
    time.sleep(max(0.0, start_at - time.monotonic()))
    with httpx2.Client(base_url=base, follow_redirects=False, timeout=60) as client:
        began = time.monotonic()
        page = client.get(link)
        opened = time.monotonic()
        token = CSRF.search(page.text)
        assert token, f"no form on {link}: {page.status_code}"
        sent = client.post(f"{link}/nop", data={"csrf": token.group(1)}, files={"tep": ("bao-cao", data)})
        return opened - began, time.monotonic() - opened, sent.status_code


def main() -> int:
    inputs, files = prepare()
    paths = Paths(inputs, WORK / "outputs", YEAR)
    with issue_links(paths, "http://127.0.0.1", [])[0].open(encoding="utf-8-sig") as handle:
        links = {line.split(",")[0]: line.strip().split(",")[-1] for line in list(handle)[1:]}
    port = free_port()
    command = [sys.executable, "-m", "pipeline", "serve", "--year", str(YEAR), "--inputs", str(inputs)]
    command += ["--outputs", str(paths.outputs_root), "--host", "127.0.0.1", "--port", str(port), "--quiet"]
    server = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx2.get(f"{base}/staff/dang-nhap", timeout=1)
                break
            except httpx2.TransportError:
                time.sleep(0.1)
        time.sleep(2)  # the checker warms up (last year's figures) as the portal starts
        codes = sorted(files)[:UNITS]
        t0 = time.monotonic() + 0.5
        with ThreadPoolExecutor(THREADS) as pool:
            jobs = [
                pool.submit(
                    upload,
                    base,
                    links[c].removeprefix("http://127.0.0.1"),
                    files[c],
                    t0 + i * SPREAD / len(codes),
                )
                for i, c in enumerate(codes)
            ]
            timings = [job.result() for job in jobs]
        wall = time.monotonic() - t0
    finally:
        server.terminate()
        server.wait(timeout=30)
    return report(paths, codes, files, timings, wall)


def report(
    paths: Paths,
    codes: list[str],
    files: dict[str, bytes],
    timings: list[tuple[float, float, int]],
    wall: float,
) -> int:
    placed = {p.name: p.read_bytes() for p in paths.submissions.iterdir() if not p.name.startswith(".")}
    wrong = [c for c in codes if not any(placed.get(f"{c}_{YEAR}{s}") == files[c] for s in (".xlsx", ".csv"))]
    audit = (paths.inputs / "portal" / str(YEAR) / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    uploads = [json.loads(line) for line in audit if '"upload"' in line]
    audited_ok = {u["unit"]: u["sha256"] for u in uploads} == {
        c: hashlib.sha256(files[c]).hexdigest() for c in codes
    }
    posts = sorted(t[1] for t in timings)
    pages = sorted(t[0] for t in timings)
    p95 = posts[max(0, round(0.95 * len(posts)) - 1)]
    result = {
        "units": len(codes),
        "wall_s": round(wall, 1),
        "upload_p50_s": round(statistics.median(posts), 3),
        "upload_p95_s": round(p95, 3),
        "upload_max_s": round(posts[-1], 3),
        "page_p95_s": round(pages[max(0, round(0.95 * len(pages)) - 1)], 3),
        "status_303": sum(1 for t in timings if t[2] == 303),
        "files_placed": len(codes) - len(wrong),
        "files_lost_or_mixed": len(wrong),
        "audit_uploads": len(uploads),
        "audit_matches": audited_ok,
        "cores": os.cpu_count(),
    }
    passed = not wrong and audited_ok and p95 <= 1.0 and wall <= 60 and result["status_303"] == len(codes)
    result["passed"] = passed
    for key, value in result.items():
        print(f"{key:22} {value}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "portal-latest.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
