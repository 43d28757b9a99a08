"""`python -m tools.sample [--inputs DIR]`: rewrite the bundled sample inputs (default inputs/)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tools.sample.build import INPUTS, build


@click.command()
@click.option(
    "--inputs",
    type=click.Path(file_okay=False, path_type=Path),
    default=INPUTS,
    show_default=True,
    help="Thư mục ghi dữ liệu mẫu.",
)
def main(inputs: Path) -> None:
    """Ghi lại dữ liệu mẫu Cụm thi đua số 5 (2023-2026) từ các bảng trong tools/sample/."""
    written = build(inputs)
    click.echo(f"Đã ghi {len(written)} tệp vào {inputs}", err=True)


if __name__ == "__main__":
    sys.exit(main())
