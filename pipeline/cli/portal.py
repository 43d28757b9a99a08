"""The portal's commands: `serve` (the web portal), `links` (each unit's private link, for mail merge)
and `staff add` (an office account)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from pipeline.cli.options import _INPUTS, Command, Group, print_paths, year_options
from pipeline.errors import InputError
from pipeline.paths import Paths


@click.command(cls=Command)
@year_options()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Địa chỉ lắng nghe; 0.0.0.0 cho cả mạng nội bộ."
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Cổng lắng nghe."
)
def serve(paths: Paths, say: Callable[[str], None], host: str, port: int) -> None:
    """Chạy cổng nộp báo cáo trên web cho các đơn vị và cán bộ Văn phòng (Ctrl+C để dừng)."""
    import uvicorn  # lazy: --help stays fast

    from pipeline.portal.app import create_app  # lazy: --help stays fast

    app = create_app(paths)
    say(f"Cổng nộp báo cáo năm {paths.year} đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng).")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


@click.command(cls=Command)
@year_options(templates=False)
@click.option(
    "--base-url",
    required=True,
    metavar="URL",
    help="Địa chỉ của cổng mà các đơn vị mở được, ví dụ http://192.168.1.10:8000.",
)
@click.option(
    "--unit",
    "units",
    multiple=True,
    metavar="MÃ",
    help="Chỉ cấp đường dẫn mới cho đơn vị này (lặp lại được).",
)
@click.option("--revoke", "revoke", multiple=True, metavar="MÃ", help="Thu hồi đường dẫn của đơn vị này.")
def links(
    paths: Paths, say: Callable[[str], None], base_url: str, units: tuple[str, ...], revoke: tuple[str, ...]
) -> None:
    """Cấp đường dẫn riêng cho từng đơn vị: tệp CSV và XLSX (ma_don_vi,ten_don_vi,url) để trộn thư.

    Chỉ lưu mã băm của đường dẫn, nên mỗi lần chạy là cấp đường dẫn mới; đường dẫn cũ hết hiệu lực."""
    from pipeline.portal.links import issue_links, revoke_links  # lazy: --help stays fast

    if revoke:
        revoked = revoke_links(paths, list(revoke))
        say(f"Đã thu hồi đường dẫn của {len(revoked)} đơn vị: {', '.join(revoked) or 'không có'}.")
        if not units:
            return
    written = issue_links(paths, base_url, list(units))
    say("Đã cấp đường dẫn mới; giữ kín các tệp này (ai có đường dẫn thì nộp được thay đơn vị).")
    print_paths(written)


@click.group(cls=Group)
def staff() -> None:
    """Tài khoản cán bộ Văn phòng đăng nhập cổng nộp báo cáo."""


@staff.command("add", cls=Command)
@click.argument("name", metavar="TÊN")
@_INPUTS
@click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ dòng đầu của stdin (cho tập lệnh).")
def staff_add(name: str, inputs: Path, password_stdin: bool) -> None:
    """Thêm (hoặc đặt lại mật khẩu cho) tài khoản cán bộ TÊN; mật khẩu được lưu dạng băm argon2."""
    from pipeline.portal.store import PortalStore  # lazy: --help stays fast

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
    if not inputs.is_dir():
        raise InputError(
            f"Không có thư mục dữ liệu {inputs}. Chạy lệnh trong thư mục của cơ quan, hoặc thêm --inputs."
        )
    PortalStore(inputs, 0).add_staff(name, password)
    click.echo(f"Đã lưu tài khoản «{name}».", err=True)
