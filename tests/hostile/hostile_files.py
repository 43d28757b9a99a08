"""Hostile submissions made from the bundled sample's own files, and runs of the real command on them.

Each case swaps one unit's file of inputs/2024 for a hostile one; the run must go on, that file
must get its finding, and the other units' valid figures must be exactly those of a clean run.
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "inputs"
YEAR = 2024
FORM = SAMPLE / str(YEAR) / "submissions" / "CB_2024.xlsx"
SHEET = "xl/worksheets/sheet1.xml"

# Runs the command as a child and prints the largest resident size of it or any of its workers.
_LAUNCHER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr)
sys.exit(code)
"""


@dataclass
class Outcome:
    code: int
    stderr: str
    peak_mib: int
    out: Path

    def findings(self) -> list[dict[str, object]]:
        return json.loads((self.out / "findings.json").read_text(encoding="utf-8"))["findings"]

    def valid(self) -> dict[str, dict[str, float]]:
        """unit → indicator → the value aggregation may use."""
        frame = pd.read_csv(self.out / "valid.csv", dtype={"ma_don_vi": str, "ma_chi_tieu": str})
        return {
            unit: dict(zip(rows["ma_chi_tieu"], rows["gia_tri"].astype(float), strict=True))
            for unit, rows in frame.groupby("ma_don_vi")
        }


def copy_sample(tmp: Path) -> Path:
    inputs = tmp / "inputs"
    shutil.copytree(SAMPLE, inputs)
    return inputs


def run(inputs: Path, outputs: Path, *args: str, command: str = "run") -> Outcome:
    tongket = [sys.executable, "-m", "pipeline", command, "--year", str(YEAR), "-q"]
    argv = [*tongket, "--inputs", str(inputs), "--outputs", str(outputs), *args]
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *argv], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    *lines, peak = done.stderr.rstrip("\n").split("\n")
    return Outcome(done.returncode, "\n".join(lines), int(peak), outputs / str(YEAR))


def rewrite_sheet(source: Path, target: Path, change: bytes, replace: bytes = b"</sheetData>") -> None:
    """`source` with `replace` in its first sheet's XML changed to `change` (cells added at the end)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == SHEET:
                data = data.replace(replace, change)
            out.writestr(info.filename, data)


def far_cell(source: Path, target: Path, ref: str) -> None:
    row = "".join(c for c in ref if c.isdigit())
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    rewrite_sheet(source, target, cell.encode())


def lying_zip(source: Path, target: Path, inflated: int, declared: int = 2_200_000) -> None:
    """`source` whose first sheet inflates to `inflated` bytes of XML while its headers say `declared`."""
    with zipfile.ZipFile(source) as original:
        members = [(i.filename, original.read(i)) for i in original.infolist()]
    out = io.BytesIO()
    central = []
    for name, data in members:
        if name == SHEET:
            data = _padded_sheet(data, inflated)
        raw = _deflate(data)
        crc, size = zlib.crc32(data), len(data)
        if name == SHEET:
            size = declared  # the lie: the real size is `inflated`
        offset = out.tell()
        encoded = name.encode()
        out.write(
            struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(raw), size, len(encoded), 0)
        )
        out.write(encoded + raw)
        central.append((encoded, crc, len(raw), size, offset))
    start = out.tell()
    for encoded, crc, compressed, size, offset in central:
        out.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                compressed,
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        out.write(encoded)
    end = out.tell()
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), end - start, start, 0))
    target.write_bytes(out.getvalue())


def _padded_sheet(xml: bytes, size: int) -> bytes:
    """The sheet with a comment that brings it to `size` bytes: deflates ~1.000 to 1."""
    head, tail = xml.split(b"</worksheet>")
    return head + b"<!--" + b" " * (size - len(xml) - 7) + b"-->" + b"</worksheet>" + tail


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def unknown_codes_csv(target: Path, unit: str, count: int, good: Path) -> None:
    """`good`'s CSV followed by `count` rows of unknown indicator codes."""
    text = good.read_text(encoding="utf-8")
    rows = "".join(f"{unit},ma_la_{n},{n},\n" for n in range(count))
    target.write_text(text + rows, encoding="utf-8")
