"""The exceptions safeplan raises. Nothing from a dependency reaches a caller unwrapped.

::

    SafeplanError
    ├── ProblemsError            carries ``problems``: every problem found, each with a path
    │   ├── InvalidCaseError     the case file cannot be read: syntax, unknown keys, wrong types
    │   └── RefusedError         the case was read but must never be issued (a safety rule)
    ├── ProfileError             a nation or council profile is missing or invalid
    ├── TemplateError            a layout is broken: names the template file and line
    └── RenderError              a copy could not be produced
        └── ConfidentialLeakError  free text would carry a confidential detail into a copy

Messages name fields and rules, never values: a message may be shown in a form or a log.

Imports: _problems.
"""

from __future__ import annotations

from collections.abc import Iterable

from ._problems import Problem

__all__ = [
    "ConfidentialLeakError",
    "InvalidCaseError",
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


class ProblemsError(SafeplanError):
    """An error that carries a list of problems, each with a code, a path and a message."""

    heading = "The case has problems"

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


class InvalidCaseError(ProblemsError):
    """The case file cannot be read into a case: bad syntax, unknown keys, wrong types."""

    heading = "The case file cannot be read"


class RefusedError(ProblemsError):
    """The case was read but must not be issued: it breaks one or more safety rules."""

    heading = "This agreement cannot be issued"


class ProfileError(SafeplanError):
    """A nation or council profile is missing or invalid; the message names file and key."""


class TemplateError(SafeplanError):
    """A layout is broken. The message names the template file and the line."""

    def __init__(self, message: str, *, template: str | None = None, line: int | None = None):
        self.template = template
        self.line = line
        where = template or "<template>"
        if line is not None:
            where = f"{where}, line {line}"
        super().__init__(f"{where}: {message}")


class RenderError(SafeplanError):
    """A copy could not be produced."""


class ConfidentialLeakError(RenderError):
    """Free text would carry a confidential detail into a copy that must not hold it.

    ``path`` names the field holding the text; the value itself is never included.
    """

    def __init__(self, message: str, *, path: str, recipient: str) -> None:
        self.path = path
        self.recipient = recipient
        super().__init__(message)
