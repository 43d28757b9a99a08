"""The four stages as commands (ingest, validate, aggregate, render) and `run`, which does them all."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from pipeline.cli.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    Command,
    print_paths,
    safety_options,
    year_options,
)
from pipeline.paths import Paths

if TYPE_CHECKING:
    from pipeline.runs.guard import Guarded  # lazy: --help stays fast


@click.command(cls=Command)
@year_options()
@safety_options
@click.option("--strict", is_flag=True, help="Không soạn văn bản nếu số liệu còn lỗi.")
def run(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded], strict: bool) -> None:
    """Chạy tất cả các bước: đọc, kiểm tra, tổng hợp, soạn văn bản."""
    from pipeline.runner import run_all  # lazy: --help stays fast

    done = guard(paths, say, lambda log: run_all(paths, strict=strict, say=log), "run")
    print_paths(done.drafts())
    sys.exit(EXIT_FINDINGS if done.result.needs_person else EXIT_OK)


@click.command(cls=Command)
@year_options()
@safety_options
def ingest(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded]) -> None:
    """Bước 1: đọc các tệp báo cáo trong <inputs>/<năm>/submissions."""
    from pipeline.paths import INGESTED_FILE  # lazy: --help stays fast
    from pipeline.runner import Shared, run_ingest  # lazy: --help stays fast

    paths.out.mkdir(parents=True, exist_ok=True)
    guard(paths, say, lambda log: run_ingest(paths, Shared.load(paths), log), "ingest")
    print_paths([paths.out / INGESTED_FILE])


@click.command(cls=Command)
@year_options()
@safety_options
def validate(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded]) -> None:
    """Bước 1–2: đọc các tệp báo cáo đã nhận và kiểm tra số liệu (báo cáo kiểm tra HTML, XLSX, JSON)."""
    from pipeline.runner import Shared, previous_figures, run_ingest, run_validate  # lazy: --help stays fast

    shared = Shared.load(paths)
    previous = previous_figures(paths, shared)

    def stage(log: Callable[[str], None]) -> Any:  # the files as they are now, as staff expect
        return run_validate(paths, shared, run_ingest(paths, shared, log), previous, log)

    result = guard(paths, say, stage, "validate").result
    print_paths(sorted(paths.out.glob("validation.*")))
    sys.exit(EXIT_FINDINGS if result.report.needs_person else EXIT_OK)


@click.command(cls=Command)
@year_options()
@safety_options
def aggregate(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded]) -> None:
    """Bước 3: tổng hợp số liệu hợp lệ thành summary.json."""
    from pipeline.paths import SUMMARY_FILE  # lazy: --help stays fast
    from pipeline.runner import Shared, previous_figures, run_aggregate  # lazy: --help stays fast

    shared = Shared.load(paths)
    previous = previous_figures(paths, shared)
    guard(paths, say, lambda log: run_aggregate(paths, shared, previous=previous, say=log), "aggregate")
    print_paths([paths.out / SUMMARY_FILE])


@click.command(cls=Command)
@year_options()
@safety_options
def render(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded]) -> None:
    """Bước 4: soạn các văn bản từ summary.json."""
    from pipeline.runner import run_render  # lazy: --help stays fast

    print_paths(guard(paths, say, lambda log: run_render(paths, say=log), "render").drafts())
