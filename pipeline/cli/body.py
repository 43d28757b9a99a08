"""`tongket init`: a new body's folder (pipeline.scaffold)."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.options import (
    Command,
    Year,
    print_paths,
)


@click.command(cls=Command)
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False), metavar="THƯ_MỤC")
@click.option("--sample", is_flag=True, help="Chép bộ dữ liệu mẫu Cụm thi đua số 5 (2023–2025) để chạy thử.")
@click.option(
    "--templates",
    "with_templates",
    is_flag=True,
    help="Chép cả các mẫu văn bản vào THƯ_MỤC/templates để đơn vị tự sửa trong Word.",
)
@click.option(
    "--year",
    type=Year(),
    default=None,
    help="Năm tổng kết của meta.toml đầu tiên; mặc định: năm nay.",
)
def init(folder: Path, sample: bool, with_templates: bool, year: int | None) -> None:
    """Tạo thư mục làm việc cho một đơn vị mới: inputs/ với các tệp cần điền và hướng dẫn BAT-DAU.md.

    Không bao giờ ghi đè tệp đã có. Sau đó chạy tongket tại THƯ_MỤC.
    """
    import datetime  # lazy: --help stays fast

    from pipeline.scaffold import GUIDE_FILE, init_body  # lazy: --help stays fast

    written = init_body(folder, year or datetime.date.today().year, sample=sample, templates=with_templates)
    print_paths(written)
    guide = folder / GUIDE_FILE
    click.echo(f"Đã tạo {len(written)} tệp trong {folder}. Đọc {guide} để bắt đầu.", err=True)
