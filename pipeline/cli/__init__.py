"""The `tongket` command: a thin shell over pipeline.runner. Exit codes are a contract:

0 done; 1 done, but findings need a person; 2 usage or input-setup error; 3 another run holds the
outputs folder (nothing done); 143 stopped by SIGTERM. See docs/chay-dinh-ky.md.
Paths written go to stdout; progress and messages go to stderr.
"""

from __future__ import annotations

import sys

import click

from pipeline import __version__
from pipeline.cli import body, documents, portal, stages
from pipeline.cli.options import EXIT_USAGE, Group
from pipeline.errors import ERROR_PREFIX, TongketError, error_line
from pipeline.resources import use_vietnamese_messages


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, prog_name="tongket", message="%(prog)s %(version)s", help="In số phiên bản rồi thoát."
)
def cli() -> None:
    """tongket: tổng hợp báo cáo số liệu thi đua của các đơn vị thành báo cáo tổng kết,
    danh sách đề nghị khen thưởng và giao ước thi đua năm sau.

    Mã thoát: 0 hoàn thành; 1 hoàn thành nhưng có lỗi số liệu cần người xử lý; 2 sai cách dùng;
    3 đang có lần chạy khác ghi vào cùng thư mục kết quả; 143 bị dừng (SIGTERM).
    """


for command in (
    stages.run,
    stages.ingest,
    stages.validate,
    stages.aggregate,
    stages.render,
    documents.form,
    documents.check_templates,
    documents.pdf,
    documents.certificates,
    body.init,
    portal.serve,
    portal.links,
    portal.staff,
):
    cli.add_command(command)


def main() -> None:
    """Entry point: every error a person can fix is one line «Lỗi: ...» and exit 2, never a traceback."""
    use_vietnamese_messages()
    try:
        cli.main(prog_name="tongket", standalone_mode=False)  # also as python -m pipeline
    except TongketError as exc:
        click.echo(error_line(exc), err=True)
        sys.exit(EXIT_USAGE)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
        sys.exit(EXIT_USAGE)
    except click.UsageError as exc:
        click.echo(f"{ERROR_PREFIX}sai cách dùng: {exc.format_message()}", err=True)
        click.echo("Xem hướng dẫn: tongket --help", err=True)
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo(f"{ERROR_PREFIX}đã dừng.", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        click.echo(f"{ERROR_PREFIX}{exc.format_message()}", err=True)
        sys.exit(EXIT_USAGE)
