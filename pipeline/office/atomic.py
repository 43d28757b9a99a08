"""Writing output files safely: every file is written to a temporary name and renamed into place."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TextIO

TEMP_SUFFIX = ".tmp"
# mkstemp's names here: "." + the final name + "." + 8 random characters + ".tmp".
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")


def _default_file_mode() -> int:
    """0666 less the process umask: the mode open() would give a new file."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _default_file_mode()


# While a run is placing files (pipeline.runs.placement), every write_atomic call goes through it, so
# each stage's outputs get the manifest and the protection of edited drafts without knowing it.
# Content is bytes, or a finished temporary file beside the target (write_streamed) to be renamed.
Content = bytes | Path
Router = Callable[[Path, Content], bool]
Remover = Callable[[Path], bool]
_ROUTER: ContextVar[Router | None] = ContextVar("tongket_output_router", default=None)
_REMOVER: ContextVar[Remover | None] = ContextVar("tongket_output_remover", default=None)


@contextmanager
def routed(router: Router, remover: Remover | None = None) -> Iterator[None]:
    """Within the block, write_atomic asks `router` first (True: it placed the file), and
    remove_output asks `remover` (True: it dealt with the file)."""
    token, removal = _ROUTER.set(router), _REMOVER.set(remover)
    try:
        yield
    finally:
        _REMOVER.reset(removal)
        _ROUTER.reset(token)


def remove_output(path: Path) -> None:
    """Take away an output that no longer has a reason to exist (a withdrawn award's certificate).

    Inside `routed(...)` the remover decides: a file a person edited is moved aside, never deleted.
    """
    remover = _REMOVER.get()
    if remover is not None and remover(path):
        return
    path.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that `path` is either the old file or the complete new one.

    Inside `routed(...)` the router decides (a person's edited draft is never overwritten).
    """
    router = _ROUTER.get()
    if router is not None and router(path, data):
        return
    replace_atomic(path, data)


def write_streamed(path: Path, write: Callable[[TextIO], None]) -> None:
    """write_atomic for a file too large to hold in memory: `write` fills a temporary file beside
    `path` (UTF-8, "\\n" line ends), which is then placed as write_atomic would place bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    staged = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        router = _ROUTER.get()
        if router is None or not router(path, staged):
            replace_atomic(path, staged)
    finally:
        staged.unlink(missing_ok=True)  # still there when it was not needed (unchanged) or on error


def replace_atomic(path: Path, data: Content) -> None:
    """Write `data` to a temporary file beside `path` and rename it into place.

    os.replace is atomic on POSIX and Windows when both names are on one volume, which the
    temporary file in the same folder guarantees. `data` may be such a file already (write_streamed).
    """
    if isinstance(data, Path):
        os.chmod(data, _FILE_MODE)
        pause_point(f"before-rename:{path.name}")
        os.replace(data, path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); outputs are shared with the staff who edit them.
        os.chmod(tmp_name, _FILE_MODE)
        pause_point(f"before-rename:{path.name}")
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def pause_point(point: str) -> None:
    """Test hook: with TONGKET_TEST_PAUSE_AT=<point> the process stops here, so a test can kill it
    at that moment (tests/test_safety_kill.py). Points: "before-rename:<file name>", and the stages
    "data" and "render" (pipeline.runs.guard.run_once); TONGKET_TEST_PAUSE_SECONDS (default 600) says
    how long. Unset, it does nothing."""
    if os.environ.get("TONGKET_TEST_PAUSE_AT") == point:
        sys.stderr.write(f"TONGKET_TEST_PAUSED {point}\n")
        sys.stderr.flush()
        time.sleep(float(os.environ.get("TONGKET_TEST_PAUSE_SECONDS", "600")))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_content(data: Content) -> str:
    if isinstance(data, Path):
        found = sha256_file(data)
        assert found is not None, "a staged file exists until it is placed"
        return found
    return sha256_bytes(data)


def sha256_file(path: Path) -> str | None:
    """The file's sha256, or None when it does not exist (or is not a file)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    return digest.hexdigest()


def files_under(
    folder: Path, odd: list[tuple[str, str]] | None = None, file_like: Collection[str] = ()
) -> list[tuple[str, str]]:
    """Every file under `folder` and its sub-folders as (path, name relative to `folder` with "/"),
    sorted by that name. Nothing that is not a plain file inside `folder` is ever opened:

    - a symbolic link is followed only to a file inside `folder` (never to a folder, nor outside);
    - FIFOs, devices and sockets are passed over (opening a FIFO waits for a writer for ever);
    - a sub-folder whose name ends in one of `file_like` (".xlsx": named like a file) is not entered.

    What was passed over goes to `odd`, if given, as (name, kind): kind is "outside" (a link out of
    the folder), "broken" (a link to nothing), "folder", "fifo", "device" or "socket".

    os.scandir rather than Path.rglob: a national submissions folder has 130.000 files, and path
    objects (rglob, relative_to, is_file) cost ~25 µs a file, seconds before any file is read.
    """
    found: list[tuple[str, str]] = []
    root = os.path.realpath(folder)
    suffixes = tuple(s.lower() for s in file_like)
    pending = [(os.fspath(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    name = prefix + entry.name
                    kind = _kind(entry, root)
                    if kind == "dir" and suffixes and entry.name.lower().endswith(suffixes):
                        kind = "folder"
                    if kind == "dir":
                        pending.append((entry.path, name + "/"))
                    elif kind == "file":
                        found.append((entry.path, name))
                    elif odd is not None and kind != "linked-folder":
                        odd.append((name, kind))
        except (FileNotFoundError, NotADirectoryError):
            continue
    found.sort(key=lambda item: item[1])
    if odd is not None:
        odd.sort()
    return found


def _kind(entry: os.DirEntry[str], root: str) -> str:
    """What a folder entry is, for files_under: "file", "dir", "linked-folder" or an odd kind."""
    if entry.is_symlink():
        target = os.path.realpath(entry.path)
        if os.path.commonpath([root, target]) != root:
            return "outside" if os.path.lexists(target) else "broken"
        if os.path.isdir(target):
            return "linked-folder"  # a link back into the folder (a loop, a shortcut): not followed
        return _kind_of_mode(target)
    if entry.is_dir(follow_symlinks=False):
        return "dir"
    if entry.is_file(follow_symlinks=False):
        return "file"
    return _kind_of_mode(entry.path)


def _kind_of_mode(path: str) -> str:
    try:
        mode = os.stat(path).st_mode  # stat only: never open
    except OSError:
        return "broken"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "folder" if stat.S_ISDIR(mode) else "device"


def remove_stale_temp_files(folder: Path, targets: Collection[str] | None = None) -> list[Path]:
    """Delete temporary files a killed run left behind (call only while holding the run lock).

    They never carry a final name (they start with "." and end in .tmp), so nothing reads them;
    this only tidies the folder. With `targets` (final names relative to `folder`, as in the
    manifest), only temporary files for those names go: a command that writes there without the
    lock (forms, certificates) may be writing the others right now.
    """
    if not folder.is_dir():
        return []
    removed = []
    for path in folder.rglob(f".*{TEMP_SUFFIX}"):
        final = _TEMP_NAME.match(path.name)
        relative = path.parent.relative_to(folder) / final["name"] if final else None
        if path.is_file() and (targets is None or (relative is not None and relative.as_posix() in targets)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
