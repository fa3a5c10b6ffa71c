"""The findings room (being split)."""

from .check import Deadline, check, deadlines, policing_suspected, vague_wording

__all__ = ["Deadline", "check", "deadlines", "policing_suspected", "vague_wording"]
