"""`make bench`: tongket's speed and memory next to the naive way and the floor, measured in one run.

    .venv/bin/python bench/run.py                          # the sample, 2.000 and 20.000 workbooks
    BENCH_SCALE=national .venv/bin/python bench/run.py     # adds 130.000 (about 2 GB of inputs)
    BENCH_E2E_LIMIT=20000 ...                              # no `tongket run` above 20.000 workbooks
    BENCH_E2E_REPEAT=1 ...                                 # one `tongket run` per size, not best of 2
    .venv/bin/python bench/run.py --sizes 2000             # a quick look at one size

Every measured thing runs in a fresh process — bench/measure.py for a stage, or `tongket` itself —
so peak memory is per measurement: the process tree's resident memory sampled every 0.1 s, or
the kernel's peak for the process when that is higher. Synthetic inputs come from
`tools.demo.data` (what `python -m tools.demo` writes), cached in bench/.work/ (BENCH_WORK)
until the generator changes. The naive reads and renders run on an evenly spread subsample and
are extrapolated; the table says where. Results: the table on stdout, every number in
bench/results/latest.json; bench/results/reference.json is a committed run for comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = Path(os.environ.get("BENCH_WORK", BENCH / ".work"))
RESULTS = BENCH / "results"
PYTHON = sys.executable
TONGKET = str(Path(sys.executable).with_name("tongket"))
TIMEOUT = float(os.environ.get("BENCH_TIMEOUT", 1800))  # seconds per measured process
# Skip `tongket run` above this many workbooks (reading is still measured): a run that needs more
# memory than the machine has would only take the machine down with it.
E2E_LIMIT = int(os.environ.get("BENCH_E2E_LIMIT", 10**9))
SEED = 1
YEAR = 2024
NAIVE_SAMPLE = 200  # files (or certificates) the naive way reads; the rest is extrapolated
CALAMINE_SAMPLE = 2000
REPEAT_BUDGET = 10.0  # seconds: a measurement is repeated (best of 3) only while this is not spent
# `tongket run` on a generated province is the fastest of this many runs: the growth exponent
# compares two such runs, and one burst of another program during either would decide it.
E2E_REPEAT = int(os.environ.get("BENCH_E2E_REPEAT", 2))
CERTIFICATE_SIZES = (None, 1000)  # None: the sample's own awards
# What the synthetic inputs depend on: when one changes, the cached inputs are generated again.
GENERATOR_SOURCES = (
    "tools/demo/data.py",
    "tools/demo/plan.py",
    "tools/demo/forms.py",
    "pipeline/form/writer.py",
    "pipeline/form/layout.py",
    "inputs/indicators.csv",
)


@dataclass
class Run:
    """One process: how long it took from the outside, its peak memory, what it printed."""

    returncode: int
    wall: float
    peak_kib: int
    stdout: str
    timeline: list[tuple[float, str]] = field(default_factory=list)  # stderr lines with their time
    cpu: float | None = None  # user + system seconds of the process and every child it waited for


@dataclass
class Row:
    group: str
    name: str
    size: str
    n: int
    seconds: float | None
    peak_mib: float | None = None
    vs_naive: float | None = None  # how many times faster than the naive way
    vs_floor: float | None = None  # how many times slower than the floor
    note: str = ""
    target: str = ""
    passed: bool | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def per_second(self) -> float | None:
        return self.n / self.seconds if self.seconds else None


# -- running and watching a process -------------------------------------------------------------


def _tree_rss_kib(root: int) -> int:
    """Resident memory of `root` and all its descendants, from /proc (0 where /proc is absent)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page_kib
        except (OSError, ValueError, IndexError):
            continue
    return total


def _children_cpu() -> float | None:
    """CPU seconds of this process's children that have ended (their own children included)."""
    try:
        import resource  # not on Windows
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], timeout: float = TIMEOUT) -> Run:
    cpu_before = _children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, start_new_session=True
    )
    timeline: list[tuple[float, str]] = []
    stdout: list[str] = []

    def collect_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            timeline.append((time.perf_counter() - start, line.rstrip()))

    def collect_stdout() -> None:
        assert process.stdout is not None
        stdout.append(process.stdout.read())

    readers = [threading.Thread(target=collect_stderr), threading.Thread(target=collect_stdout)]
    for reader in readers:
        reader.start()
    peak, interval = 0, 0.02
    while process.poll() is None:
        if time.perf_counter() - start > timeout:
            os.killpg(process.pid, signal.SIGKILL)  # our own session: only what this run started
            process.wait()
            break
        peak = max(peak, _tree_rss_kib(process.pid))
        time.sleep(interval)
        interval = min(0.1, interval * 1.5)
    wall = time.perf_counter() - start
    cpu_after = _children_cpu()
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    for reader in readers:
        reader.join()
    return Run(process.returncode, wall, peak, "".join(stdout), timeline, cpu)


def measure(name: str, fresh: Path | None = None, repeat: int = 3, **arguments: Any) -> dict[str, Any]:
    """A bench/measure.py measurement: the fastest of up to `repeat` runs (fewer when one run is
    long), so another program's burst on a small machine does not become tongket's number. Peak
    memory is the highest seen. `fresh` is emptied before each run. On failure: {"error": ...}."""
    best: dict[str, Any] | None = None
    spent, peak = 0.0, 0
    for _ in range(repeat):
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        result = run([PYTHON, str(BENCH / "measure.py"), name, json.dumps(arguments)])
        try:
            data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            errors = "\n".join(line for _, line in result.timeline[-5:])
            return {"error": f"exit {result.returncode}: {errors or 'no output (timeout?)'}"}
        peak = max(peak, result.peak_kib, data.get("rss_self_kib", 0))
        best = data if best is None or data["seconds"] < best["seconds"] else best
        spent += data["seconds"]
        if spent > REPEAT_BUDGET:
            break
    assert best is not None
    best["peak_kib"] = peak
    return best


def _mib(kib: float | None) -> float | None:
    return None if kib is None else kib / 1024


# -- inputs ------------------------------------------------------------------------------------


def demo_inputs(units: int, rows: list[Row]) -> Path:
    """The synthetic province of `units` CĐCS, generated now or taken from the cache."""
    folder = WORK / f"inputs-{units}"
    digest = hashlib.sha256(f"{units}:{SEED}".encode())
    for source in GENERATOR_SOURCES:
        digest.update((ROOT / source).read_bytes())
    key_file = folder / ".bench-key"
    if key_file.is_file() and key_file.read_text() == digest.hexdigest():
        return folder
    result = measure("demo", repeat=1, out=str(folder), units=units, seed=SEED)
    if "error" in result:
        raise SystemExit(f"bench: could not generate {units} units: {result['error']}")
    key_file.write_text(digest.hexdigest())
    rows.append(
        Row(
            "inputs",
            "demo-data (generator, not a target)",
            _size(units),
            result["count"],
            result["seconds"],
            _mib(result["peak_kib"]),
        )
    )
    return folder


def _size(units: int | None) -> str:
    return "sample" if units is None else f"{units:,}".replace(",", ".")


def _submissions(inputs: Path) -> Path:
    return inputs / str(YEAR) / "submissions"


# -- the measurements --------------------------------------------------------------------------


def bench_reading(inputs: Path, size: str, rows: list[Row], targets: bool) -> None:
    folder = str(_submissions(inputs))
    workbooks = len(list(_submissions(inputs).rglob("*.xlsx")))
    naive = measure("read_naive", folder=folder, sample=NAIVE_SAMPLE)
    calamine = measure("read_calamine", folder=folder, sample=CALAMINE_SAMPLE)
    floor = measure("read_floor", folder=folder)
    ours = measure("read_tongket", inputs=str(inputs), year=YEAR)
    if any("error" in m for m in (naive, calamine, floor, ours)):
        errors = [m["error"] for m in (naive, calamine, floor, ours) if "error" in m]
        rows.append(Row("read", "FAILED", size, 0, None, note="; ".join(errors)))
        return
    naive_per_file = naive["seconds"] / naive["count"]
    floor_per_file = floor["seconds"] / floor["count"]
    ours_per_file = ours["seconds"] / ours["count"]
    sampled = f"measured on {naive['count']} files, extrapolated" if naive["count"] < workbooks else ""
    rows.append(
        Row(
            "read",
            "naive: pandas.read_excel(openpyxl)",
            size,
            workbooks,
            naive_per_file * workbooks,
            _mib(naive["peak_kib"]),
            1.0,
            naive_per_file / floor_per_file,
            note=sampled,
        )
    )
    calamine_per_file = calamine["seconds"] / calamine["count"]
    rows.append(
        Row(
            "read",
            "python-calamine direct",
            size,
            workbooks,
            calamine_per_file * workbooks,
            _mib(calamine["peak_kib"]),
            naive_per_file / calamine_per_file,
            calamine_per_file / floor_per_file,
            note=f"measured on {calamine['count']} files" if calamine["count"] < workbooks else "",
        )
    )
    row = Row(
        "read",
        "tongket ingest + validate",
        size,
        ours["count"],
        ours["seconds"],
        _mib(ours["peak_kib"]),
        naive_per_file / ours_per_file,
        ours_per_file / floor_per_file,
        note=", ".join(f"{k} {v:.2f} s" for k, v in ours["stages"].items()),
        details=ours,
    )
    if targets:
        row.target = "≥ 1.000 files/s and ≥ 15× naive"
        row.passed = (row.per_second or 0) >= 1000 and (row.vs_naive or 0) >= 15
    rows.append(row)
    rows.append(
        Row(
            "read",
            "floor: unzip sheet XML",
            size,
            floor["count"],
            floor["seconds"],
            _mib(floor["peak_kib"]),
            naive_per_file / floor_per_file,
            1.0,
        )
    )


def bench_certificates(summary: Path, rows: list[Row]) -> None:
    template = str(ROOT / "templates" / "bang-khen.docx")
    for awards in CERTIFICATE_SIZES:
        size = _size(awards)
        out = WORK / f"certificates-{size}"
        common: dict[str, Any] = {"summary": str(summary), "template": template, "awards": awards}
        results = {}
        for name, extra in (
            ("cert_naive", {"sample": NAIVE_SAMPLE}),
            ("cert_floor", {}),
            ("cert_tongket", {}),
        ):
            results[name] = measure(name, fresh=out, out=str(out), **common, **extra)
        if any("error" in m for m in results.values()):
            errors = [m["error"] for m in results.values() if "error" in m]
            rows.append(Row("certificates", "FAILED", size, 0, None, note="; ".join(errors)))
            continue
        naive, floor, ours = results["cert_naive"], results["cert_floor"], results["cert_tongket"]
        n = ours["count"]
        naive_each, floor_each, ours_each = (m["seconds"] / m["count"] for m in (naive, floor, ours))
        sampled = f"measured on {naive['count']}, extrapolated" if naive["count"] < n else ""
        rows.append(
            Row(
                "certificates",
                "naive: docxtpl load + render + save",
                size,
                n,
                naive_each * n,
                _mib(naive["peak_kib"]),
                1.0,
                naive_each / floor_each,
                note=sampled,
            )
        )
        row = Row(
            "certificates",
            "tongket (one per award + merged)",
            size,
            n,
            ours["seconds"],
            _mib(ours["peak_kib"]),
            naive_each / ours_each,
            ours_each / floor_each,
        )
        if awards is not None:
            row.target = "≥ 80/s, ≥ 3× naive, ≤ 1,5× floor"
            row.passed = (
                (row.per_second or 0) >= 80 and (row.vs_naive or 0) >= 3 and (row.vs_floor or 9) <= 1.5
            )
        rows.append(row)
        rows.append(
            Row(
                "certificates",
                "floor: zip pre-rendered XML",
                size,
                n,
                floor["seconds"],
                _mib(floor["peak_kib"]),
                naive_each / floor_each,
                1.0,
            )
        )


def tongket_run(
    inputs: Path, out: Path, size: str, name: str, rows: list[Row], fresh: bool = True, repeat: int = 1
) -> Row:
    """`tongket run` as a person starts it; with `repeat`, the fastest of that many runs (each from
    an empty output folder when `fresh`) and the highest peak memory of them."""
    command = [TONGKET, "run", "--year", str(YEAR), "--inputs", str(inputs), "--outputs", str(out)]
    runs = []
    for _ in range(max(1, repeat)):
        if fresh:
            shutil.rmtree(out, ignore_errors=True)
        runs.append(run(command))
        if runs[-1].returncode not in (0, 1):
            break
    result = min(runs, key=lambda r: r.wall)
    ok = result.returncode in (0, 1)  # 1: done, with findings for a person (the messy inputs have some)
    timeline = [(round(t, 2), line) for t, line in result.timeline]
    row = Row(
        "end to end",
        name + (f" (best of {len(runs)})" if len(runs) > 1 else ""),
        size,
        len(list(_submissions(inputs).iterdir())),
        result.wall,
        _mib(max(r.peak_kib for r in runs)),
        note="" if ok else f"FAILED (exit {result.returncode})",
        details={
            "exit": result.returncode,
            "walls": [round(r.wall, 2) for r in runs],
            "cpu_seconds": result.cpu,
            "stderr_timeline": timeline,
        },
    )
    rows.append(row)
    return row


def _change_one_figure(workbook: Path) -> None:
    """A late correction: one figure (đoàn viên) of one submission raised by one, saved by Excel's
    way of writing (openpyxl), the file's time now."""
    import openpyxl  # only the incremental measurement edits a workbook

    book = openpyxl.load_workbook(workbook)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            if any(cell.value == "doan_vien" for cell in row):
                cell = next(
                    c for c in row if isinstance(c.value, int | float) and not isinstance(c.value, bool)
                )
                cell.value += 1
                book.save(workbook)
                return
    raise SystemExit(f"bench: no doan_vien figure in {workbook}")


def bench_incremental(inputs: Path, out: Path, size: str, units: int, cold: Row, rows: list[Row]) -> None:
    """After the cold run: again with nothing changed, then with one submission changed (the
    nightly run after a late correction), each reusing the caches the run before left. The
    changed workbook is put back afterwards, bytes and time, so that the cached inputs stay as
    generated."""
    if cold.details.get("exit") not in (0, 1):
        return
    nothing = tongket_run(inputs, out, size, "re-run, nothing changed", rows, fresh=False)
    workbooks = sorted(_submissions(inputs).glob("*.xlsx"))
    target = workbooks[len(workbooks) // 2]
    original, stat = target.read_bytes(), target.stat()
    try:
        _change_one_figure(target)
        one = tongket_run(inputs, out, size, "late submission: one workbook changed", rows, fresh=False)
    finally:
        target.write_bytes(original)
        os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    one.details["vs_cold"] = cold.seconds / one.seconds if cold.seconds and one.seconds else None
    one.vs_floor = None
    if units >= 130000:
        one.target = "≤ 10 s, ≥ 10× faster than cold"
        one.passed = bool(one.seconds and one.seconds <= 10 and (one.details["vs_cold"] or 0) >= 10)
        nothing.target, nothing.passed = "≤ 3 s", bool(nothing.seconds and nothing.seconds <= 3)
    elif units >= 20000:
        one.target, one.passed = "≤ 2 s", bool(one.seconds and one.seconds <= 2)
    one.note = f"{one.details['vs_cold']:.1f}× faster than the cold run" if one.details["vs_cold"] else ""


def incremental_scaling(rows: list[Row]) -> list[Row]:
    """The one-change run may grow at most as the square root of the input (its floor is a stat
    of every file and re-summing the columns, but not reading them)."""
    import math

    runs = [r for r in rows if r.name.startswith("late submission") and r.seconds]
    found = []
    for small, big in itertools.pairwise(runs):
        exponent = math.log(big.seconds / small.seconds) / math.log(big.n / small.n)  # type: ignore[operator]
        found.append(
            Row(
                "scaling",
                f"late submission: growth exponent time {exponent:.2f}",
                f"{small.size} → {big.size}",
                big.n,
                None,
                target="≤ 0,5",
                passed=exponent <= 0.5,
                details={"time_exponent": exponent},
            )
        )
    return found


def bench_startup(rows: list[Row]) -> None:
    runs = [run([TONGKET, "--help"]) for _ in range(5)]
    row = Row(
        "end to end",
        "tongket --help (median of 5)",
        "",
        1,
        statistics.median(r.wall for r in runs),
        _mib(max(r.peak_kib for r in runs)),
        target="< 0,3 s",
    )
    row.passed = row.seconds is not None and row.seconds < 0.3
    rows.append(row)


def scaling(rows: list[Row]) -> list[Row]:
    """Time and memory per input between each pair of end-to-end sizes: doubling the input may at
    most double them, so the growth exponent log(t2/t1) / log(n2/n1) must stay ≤ 1."""
    import math

    runs = [
        r
        for r in rows
        if r.group == "end to end" and r.name.startswith("tongket run") and r.size != "sample" and r.seconds
    ]
    found = []
    for small, big in itertools.pairwise(runs):
        growth = math.log(big.n / small.n)
        time_exp = math.log(big.seconds / small.seconds) / growth  # type: ignore[operator]
        memory_exp = math.log((big.peak_mib or 1) / (small.peak_mib or 1)) / growth
        cpu = small.details.get("cpu_seconds"), big.details.get("cpu_seconds")
        # CPU time counts the work only: shown beside wall time, it tells tongket's growth from a
        # machine that was busy with something else during one of the runs.
        cpu_exp = math.log(cpu[1] / cpu[0]) / growth if cpu[0] and cpu[1] else None
        found.append(
            Row(
                "scaling",
                f"growth exponent time {time_exp:.2f}, memory {memory_exp:.2f}"
                + (f" (cpu time {cpu_exp:.2f})" if cpu_exp is not None else ""),
                f"{small.size} → {big.size}",
                big.n,
                None,
                target="≤ 1 (linear or better)",
                passed=time_exp <= 1.05 and memory_exp <= 1.05,
                details={"time_exponent": time_exp, "memory_exponent": memory_exp, "cpu_exponent": cpu_exp},
            )
        )
    return found


# -- report ------------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def table(rows: list[Row]) -> str:
    header = (
        "group",
        "what",
        "size",
        "n",
        "wall s",
        "per s",
        "peak MiB",
        "× naive",
        "× floor",
        "target",
        "ok",
    )
    lines = [header]
    for r in rows:
        ok = "" if r.passed is None else ("PASS" if r.passed else "MISS")
        lines.append(
            (
                r.group,
                r.name,
                r.size,
                str(r.n) if r.n else "",
                _fmt(r.seconds),
                _fmt(r.per_second, 0),
                _fmt(r.peak_mib, 0),
                _fmt(r.vs_naive, 1),
                _fmt(r.vs_floor, 1),
                r.target,
                ok,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = []
    for i, line in enumerate(lines):
        text.append(
            "  ".join(
                cell.ljust(w) if c < 3 or c >= 9 else cell.rjust(w)
                for c, (cell, w) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
        )
        if i == 0:
            text.append("-" * len(text[0]))
    notes = [f"  {r.group} / {r.name} / {r.size}: {r.note}" for r in rows if r.note]
    timelines = []
    for r in rows:
        if r.details.get("stderr_timeline"):
            timelines.append(f"  {r.name} / {r.size}:")
            timelines += [f"    {t:8.2f} s  {line[:100]}" for t, line in r.details["stderr_timeline"]]
    legend = ["× naive: times faster than the naive way; × floor: times slower than the floor (per item)."]
    return "\n".join(
        [
            *text,
            "",
            *legend,
            "",
            "notes:",
            *notes,
            "",
            "end-to-end progress (when each message appeared):",
            *timelines,
        ]
    )


def machine() -> dict[str, Any]:
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated numbers of workbooks instead of the default sizes")
    parser.add_argument(
        "--runs-only",
        action="store_true",
        help="only `tongket run` per size (cold, nothing changed, one workbook changed): no reading, "
        "certificate or sample measurements, for measuring the national targets in minutes",
    )
    args = parser.parse_args()
    national = os.environ.get("BENCH_SCALE", "") == "national"
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else [2000, 20000] + ([130000] if national else [])
    )
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    print(f"bench: {os.cpu_count()} cores; sizes: sample, {', '.join(map(str, sizes))}", file=sys.stderr)

    if args.runs_only:
        return _runs_only(sizes, rows)
    bench_startup(rows)
    sample_out = WORK / "out-sample"
    sample_run = tongket_run(ROOT / "inputs", sample_out, "sample", "tongket run", rows)
    sample_run.target, sample_run.passed = "< 3 s", sample_run.seconds is not None and sample_run.seconds < 3
    rerun = tongket_run(
        ROOT / "inputs", sample_out, "sample", "tongket run again, nothing changed", rows, False
    )
    rerun.target, rerun.passed = "< 1 s", rerun.seconds is not None and rerun.seconds < 1
    bench_reading(ROOT / "inputs", "sample", rows, targets=False)
    summary = sample_out / str(YEAR) / "summary.json"
    if summary.is_file():
        bench_certificates(summary, rows)
    for units in sizes:
        print(f"bench: {units} workbooks ...", file=sys.stderr)
        inputs = demo_inputs(units, rows)
        bench_reading(
            inputs, _size(units), rows, targets=units == max((s for s in sizes if s <= 20000), default=0)
        )
        if units > E2E_LIMIT:
            rows.append(
                Row("end to end", "tongket run", _size(units), units, None, note="skipped: BENCH_E2E_LIMIT")
            )
            continue
        out = WORK / f"out-{units}"
        row = tongket_run(inputs, out, _size(units), "tongket run", rows, repeat=E2E_REPEAT)
        if units >= 130000:
            row.target = "≤ 60 s, ≤ 1,5 GiB"
            row.passed = row.seconds is not None and row.seconds <= 60 and (row.peak_mib or 0) <= 1536
        bench_incremental(inputs, out, _size(units), units, row, rows)
    return _report(rows)


def _runs_only(sizes: list[int], rows: list[Row]) -> int:
    for units in sizes:
        print(f"bench: {units} workbooks, tongket run only ...", file=sys.stderr)
        inputs, out = demo_inputs(units, rows), WORK / f"out-{units}"
        row = tongket_run(inputs, out, _size(units), "tongket run", rows, repeat=E2E_REPEAT)
        if units >= 130000:
            row.target = "≤ 60 s, ≤ 1,5 GiB"
            row.passed = row.seconds is not None and row.seconds <= 60 and (row.peak_mib or 0) <= 1536
        bench_incremental(inputs, out, _size(units), units, row, rows)
    return _report(rows, "runs.json")


def _report(rows: list[Row], name: str = "latest.json") -> int:
    rows += scaling(rows) + incremental_scaling(rows)

    print(table(rows))
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"machine": machine(), "rows": [asdict(r) | {"per_second": r.per_second} for r in rows]}
    (RESULTS / name).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    missed = [r for r in rows if r.passed is False]
    print(f"\nwritten: {RESULTS / name}; targets missed: {len(missed)}", file=sys.stderr)
    return 1 if missed else 0  # like a run with findings: done, but a person should look


if __name__ == "__main__":
    sys.exit(main())
