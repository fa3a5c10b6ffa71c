"""The profile room: everything a nation or a council may change, held as data; the working-day
calendar its timescales are counted on; the due dates they give; and the one answer to "which
profile applies to this case".

The rest of safeplan imports the profile room through this module only.

Imports: _strict, _errors, _problems, _resources.
"""

from .calendar import WorkingCalendar, add_months, format_date, working_calendar
from .nation import Nation
from .profile import (
    AgeBand,
    Audience,
    EasyRead,
    Helpline,
    HelplineGender,
    HelplineText,
    LanguageOrder,
    Limits,
    MeetingNames,
    Period,
    PlainEnglish,
    Profile,
    Service,
    ServiceText,
    Timescales,
    Unit,
    YoungChildSteps,
    builtin_profile_names,
    load_profile,
    nation_profile,
)
from .resolve import resolve_profile
from .schedule import (
    DueDate,
    DueKind,
    Link,
    Schedule,
    core_group_chain,
    due_dates,
    pre_proceedings_due,
    review_chain,
    review_date_problems,
)

__all__ = [
    "AgeBand",
    "Audience",
    "DueDate",
    "DueKind",
    "EasyRead",
    "Helpline",
    "HelplineGender",
    "HelplineText",
    "LanguageOrder",
    "Limits",
    "Link",
    "MeetingNames",
    "Nation",
    "Period",
    "PlainEnglish",
    "Profile",
    "Schedule",
    "Service",
    "ServiceText",
    "Timescales",
    "Unit",
    "WorkingCalendar",
    "YoungChildSteps",
    "add_months",
    "builtin_profile_names",
    "core_group_chain",
    "due_dates",
    "format_date",
    "load_profile",
    "nation_profile",
    "pre_proceedings_due",
    "resolve_profile",
    "review_chain",
    "review_date_problems",
    "working_calendar",
]
