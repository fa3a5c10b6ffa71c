"""Problems: the one record shared by refusals, findings, the CLI and embedding forms.

A problem names a field (``path``) and a rule (``code`` and ``source``) in plain English. It never
carries the value that broke the rule: values are personal data. Every problem is built with
one of :meth:`Problem.refusal`, :meth:`Problem.warning` and :meth:`Problem.advice`.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import enum
import re
from typing import Any

import attrs

__all__ = ["Problem", "Severity", "json_pointer"]


class Severity(enum.StrEnum):
    """How serious a problem is.

    ``REFUSAL`` means the document must not be issued. ``WARNING`` and ``ADVICE`` are quality
    findings: the document may be issued, but a social worker should look.
    """

    REFUSAL = "refusal"
    WARNING = "warning"
    ADVICE = "advice"


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a case, in plain English.

    Attributes:
        code: A stable identifier such as ``SP-REVIEW-MISSING``. Codes never change meaning.
        path: Where in the case file, as a JSONPath such as ``$.expectations[2].what``.
        message: A sentence for a social worker. Never contains personal data.
        source: The guidance or practice the rule comes from.
        severity: Whether the problem refuses the document or is a finding.
    """

    code: str
    path: str
    message: str
    source: str = ""
    severity: Severity = Severity.REFUSAL

    @classmethod
    def refusal(cls, code: str, path: str, message: str, source: str = "") -> Problem:
        """A problem that stops the document being issued (or the case being read)."""
        return cls(code=code, path=path, message=message, source=source)

    @classmethod
    def warning(cls, code: str, path: str, message: str, source: str = "") -> Problem:
        """A finding a reviewer would ask to be changed before the document is issued."""
        return cls(code=code, path=path, message=message, source=source, severity=Severity.WARNING)

    @classmethod
    def advice(cls, code: str, path: str, message: str, source: str = "") -> Problem:
        """A finding worth a look; it never stops a document."""
        return cls(code=code, path=path, message=message, source=source, severity=Severity.ADVICE)

    @property
    def pointer(self) -> str | None:
        """The path as a JSON Pointer (RFC 6901), as web forms and JSON tools address fields:
        ``$.expectations[2].what`` is ``/expectations/2/what`` and ``$`` is ``""``. ``None``
        when the path is not a place in a case file (a template's file and line, say)."""
        return json_pointer(self.path)

    def to_dict(self) -> dict[str, Any]:
        """Return the problem as plain JSON-ready data (``pointer`` may be ``None``)."""
        return {
            "code": self.code,
            "path": self.path,
            "pointer": self.pointer,
            "message": self.message,
            "source": self.source,
            "severity": self.severity.value,
        }

    def __str__(self) -> str:
        return f"{self.path}: {self.message} [{self.code}]"


_STEP = re.compile(r"\.([^.\[\]]+)|\[(\d+)\]")


def json_pointer(path: str) -> str | None:
    """A JSONPath as safeplan writes them (``$.people[1].name``) as a JSON Pointer
    (``/people/1/name``); ``None`` for a path of another kind."""
    if not path.startswith("$"):
        return None
    rest, parts, at = path[1:], [], 0
    while at < len(rest):
        m = _STEP.match(rest, at)
        if m is None:
            return None
        step = m.group(1) if m.group(1) is not None else m.group(2)
        parts.append(step.replace("~", "~0").replace("/", "~1"))
        at = m.end()
    return "".join("/" + p for p in parts)
