"""The four UK nations: each has its own child protection guidance and bank holidays.

A leaf of the profile room: the case model names a nation, and so do the calendar and every
profile.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import enum

__all__ = ["Nation"]


class Nation(enum.StrEnum):
    """A UK nation: each has its own child protection guidance and bank holidays."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def display_name(self) -> str:
        """The nation's name as written in a sentence, e.g. ``Northern Ireland``."""
        return _DISPLAY_NAMES[self]


_DISPLAY_NAMES = {
    Nation.ENGLAND: "England",
    Nation.WALES: "Wales",
    Nation.SCOTLAND: "Scotland",
    Nation.NORTHERN_IRELAND: "Northern Ireland",
}
