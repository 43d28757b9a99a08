"""A small table a run keeps for the next one, with what it was made from: used only when that is
unchanged and the file is whole.

The year-on-year comparison needs last year's valid figures: rather than reading and checking last
year's submissions again on every run, the run keeps them under outputs/<Y>/.tongket/ with a key
(the hash of everything they were made from). A file whose key or digest does not match is not
used; it is made again. Written beside its final name and renamed, never through the placement of
outputs: it is tongket's own state, not an output, and deleting it changes nothing but time.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

import pandas as pd

from pipeline.office.atomic import TEMP_SUFFIX

_HEADER = b"# tongket "


def read_kept(path: Path, key: str, dtype: dict[str, str]) -> pd.DataFrame | None:
    """The frame `keep` wrote to `path` for `key`, or None when absent, stale or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    first, _, body = data.partition(b"\n")
    if first != _HEADER + f"{key} {hashlib.sha256(body).hexdigest()}".encode():
        return None
    try:
        return pd.read_csv(io.BytesIO(body), dtype=dtype, keep_default_na=False, na_values={"gia_tri": [""]})
    except (ValueError, pd.errors.ParserError):
        return None


def keep(path: Path, key: str, frame: pd.DataFrame) -> None:
    """`frame` as CSV under `path`, headed by `key` and the body's digest; a failure to write only
    means it is made again next time."""
    body = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    data = _HEADER + f"{key} {hashlib.sha256(body).hexdigest()}\n".encode() + body
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Named as pipeline.office.atomic names temporary files: a killed run's is tidied away.
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(name, path)
    except OSError:
        Path(name).unlink(missing_ok=True)
