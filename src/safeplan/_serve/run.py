"""Running the service: uvicorn, with one process or several workers behind one socket.

With one worker the app runs in this process. With more, uvicorn starts worker processes that
each build the app from the configuration in ``SAFEPLAN_SERVE_CONFIG`` (JSON: the token file's
path, never the tokens), through :func:`app_from_environment`.

Imports: nothing of safeplan (the service room only).
"""

from __future__ import annotations

import os

import uvicorn
from starlette.applications import Starlette

from .app import create_app
from .config import ENV_CONFIG, ServerConfig, is_loopback
from .logs import configure, log, log_config
from .site import page_app

__all__ = ["app_from_environment", "build_app", "serve"]


def build_app(config: ServerConfig) -> Starlette:
    """The service, with the drafting page at ``/`` unless ``config.page`` is off."""
    return create_app(config, page=page_app() if config.page else None)


def app_from_environment() -> Starlette:
    """The app a worker process serves, from the configuration its parent put in the
    environment."""
    return build_app(ServerConfig.from_json(os.environ[ENV_CONFIG]))


def serve(config: ServerConfig, *, log_level: str = "info") -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM stops the workers cleanly).

    Raises:
        SafeplanError: The configuration is unsafe or cannot work (checked before listening).
    """
    config.check()
    configure(log_level)
    build_app(config)  # refuse a broken configuration here, not in every worker
    log(
        "listen",
        host=config.host,
        port=config.port,
        workers=config.workers,
        authenticated=config.authenticated,
        loopback_only=is_loopback(config.host),
        page=config.page,
        max_body_bytes=config.max_body_bytes,
        timeout_seconds=config.timeout_seconds,
    )
    if not config.authenticated:
        log(
            "warning",
            message="No --tokens: the service is UNAUTHENTICATED. Anyone who can reach "
            f"{config.host}:{config.port} on this computer can use it, so it listens on "
            "loopback only.",
        )
    common = {
        "host": config.host,
        "port": config.port,
        "log_config": log_config(log_level),
        "access_log": False,
        "server_header": False,
        "timeout_keep_alive": 5,
        "timeout_graceful_shutdown": 10,
        "h11_max_incomplete_event_size": 16_384,
    }
    if config.workers == 1:
        uvicorn.run(build_app(config), **common)  # type: ignore[arg-type]
        return
    os.environ[ENV_CONFIG] = config.to_json()
    uvicorn.run(
        f"{__name__}:app_from_environment",
        factory=True,
        workers=config.workers,
        **common,  # type: ignore[arg-type]
    )
