"""Commands around the documents: forms for the units, certificates, PDFs, the template checker."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.options import (
    EXIT_FINDINGS,
    EXIT_OK,
    Command,
    print_paths,
    safety_options,
    year_options,
)
from pipeline.errors import InputError
from pipeline.paths import DEFAULT_INPUTS, Paths, templates_for

if TYPE_CHECKING:
    from pipeline.runs.guard import Guarded  # lazy: --help stays fast


@click.command(cls=Command)
@year_options(templates=False)
@safety_options
@click.option(
    "--unit",
    "unit",
    default=None,
    metavar="MÃ",
    help="Chỉ tạo biểu mẫu cho một đơn vị (mã đơn vị, ví dụ CB).",
)
def form(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded], unit: str | None) -> None:
    """Tạo biểu mẫu báo cáo Excel cho các đơn vị (thư mục <outputs>/<năm>/bieu-mau)."""
    from pipeline.form.writer import FORMS_DIR, write_forms  # lazy: --help stays fast
    from pipeline.runner import Shared  # lazy: --help stays fast

    shared = Shared.load(paths)

    def make(log: Callable[[str], None]) -> list[Path]:
        written = write_forms(paths.out / FORMS_DIR, shared.registry, shared.catalog, paths.year, unit)
        log(f"Đã tạo {len(written)} biểu mẫu trong {paths.out / FORMS_DIR}.")
        return written

    print_paths(guard(paths, say, make, "form").drafts())


@click.command("check-templates", cls=Command)
@click.option(
    "--templates",
    "templates",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    metavar="THƯ_MỤC",
    default=None,
    help="Thư mục mẫu văn bản cần kiểm tra; mặc định: templates/ bên cạnh inputs/ nếu có, "
    "nếu không thì mẫu có sẵn của tongket.",
)
@click.option(
    "--summary",
    "summary_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    metavar="TỆP",
    default=None,
    help="summary.json của lần chạy gần nhất, để đối chiếu mã chỉ tiêu với danh mục thật.",
)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON ra stdout.")
def check_templates(templates: Path | None, summary_path: Path | None, as_json: bool) -> None:
    """Kiểm tra các mẫu văn bản: thẻ sai cú pháp, thẻ bị tách, biến không có, khối thừa."""
    import dataclasses  # lazy: --help stays fast
    import json  # lazy: --help stays fast

    from pipeline.model.summary import Summary  # lazy: --help stays fast
    from pipeline.render.check_templates import check_templates as lint  # lazy: --help stays fast

    summary = Summary.read(summary_path) if summary_path else None
    templates = templates_for(DEFAULT_INPUTS, templates)
    problems = lint(templates, summary)
    if as_json:
        click.echo(json.dumps([dataclasses.asdict(p) for p in problems], ensure_ascii=False, indent=2))
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = [p for p in problems if p.severity == "loi"]
    click.echo(
        f"Đã kiểm tra {templates}: {len(errors)} lỗi, {len(problems) - len(errors)} cảnh báo.", err=True
    )
    sys.exit(EXIT_FINDINGS if errors else EXIT_OK)


@click.command(cls=Command)
@year_options(inputs=False, templates=False)
@safety_options
def pdf(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded]) -> None:
    """Chuyển các văn bản .docx của năm sang PDF bằng LibreOffice (thư mục <outputs>/<năm>/pdf)."""
    from pipeline.office.pdf import convert_to_pdf  # lazy: --help stays fast

    drafts = sorted(paths.out.glob("*.docx"))
    if not drafts:
        raise InputError(
            f"Chưa có văn bản .docx trong {paths.out}. Chạy «tongket run --year {paths.year}» trước."
        )

    def convert(log: Callable[[str], None]) -> list[Path]:
        log(f"Chuyển {len(drafts)} văn bản sang PDF ...")
        return convert_to_pdf(drafts, paths.out / "pdf")

    print_paths(guard(paths, say, convert, "pdf").drafts())


@click.command(cls=Command)
@year_options(inputs=False)
@safety_options
@click.option("--pdf", "as_pdf", is_flag=True, help="Chuyển cả bản in gộp sang PDF (cần LibreOffice).")
def certificates(
    paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded], as_pdf: bool
) -> None:
    """In giấy khen, bằng khen cho mọi khen thưởng được đề nghị: mỗi người một tệp và một bản in gộp."""
    from pipeline.model.summary import Summary  # lazy: --help stays fast
    from pipeline.paths import SUMMARY_FILE  # lazy: --help stays fast
    from pipeline.render.certificates import TEMPLATE_NAME, render_certificates  # lazy: --help stays fast

    summary_path = paths.out / SUMMARY_FILE
    if not summary_path.exists():
        raise InputError(f"Chưa có {summary_path}. Chạy «tongket run --year {paths.year}» trước.")
    summary = Summary.read(summary_path)

    def make(log: Callable[[str], None]) -> list[Path]:
        written = render_certificates(summary, paths.templates / TEMPLATE_NAME, paths.out, pdf=as_pdf)
        log(f"Đã in {len(summary.awards)} giấy khen, bằng khen.")
        return written

    # The certificates carry the conference date of the summary they print, as the drafts do.
    print_paths(guard(paths, say, make, "certificates", when=summary.event.date or None).drafts())
