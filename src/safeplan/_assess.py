"""One call for an embedder: may this case be issued, and what would make it better?

:func:`assess` reads a case (plain data, JSON or YAML text, or a built agreement), runs every
refusal rule and every quality finding, and adds what the renderer knows about the copies
(a child's copy withheld and why, a translation awaiting review, easy-read findings). It never
raises for a bad case: an unreadable or refused case is an :class:`Assessment` whose
``refusals`` say why. A web form, a batch script and the HTTP service all call it.

Imports: _render, _findings, _copies, _case, _profiles, _errors, _problems.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal, TypeAlias

import attrs

from ._case import WrittenAgreement, from_dict, loads
from ._copies import audience_of
from ._errors import InvalidCaseError, ProblemsError, ProfileError, RefusedError, SafeplanError
from ._findings import check_findings
from ._problems import Problem, Severity
from ._profiles import Profile
from ._render import RenderConfig, Renderer

__all__ = ["Assessment", "AssessmentStatus", "assess"]

AssessmentStatus: TypeAlias = Literal["ok", "refused", "unreadable"]


@attrs.frozen(kw_only=True)
class Assessment:
    """What :func:`assess` found: the refusals and the findings of one case, together.

    Attributes:
        status: ``ok`` (it may be issued), ``refused`` (a safety rule stops it) or
            ``unreadable`` (the case file cannot be read: unknown keys, wrong types, syntax).
        refusals: What stops the case being issued (or read), in case-file order. Empty when
            it may be issued.
        findings: What would make it better: warnings first, then advice. Empty when the
            case was refused (the findings of a case that cannot be built are not known).
        agreement: The built agreement, when the case could be built; never in the repr.
    """

    status: AssessmentStatus
    refusals: tuple[Problem, ...] = ()
    findings: tuple[Problem, ...] = ()
    agreement: WrittenAgreement | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def may_issue(self) -> bool:
        """True when nothing refuses the case. Findings never stop it."""
        return not self.refusals

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Refusals then findings, as one list (what a form shows beside its fields)."""
        return (*self.refusals, *self.findings)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The findings a reviewer would ask to be changed (``--strict`` fails on these)."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: ``status``, ``may_issue``, ``refusals``, ``findings`` and counts.
        The case itself is never included."""
        return {
            "status": self.status,
            "may_issue": self.may_issue,
            "refusals": [p.to_dict() for p in self.refusals],
            "findings": [p.to_dict() for p in self.findings],
            "counts": {
                "refusal": len(self.refusals),
                "warning": len(self.warnings),
                "advice": sum(f.severity is Severity.ADVICE for f in self.findings),
            },
        }


CaseInput: TypeAlias = WrittenAgreement | Mapping[str, Any] | str | bytes


def assess(
    data_or_agreement: CaseInput,
    *,
    profile: Profile | str | None = None,
    config: RenderConfig | None = None,
    format: Literal["json", "yaml"] = "json",
) -> Assessment:
    """Refusals and findings of a case, in one result. Never raises for a bad case.

    Args:
        data_or_agreement: A built :class:`WrittenAgreement`, plain data (a dict as parsed
            from JSON or YAML), or JSON or YAML text (``format`` says which).
        profile: The profile whose word lists and limits the findings use (a
            :class:`~safeplan.profiles.Profile`, a name or a YAML path). Default: the
            configuration's profile, else the case's, else its nation's. A name or path
            also applies to the copies; a :class:`Profile` object to the findings only (the
            copies follow ``config.profile``).
        config: The render configuration whose copies are assessed (children's copies
            withheld, translations awaiting review, ``strict`` easy-read). Default: built-in.
        format: How to read text: ``json`` or ``yaml``.

    Returns:
        An :class:`Assessment`. A profile that cannot be read is reported as a refusal
        ``SP-PROFILE-ERROR``: the case cannot be judged against it.
    """
    config = config or RenderConfig()
    try:
        agreement = _build(data_or_agreement, format)
    except RefusedError as err:
        return Assessment(status="refused", refusals=err.problems)
    except InvalidCaseError as err:
        return Assessment(status="unreadable", refusals=err.problems)
    except ProblemsError as err:  # pragma: no cover - every ProblemsError is one of the two
        return Assessment(status="unreadable", refusals=err.problems)
    if isinstance(profile, str) and config.profile is None:
        config = attrs.evolve(config, profile=profile)
    try:
        chosen = profile if profile is not None else config.profile
        # Which copy holds which item: read once, for the findings and the renderer's.
        audience = audience_of(agreement)
        findings = check_findings(agreement, profile=chosen, audience=audience)
        for extra in _renderer(config).findings(agreement, audience):
            if extra not in findings:
                findings.append(extra)
    except ProfileError as err:
        return Assessment(status="refused", refusals=err.as_problems(), agreement=agreement)
    except SafeplanError as err:  # a broken configuration (template folder, reference)
        return Assessment(status="refused", refusals=err.as_problems(), agreement=agreement)
    order = {Severity.REFUSAL: 0, Severity.WARNING: 1, Severity.ADVICE: 2}
    findings.sort(key=lambda f: order[f.severity])
    return Assessment(status="ok", findings=tuple(findings), agreement=agreement)


def _build(value: CaseInput, format: Literal["json", "yaml"]) -> WrittenAgreement:
    if isinstance(value, WrittenAgreement):
        return value
    if isinstance(value, str | bytes):
        return loads(value, format)
    return from_dict(value)


@functools.lru_cache(maxsize=8)
def _renderer(config: RenderConfig) -> Renderer:
    # A renderer reads its reference DOCX and pictures once: keep a few, keyed on the config.
    return Renderer(config)
