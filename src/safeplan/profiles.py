"""Profiles: everything a nation or a council may change, held as data and never as code.

A :class:`Profile` holds the statutory timescales, the categories of concern, the helplines,
the word lists the quality checks use, the easy-read and plain-English limits, the language
order and the local closure days. :func:`nation_profile` gives a nation's built-in profile;
:func:`load_profile` a built-in one by name or a council's YAML file that ``extends`` one;
:func:`resolve_profile` the one that applies to a case. :func:`safeplan.check`,
:func:`safeplan.deadlines` and :class:`safeplan.RenderConfig` take a profile, a name or a path.

``Unit``, ``Audience``, ``LanguageOrder``, ``HelplineGender`` and ``YoungChildSteps`` are the
literal types of :attr:`Period.unit`, :attr:`Helpline.audience`, :attr:`Profile.language_order`,
:attr:`Helpline.gender` and :attr:`Profile.young_child_steps`. A :class:`Service` is a
complaints team, an ombudsman or an advocacy service the copies name. Timescales are counted on a
:class:`WorkingCalendar` (:attr:`Profile.calendar`); :func:`format_date` writes a date as
messages print it (``14 March 2027``).

Imports: _profiles.
"""

from ._profiles import (
    AgeBand,
    Audience,
    EasyRead,
    Helpline,
    HelplineGender,
    HelplineText,
    LanguageOrder,
    Limits,
    MeetingNames,
    Nation,
    Period,
    PlainEnglish,
    Profile,
    Service,
    ServiceText,
    Timescales,
    Unit,
    WorkingCalendar,
    YoungChildSteps,
    builtin_profile_names,
    format_date,
    load_profile,
    nation_profile,
    resolve_profile,
)

__all__ = [
    "AgeBand",
    "Audience",
    "EasyRead",
    "Helpline",
    "HelplineGender",
    "HelplineText",
    "LanguageOrder",
    "Limits",
    "MeetingNames",
    "Nation",
    "Period",
    "PlainEnglish",
    "Profile",
    "Service",
    "ServiceText",
    "Timescales",
    "Unit",
    "WorkingCalendar",
    "YoungChildSteps",
    "builtin_profile_names",
    "format_date",
    "load_profile",
    "nation_profile",
    "resolve_profile",
]
