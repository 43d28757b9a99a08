"""One benchmark measurement in a fresh process, so that its peak memory is its own (see bench/run.py).

    python bench/measure.py NAME '{"argument": "value", ...}'

Prints one JSON object: `seconds` of the measured work only (imports and setup excluded), `count`
of files or certificates done, and the peak resident memory of this process and of the largest
child it waited for (a process pool's worker), in KiB.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _workbooks(folder: str) -> list[Path]:
    return sorted(Path(folder).rglob("*.xlsx"))


def _spread(items: list[Any], at_most: int | None) -> list[Any]:
    """An evenly spread, deterministic subsample: the first, last and every k-th item."""
    if at_most is None or len(items) <= at_most:
        return items
    step = len(items) / at_most
    return [items[int(i * step)] for i in range(at_most)]


def read_naive(folder: str, sample: int | None = None) -> dict[str, Any]:
    """The naive way: pandas.read_excel with openpyxl, every sheet of every file."""
    import pandas as pd

    files = _spread(_workbooks(folder), sample)
    start = time.perf_counter()
    for path in files:
        pd.read_excel(path, sheet_name=None, engine="openpyxl", header=None)
    return {"seconds": time.perf_counter() - start, "count": len(files)}


def read_calamine(folder: str, sample: int | None = None) -> dict[str, Any]:
    """python-calamine called directly, every sheet: what a reader cannot do without."""
    from python_calamine import CalamineWorkbook

    files = _spread(_workbooks(folder), sample)
    start = time.perf_counter()
    for path in files:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
    return {"seconds": time.perf_counter() - start, "count": len(files)}


def read_floor(folder: str, sample: int | None = None) -> dict[str, Any]:
    """The floor: open each zip and inflate its sheet XML and shared strings, parse nothing."""
    files = _spread(_workbooks(folder), sample)
    start = time.perf_counter()
    for path in files:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                    archive.read(name)
    return {"seconds": time.perf_counter() - start, "count": len(files)}


def read_tongket(inputs: str, year: int) -> dict[str, Any]:
    """tongket's own ingest and validate stages on the whole submissions folder."""
    from pipeline.ingest import ingest
    from pipeline.inputs.catalog import load_indicators, load_registry
    from pipeline.paths import INDICATORS_FILE, UNITS_FILE, Paths
    from pipeline.validate.checks import validate

    folder = Path(inputs)
    start = time.perf_counter()
    registry = load_registry(folder / UNITS_FILE)
    catalog = load_indicators(folder / INDICATORS_FILE)
    loaded = time.perf_counter()
    result = ingest(Paths(folder, folder / "unused-outputs", year), registry, catalog)
    ingested = time.perf_counter()
    validate(result, registry, catalog, year)
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "count": len(result.files),
        "stages": {"registry": loaded - start, "ingest": ingested - loaded, "validate": end - ingested},
    }


def _summary(summary: str, awards: int | None) -> Any:
    from pipeline.model.summary import Summary
    from tools.demo.plan import demo_awards

    loaded = Summary.read(Path(summary))
    if awards is not None:
        loaded.awards = demo_awards(awards, seed=1)
    return loaded


def _import_renderers() -> None:
    """Imports happen once per process; like the naive way's, they stay out of the timed part."""
    import docxtpl  # noqa: F401

    import pipeline.formats.jinja_env
    import pipeline.render.collation  # noqa: F401


def cert_tongket(summary: str, template: str, out: str, awards: int | None = None) -> dict[str, Any]:
    """tongket's certificates: one DOCX per award plus the merged one, template compiled once."""
    from pipeline.render.certificates import render_certificates

    _import_renderers()
    loaded = _summary(summary, awards)
    start = time.perf_counter()
    written = render_certificates(loaded, Path(template), Path(out))
    return {"seconds": time.perf_counter() - start, "count": len(loaded.awards), "files": len(written)}


def cert_naive(
    summary: str, template: str, out: str, awards: int | None = None, sample: int | None = None
) -> dict[str, Any]:
    """The naive way: docxtpl load + render + save for each certificate (no merged file)."""
    from docxtpl import DocxTemplate

    from pipeline.formats.jinja_env import make_env
    from pipeline.render.certificates import certificate_context

    _import_renderers()
    loaded = _summary(summary, awards)
    chosen = _spread(loaded.awards, sample)
    Path(out).mkdir(parents=True, exist_ok=True)
    env = make_env()
    start = time.perf_counter()
    for i, award in enumerate(chosen):
        document = DocxTemplate(template)
        document.render(certificate_context(loaded, award), env, autoescape=True)
        document.save(str(Path(out) / f"{i}.docx"))
    return {"seconds": time.perf_counter() - start, "count": len(chosen)}


def cert_floor(summary: str, template: str, out: str, awards: int | None = None) -> dict[str, Any]:
    """The floor: the same files from XML rendered beforehand — only zipping and writing is timed."""
    from pipeline.office.atomic import write_atomic
    from pipeline.render.certificates import (
        certificate_context,
        file_names,
        load_template,
        merged_name,
        print_order,
    )

    loaded = _summary(summary, awards)
    compiled = load_template(Path(template))
    ordered = print_order(loaded.awards)
    contexts = [certificate_context(loaded, award) for award in ordered]
    bodies = [compiled.render(context) for context in contexts]
    folder = Path(out)
    start = time.perf_counter()
    for name, body, context in zip(file_names(ordered), bodies, contexts, strict=True):
        write_atomic(folder / "giay-khen" / name, compiled.build([body], context))
    write_atomic(folder / merged_name(loaded.year), compiled.build(bodies, contexts[0]))
    return {"seconds": time.perf_counter() - start, "count": len(bodies)}


def demo(out: str, units: int, seed: int) -> dict[str, Any]:
    """Generating the synthetic inputs (not a target; shown so a slow generator is noticed)."""
    from tools.demo.data import write_demo_inputs

    start = time.perf_counter()
    write_demo_inputs(Path(out), units, seed)
    return {"seconds": time.perf_counter() - start, "count": len(_workbooks(out))}


MEASUREMENTS: dict[str, Callable[..., dict[str, Any]]] = {
    f.__name__: f
    for f in (read_naive, read_calamine, read_floor, read_tongket, cert_tongket, cert_naive, cert_floor, demo)
}


def main() -> None:
    name, arguments = sys.argv[1], json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    result = MEASUREMENTS[name](**arguments)
    result["rss_self_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["rss_children_kib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps(result))


if __name__ == "__main__":
    main()
