"""The `tongket` command: a thin shell over pipeline.runner. Exit codes are a contract:

0 done; 1 done, but findings need a person; 2 usage or input-setup error; 3 another run holds the
outputs folder (nothing done); 143 stopped by SIGTERM. See docs/chay-dinh-ky.md.
Paths written go to stdout; progress and messages go to stderr.
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

from pipeline import __version__
from pipeline.errors import ERROR_PREFIX, InputError, TongketError, error_line, silent
from pipeline.paths import DEFAULT_INPUTS, DEFAULT_OUTPUTS, DEFAULT_TEMPLATES, Paths
from pipeline.runs.runlog import quiet_progress

if TYPE_CHECKING:
    from pipeline.runs.guard import Guarded  # lazy: --help stays fast

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3
EXIT_TERMINATED = 128 + 15  # SIGTERM, as shells report it

# Each option is declared once and means the same thing in every command that takes it; a
# command takes only the options it uses (`pdf` reads no inputs and no templates).
_YEAR = click.option("--year", type=int, required=True, help="Năm tổng kết, ví dụ 2024.")
_INPUTS = click.option(
    "--inputs",
    "inputs",
    type=click.Path(path_type=Path),
    default=DEFAULT_INPUTS,
    show_default=True,
    help="Thư mục dữ liệu đầu vào (units.csv, indicators.csv, <năm>/...).",
)
_OUTPUTS = click.option(
    "--outputs",
    "outputs",
    type=click.Path(path_type=Path),
    default=DEFAULT_OUTPUTS,
    show_default=True,
    help="Thư mục kết quả; mỗi năm một thư mục con.",
)
_TEMPLATES = click.option(
    "--templates",
    "templates",
    type=click.Path(path_type=Path),
    default=DEFAULT_TEMPLATES,
    help="Thư mục mẫu văn bản (.docx); mặc định: templates/ của tongket.",
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
            paths = Paths(
                inputs=kwargs.pop("inputs", DEFAULT_INPUTS),
                outputs_root=outputs,
                year=year,
                templates=kwargs.pop("templates", DEFAULT_TEMPLATES),
            )
            with quiet_progress() if quiet else contextlib.nullcontext():
                return func(paths=paths, say=silent if quiet else _say, **kwargs)

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


def _say(message: str) -> None:
    click.echo(message, err=True)


def _print_paths(paths: list[Path]) -> None:
    for path in paths:
        click.echo(str(path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tongket", message="%(prog)s %(version)s")
def cli() -> None:
    """tongket: tổng hợp báo cáo số liệu thi đua của các đơn vị thành báo cáo tổng kết,
    danh sách đề nghị khen thưởng và giao ước thi đua năm sau.

    Mã thoát: 0 hoàn thành; 1 hoàn thành nhưng có lỗi số liệu cần người xử lý; 2 sai cách dùng;
    3 đang có lần chạy khác ghi vào cùng thư mục kết quả; 143 bị dừng (SIGTERM).
    """


@cli.command()
@year_options()
@safety_options
@click.option("--strict", is_flag=True, help="Không soạn văn bản nếu số liệu còn lỗi.")
def run(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded], strict: bool) -> None:
    """Chạy tất cả các bước: đọc, kiểm tra, tổng hợp, soạn văn bản."""
    from pipeline.runner import run_all  # lazy: --help stays fast

    done = guard(paths, say, lambda log: run_all(paths, strict=strict, say=log), "run")
    _print_paths(done.drafts())
    sys.exit(EXIT_FINDINGS if done.result.needs_person else EXIT_OK)


@cli.command()
@year_options()
@safety_options
def ingest(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded]) -> None:
    """Bước 1: đọc các tệp báo cáo trong <inputs>/<năm>/submissions."""
    from pipeline.paths import INGESTED_FILE  # lazy: --help stays fast
    from pipeline.runner import Shared, run_ingest  # lazy: --help stays fast

    paths.out.mkdir(parents=True, exist_ok=True)
    guard(paths, say, lambda log: run_ingest(paths, Shared.load(paths), log), "ingest")
    _print_paths([paths.out / INGESTED_FILE])


@cli.command()
@year_options()
@safety_options
def validate(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded]) -> None:
    """Bước 2: kiểm tra số liệu đã đọc và lập báo cáo kiểm tra (HTML, XLSX, JSON)."""
    from pipeline.runner import Shared, previous_figures, run_validate  # lazy: --help stays fast

    shared = Shared.load(paths)
    previous = previous_figures(paths, shared)
    result = guard(
        paths, say, lambda log: run_validate(paths, shared, previous=previous, say=log), "validate"
    ).result
    _print_paths(sorted(paths.out.glob("validation.*")))
    sys.exit(EXIT_FINDINGS if result.report.needs_person else EXIT_OK)


@cli.command()
@year_options()
@safety_options
def aggregate(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded]) -> None:
    """Bước 3: tổng hợp số liệu hợp lệ thành summary.json."""
    from pipeline.paths import SUMMARY_FILE  # lazy: --help stays fast
    from pipeline.runner import Shared, previous_figures, run_aggregate  # lazy: --help stays fast

    shared = Shared.load(paths)
    previous = previous_figures(paths, shared)
    guard(paths, say, lambda log: run_aggregate(paths, shared, previous=previous, say=log), "aggregate")
    _print_paths([paths.out / SUMMARY_FILE])


@cli.command()
@year_options()
@safety_options
def render(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded]) -> None:
    """Bước 4: soạn các văn bản từ summary.json."""
    from pipeline.runner import run_render  # lazy: --help stays fast

    _print_paths(guard(paths, say, lambda log: run_render(paths, say=log), "render").drafts())


@cli.command()
@year_options(templates=False)
@safety_options
@click.option("--unit", "unit", default=None, help="Chỉ tạo biểu mẫu cho một đơn vị (mã đơn vị, ví dụ CB).")
def form(paths: Paths, say: Callable[[str], None], guard: Callable[..., Guarded], unit: str | None) -> None:
    """Tạo biểu mẫu báo cáo Excel cho các đơn vị (thư mục <outputs>/<năm>/bieu-mau)."""
    from pipeline.form.writer import FORMS_DIR, write_forms  # lazy: --help stays fast
    from pipeline.runner import Shared  # lazy: --help stays fast

    shared = Shared.load(paths)

    def make(log: Callable[[str], None]) -> list[Path]:
        written = write_forms(paths.out / FORMS_DIR, shared.registry, shared.catalog, paths.year, unit)
        log(f"Đã tạo {len(written)} biểu mẫu trong {paths.out / FORMS_DIR}.")
        return written

    _print_paths(guard(paths, say, make, "form").drafts())


@cli.command("check-templates")
@click.option(
    "--templates",
    "templates",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    default=DEFAULT_TEMPLATES,
    help="Thư mục mẫu văn bản cần kiểm tra; mặc định: templates/ của tongket.",
)
@click.option(
    "--summary",
    "summary_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="summary.json của lần chạy gần nhất, để đối chiếu mã chỉ tiêu với danh mục thật.",
)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON ra stdout.")
def check_templates(templates: Path, summary_path: Path | None, as_json: bool) -> None:
    """Kiểm tra các mẫu văn bản: thẻ sai cú pháp, thẻ bị tách, biến không có, khối thừa."""
    import dataclasses  # lazy: --help stays fast
    import json  # lazy: --help stays fast

    from pipeline.model.summary import Summary  # lazy: --help stays fast
    from pipeline.render.check_templates import check_templates as lint  # lazy: --help stays fast

    summary = Summary.read(summary_path) if summary_path else None
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


@cli.command()
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

    _print_paths(guard(paths, say, convert, "pdf").drafts())


@cli.command()
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
    done = guard(paths, say, make, "certificates", when=summary.event.date or None)
    _print_paths(done.drafts())


def main() -> None:
    """Entry point: every error a person can fix is one line «Lỗi: ...» and exit 2, never a traceback."""
    try:
        cli.main(standalone_mode=False)
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
