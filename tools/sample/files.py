"""Text files of the sample: CSV as the pipeline reads it; every text is checked to be NFC first."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def csv_text(header: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_text(path: Path, text: str, written: list[Path]) -> None:
    assert unicodedata.normalize("NFC", text) == text, f"{path}: not NFC"
    write_bytes(path, text.encode("utf-8"), written)


def write_bytes(path: Path, data: bytes, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    written.append(path)
