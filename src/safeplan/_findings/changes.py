"""What the typed list of changes leaves out: ``safeplan check NEW --previous OLD``.

A version that replaces an earlier one must say what changed (``version.changes``; the case
room refuses one that says nothing). :func:`change_findings` compares the two versions
and finds each change the typed list does not mention (``unlisted`` in the case room says how
a line mentions one), so the family is never handed a second draft with a change nobody told
them about. Messages name the path and the kind of change, never the case's words.

Imports: _case, _problems.
"""

from __future__ import annotations

from .._case import FAMILY_RIGHTS, ChangeKind, WrittenAgreement, unlisted
from .._problems import Problem

__all__ = ["change_findings"]

_WHAT = {
    ChangeKind.ADDED: "Something was added here",
    ChangeKind.REMOVED: "Something was taken out",
    ChangeKind.REWORDED: "This was reworded",
    ChangeKind.CHANGED: "This changed",
    ChangeKind.MOVED: "This date moved",
    ChangeKind.CONTACT: "These contact details changed",
    ChangeKind.PERSON_ADDED: "Someone was added",
    ChangeKind.PERSON_REMOVED: "Someone was taken out",
}


def change_findings(agreement: WrittenAgreement, previous: WrittenAgreement) -> list[Problem]:
    """The changes since ``previous`` that ``agreement.version.changes`` does not mention,
    and a word when ``previous`` is not the version this one says it replaces."""
    out: list[Problem] = []
    was, now = previous.version, agreement.version
    if was.number >= now.number:
        out.append(
            Problem.advice(
                "SP-PREVIOUS-VERSION",
                "$.version.number",
                f"The previous file is version {was.number}, and this one is version "
                f"{now.number}. Compare a version with the earlier one it replaces.",
                FAMILY_RIGHTS,
            )
        )
        return out
    if now.replaces != was.number:
        out.append(
            Problem.advice(
                "SP-PREVIOUS-VERSION",
                "$.version.replaces",
                f"This version says it replaces "
                f"{'no earlier version' if now.replaces is None else f'version {now.replaces}'}"
                f", but the previous file is version {was.number}. Set version.replaces, and "
                "say what changed in version.changes.",
                FAMILY_RIGHTS,
            )
        )
    for change in unlisted(previous, agreement):
        path = change.path
        where = ""
        if path.startswith("previous:"):
            where = f" (at {path.removeprefix('previous:')} in version {was.number})"
            path = "$.version.changes"
        out.append(
            Problem.warning(
                "SP-CHANGES-NOT-LISTED",
                path,
                f"{_WHAT[change.kind]} since version {was.number}{where}, but the list of what "
                "changed (version.changes) does not say so. The family should not have to find "
                "it themselves: add a line for it (safeplan diff OLD NEW writes one).",
                FAMILY_RIGHTS,
            )
        )
    return out
