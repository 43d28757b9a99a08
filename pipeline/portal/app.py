"""The portal as an ASGI app (Starlette): what it holds for one year, its middleware and its routes.

`create_app(paths)` is all `tongket serve` needs; tests call it too and talk to it over HTTP.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from pipeline.formats.jinja_env import make_env
from pipeline.paths import Paths
from pipeline.portal import staff_pages, unit_pages
from pipeline.portal.placement import PendingMover
from pipeline.portal.security import SecurityHeaders
from pipeline.portal.state import Portal, PortalSettings

HERE = Path(__file__).resolve().parent


def templates() -> Jinja2Templates:
    return Jinja2Templates(env=make_env(HERE / "templates"))


def create_app(paths: Paths, settings: PortalSettings | None = None) -> Starlette:
    """The portal for `paths` (inputs, outputs, year); settings are the limits (tests lower them)."""
    portal = Portal(paths, settings or PortalSettings())
    mover = PendingMover(portal.placer, portal.settings.pending_every)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        portal.placer.place_pending()  # uploads that waited when the portal last stopped
        mover.start()
        threading.Thread(target=portal.checker, daemon=True).start()  # warm: the first upload is fast
        yield
        mover.stop()

    app = Starlette(
        routes=[
            *unit_pages.routes(),
            *staff_pages.routes(),
            Route("/", staff_pages.home),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(
                SessionMiddleware,
                secret_key=portal.store.secret_key(),
                session_cookie="tongket",
                same_site="strict",
                max_age=8 * 3600,  # one working day
            ),
        ],
        lifespan=lifespan,
    )
    app.state.portal = portal
    app.state.templates = templates()
    return app
