"""The findings room: what would make an agreement better, as opposed to what stops it being
issued (the refusals, in the case room).

::

    check.py       check(): every finding of a built agreement, most serious first
    wording.py     what the wording findings say: vague and blaming messages, witness and
                   separation wording, time expressions (the reading is the wording room's)
    deadlines.py   deadlines(): the statutory due dates beside the case's own dates

The rest of safeplan imports the findings room through this module only.

Imports: _case, _children, _problems, _profiles, _readability, _wording.
"""

from .check import check
from .deadlines import Deadline, deadlines

__all__ = ["Deadline", "check", "deadlines"]
