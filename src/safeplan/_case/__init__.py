"""The case room: what a case file is (kinds and model), the plan's timeline (meetings held and
booked), what it must never be (the refusal rules), how it is read and written (io) and
described (schema).

The rest of safeplan imports the case room through this module only.

Imports: _profiles, _strict, _wording, _files, _errors, _problems.
"""

from .io import Format, dump, dumps, format_of, from_dict, load, loads, read_case_data, validate
from .kinds import (
    AgencyKind,
    ContactKind,
    CopyKind,
    ExpectationKind,
    Interpreter,
    Outcome,
    PlanType,
    ReviewKind,
    Role,
    SignatureStatus,
)
from .limits import MAX_FILE_BYTES, read_case_bytes
from .model import (
    Agency,
    CheckIn,
    Child,
    ChildSafetyPlan,
    Commitment,
    Concern,
    ContactArrangement,
    ContactDetail,
    End,
    Expectation,
    Override,
    Participation,
    Person,
    Plan,
    Professional,
    Recipient,
    Review,
    Signature,
    Strength,
    SupportContact,
    Version,
    View,
    WrittenAgreement,
    unchecked_evolve,
)
from .rules import FAMILY_RIGHTS, OFSTED, SAFE_AND_TOGETHER, WORKING_TOGETHER
from .schema import json_schema
from .timeline import REVIEWING_KINDS, Meeting, Timeline

__all__ = [
    "FAMILY_RIGHTS",
    "MAX_FILE_BYTES",
    "OFSTED",
    "REVIEWING_KINDS",
    "SAFE_AND_TOGETHER",
    "WORKING_TOGETHER",
    "Agency",
    "AgencyKind",
    "CheckIn",
    "Child",
    "ChildSafetyPlan",
    "Commitment",
    "Concern",
    "ContactArrangement",
    "ContactDetail",
    "ContactKind",
    "CopyKind",
    "End",
    "Expectation",
    "ExpectationKind",
    "Format",
    "Interpreter",
    "Meeting",
    "Outcome",
    "Override",
    "Participation",
    "Person",
    "Plan",
    "PlanType",
    "Professional",
    "Recipient",
    "Review",
    "ReviewKind",
    "Role",
    "Signature",
    "SignatureStatus",
    "Strength",
    "SupportContact",
    "Timeline",
    "Version",
    "View",
    "WrittenAgreement",
    "dump",
    "dumps",
    "format_of",
    "from_dict",
    "json_schema",
    "load",
    "loads",
    "read_case_bytes",
    "read_case_data",
    "unchecked_evolve",
    "validate",
]
