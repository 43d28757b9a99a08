"""The hostile-input suite: every scenario of hostile_scenarios.SCENARIOS run as `tongket run` (and
`tongket certificates` where a nominee's fields carry it) on a copy of the bundled sample, then checked
the same way: no traceback, the exit code, the finding codes, no good figure lost, every DOCX opens
(and converts with LibreOffice), every HTML escapes the payload, no XLSX cell is a formula, no CSV
cell reads as one, and nothing is written outside outputs/.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import docx
import openpyxl
import pytest
from hostile_scenarios import SCENARIOS, Scenario

from pipeline.office.cells import FORMULA_START
from pipeline.office.pdf import find_soffice

ROOT = Path(__file__).resolve().parents[2]
YEAR = "2024"
# TONGKET_HOSTILE_ONLY=name,name runs only those scenarios (while working on one); unset, all of them.
_ONLY = {n for n in os.environ.get("TONGKET_HOSTILE_ONLY", "").split(",") if n}
SCENARIOS = [s for s in SCENARIOS if not _ONLY or s.name in _ONLY]
BY_NAME = {s.name: s for s in SCENARIOS}
ZIP_SLIP_TARGETS = [Path("/tmp/tongket-zip-slip.txt"), Path("/tmp/tongket-zip-slip-abs.txt")]


@dataclass
class Outcome:
    folder: Path
    before: dict[str, tuple[int, int]]  # everything outside outputs/: name -> (size, mtime)
    after: dict[str, tuple[int, int]]
    runs: list[subprocess.CompletedProcess[str]]

    @property
    def out(self) -> Path:
        return self.folder / "outputs" / YEAR


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Names, sizes and times of everything under `folder` but outputs/ (lstat: nothing is opened)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] != "outputs":
            info = path.lstat()
            found[relative.as_posix()] = (info.st_size, info.st_mtime_ns)
    return found


def _tongket(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip


def _run(scenario: Scenario | None, root: Path) -> Outcome:
    folder = root / (scenario.name if scenario else "_clean")
    inputs = folder / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    if scenario is not None:
        try:
            scenario.setup(inputs)
        except Exception as error:  # a builder's mistake fails its own scenario, not the whole suite
            return Outcome(
                folder, {}, {}, [subprocess.CompletedProcess([], 99, "", f"Traceback: setup {error!r}")]
            )
    before = _tree(folder)
    outputs = folder / "outputs"
    common = ("--year", YEAR, "--outputs", str(outputs))
    runs = [_tongket("run", *common, "--inputs", str(inputs))]
    if scenario is not None and scenario.certificates:
        runs.append(_tongket("certificates", *common))
    after = _tree(folder)
    for path in (inputs / YEAR / "submissions").glob("*.csv"):
        if not path.is_symlink() and path.is_file() and path.stat().st_size > 5 << 20:
            path.unlink()  # the 200 MB files: checked, no need to keep them on disk
    return Outcome(folder, before, after, runs)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Outcome]:
    root = Path(tempfile.mkdtemp(prefix="tongket-hostile-"))
    try:
        with ThreadPoolExecutor(2) as pool:  # each run is its own process; two keep both cores busy
            done = dict(
                zip(["_clean", *BY_NAME], pool.map(lambda s: _run(s, root), [None, *SCENARIOS]), strict=True)
            )
        yield done
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _figures(out: Path) -> dict[str, dict[str, object]]:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))["units"]


def _codes(out: Path) -> set[str]:
    report = json.loads((out / "validation.json").read_text(encoding="utf-8"))
    return {f["code"] for f in report["findings"]}


def _files(out: Path, suffix: str) -> list[Path]:
    return sorted(p for p in out.rglob(f"*{suffix}") if not p.name.startswith("."))


@pytest.mark.skipif(bool(_ONLY), reason="TONGKET_HOSTILE_ONLY picks a few scenarios")
def test_the_suite_has_at_least_40_scenarios() -> None:
    assert len(SCENARIOS) >= 40 and len(BY_NAME) == len(SCENARIOS)


@pytest.mark.parametrize("name", list(BY_NAME))
def test_scenario(name: str, outcomes: dict[str, Outcome]) -> None:
    scenario, got, clean = BY_NAME[name], outcomes[name], outcomes["_clean"]
    for run in got.runs:
        assert "Traceback" not in run.stderr, run.stderr
    assert [r.returncode for r in got.runs] == [scenario.exit] + [0] * (len(got.runs) - 1), got.runs[0].stderr
    assert scenario.codes <= _codes(got.out), sorted(_codes(got.out))
    _no_good_figure_lost(scenario, _figures(got.out), _figures(clean.out))
    for document in _files(got.out, ".docx"):
        docx.Document(str(document))
    _html_escapes(scenario, got.out)
    _no_formula_in_xlsx(got.out)
    _no_formula_in_csv(got.out)
    _nothing_outside_outputs(got)
    for text in (".json", ".html", ".csv", ".md"):  # an external entity never pulls a local file in
        assert not any("root:x:0:" in p.read_text(encoding="utf-8") for p in _files(got.out, text))


def _no_good_figure_lost(
    scenario: Scenario, figures: dict[str, dict[str, object]], clean: dict[str, dict[str, object]]
) -> None:
    for unit, values in clean.items():
        lost = scenario.lost.get(unit, frozenset())
        if lost is None:
            continue
        mine = figures.get(unit, {})
        kept = {k: v for k, v in values.items() if k not in lost and k in _RAW}
        assert {k: mine.get(k) for k in kept} == kept, unit


# The figures units send (the summary also holds figures tongket derives from them).
_RAW = {
    "cdcs", "cdcs_sxkd", "cdcs_hcsn", "doan_vien", "cdcs_moi", "doan_vien_moi", "gioi_thieu_dang",
    "ket_nap_dang",
    "lop_tap_huan", "luot_tap_huan", "hn_cu_tri", "kien_nghi", "hn_doi_thoai", "thuong_luong", "suat_qua",
    "tien_qua", "mai_am", "tien_mai_am", "ho_tro_thien_tai", "tien_thien_tai", "sang_kien",
}  # fmt: skip


def _html_escapes(scenario: Scenario, out: Path) -> None:
    pages = [p.read_text(encoding="utf-8") for p in _files(out, ".html")]
    assert pages
    if scenario.payload and any(c in scenario.payload for c in "<>&"):
        for page in pages:
            assert scenario.payload not in page


def _no_formula_in_xlsx(out: Path) -> None:
    for book_path in _files(out, ".xlsx"):
        book = openpyxl.load_workbook(book_path, data_only=False)
        formulas = [
            f"{sheet.title}!{cell.coordinate}"
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
        book.close()
        assert formulas == [], (book_path.name, formulas[:5])


def _no_formula_in_csv(out: Path) -> None:
    for table in _files(out, ".csv"):
        for row in csv.reader(io.StringIO(table.read_text(encoding="utf-8"))):
            for cell in row:
                if cell.startswith(FORMULA_START):
                    float(cell)  # only a number (a negative figure) may start so


def _nothing_outside_outputs(got: Outcome) -> None:
    assert got.after == got.before
    assert not any(p.exists() for p in ZIP_SLIP_TARGETS)
    top = {name.split("/")[0] for name in got.before}
    assert {p.name for p in got.folder.iterdir()} == top | {"outputs"}


@pytest.mark.parametrize(
    "name", [s.name for s in SCENARIOS if s.payload and (s.certificates or "-value" in s.name)]
)
def test_the_payload_reads_as_typed(name: str, outcomes: dict[str, Outcome]) -> None:
    """Where hostile text shows in a workbook it is a text cell holding exactly what was typed."""
    scenario, out = BY_NAME[name], outcomes[name].out
    found = []
    for book_path in _files(out, ".xlsx"):
        book = openpyxl.load_workbook(book_path, data_only=False)
        found += [
            (cell.data_type, cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str) and scenario.payload in cell.value
        ]
        book.close()
    text = "\n".join(
        p.text for d in _files(out, ".docx") for p in docx.Document(str(d)).paragraphs
    ) + "\n".join(
        c.text
        for d in _files(out, ".docx")
        for t in docx.Document(str(d)).tables
        for r in t.rows
        for c in r.cells
    )
    assert found or scenario.payload in text, "the text reaches no document"
    assert all(kind in ("s", "inlineStr") for kind, _ in found)


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_every_document_converts_with_libreoffice(outcomes: dict[str, Outcome], tmp_path: Path) -> None:
    """Every distinct DOCX the scenarios made (most are the same bytes) converts to PDF."""
    from pipeline.office.pdf import convert_to_pdf

    distinct: dict[bytes, Path] = {}
    for got in outcomes.values():
        for document in _files(got.out, ".docx"):
            distinct.setdefault(document.read_bytes(), document)
    staged = []
    for i, document in enumerate(distinct.values()):
        staged.append(tmp_path / "in" / f"{i:04d}-{document.name}")
        staged[-1].parent.mkdir(exist_ok=True)
        shutil.copyfile(document, staged[-1])
    pdfs = convert_to_pdf(staged, tmp_path / "pdf", timeout_per_file=30)
    assert len(pdfs) == len(staged) and all(p.stat().st_size > 1000 for p in pdfs)
