"""What a policing verdict says: how sure it is (:class:`Level`) and what the term asks the
adult at risk to do (:class:`PolicingKind`), with the words the findings use for each kind.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import enum

__all__ = ["Level", "PolicingKind"]


class Level(enum.StrEnum):
    """How sure the judgement is: a refusal, or a warning for a person to read."""

    REFUSE = "refuse"
    POSSIBLE = "possible"


class PolicingKind(enum.StrEnum):
    """What a policing term asks the adult at risk to do."""

    CONTROL = "control"
    EXCLUSION = "exclusion"
    SUPERVISION = "supervision"
    REPORTING = "reporting"
    CONTACT = "contact"
    LEGAL = "legal"
    PROTECTION = "protection"
    RESPONSE = "response"
    CONDITION = "condition"
    NAMED = "named"

    @property
    def asks(self) -> str:
        """What the term asks, to finish "This asks the adult at risk to ..."."""
        return _ASKS[self]

    @property
    def rewrite(self) -> str:
        """A rewrite as the person causing harm's or an agency's duty."""
        return _REWRITES[self]


_ASKS = {
    PolicingKind.CONTROL: "control what the person causing harm does",
    PolicingKind.EXCLUSION: "keep the person causing harm out or away",
    PolicingKind.SUPERVISION: "supervise the person causing harm",
    PolicingKind.REPORTING: "report on the person causing harm",
    PolicingKind.CONTACT: "keep out of contact with the person causing harm",
    PolicingKind.LEGAL: "take legal action against the person causing harm",
    PolicingKind.PROTECTION: "protect the children from the person causing harm",
    PolicingKind.RESPONSE: "act when the person causing harm does something",
    PolicingKind.CONDITION: "answer for contact with the person causing harm",
    PolicingKind.NAMED: "do something about the person causing harm",
}
_REWRITES = {
    PolicingKind.CONTROL: (
        "what the person causing harm will do ('The person causing harm will see the children "
        "only at the contact centre'), or what professionals will do"
    ),
    PolicingKind.EXCLUSION: (
        "the person causing harm's own duty ('The person causing harm will not come to the "
        "house'), with what the police will do if that person does"
    ),
    PolicingKind.SUPERVISION: (
        "who supervises: contact centre staff, or a network member who has agreed ('Centre "
        "staff will supervise every visit')"
    ),
    PolicingKind.REPORTING: (
        "what an agency will do ('The programme will tell the social worker if the person "
        "causing harm misses a session'); the adult at risk can call 999 at any time"
    ),
    PolicingKind.CONTACT: (
        "the person causing harm's duty ('The person causing harm will not contact the adult "
        "at risk, directly or through other people')"
    ),
    PolicingKind.LEGAL: (
        "an offer they may take up ('The domestic abuse service will help the adult at risk "
        "apply for a non-molestation order if they want one')"
    ),
    PolicingKind.PROTECTION: (
        "what the person causing harm will stop doing and what professionals will do to keep "
        "the children safe"
    ),
    PolicingKind.RESPONSE: (
        "what the police and professionals will do if the person causing harm breaks the "
        "agreement; the adult at risk can call 999 at any time"
    ),
    PolicingKind.CONDITION: (
        "what the person causing harm must change; who the adult at risk sees is not a term "
        "they can be held to"
    ),
    PolicingKind.NAMED: (
        "something the person causing harm will do, or something professionals will do"
    ),
}
