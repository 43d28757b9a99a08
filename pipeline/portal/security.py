"""The portal's defences that are not the framework's: security headers, CSRF tokens, rate limits.

Session cookies are Starlette's SessionMiddleware (signed with itsdangerous, SameSite=Strict);
what it does not give is here. Every response carries a CSP without inline script (the pages
have no script at all), and `Referrer-Policy: no-referrer` so a unit's link never leaks to
another site in a Referer header.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import defaultdict, deque

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
}
CSRF_FIELD = "csrf"


class SecurityHeaders:
    """ASGI middleware: the headers above on every HTTP response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.decode().lower() != "cache-control"
                ]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; every form carries it in a hidden field."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


def csrf_ok(request: Request, sent: object) -> bool:
    expected = request.session.get(CSRF_FIELD)
    if not isinstance(expected, str) or not isinstance(sent, str):
        return False
    return hmac.compare_digest(expected.encode(), sent.encode())


def client_address(request: Request) -> str:
    """The peer's address as the socket reports it (no proxy header is trusted on the office LAN)."""
    return request.client.host if request.client else "?"


class RateLimiter:
    """At most `limit` failures per key within `window` seconds; past that the key is refused until
    the oldest failure leaves the window. Failures only: a unit using its own link is never slowed."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def blocked(self, key: str) -> bool:
        with self._lock:
            failures = self._recent(key)
            return len(failures) >= self.limit

    def failed(self, key: str) -> None:
        with self._lock:
            self._recent(key).append(time.monotonic())

    def retry_after(self, key: str) -> int:
        with self._lock:
            failures = self._recent(key)
            return max(1, int(self.window - (time.monotonic() - failures[0])) + 1) if failures else 1

    def _recent(self, key: str) -> deque[float]:
        failures = self._failures[key]
        cutoff = time.monotonic() - self.window
        while failures and failures[0] < cutoff:
            failures.popleft()
        return failures
