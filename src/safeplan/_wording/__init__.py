"""The wording room: reading the case's own sentences. Who a sentence is about (the cast), how
a term reads as clauses (who does what, in which form, to whom), and what it says that matters:
a term that makes the adult at risk police the person causing harm (:mod:`.policing`), one that
never ends (:mod:`.duration`), one that sends contact between the adults through a third party
(:mod:`.thirdparty`), wording no one could check (:mod:`.vague`), and a detail that would help a
person causing harm find or track the adult at risk or the children (:mod:`.safety`, which
reads a text with :mod:`.safety_text` over the word lists of :mod:`.safety_words`).

Nothing here knows the case model: callers build a :class:`Cast` from the case (the case room
does, in ``WrittenAgreement.cast()``), so the analysis can also run on a sentence alone, as the
blind measurements do.

The rest of safeplan imports the wording room through this module only.

Imports: nothing of safeplan.
"""

from .cast import Cast, Member
from .duration import outlives
from .lexicon import family_forms
from .policing import Level, PolicingKind, Verdict, policing
from .safety import SafetyCategory, SafetyDetail, safety_details
from .thirdparty import ThirdParty, third_parties
from .vague import find_terms, vague_wording

__all__ = [
    "Cast",
    "Level",
    "Member",
    "PolicingKind",
    "SafetyCategory",
    "SafetyDetail",
    "ThirdParty",
    "Verdict",
    "family_forms",
    "find_terms",
    "outlives",
    "policing",
    "safety_details",
    "third_parties",
    "vague_wording",
]
