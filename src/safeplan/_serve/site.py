"""The drafting page: one HTML page and its static files, mounted at ``/`` by ``safeplan serve``.

The page's files are in ``page/static/``: ``index.html``, small plain ES modules (``*.js``, no
build step) and the GOV.UK Design System (``vendor/``, with its licence and version).
Everything it does, it does through the service's ``/v1/`` routes with POST bodies: the case
never travels in an address, is never stored on the server and never kept in the browser
unless the user saves it.

Every response carries a strict content security policy (nothing from outside the service, no
inline script or style), ``no-referrer`` and ``no-store``.

Imports: nothing of safeplan (Starlette only).
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["STATIC", "page_app"]

STATIC = Path(__file__).resolve().parent / "page" / "static"

_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
_HEADERS = [
    (b"content-security-policy", _CSP.encode()),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class _Headers:
    """The page's security headers on every response it sends."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {h for h, _ in _HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": [*kept, *_HEADERS]}
            await send(message)

        await self.app(scope, receive, with_headers)


async def _index(_request: Request) -> Response:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


def page_app() -> ASGIApp:
    """The drafting page as an ASGI app: ``/`` and ``/static/…``."""
    app = Starlette(
        routes=[
            Route("/", _index, methods=["GET", "HEAD"]),
            Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
        ]
    )
    return _Headers(app)
