"""The service room: safeplan over HTTP (Starlette on uvicorn), for systems not written in
Python. Needs the ``server`` extra (``pip install 'safeplan[server]'``).

::

    config.py    ServerConfig: where to listen, workers, tokens, limits, rendering
    app.py       create_app(): the /v1/ routes, the guard (request id, token, limits, logs)
    preview.py   what each copy prints and leaves out, read back from its DOCX (/v1/preview)
    examples.py  the example cases offered (/v1/examples)
    openapi.py   the OpenAPI 3.1 document, the case-file schema embedded
    logs.py      JSON log lines with a request id and no case content
    run.py       serve(): uvicorn with one or more worker processes, the page at /
    site.py      the drafting page at / (its files in page/static/: index.html, ES modules,
                 the vendored GOV.UK Design System)

The rest of safeplan (the ``safeplan.server`` face) imports this room through this module only.

Imports: safeplan, safeplan.profiles (the public faces), _pdf, _output, _copies, _resources.
"""

from .app import create_app
from .config import ServerConfig
from .run import serve
from .site import page_app

__all__ = ["ServerConfig", "create_app", "page_app", "serve"]
