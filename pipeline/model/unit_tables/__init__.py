"""Per-unit tables held as columns: what keeps a national summary small.

A summary holds, for every received unit, every indicator's figure in context. At 130.000 units
× 26 indicators, one Python object per figure (with its source, last year, the target...) took
3,6 GB; as float columns it takes about 200 MB. `NumberTable` is unit → indicator → number and
`FigureTable` unit → indicator → `Figure`. Both are read-only Mappings, so the scoring and the
renderers use them as they used the dicts they replace: a unit's row, and each `Figure`, is made
when it is asked for.

The parts: `figure` (Figure, Provenance, the number types), `numbers` (NumberTable), `sources`
(where each figure came from, as columns), `figures` (FigureTable), `json_rows` (a FigureTable's
rows as summary.json's text, straight from the columns).
"""

from pipeline.model.unit_tables.figure import (
    STATUSES,
    AchievementStatus,
    Figure,
    Number,
    Provenance,
    as_number,
    whole,
)
from pipeline.model.unit_tables.figures import FigureRow, FigureTable
from pipeline.model.unit_tables.numbers import NumberRow, NumberTable
from pipeline.model.unit_tables.sources import Sources

__all__ = [
    "STATUSES",
    "AchievementStatus",
    "Figure",
    "FigureRow",
    "FigureTable",
    "Number",
    "NumberRow",
    "NumberTable",
    "Provenance",
    "Sources",
    "as_number",
    "whole",
]
