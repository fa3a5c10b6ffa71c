"""The copies room: who gets which copy, what each copy may hold, and the leak search.

::

    copies.py     which copies a case asks for, in which language; file-name-safe names
    audience.py   the audience of every item: which copies hold it, and why not (computed once
                  per case); the safe defaults for a person causing harm; their findings
    redact.py     the case as one copy's reader may see it; the leak check over all a copy
                  prints
    leaks.py      the hidden values of a copy, matched however they were typed
    languages.py  which case text each copy would print untranslated

The rest of safeplan imports the copies room through this module only.

Imports: _case, _wording, _i18n, _errors, _problems.
"""

from .audience import REASONS, Audience, NotInCopy, Reason, audience_findings, audience_of
from .copies import Copy, contact_details, copies, may_see, recipient_path, safe_name
from .languages import (
    held_by,
    translatable_fields,
    translation_findings,
    untranslated_findings,
)
from .leaks import CODE_WORD, KIND_WORDS, Matcher, fold, matcher_for
from .redact import (
    copy_matcher,
    free_text,
    leak_check,
    printed_fields,
    redact,
    translated_text,
)

__all__ = [
    "CODE_WORD",
    "KIND_WORDS",
    "REASONS",
    "Audience",
    "Copy",
    "Matcher",
    "NotInCopy",
    "Reason",
    "audience_findings",
    "audience_of",
    "contact_details",
    "copies",
    "copy_matcher",
    "fold",
    "free_text",
    "held_by",
    "leak_check",
    "matcher_for",
    "may_see",
    "printed_fields",
    "recipient_path",
    "redact",
    "safe_name",
    "translatable_fields",
    "translated_text",
    "translation_findings",
    "untranslated_findings",
]
