"""Reading many files in a process pool gives exactly what reading them one by one gives."""

from __future__ import annotations

import multiprocessing
import pickle

import pytest
from ingest_helpers import CATALOG, FIXTURES, REGISTRY, YEAR

from pipeline.ingest import assemble, read_all
from pipeline.ingest.context import ReadContext

CTX = ReadContext.build(REGISTRY, CATALOG, YEAR)
FILES = [
    (p, f"{p.parent.parent.name}/{p.name}")
    for p in sorted(FIXTURES.glob("*/submissions/*"))
    if not p.name.startswith(("~$", "."))
]


def test_context_survives_pickling() -> None:
    assert pickle.loads(pickle.dumps(CTX)) == CTX


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_pool_reads_the_same_as_one_process(start_method: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if start_method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{start_method} is not available here")
    monkeypatch.setattr("pipeline.ingest.PARALLEL_FROM", 1)
    alone = assemble(read_all(FILES, CTX, workers=1))
    pooled = assemble(
        read_all(FILES[::-1], CTX, workers=2, mp_context=multiprocessing.get_context(start_method))
    )
    assert pooled.figures.equals(alone.figures)
    assert pooled.nominations.equals(alone.nominations)
    assert [f.to_dict() for f in pooled.report.sorted()] == [f.to_dict() for f in alone.report.sorted()]
    assert pooled.files == alone.files
