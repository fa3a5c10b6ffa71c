"""Which profile applies to a case: the one resolver the findings, the schedule and the renderer
all use.

Imports: nothing of safeplan outside this room (the case only as a type).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .profile import Profile, load_profile, nation_profile

if TYPE_CHECKING:
    from .._case import WrittenAgreement

__all__ = ["resolve_profile"]


def resolve_profile(
    agreement: WrittenAgreement, profile: Profile | str | os.PathLike[str] | None = None
) -> Profile:
    """The profile that applies: the one given, else the case's council profile, else the nation's.

    Args:
        agreement: The case.
        profile: A :class:`Profile`, a profile name, or the path of a council's YAML file.

    Raises:
        ProfileError: The named profile cannot be found or read.
    """
    if isinstance(profile, Profile):
        return profile
    name = profile if profile is not None else agreement.plan.profile
    if name is None:
        return nation_profile(agreement.plan.nation)
    return load_profile(name)
