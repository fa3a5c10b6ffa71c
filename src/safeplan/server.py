"""safeplan over HTTP: the public face of the service (needs ``pip install 'safeplan[server]'``).

:func:`create_app` gives the ASGI app (Starlette) for a :class:`ServerConfig`, to run under any
ASGI server or inside a bigger app; ``page=`` mounts a page or static files at ``/``.
:func:`serve` runs it with uvicorn, as ``safeplan serve`` does, with the drafting page
(:func:`page_app`) at ``/``.

Imports: _serve.
"""

from ._serve import ServerConfig, create_app, page_app, serve

__all__ = ["ServerConfig", "create_app", "page_app", "serve"]
