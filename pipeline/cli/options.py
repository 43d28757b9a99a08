"""What every tongket command shares: options declared once, the guard, exit codes, output streams.

Each option means the same thing in every command that takes it, and a command takes only the
options it uses. Paths written go to stdout; progress and messages go to stderr.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline.errors import TongketError, logged_at, silent
from pipeline.paths import DEFAULT_INPUTS, DEFAULT_OUTPUTS, Paths, templates_for
from pipeline.runs.runlog import log_crash, quiet_progress

if TYPE_CHECKING:
    from pipeline.runs.guard import Guarded  # lazy: --help stays fast

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3
EXIT_TERMINATED = 128 + 15  # SIGTERM, as shells report it
EXIT_SOFTWARE = 70  # EX_SOFTWARE of sysexits.h: tongket's own error, never a year's normal outcome


class Year(click.ParamType):
    """A year as staff type it; the message for anything else is tongket's own, in Vietnamese."""

    name = "năm"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value).strip()
        if not (text.isdigit() and 1900 <= int(text) <= 2999):
            self.fail(f"«{value}» không phải là một năm (viết bốn chữ số, ví dụ 2024).", param, ctx)
        return int(text)


_YEAR = click.option("--year", type=Year(), required=True, help="Năm tổng kết, ví dụ 2024.")
_INPUTS = click.option(
    "--inputs",
    "inputs",
    type=click.Path(path_type=Path),
    metavar="THƯ_MỤC",
    default=DEFAULT_INPUTS,
    show_default=True,
    help="Thư mục dữ liệu đầu vào (units.csv, indicators.csv, <năm>/...).",
)
_OUTPUTS = click.option(
    "--outputs",
    "outputs",
    type=click.Path(path_type=Path),
    metavar="THƯ_MỤC",
    default=DEFAULT_OUTPUTS,
    show_default=True,
    help="Thư mục kết quả; mỗi năm một thư mục con.",
)
_TEMPLATES = click.option(
    "--templates",
    "templates",
    type=click.Path(path_type=Path),
    metavar="THƯ_MỤC",
    default=None,
    help="Thư mục mẫu văn bản (.docx); mặc định: templates/ bên cạnh thư mục --inputs nếu có, "
    "nếu không thì mẫu có sẵn của tongket.",
)
_QUIET = click.option("--quiet", "-q", is_flag=True, help="Không in thông báo tiến độ ra stderr.")


def year_options(
    inputs: bool = True, templates: bool = True
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--year, --outputs and --quiet, with --inputs and --templates where the command reads them;
    the command receives `paths` and `say`."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(year: int, outputs: Path, quiet: bool, **kwargs: Any) -> Any:
            inputs = kwargs.pop("inputs", DEFAULT_INPUTS)
            templates = templates_for(inputs, kwargs.pop("templates", None))
            paths = Paths(inputs=inputs, outputs_root=outputs, year=year, templates=templates)
            try:
                with quiet_progress() if quiet else contextlib.nullcontext():
                    return func(paths=paths, say=silent if quiet else say_on_stderr, **kwargs)
            except Exception as exc:
                # A run's own log already holds the traceback; other commands get a log of their own.
                if not isinstance(exc, TongketError | click.ClickException) and logged_at(exc) is None:
                    log_crash(paths.out, func.__name__, exc)
                raise

        options = [
            _YEAR,
            *([_INPUTS] if inputs else []),
            _OUTPUTS,
            *([_TEMPLATES] if templates else []),
            _QUIET,
        ]
        for option in reversed(options):
            wrapper = option(wrapper)
        return wrapper

    return decorate


def safety_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options of the commands that write outputs: they run under the folder's lock (pipeline.runs.guard)."""

    @click.option(
        "--force",
        is_flag=True,
        help="Thay cả văn bản đã có người sửa; bản đã sửa được chuyển vào sao-luu/, không bị xóa.",
    )
    @click.option(
        "--wait",
        is_flag=True,
        help="Nếu lần chạy khác đang ghi vào thư mục kết quả, chờ nó xong (mặc định: dừng ngay, mã thoát 3).",
    )
    @functools.wraps(func)
    def wrapper(force: bool, wait: bool, **kwargs: Any) -> Any:
        return func(guard=functools.partial(_guard, force=force, wait=wait), **kwargs)

    return wrapper


def _guard(
    paths: Paths,
    say: Callable[[str], None],
    stage: Callable[[Callable[[str], None]], Any],
    command: str,
    force: bool,
    wait: bool,
    when: str | None = None,
) -> Guarded:
    """Run `stage` under the lock with every output placed; a busy folder exits 3 with the message."""
    from pipeline.runs.guard import guarded  # lazy: --help stays fast
    from pipeline.runs.lock import RunLocked  # lazy: --help stays fast

    signal.signal(signal.SIGTERM, _terminated)  # so the lock, log and manifest are closed properly
    try:
        done = guarded(paths, stage, say, command=command, force=force, wait=wait, when=when)
    except RunLocked as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BUSY)
    if say is silent and command == "run":
        click.echo(done.tally.line(), err=True)  # --quiet still ends a run with its one summary line
    return done


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(EXIT_TERMINATED)


def say_on_stderr(message: str) -> None:
    click.echo(message, err=True)


def print_paths(paths: list[Path]) -> None:
    for path in paths:
        click.echo(str(path))


class Command(click.Command):
    """A command whose usage line reads in Vietnamese (click's documented options_metavar)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TÙY_CHỌN]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TÙY_CHỌN]")
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM_SỐ]...")
        super().__init__(*args, **kwargs)
