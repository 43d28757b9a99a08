"""Where each figure came from, as columns of indexes into the distinct file, sheet and cell names."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.model.unit_tables.figure import Provenance


@dataclass
class Sources:
    """Where each figure came from, as indexes into the lists of distinct names (-1: none)."""

    files: list[str]
    sheets: list[str]
    cells: list[str]
    file: np.ndarray  # int32, (units, codes)
    sheet: np.ndarray
    cell: np.ndarray

    @classmethod
    def empty(cls, shape: tuple[int, int]) -> Sources:
        def none() -> np.ndarray:
            return np.full(shape, -1, dtype=np.int32)

        return cls([], [], [], none(), none(), none())

    def at(self, i: int, j: int) -> Provenance | None:
        file = int(self.file[i, j])
        if file < 0:
            return None
        sheet, cell = int(self.sheet[i, j]), int(self.cell[i, j])
        return Provenance(
            self.files[file],
            self.sheets[sheet] if sheet >= 0 else None,
            self.cells[cell] if cell >= 0 else None,
        )

    def set(self, i: int, j: int, source: Provenance | None, index: dict[tuple[int, str], int]) -> None:
        if source is None:
            return
        self.file[i, j] = _index_of(self.files, 0, source.file, index)
        self.sheet[i, j] = _index_of(self.sheets, 1, source.sheet, index) if source.sheet else -1
        self.cell[i, j] = _index_of(self.cells, 2, source.cell, index) if source.cell else -1


def _index_of(names: list[str], kind: int, name: str, index: dict[tuple[int, str], int]) -> int:
    found = index.get((kind, name))
    if found is None:
        found = index[(kind, name)] = len(names)
        names.append(name)
    return found
