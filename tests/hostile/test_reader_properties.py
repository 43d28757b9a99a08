"""Property tests of the submission readers on mutated real files: whatever the bytes, a reader never
raises, names only catalogued findings and known indicators, gives only finite figures, and a change to
one CSV line leaves every other line's figure as it was.

In CI (the CI variable set, as .ci/run and hosted runners do) hypothesis runs derandomized: the same
examples on every run, so a failure there is always reproducible.
"""

from __future__ import annotations

import io
import math
import os
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ingest import ReadContext, Submission
from pipeline.ingest.collector import Collector
from pipeline.ingest.submission import read_bytes
from pipeline.inputs.catalog import load_indicators, load_registry
from pipeline.model.findings import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]
SUBMISSIONS = ROOT / "inputs" / "2024" / "submissions"
REGISTRY = load_registry(ROOT / "inputs" / "units.csv")
CATALOG = load_indicators(ROOT / "inputs" / "indicators.csv")
CTX = ReadContext.build(REGISTRY, CATALOG, 2024)
CSV = (SUBMISSIONS / "BK_2024.csv").read_bytes()
XLSX = (SUBMISSIONS / "CB_2024.xlsx").read_bytes()
PROFILE = settings(
    derandomize=bool(os.environ.get("CI")),
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def read(data: bytes, suffix: str) -> Submission:
    collector = Collector(f"X{suffix}", CTX)
    read_bytes(data, suffix, collector)
    return collector.finish()


def assert_sane(sub: Submission) -> None:
    for finding in sub.findings:
        assert finding.code in CATALOGUE, finding.code
    for row in sub.rows:
        assert row.ma_chi_tieu in CATALOG
        assert math.isnan(row.gia_tri) or math.isfinite(row.gia_tri)


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` with a few bytes replaced, inserted or deleted, or cut short."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(out)))
        kind = draw(st.sampled_from(["replace", "insert", "delete", "cut"]))
        chunk = draw(st.binary(min_size=1, max_size=8))
        if kind == "replace":
            out[at : at + len(chunk)] = chunk
        elif kind == "insert":
            out[at:at] = chunk
        elif kind == "delete":
            del out[at : at + len(chunk)]
        elif draw(st.integers(0, 9)) == 0:
            del out[at:]
    return bytes(out)


@PROFILE
@given(mutated(CSV))
def test_csv_reader_on_mutated_bytes(data: bytes) -> None:
    assert_sane(read(data, ".csv"))


TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=40)


@PROFILE
@given(line=st.integers(1, CSV.count(b"\n") - 1), value=TEXT)
def test_a_changed_csv_line_leaves_the_other_figures(line: int, value: str) -> None:
    lines = CSV.decode("utf-8").split("\n")
    fields = lines[line].split(",")
    fields[2] = '"' + value.replace('"', '""') + '"'
    lines[line] = ",".join(fields)
    changed = read("\n".join(lines).encode("utf-8"), ".csv")
    original = read(CSV, ".csv")
    assert_sane(changed)
    cell = f"dòng {line + 1}"
    keep = {r.cell: (r.ma_chi_tieu, r.gia_tri) for r in original.rows if r.cell != cell}
    assert {r.cell: (r.ma_chi_tieu, r.gia_tri) for r in changed.rows if r.cell != cell} == keep


@PROFILE
@given(mutated(XLSX))
def test_xlsx_reader_on_mutated_zip_bytes(data: bytes) -> None:
    assert_sane(read(data, ".xlsx"))


def _with_sheet(xml: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(XLSX)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info.filename, xml if info.filename == "xl/worksheets/sheet1.xml" else body)
    return out.getvalue()


SHEET_XML = zipfile.ZipFile(io.BytesIO(XLSX)).read("xl/worksheets/sheet1.xml")


@PROFILE
@given(mutated(SHEET_XML))
def test_xlsx_reader_on_a_mutated_sheet(xml: bytes) -> None:
    """The zip is sound, the sheet's XML is not: calamine's XML reader gets the damage."""
    assert_sane(read(_with_sheet(xml), ".xlsx"))
