"""The wording room: reading the case's own sentences. Who a sentence is about (the cast), and
what it says that matters to safety: a detail that would help a person causing harm find or
track the adult at risk or the children (:mod:`.safety`, which reads a text with
:mod:`.safety_text` over the word lists of :mod:`.safety_words`).

Nothing here knows the case model: callers build a :class:`Cast` from the case (the case room
does, in ``WrittenAgreement.cast()``), so the analysis can also run on a sentence alone, as the
blind measurements do.

The rest of safeplan imports the wording room through this module only.

Imports: nothing of safeplan.
"""

from .cast import Cast, Member
from .safety import SafetyCategory, SafetyDetail, safety_details

__all__ = ["Cast", "Member", "SafetyCategory", "SafetyDetail", "safety_details"]
