"""Every file's figures as shared columns while ingest takes the files one by one, then one table.

A national run reads 3 million figures: as one Python tuple per figure, with strings of its own,
they need gigabytes; here a figure costs ~24 bytes, its strings numbers into a table of the few
thousand distinct ones.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from pipeline.ingest.collector import FigureColumns
from pipeline.model.ingested import FIGURE_COLUMNS


class _Codes(dict[str | None, int]):
    """Each distinct string its number, in the order first seen: the string is kept once however often
    it recurs (a national run's 3 million figures have ~25 indicator codes and ~60 cell addresses)."""

    def __missing__(self, key: str | None) -> int:
        self[key] = code = len(self)
        return code

    def categorical(self, codes: np.ndarray) -> pd.Categorical:
        """`codes` as strings: sorted categories, only those used; None (a CSV line's sheet) is missing."""
        categories = pd.Index(sorted(s for s in self if s is not None), dtype="str")
        position = dict(zip(categories, range(len(categories)), strict=True))
        recode = np.array([-1 if s is None else position[s] for s in self], dtype=np.int32)
        return pd.Categorical.from_codes(recode[codes], categories).remove_unused_categories()


class _Growing:
    """A numeric column appended to file by file, kept as pieces of ~64 K entries.

    One buffer grown to 26 MB by reallocation would leave its smaller copies behind in the C heap,
    still counted in the process's memory when ingest is over.
    """

    PIECE = 1 << 16

    def __init__(self, typecode: str) -> None:
        self.typecode = typecode
        self.pieces: list[array[Any]] = []
        self.current: array[Any] = array(typecode)

    def extend(self, values: Iterable[Any]) -> None:
        self.current.extend(values)
        if len(self.current) >= self.PIECE:
            self.pieces.append(self.current)
            self.current = array(self.typecode)

    def to_numpy(self) -> np.ndarray:
        pieces, self.pieces, self.current = [*self.pieces, self.current], [], array(self.typecode)
        return np.concatenate([np.frombuffer(p, dtype=p.typecode) for p in pieces])


class FigureAccumulator:
    """Every file's figures in shared columns, one block per file in the order the files were added.

    Strings become numbers into `_Codes` as they arrive, so no per-row Python object outlives its
    file. `finish` turns the columns into arrays once every file is in.
    """

    _STRING_COLUMNS = ("codes", "notes", "sheets", "cells")  # FigureColumns' string fields

    def __init__(self) -> None:
        self.strings = {name: _Codes() for name in self._STRING_COLUMNS}
        self._growing = {name: _Growing("i") for name in self._STRING_COLUMNS}
        self._growing["values"] = _Growing("d")
        self._sizes = _Growing("q")  # figures per block
        self.columns: dict[str, np.ndarray] = {}  # by finish: "values" and the codes of each string field
        self.starts = np.zeros(1, dtype=np.int64)  # by finish: block i is rows starts[i]:starts[i + 1]

    def add(self, figures: FigureColumns) -> None:
        """One file's figures, as the next block."""
        self._growing["values"].extend(figures.values)
        for name in self._STRING_COLUMNS:
            self._growing[name].extend(map(self.strings[name].__getitem__, getattr(figures, name)))
        self._sizes.extend((len(figures),))

    def finish(self) -> None:
        self.columns = {name: column.to_numpy() for name, column in self._growing.items()}
        self.starts = np.concatenate([[0], np.cumsum(self._sizes.to_numpy())])

    def content(self, block: int) -> list[tuple[str, float]]:
        """A block's (indicator, value) pairs, blank cells left out, sorted: to compare two files."""
        rows = slice(self.starts[block], self.starts[block + 1])
        indicators = [str(code) for code in self.strings["codes"]]  # never None, unlike a sheet
        pairs = zip(self.columns["codes"][rows].tolist(), self.columns["values"][rows].tolist(), strict=True)
        return sorted((indicators[code], value) for code, value in pairs if not math.isnan(value))

    def frame(self, blocks: list[int], units: list[str], files: list[str]) -> pd.DataFrame:
        """FIGURE_COLUMNS of the figures of `blocks`, in that order, with each block's unit and file."""
        chosen = np.array(blocks, dtype=np.int64)
        sizes = self.starts[chosen + 1] - self.starts[chosen]
        # Row k of the result is row starts[block] + (k - where that block begins in the result).
        begins = np.cumsum(sizes) - sizes
        rows = np.arange(int(sizes.sum())) + np.repeat(self.starts[chosen] - begins, sizes)
        block_of_row = np.repeat(np.arange(len(blocks)), sizes)
        return pd.DataFrame(
            {
                "ma_don_vi": _per_block(units, block_of_row),
                "ma_chi_tieu": self._categorical("codes", rows),
                "gia_tri": self.columns["values"][rows],
                "ghi_chu": self._categorical("notes", rows),
                "file": _per_block(files, block_of_row),
                "sheet": self._categorical("sheets", rows),
                "cell": self._categorical("cells", rows),
            },
            columns=FIGURE_COLUMNS,
        )

    def _categorical(self, name: str, rows: np.ndarray) -> pd.Categorical:
        return self.strings[name].categorical(self.columns[name][rows])


def _per_block(values: list[str], block_of_row: np.ndarray) -> pd.Categorical:
    """A column holding each block's one value (its unit, its file) on every row of the block."""
    codes = _Codes()
    return codes.categorical(np.array([codes[v] for v in values], dtype=np.int32)[block_of_row])
