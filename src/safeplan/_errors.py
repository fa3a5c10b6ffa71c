"""The exceptions safeplan raises. Nothing from a dependency reaches a caller unwrapped.

::

    SafeplanError
    ├── ProblemsError            carries ``problems``: every problem found, each with a path
    │   ├── InvalidCaseError     the case file cannot be read: syntax, unknown keys, wrong types
    │   └── RefusedError         the case was read but must never be issued (a safety rule)
    ├── ProfileError             a nation or council profile is missing or invalid
    ├── TemplateError            a layout is broken: names the template file and line
    └── RenderError              a copy could not be produced
        ├── ConfidentialLeakError  free text would carry a confidential detail into a copy
        └── PdfError             a PDF could not be made (LibreOffice missing, or it failed)

Messages name fields and rules, never values: a message may be shown in a form or a log.
Every error has ``to_dict()``: the same JSON shape for each (``error``, ``code``, ``message``,
``problems``), so a web form or a log shows any of them the same way.

Imports: _problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ._problems import Problem

__all__ = [
    "ConfidentialLeakError",
    "InvalidCaseError",
    "PdfError",
    "ProblemsError",
    "ProfileError",
    "RefusedError",
    "RenderError",
    "SafeplanError",
    "TemplateError",
]


class SafeplanError(Exception):
    """Base of every error safeplan raises on purpose.

    Attributes:
        removed: When the error stopped a render into a folder (``render_all``): the paths
            of the documents written there for the case before, removed so that none is left
            beside the refusal.
    """

    removed: tuple[str, ...] = ()

    #: A stable code for the kind of error, as a :class:`Problem` has.
    code = "SP-ERROR"

    def _where(self) -> str:
        # Where the error is, as a problem's path: "$" (the whole case) unless known.
        return "$"

    def as_problems(self) -> tuple[Problem, ...]:
        """The error as problems: those it carries, or one naming its code and message."""
        return (Problem.refusal(self.code, self._where(), str(self), "safeplan"),)

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON-ready data: its class, code, message and problems. Like the
        message, it names fields and rules, never a value from the case."""
        return {
            "error": type(self).__name__,
            "code": self.code,
            "message": str(self),
            "problems": [p.to_dict() for p in self.as_problems()],
        }


class ProblemsError(SafeplanError):
    """An error that carries a list of problems, each with a code, a path and a message."""

    heading = "The case has problems"
    code = "SP-PROBLEMS"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        n = len(self.problems)
        lines = [f"{self.heading} ({n} problem{'s' if n != 1 else ''}):"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of every problem, in order."""
        return tuple(p.code for p in self.problems)

    def as_problems(self) -> tuple[Problem, ...]:
        return self.problems


class InvalidCaseError(ProblemsError):
    """The case file cannot be read into a case: bad syntax, unknown keys, wrong types."""

    heading = "The case file cannot be read"
    code = "SP-UNREADABLE"


class RefusedError(ProblemsError):
    """The case was read but must not be issued: it breaks one or more safety rules."""

    heading = "This agreement cannot be issued"
    code = "SP-REFUSED"


class ProfileError(SafeplanError):
    """A nation or council profile is missing or invalid; the message names file and key."""

    code = "SP-PROFILE-ERROR"


class TemplateError(SafeplanError):
    """A layout is broken. The message names the template file and the line."""

    code = "SP-TEMPLATE-ERROR"

    def __init__(self, message: str, *, template: str | None = None, line: int | None = None):
        self.template = template
        self.line = line
        where = template or "<template>"
        if line is not None:
            where = f"{where}, line {line}"
        super().__init__(f"{where}: {message}")

    def _where(self) -> str:
        return f"{self.template}:{self.line}" if self.template and self.line else "$"

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "template": self.template, "line": self.line}


class RenderError(SafeplanError):
    """A copy could not be produced."""

    code = "SP-RENDER-ERROR"


class ConfidentialLeakError(RenderError):
    """Free text would carry a confidential detail into a copy that must not hold it.

    ``path`` names the field holding the text; the value itself is never included.
    """

    code = "SP-COPY-LEAK"

    def __init__(self, message: str, *, path: str, recipient: str) -> None:
        self.path = path
        self.recipient = recipient
        super().__init__(message)

    def _where(self) -> str:
        return self.path


class PdfError(RenderError):
    """A PDF could not be made: LibreOffice (or its Python bridge) is missing, it failed or it
    took too long. The message names the missing program and how to install it. No PDF is
    left behind half-written."""

    code = "SP-PDF-ERROR"
