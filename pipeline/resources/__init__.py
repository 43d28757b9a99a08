"""The data tongket ships: Word and HTML templates, the bundled sample, the Vietnamese catalog.

In a checkout they are the top-level templates/ and inputs/ folders; pyproject.toml maps those to
the packages pipeline.resources.templates and pipeline.resources.sample, so a wheel carries them
and importlib.resources finds them wherever tongket is installed (pip, pipx, uv tool).
"""

from __future__ import annotations

import gettext
import os
from importlib.resources import files
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
# In a checkout (pip install -e), setuptools' editable finder cannot import a folder without
# __init__.py mapped under a regular package, so the mapped folders are read where they stand.
_IN_CHECKOUT = {"pipeline.resources.templates": "templates", "pipeline.resources.sample": "inputs"}


def _folder(package: str) -> Path:
    """The package's folder on disk. tongket is always installed unzipped (pip, pipx and uv
    unpack wheels), so the resource is a real folder; a zipped install is refused with a reason."""
    try:
        resource = files(package)
    except ModuleNotFoundError:
        if package in _IN_CHECKOUT and (CHECKOUT / "pyproject.toml").is_file():
            return CHECKOUT / _IN_CHECKOUT[package]
        raise
    # A folder without __init__.py (templates/, inputs/) is a namespace package: importlib gives a
    # MultiplexedPath, whose one real folder is its first path.
    paths = getattr(resource, "_paths", None)
    folder = Path(os.fspath(paths[0])) if paths else Path(str(resource))
    if not folder.is_dir():
        raise RuntimeError(f"tongket must be installed unzipped: {package} is not a folder ({folder})")
    return folder


def templates() -> Path:
    """The templates shipped with tongket (in a checkout: templates/)."""
    return _folder("pipeline.resources.templates")


def sample() -> Path:
    """The bundled sample inputs, Cụm thi đua số 5 (in a checkout: inputs/)."""
    return _folder("pipeline.resources.sample")


def locale() -> Path:
    """gettext catalogs: Vietnamese for click's own messages."""
    return _folder("pipeline.resources.locale")


def use_vietnamese_messages() -> None:
    """click's own messages («Usage:», usage errors, --help headings) in Vietnamese.

    click translates through gettext's global domain ("messages"), so binding that domain to
    tongket's catalog and asking for Vietnamese is the documented way (no string patching). The
    language is set for this process alone: tongket speaks Vietnamese whatever the machine's locale.
    """
    gettext.bindtextdomain("messages", str(locale()))
    os.environ["LANGUAGE"] = "vi"
