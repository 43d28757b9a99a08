"""`python -m tools.demo --units N --seed S --inputs DIR`: a synthetic province's inputs folder.

A developer tool of the checkout (trials, `make bench`), not a `tongket` command: staff start a body
with `tongket init`. Run from the repository root.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.errors import InputError
from tools.demo.data import write_demo_inputs


@click.command()
@click.option(
    "--units", type=click.IntRange(min=1), required=True, help="Số công đoàn cơ sở của tỉnh giả lập."
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help="Hạt giống ngẫu nhiên: cùng hạt, cùng dữ liệu."
)
@click.option("--year", type=int, default=2024, show_default=True, help="Năm báo cáo của dữ liệu giả lập.")
@click.option(
    "--inputs",
    "inputs",
    type=click.Path(path_type=Path),
    required=True,
    help="Thư mục dữ liệu đầu vào sẽ tạo (dùng làm --inputs của tongket).",
)
@click.option("--clean", is_flag=True, help="Không chèn các lỗi thường gặp vào biểu mẫu.")
def main(units: int, seed: int, year: int, inputs: Path, clean: bool) -> None:
    """Tạo bộ dữ liệu đầu vào giả lập của một tỉnh với N CĐCS (để thử và đo tốc độ)."""
    try:
        write_demo_inputs(inputs, units, seed, year=year, mess=not clean)
    except InputError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(2)
    click.echo(str(inputs))


if __name__ == "__main__":
    main()
