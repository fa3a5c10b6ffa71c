"""The findings room: what would make an agreement better, as opposed to what stops it being
issued (the refusals, in the case room).

::

    check.py       check(): every finding of a built agreement, most serious first
    council.py     what a council's agreement must hold: approval, complaints and advocacy
                   routes, helplines that fit, agencies' limits; and the children's findings
    changes.py     what the typed list of changes leaves out, given the previous version
    wording.py     what the wording findings say: vague and blaming messages, witness and
                   separation wording, time expressions (the reading is the wording room's)
    time.py        the time findings: the schedule from the agreement's date forward
    deadlines.py   deadlines(): the due dates beside the case's own meetings (the timeline)

The rest of safeplan imports the findings room through this module only.

Imports: _case, _children, _copies, _problems, _profiles, _readability, _wording.
"""

from .check import check, check_findings
from .council import route_findings
from .deadlines import Deadline, DeadlineStatus, deadlines

__all__ = [
    "Deadline",
    "DeadlineStatus",
    "check",
    "check_findings",
    "deadlines",
    "route_findings",
]
