"""How the HTTP service runs: one frozen configuration, passed to every worker process.

A :class:`ServerConfig` says where to listen, how many worker processes, the bearer-token file,
the request limits and how copies are rendered. Worker processes get it as JSON in an
environment variable (never the tokens themselves: each worker reads the token file).

Imports: safeplan (the public face only).
"""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from safeplan import RenderConfig, SafeplanError

from .examples import bundled_examples

__all__ = ["ENV_CONFIG", "ServerConfig", "is_loopback", "read_tokens"]

ENV_CONFIG = "SAFEPLAN_SERVE_CONFIG"


def _paths(values: Iterable[str | os.PathLike[str]]) -> tuple[Path, ...]:
    return tuple(Path(v) for v in values)


def _optional_path(value: str | os.PathLike[str] | None) -> Path | None:
    return None if value is None else Path(value)


def _positive(_inst: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be more than 0")


@attrs.frozen(kw_only=True)
class ServerConfig:
    """How ``safeplan serve`` runs. Immutable.

    Attributes:
        host: The address to listen on. Default ``127.0.0.1`` (this computer only). Any other
            address needs ``tokens``.
        port: The port (0: any free one).
        workers: Worker processes. Each keeps its own renderer and, once a PDF is asked
            for, its own LibreOffice.
        tokens: A file of bearer tokens, one a line (blank lines and ``#`` comments are
            skipped). Without it the service is unauthenticated and listens on loopback only.
        max_body_bytes: The largest request body accepted (a case file); larger is refused
            with 413.
        timeout_seconds: The longest a request may take (reading it, checking, rendering,
            converting); longer is answered 503.
        templates: Template folders, as ``RenderConfig.templates``.
        reference: A reference DOCX, as ``RenderConfig.reference``.
        profiles: Council profile files (YAML) clients may choose by name, besides the
            built-in nations' profiles.
        protective_marking: As ``RenderConfig.protective_marking``.
        pdf: Offer PDF (needs LibreOffice). When off, PDF requests are refused with 501.
        pdf_timeout_seconds: The longest one PDF conversion may take.
        examples: Folders of example case files offered by ``GET /v1/examples`` (and the
            drafting page). Default: the examples that come with safeplan.
        page: Serve the drafting page at ``/`` (``safeplan serve``; see ``_serve/page``).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = attrs.field(default=1, validator=attrs.validators.ge(1))
    tokens: Path | None = attrs.field(default=None, converter=_optional_path)
    max_body_bytes: int = attrs.field(default=1_048_576, validator=_positive)
    timeout_seconds: float = attrs.field(default=30.0, validator=_positive)
    templates: tuple[Path, ...] = attrs.field(default=(), converter=_paths)
    reference: Path | None = attrs.field(default=None, converter=_optional_path)
    profiles: tuple[Path, ...] = attrs.field(default=(), converter=_paths)
    protective_marking: str | None = None
    pdf: bool = True
    pdf_timeout_seconds: float = attrs.field(default=60.0, validator=_positive)
    examples: tuple[Path, ...] = attrs.field(default=(), converter=_paths)
    page: bool = True

    def render_config(self, profile: str | None = None) -> RenderConfig:
        """The render configuration of a request that chose ``profile`` (a name or path)."""
        return RenderConfig(
            templates=self.templates,
            reference=self.reference,
            profile=profile,
            protective_marking=self.protective_marking,
        )

    @property
    def example_folders(self) -> tuple[Path, ...]:
        """The folders examples come from: ``examples``, else the bundled ones (if any)."""
        if self.examples:
            return self.examples
        bundled = bundled_examples()
        return () if bundled is None else (bundled,)

    @property
    def authenticated(self) -> bool:
        """Whether requests need a bearer token."""
        return self.tokens is not None

    def to_json(self) -> str:
        """The configuration as JSON, for worker processes (holds the token file's path)."""
        data = attrs.asdict(self, value_serializer=_serialize)
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ServerConfig:
        """The configuration :meth:`to_json` wrote."""
        return cls(**json.loads(text))

    def check(self) -> None:
        """Refuse a configuration that would be unsafe or cannot work.

        Raises:
            SafeplanError: Listening beyond this computer without tokens; a token file that
                cannot be read or holds no token.
        """
        if self.tokens is None and not is_loopback(self.host):
            raise SafeplanError(
                f"Without --tokens the service is unauthenticated, so it listens only on this "
                f"computer (127.0.0.1 or ::1), not on {self.host}. Give a token file to listen "
                "further."
            )
        if self.tokens is not None:
            read_tokens(self.tokens)


def _serialize(_inst: object, _field: object, value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return [str(v) if isinstance(v, Path) else v for v in value]
    return value


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_tokens(path: Path) -> frozenset[str]:
    """The bearer tokens in a file, one a line. Never logged or echoed.

    Raises:
        SafeplanError: The file cannot be read, or holds no token.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        reason = type(err).__name__
        raise SafeplanError(f"The token file {path} cannot be read ({reason}).") from None
    tokens = frozenset(
        line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")
    )
    if not tokens:
        raise SafeplanError(f"The token file {path} holds no token (one a line).")
    short = [t for t in tokens if len(t) < 16]
    if short:
        raise SafeplanError(
            f"The token file {path} has a token shorter than 16 characters: use long random "
            "tokens (python -c 'import secrets; print(secrets.token_urlsafe(32))')."
        )
    return tokens
