"""The wider net of the policing check: a warning, for a person to read, where no clause is
refused but the term asks the adult at risk (or both parents, or a standing rule) for something
in a sentence that names the person causing harm, or that is about contact between the adults.

Imports: nothing of safeplan.
"""

from __future__ import annotations

from collections.abc import Sequence

from .clauses import Clause
from .judge import (
    _SEPARATION,
    _SUPPORT,
    CONTACT_NOUNS,
    Level,
    PolicingKind,
    _has,
    _her_side,
    _limited,
    _sentence_of,
)
from .words import AGENCY, BOTH, HER, HIM, Word

__all__ = ["judge_named"]


def judge_named(
    clauses: Sequence[Clause], holder: str | None
) -> tuple[Level, PolicingKind, list[Word]] | None:
    """The wider net, for a person to read: a duty of the adult at risk (or of both parents, or
    a standing rule) in a sentence that names the person causing harm, or that is about contact
    between the adults ("The parents are not to meet ...")."""
    if holder in (AGENCY, HIM):
        return None
    for i, c in enumerate(clauses):
        if c.force not in ("duty", "rule", "state") or c.opener not in (
            None,
            "and",
            "or",
            "that",
            "to",
        ):
            continue
        if c.force == "state" and not (c.negated and c.subject & {HER, BOTH}):
            continue
        if c.verb in _SEPARATION or {w.low for w in c.words} & _SUPPORT:
            continue
        if not (_her_side(c, holder) or (c.force == "rule" and not c.subject_named)):
            continue
        after = c.words[c.span[1] :] if c.span is not None else c.words
        sentence = [w for k in _sentence_of(clauses, i) for w in k.words if w not in c.words]
        lows = {w.low for w in c.words}
        if (
            _has(after, HIM)
            or _has(sentence, HIM)
            or (c.subject & {BOTH} and (c.negated or _limited(c, c.rest)))
            or (lows & CONTACT_NOUNS and (c.negated or _limited(c, c.rest) or lows & {"breach"}))
        ):
            return Level.POSSIBLE, PolicingKind.NAMED, c.words
    return None
