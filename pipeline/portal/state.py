"""What the portal's routes share for one inputs folder and year: its limits, its store, the checker
of uploads, the placer and the runs. Heavy work (reading an upload, placing it) runs in worker
threads, at most `CHECK_THREADS` at once, so a burst of uploads queues instead of starving the server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anyio
import pandas as pd

from pipeline.aggregate import read_targets
from pipeline.inputs.catalog import RegistryUnit
from pipeline.inputs.meta import load_meta
from pipeline.paths import Paths
from pipeline.portal.checking import Checker, private_folder
from pipeline.portal.jobs import Runs
from pipeline.portal.placement import Placer
from pipeline.portal.security import RateLimiter
from pipeline.portal.store import INCOMING_DIR, PortalStore
from pipeline.runner import Shared, previous_figures

T = TypeVar("T")
MAX_UPLOAD_BYTES = 5 * 2**20  # a filled form is ~20 KiB; ingest itself refuses above 20 MiB
CHECK_THREADS = 2  # the machine's cores: more threads only queue behind the GIL


@dataclass
class PortalSettings:
    max_upload: int = MAX_UPLOAD_BYTES
    token_failures: int = 20  # wrong unit links per client address ...
    token_window: float = 600.0  # ... within this many seconds
    login_failures: int = 5
    login_window: float = 300.0
    pending_every: float = 2.0  # seconds between tries to place uploads that waited for a run


@dataclass
class Portal:
    """Everything the routes share for one inputs folder and year."""

    paths: Paths
    settings: PortalSettings
    store: PortalStore = field(init=False)
    shared: Shared = field(init=False)
    units: dict[str, RegistryUnit] = field(init=False)
    placer: Placer = field(init=False)
    runs: Runs = field(init=False)
    token_limiter: RateLimiter = field(init=False)
    login_limiter: RateLimiter = field(init=False)
    deadline: object = field(init=False)
    limiter: anyio.CapacityLimiter | None = None
    _checker: Checker | None = None
    _checker_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.store = PortalStore(self.paths.inputs, self.paths.year)
        self.shared = Shared.load(self.paths)
        self.units = {u.code: u for u in self.shared.registry.active(self.paths.year)}
        self.deadline = load_meta(self.paths).deadline
        self.placer = Placer(self.paths, self.store)
        self.runs = Runs(self.paths)
        self.token_limiter = RateLimiter(self.settings.token_failures, self.settings.token_window)
        self.login_limiter = RateLimiter(self.settings.login_failures, self.settings.login_window)

    def checker(self) -> Checker:
        """Built on first use (it reads last year's submissions once), then shared by every upload."""
        with self._checker_lock:
            if self._checker is None:
                previous: pd.DataFrame | None = previous_figures(self.paths, self.shared)
                self._checker = Checker(
                    self.shared.registry,
                    self.shared.catalog,
                    self.paths.year,
                    private_folder(self.store.year_dir / INCOMING_DIR),
                    previous=previous,
                    targets=read_targets(self.paths, self.paths.year, list(self.shared.catalog)),
                    deadline=self.deadline,
                )
            return self._checker

    async def in_thread(self, func: Callable[..., T], *args: Any) -> T:
        if self.limiter is None:
            self.limiter = anyio.CapacityLimiter(CHECK_THREADS)
        return await anyio.to_thread.run_sync(func, *args, limiter=self.limiter)
