"""The HTTP service: versioned routes under ``/v1/`` on Starlette, and nothing at ``/``.

::

    POST /v1/check         refusals and findings (an Assessment), always 200 for a case read
    POST /v1/render        one copy (DOCX or PDF) or every copy as a zip with manifest.json
    POST /v1/preview       what each copy holds and leaves out, as JSON (for a drafting page)
    POST /v1/copy          one copy (DOCX or PDF), the case and the recipient in a JSON body
    GET  /v1/examples      the example cases offered; GET /v1/examples/{name} one of them
    GET  /v1/templates     the template folders' problems (``templates check``)
    GET  /v1/schema        the case-file JSON Schema
    GET  /v1/profiles      the profiles a request may name
    GET  /v1/health        up or not (no token needed)
    GET  /v1/openapi.json  OpenAPI 3.1, the case-file schema embedded

``create_app(config, page=...)`` mounts a page (any ASGI app: a drafting page, static files) at
``/`` after the routes, so it never shadows them. Every error is a JSON body of ``Problem``
records with JSON Pointer paths (``application/problem+json``), the shape ``to_dict()`` gives
every safeplan error. A small case (up to 64 KiB) is checked or rendered on the event loop; a
larger one, and every PDF, in a worker thread under the time limit. The service keeps no state
between requests (each worker process keeps its renderers and, once asked for a PDF, one
LibreOffice).

Imports: safeplan, safeplan.profiles (the public faces), _pdf, _output.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import importlib.metadata
import io
import json
import threading
import time
import urllib.parse
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Literal

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import safeplan
from safeplan import (
    InvalidCaseError,
    PdfConverter,
    PdfError,
    Problem,
    RefusedError,
    Renderer,
    SafeplanError,
    WrittenAgreement,
)
from safeplan._output import file_name
from safeplan._pdf import find_soffice
from safeplan.profiles import builtin_profile_names, load_profile

from .config import ServerConfig, read_tokens
from .examples import Example, find_examples
from .logs import log, request_id
from .openapi import openapi_document
from .preview import preview as copies_preview

__all__ = ["create_app"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PROBLEM_JSON = "application/problem+json"
_SOURCE = "safeplan service"
_YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"})
_JSON_TYPES = frozenset({"application/json", "text/json"})
# Routes anyone may call: a load balancer's health check, and the API description.
_OPEN = frozenset({"/v1/health", "/v1/openapi.json"})
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class HttpProblem(Exception):
    """A request the service will not do: a status, a code and a plain message."""

    def __init__(
        self, status: int, code: str, message: str, *, path: str = "", headers: Any = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.path = path or "(request)"
        self.headers = headers

    def to_dict(self) -> dict[str, Any]:
        problem = Problem.refusal(self.code, self.path, self.message, _SOURCE)
        return {
            "error": "HttpError",
            "code": self.code,
            "message": self.message,
            "problems": [problem.to_dict()],
        }


def problem_response(
    status: int, body: Mapping[str, Any], rid: str | None, headers: Any = None
) -> Response:
    """An error as ``application/problem+json``: ``status`` and the error's ``to_dict()``."""
    payload = {"status": status, **body}
    if rid:
        payload["request_id"] = rid
    return JSONResponse(payload, status_code=status, media_type=PROBLEM_JSON, headers=headers)


class _Service:
    """What one worker process keeps between requests: the configuration, the tokens,
    renderers (one per profile) and, once a PDF is asked for, one LibreOffice."""

    def __init__(self, config: ServerConfig) -> None:
        config.check()
        self.config = config
        self.version = importlib.metadata.version("safeplan")
        self.tokens = tuple(read_tokens(config.tokens)) if config.tokens else ()
        self.profiles: dict[str, str] = {name: name for name in builtin_profile_names()}
        for path in config.profiles:
            self.profiles[load_profile(str(path)).name] = str(path)
        self._renderers: dict[str | None, Renderer] = {}
        self._lock = threading.Lock()
        self._converter: PdfConverter | None = None
        self.examples: dict[str, Example] = {
            e.name: e for e in find_examples(config.example_folders)
        }
        self.renderer(None)  # a broken template folder or reference fails at start-up

    def renderer(self, profile: str | None) -> Renderer:
        with self._lock:
            found = self._renderers.get(profile)
            if found is None:
                source = None if profile is None else self.profiles[profile]
                found = self._renderers[profile] = Renderer(self.config.render_config(source))
            return found

    def converter(self) -> PdfConverter:
        if not self.config.pdf:
            raise HttpProblem(501, "SP-HTTP-NO-PDF", "This service does not offer PDF.")
        with self._lock:
            if self._converter is None:
                self._converter = PdfConverter(timeout=self.config.pdf_timeout_seconds)
            return self._converter

    def pdf_available(self) -> bool:
        if not self.config.pdf:
            return False
        try:
            find_soffice()  # a cheap look: nothing is started
        except PdfError:
            return False
        return True

    def close(self) -> None:
        with self._lock:
            if self._converter is not None:
                self._converter.close()
                self._converter = None

    def authorised(self, header: str | None) -> bool:
        if not self.tokens:
            return True
        if not header or not header.startswith("Bearer "):
            return False
        given = header[len("Bearer ") :].strip().encode()
        # Compare with every token, in constant time each, so timing tells nothing.
        ok = False
        for token in self.tokens:
            ok |= hmac.compare_digest(given, token.encode())
        return ok


class _Guard:
    """Around every request: its id, the bearer token, the body-size limit on the declared
    length, one structured log line, and a JSON 500 for anything unexpected (logged by type,
    never by message)."""

    def __init__(self, app: ASGIApp, service: _Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        rid = request_id(headers.get("x-request-id"))
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        state["codes"] = []
        sent = {"status": 500, "bytes": 0, "started": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
                sent["started"] = True
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (b"x-request-id", rid.encode())],
                }
            elif message["type"] == "http.response.body":
                sent["bytes"] = int(sent["bytes"]) + len(message.get("body", b""))
            await send(message)

        path: str = scope["path"]
        try:
            refusal = self._refuse(path, headers, rid)
            if refusal is not None:
                await refusal(scope, receive, send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        except Exception as err:  # a bug: never its message, which may quote a value
            log("error", exception=type(err).__name__, request_id=rid, path=_route(path))
            if not sent["started"]:
                body = {
                    "error": "InternalError",
                    "code": "SP-INTERNAL",
                    "message": "An unexpected error stopped this request. Please report it "
                    "as a safeplan bug with the request id.",
                    "problems": [],
                }
                await problem_response(500, body, rid)(scope, receive, send_with_id)
        finally:
            log(
                "request",
                request_id=rid,
                method=scope["method"],
                path=_route(path),
                status=sent["status"],
                ms=round((time.perf_counter() - started) * 1000, 2),
                bytes_in=_int(headers.get("content-length")),
                bytes_out=sent["bytes"],
                codes=state.get("codes", []),
            )

    def _refuse(self, path: str, headers: Mapping[str, str], rid: str) -> Response | None:
        if path.startswith("/v1/") and path not in _OPEN:
            if not self.service.authorised(headers.get("authorization")):
                err = HttpProblem(
                    401, "SP-HTTP-UNAUTHORISED", "Send a bearer token the service knows."
                )
                www = {"WWW-Authenticate": 'Bearer realm="safeplan"'}
                return problem_response(401, err.to_dict(), rid, headers=www)
            length = _int(headers.get("content-length"))
            if length is not None and length > self.service.config.max_body_bytes:
                return problem_response(413, _too_large(self.service.config).to_dict(), rid)
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _route(path: str) -> str:
    # Only the service's own routes are logged by name; anything else as "other", since a
    # made-up path could carry anything.
    known = {
        "/v1/check",
        "/v1/render",
        "/v1/preview",
        "/v1/copy",
        "/v1/examples",
        "/v1/templates",
        "/v1/schema",
        "/v1/profiles",
        "/v1/health",
        "/v1/openapi.json",
    }
    if path in known:
        return path
    # An example's name is not case data, but the log keeps one line per route all the same.
    return "/v1/examples/{name}" if path.startswith("/v1/examples/") else "other"


def _too_large(config: ServerConfig) -> HttpProblem:
    return HttpProblem(
        413,
        "SP-HTTP-TOO-LARGE",
        f"The request is larger than this service accepts ({config.max_body_bytes} bytes).",
    )


# --- reading a request ------------------------------------------------------------------------


async def _body(request: Request, config: ServerConfig) -> tuple[bytes, Literal["json", "yaml"]]:
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if kind in _YAML_TYPES:
        fmt: Literal["json", "yaml"] = "yaml"
    elif kind in _JSON_TYPES or kind in ("", "application/octet-stream"):
        fmt = "json"
    else:
        raise HttpProblem(
            415,
            "SP-HTTP-MEDIA-TYPE",
            "Send the case as application/json or application/yaml.",
            path="(header) Content-Type",
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > config.max_body_bytes:
            raise _too_large(config)
        chunks.append(chunk)
    return b"".join(chunks), fmt


def _choice(request: Request, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = request.query_params.get(name, default)
    if value not in allowed:
        raise HttpProblem(
            400,
            "SP-HTTP-PARAMETER",
            f"{name} must be one of: {', '.join(allowed)}.",
            path=f"(query) {name}",
        )
    return value


def _profile(request: Request, service: _Service) -> str | None:
    value = request.query_params.get("profile")
    if value is None:
        return None
    if value not in service.profiles:
        raise HttpProblem(
            400,
            "SP-HTTP-PROFILE",
            f"profile must be one of: {', '.join(sorted(service.profiles))} (GET /v1/profiles).",
            path="(query) profile",
        )
    return value


# --- the routes -------------------------------------------------------------------------------


Handler = Callable[[Request, _Service], Awaitable[Response]]


def _route_of(handler: Handler, service: _Service) -> Callable[[Request], Awaitable[Response]]:
    """A handler with the service, the time limit and errors as problem responses."""

    @functools.wraps(handler)
    async def endpoint(request: Request) -> Response:
        rid = request.state.request_id
        try:
            with anyio.fail_after(service.config.timeout_seconds):
                return await handler(request, service)
        except HttpProblem as err:
            request.state.codes = [err.code]
            return problem_response(err.status, err.to_dict(), rid, headers=err.headers)
        except TimeoutError:
            request.state.codes = ["SP-HTTP-TIMEOUT"]
            late = HttpProblem(
                503,
                "SP-HTTP-TIMEOUT",
                f"The request took longer than this service allows "
                f"({service.config.timeout_seconds:g} s).",
            )
            return problem_response(503, late.to_dict(), rid, headers={"Retry-After": "1"})
        except SafeplanError as err:
            request.state.codes = [p.code for p in err.as_problems()]
            return problem_response(422, err.to_dict(), rid)

    return endpoint


# A case up to this size is checked or rendered on the event loop: a few milliseconds, and a
# hand-over to a thread would cost a third as much again (measured on two busy cores). Larger
# cases, and every PDF (which waits on LibreOffice), go to a worker thread under the limit.
INLINE_BYTES = 64 * 1024


async def _run(fn: Callable[[], Any], *, size: int, slow: bool = False) -> Any:
    if size <= INLINE_BYTES and not slow:
        return fn()
    # abandon_on_cancel: on the time limit the request is answered at once; the thread
    # finishes its (pure, in-memory) work and its result is dropped.
    return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)


async def check(request: Request, service: _Service) -> Response:
    body, fmt = await _body(request, service.config)
    profile = _profile(request, service)
    config = service.config.render_config(None if profile is None else service.profiles[profile])
    result = await _run(lambda: safeplan.assess(body, format=fmt, config=config), size=len(body))
    request.state.codes = [p.code for p in result.problems]
    return JSONResponse(result.to_dict())


async def render(request: Request, service: _Service) -> Response:
    fmt = _choice(request, "format", ("docx", "pdf", "zip"), "docx")
    files = _choice(request, "files", ("docx", "pdf", "both"), "docx")
    recipient = request.query_params.get("recipient")
    if fmt == "zip" and recipient is not None:
        raise HttpProblem(
            400,
            "SP-HTTP-PARAMETER",
            "A zip holds every copy: leave out recipient, or ask for docx or pdf.",
            path="(query) recipient",
        )
    body, kind = await _body(request, service.config)
    renderer = service.renderer(_profile(request, service))
    return await _rendered(request, service, renderer, body, kind, fmt, files, recipient)


async def _rendered(
    request: Request,
    service: _Service,
    renderer: Renderer,
    body: bytes,
    kind: Literal["json", "yaml"],
    fmt: str,
    files: str,
    recipient: str | None,
) -> Response:
    wants_pdf = fmt == "pdf" or (fmt == "zip" and files != "docx")
    if wants_pdf and not service.config.pdf:
        raise HttpProblem(501, "SP-HTTP-NO-PDF", "This service does not offer PDF.")

    def work() -> tuple[bytes, str, str, tuple[str, ...]]:
        # The converter is made here, in the worker thread: the first one looks for
        # LibreOffice and its Python, which takes a moment.
        converter = service.converter() if wants_pdf else None
        agreement = safeplan.loads(body, kind)
        findings = tuple(f.code for f in renderer.findings(agreement))
        if fmt == "zip":
            data = _zip(agreement, renderer, files, converter, service.version)
            return data, "application/zip", f"{_stem(agreement)}.zip", findings
        copy = _copy(agreement, renderer, recipient)
        data = renderer.render(agreement, copy)
        name = file_name(agreement, copy)
        if converter is not None:
            return converter.convert(data), "application/pdf", name[:-5] + ".pdf", findings
        return data, DOCX, name, findings

    try:
        data, media, name, findings = await _run(work, size=len(body), slow=wants_pdf)
    except (RefusedError, InvalidCaseError) as err:
        request.state.codes = list(err.codes)
        return problem_response(422, err.to_dict(), request.state.request_id)
    request.state.codes = list(findings)
    headers = {
        "Content-Disposition": _disposition(name),
        "X-Safeplan-Findings": ",".join(findings),
        "Cache-Control": "no-store",
    }
    return Response(data, media_type=media, headers=headers)


def _disposition(name: str) -> str:
    # A reference may hold letters outside ASCII ("ŵ"): an ASCII name, and the real one
    # encoded as RFC 6266 says.
    plain = name.encode("ascii", "replace").decode().replace("?", "-")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{urllib.parse.quote(name)}"


def _copy(agreement: WrittenAgreement, renderer: Renderer, recipient: str | None) -> safeplan.Copy:
    copies = renderer.copies(agreement)
    if recipient is None:
        return next(c for c in copies if c.kind.value == "professional")
    for c in copies:
        if c.recipient == recipient:
            return c
    for c, reason in renderer.withheld(agreement):
        if c.recipient == recipient:
            raise HttpProblem(
                422,
                reason.code,
                f"No child's copy for this recipient: {reason.message}",
                path=reason.path,
            )
    raise HttpProblem(
        404,
        "SP-HTTP-NO-SUCH-COPY",
        "That recipient has no copy in this case. Add them to recipients first.",
        path="(query) recipient",
    )


def _stem(agreement: WrittenAgreement) -> str:
    reference = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in agreement.reference)
    return f"{reference}-v{agreement.version.number}"


def _zip(
    agreement: WrittenAgreement,
    renderer: Renderer,
    files: str,
    converter: PdfConverter | None,
    version: str,
) -> bytes:
    """Every copy, and manifest.json first: each file's copy, kind, languages, size and
    SHA-256, the children's copies withheld and why, and the findings. Deterministic."""
    entries: list[tuple[str, bytes]] = []
    listed: list[dict[str, Any]] = []
    for copy in renderer.copies(agreement):
        docx = renderer.render(agreement, copy)
        name = file_name(agreement, copy)
        made = []
        if files in ("docx", "both"):
            made.append((name, docx, "docx"))
        if files in ("pdf", "both"):
            assert converter is not None
            made.append((name[:-5] + ".pdf", converter.convert(docx), "pdf"))
        for fname, data, kind in made:
            entries.append((fname, data))
            listed.append(
                {
                    "file": fname,
                    "format": kind,
                    "recipient": copy.recipient,
                    "copy": copy.kind.value,
                    "languages": list(copy.languages),
                    "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
    manifest = {
        "safeplan": version,
        "files": listed,
        "withheld": [
            {"recipient": c.recipient, "copy": c.kind.value, "problem": p.to_dict()}
            for c, p in renderer.withheld(agreement)
        ],
        "findings": [f.to_dict() for f in renderer.findings(agreement)],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        info = zipfile.ZipInfo("manifest.json", _ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, json.dumps(manifest, indent=2, ensure_ascii=False))
        for fname, data in entries:
            # DOCX and PDF are compressed already.
            z.writestr(zipfile.ZipInfo(fname, _ZIP_TIME), data)
    return out.getvalue()


async def copy_route(request: Request, service: _Service) -> Response:
    """``POST /v1/copy``: one copy, with everything in the body, so no recipient's id ever
    travels in an address: ``{"case": text or object, "format": "yaml"|"json",
    "recipient": id or null, "as": "docx"|"pdf"}``."""
    raw, _kind = await _body(request, service.config)
    envelope = _envelope(raw)
    case = envelope.get("case")
    case_format = envelope.get("format", "json")
    recipient = envelope.get("recipient")
    wanted = envelope.get("as", "docx")
    if case_format not in ("json", "yaml"):
        raise _bad_envelope("format must be json or yaml.", "format")
    if wanted not in ("docx", "pdf"):
        raise _bad_envelope("as must be docx or pdf.", "as")
    if recipient is not None and not isinstance(recipient, str):
        raise _bad_envelope("recipient must be an id (text) or null.", "recipient")
    if isinstance(case, str):
        body = case.encode("utf-8")
    elif isinstance(case, dict):
        body, case_format = json.dumps(case, ensure_ascii=False).encode("utf-8"), "json"
    else:
        raise _bad_envelope("case must be the case file's text, or its JSON object.", "case")
    renderer = service.renderer(_profile(request, service))
    kind: Literal["json", "yaml"] = "yaml" if case_format == "yaml" else "json"
    return await _rendered(request, service, renderer, body, kind, wanted, "docx", recipient)


def _envelope(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _bad_envelope("The body must be a JSON object.", "") from None
    if not isinstance(value, dict):
        raise _bad_envelope("The body must be a JSON object.", "")
    return value


def _bad_envelope(message: str, field: str) -> HttpProblem:
    return HttpProblem(400, "SP-HTTP-BODY", message, path=f"(body) {field}" if field else "")


async def preview_route(request: Request, service: _Service) -> Response:
    """``POST /v1/preview``: what each copy prints and leaves out (see :mod:`.preview`)."""
    body, fmt = await _body(request, service.config)
    renderer = service.renderer(_profile(request, service))

    def work() -> dict[str, Any]:
        return copies_preview(safeplan.loads(body, fmt), renderer)

    try:
        result = await _run(work, size=len(body))
    except (RefusedError, InvalidCaseError) as err:
        request.state.codes = list(err.codes)
        return problem_response(422, err.to_dict(), request.state.request_id)
    return JSONResponse(result, headers={"Cache-Control": "no-store"})


async def examples(request: Request, service: _Service) -> Response:
    return JSONResponse({"examples": [e.to_dict() for e in service.examples.values()]})


async def example(request: Request, service: _Service) -> Response:
    found = service.examples.get(request.path_params["name"])
    if found is None:
        raise HttpProblem(
            404,
            "SP-HTTP-NO-SUCH-EXAMPLE",
            "There is no example of that name. See GET /v1/examples.",
            path="(path) name",
        )
    media = "application/yaml" if found.format == "yaml" else "application/json"
    data = await anyio.to_thread.run_sync(found.read)
    return Response(data, media_type=f"{media}; charset=utf-8")


async def templates(request: Request, service: _Service) -> Response:
    config = service.config

    def work() -> tuple[safeplan.Problem, ...]:
        return safeplan.check_templates(config.templates, reference=config.reference)

    found = await anyio.to_thread.run_sync(work) if config.templates else ()
    problems = []
    for problem in found:
        entry = problem.to_dict()
        # Where on the server the folders are is not the page's business: a file is named
        # by its folder's own name (``northshire/agreement.xml.j2:12``).
        for folder in config.templates:
            entry["path"] = entry["path"].replace(f"{folder}/", f"{folder.name}/")
        problems.append(entry)
    return JSONResponse(
        {"folders": [p.name for p in config.templates], "problems": problems},
    )


async def schema(request: Request, service: _Service) -> Response:
    return JSONResponse(safeplan.json_schema(), media_type="application/schema+json")


async def profiles(request: Request, service: _Service) -> Response:
    out = []
    for name, source in sorted(service.profiles.items()):
        p = load_profile(source)
        out.append(
            {
                "name": name,
                "nation": p.nation.value,
                "extends": p.extends,
                "builtin": name == source,
                "categories": list(p.categories),
                "language_order": p.language_order,
                "protective_marking": p.protective_marking,
                "child_min_age_years": p.child_min_age_years,
                "safety_plan_min_age_years": p.safety_plan_min_age_years,
            }
        )
    return JSONResponse({"profiles": out})


async def health(request: Request, service: _Service) -> Response:
    return JSONResponse(
        {
            "status": "ok",
            "version": service.version,
            "pdf": service.pdf_available(),
            "authenticated": service.config.authenticated,
        }
    )


async def openapi(request: Request, service: _Service) -> Response:
    return JSONResponse(
        openapi_document(service.version, authenticated=service.config.authenticated)
    )


async def _not_found(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if not request.url.path.startswith("/v1/"):
        return PlainTextResponse(str(getattr(exc, "detail", "")), status_code=status)
    words = {404: "There is no such route. See /v1/openapi.json.", 405: "Wrong method."}
    err = HttpProblem(status, f"SP-HTTP-{status}", words.get(status, "Not done."))
    request.state.codes = [err.code]
    return problem_response(status, err.to_dict(), request.state.request_id)


def create_app(config: ServerConfig | None = None, *, page: ASGIApp | None = None) -> Starlette:
    """The service as an ASGI app.

    Args:
        config: How it runs (default: :class:`ServerConfig` defaults: loopback, no tokens).
        page: An ASGI app mounted at ``/`` after the ``/v1/`` routes (a drafting page,
            static files). It is not behind the bearer token: it decides its own access.

    Raises:
        SafeplanError: The configuration is unsafe or cannot work (see
            :meth:`ServerConfig.check`), or a template folder or reference is broken.
    """
    service = _Service(config or ServerConfig())

    def route(path: str, handler: Handler, method: str) -> Route:
        return Route(path, _route_of(handler, service), methods=[method])

    routes: list[Route | Mount] = [
        Mount(
            "/v1",
            routes=[
                route("/check", check, "POST"),
                route("/render", render, "POST"),
                route("/preview", preview_route, "POST"),
                route("/copy", copy_route, "POST"),
                route("/examples", examples, "GET"),
                route("/examples/{name:path}", example, "GET"),
                route("/templates", templates, "GET"),
                route("/schema", schema, "GET"),
                route("/profiles", profiles, "GET"),
                route("/health", health, "GET"),
                route("/openapi.json", openapi, "GET"),
            ],
        )
    ]
    if page is not None:
        routes.append(Mount("/", app=page))

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        log("start", version=service.version, authenticated=service.config.authenticated)
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(service.close)
            log("stop")

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={404: _not_found, 405: _not_found},
    )
    app.state.service = service
    app.add_middleware(_Guard, service=service)
    return app
