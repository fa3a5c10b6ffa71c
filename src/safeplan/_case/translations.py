"""Translations of a case's free text: what each item says in other languages.

Every item a copy prints with free text (a concern, a term, an expectation, a view, an agency's
name ...) may carry ``translations``: for each language, by its tag (``cy``, ``ur-GB``), the
item's translatable fields in that language::

    concerns:
      - text: On 3 October 2026 Rhys put his hands round Cerys's neck ...
        translations:
          cy: {text: "Ar 3 Hydref 2026 rhoddodd Rhys ei ddwylo am wddf Cerys ..."}

A copy in Welsh prints the Welsh, tagged as Welsh, and the original (tagged as the language it
was written in) only where no Welsh is given. The fields each kind of item may translate are
its ``*Words`` class's fields (:data:`TRANSLATABLE`); a list (a version's changes, a child's
safe places) is translated entry by entry, with as many entries as the original.

Translations are personal data like the text they translate: never in a ``repr``.

Imports: _strict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, Generic, TypeVar

import attrs

from .._strict import ShapeError, describe

__all__ = [
    "LANGUAGE_TAG",
    "TRANSLATABLE",
    "AgencyWords",
    "CommitmentWords",
    "ContactArrangementWords",
    "ContactDetailWords",
    "ExpectationWords",
    "PersonWords",
    "PlanWords",
    "ProfessionalWords",
    "ReasonWords",
    "SupportContactWords",
    "TextWords",
    "Translations",
    "VersionWords",
    "ViewWords",
    "primary_language",
    "translations_field",
]

#: A language tag as a translations key: ``cy``, ``cy-GB``, ``ur-Arab-PK``.
LANGUAGE_TAG: Final = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


def primary_language(tag: str) -> str:
    """The primary language subtag: ``cy`` for ``cy-GB``."""
    return tag.replace("_", "-").split("-", 1)[0].lower()


def _text(**kwargs: Any) -> Any:
    return attrs.field(default=None, repr=False, **kwargs)


def _as_tuple(values: Iterable[str]) -> tuple[str, ...]:
    # A function of ours, not the builtin ``tuple``: attrs reads a converter's signature, and
    # a builtin's costs a tokenizer pass (and the tokenizer's patterns compiled) per class.
    return tuple(values)


def _texts() -> Any:
    return attrs.field(factory=tuple, converter=_as_tuple, repr=False)


@attrs.frozen(kw_only=True)
class TextWords:
    """A concern's, a strength's, a term's or a contingency step's words in one language.

    Attributes:
        text: The text, translated.
    """

    text: str | None = _text()


@attrs.frozen(kw_only=True)
class ExpectationWords:
    """An expectation's words in one language.

    Attributes:
        what: What the person will do.
        when: When or how often.
        how_checked: How it is checked.
        support: The help offered.
    """

    what: str | None = _text()
    when: str | None = _text()
    how_checked: str | None = _text()
    support: str | None = _text()


@attrs.frozen(kw_only=True)
class CommitmentWords:
    """A commitment's words in one language.

    Attributes:
        what: What the agency will do.
        when: When or how often.
    """

    what: str | None = _text()
    when: str | None = _text()


@attrs.frozen(kw_only=True)
class ContactArrangementWords:
    """A contact arrangement's words in one language.

    Attributes:
        where: Where contact happens.
        how_often: How often.
        notes: Anything else.
    """

    where: str | None = _text()
    how_often: str | None = _text()
    notes: str | None = _text()


@attrs.frozen(kw_only=True)
class ViewWords:
    """A view in one language: a translation of the person's own words.

    Attributes:
        words: The words, translated.
    """

    words: str | None = _text()


@attrs.frozen(kw_only=True)
class ReasonWords:
    """A signature's or an override's reason in one language.

    Attributes:
        reason: The reason, translated.
    """

    reason: str | None = _text()


@attrs.frozen(kw_only=True)
class SupportContactWords:
    """A support contact's words in one language.

    Attributes:
        name: The service's name in this language, when it has one.
        hours: When it is open.
        description: What it is for.
    """

    name: str | None = _text()
    hours: str | None = _text()
    description: str | None = _text()


@attrs.frozen(kw_only=True)
class PersonWords:
    """An adult's description in one language.

    Attributes:
        relationship: The relationship, translated ("mam Osian").
    """

    relationship: str | None = _text()


@attrs.frozen(kw_only=True)
class ContactDetailWords:
    """A contact detail's label in one language (the value itself is never translated).

    Attributes:
        label: The label, translated ("Ffôn symudol newydd").
    """

    label: str | None = _text()


@attrs.frozen(kw_only=True)
class ProfessionalWords:
    """A professional's job title in one language.

    Attributes:
        job_title: The job title, translated.
    """

    job_title: str | None = _text()


@attrs.frozen(kw_only=True)
class AgencyWords:
    """An agency's name, and what it cannot do, in one language (a Welsh council's official
    Welsh name, say).

    Attributes:
        name: The name in this language.
        limitations: What the agency cannot do, in this language, in the same order.
    """

    name: str | None = _text()
    limitations: tuple[str, ...] = _texts()


@attrs.frozen(kw_only=True)
class VersionWords:
    """What changed since the earlier version, in one language.

    Attributes:
        changes: Every change, translated, in the same order and as many as the original.
    """

    changes: tuple[str, ...] = _texts()


@attrs.frozen(kw_only=True)
class PlanWords:
    """A child's safety plan in one language.

    Attributes:
        explanation: Why grown-ups are helping.
        safe_places: The safe places, as many as the original.
        what_to_do: What to do, as many as the original.
        grown_ups_will: What the grown-ups will do, as many as the original.
        child_words: The child's own words.
    """

    explanation: str | None = _text()
    safe_places: tuple[str, ...] = _texts()
    what_to_do: tuple[str, ...] = _texts()
    grown_ups_will: tuple[str, ...] = _texts()
    child_words: str | None = _text()


W = TypeVar("W")


class Translations(Mapping[str, W], Generic[W]):
    """An item's translations: language tag to its ``*Words`` in that language.

    Immutable and hashable, like the items that hold it; its repr names the languages only.
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, W] | Iterable[tuple[str, W]] = ()) -> None:
        pairs = tuple(items.items() if isinstance(items, Mapping) else items)
        self._items: dict[str, W] = dict(pairs)

    def __getitem__(self, key: str) -> W:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Translations):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"Translations(languages={tuple(self._items)!r})"

    def words(self, language: str) -> W | None:
        """The words in ``language`` (matched by its primary subtag: ``cy-GB`` finds ``cy``),
        or ``None``."""
        want = primary_language(language)
        for tag, words in self._items.items():
            if primary_language(tag) == want:
                return words
        return None


# No translations: one shared instance, as it is immutable.
_NONE: Translations[Any] = Translations()


def _converter(words: type[Any]) -> Any:
    def convert(value: Any) -> Translations[Any]:
        if value is _NONE:  # the default: most items have no translations
            return value
        if not isinstance(value, Mapping):
            raise ShapeError(
                "a mapping of language tags to translated fields", found=describe(value)
            )
        seen: set[str] = set()
        out: list[tuple[str, Any]] = []
        for tag, item in value.items():
            if not isinstance(tag, str) or not LANGUAGE_TAG.match(tag):
                raise ShapeError(
                    "a mapping whose keys are language tags such as cy or ur-GB",
                    hint="check the keys under translations",
                )
            if primary_language(tag) in seen:
                raise ShapeError(
                    "one entry per language",
                    hint=f"two keys under translations are both {primary_language(tag)}",
                )
            seen.add(primary_language(tag))
            out.append((tag, item if isinstance(item, words) else words(**item)))
        return value if isinstance(value, Translations) else Translations(out)

    return convert


def _same_lengths(instance: Any, _: attrs.Attribute[Any], value: Translations[Any]) -> None:
    if not value:
        return
    for words in value.values():
        for f in attrs.fields(type(words)):
            translated = getattr(words, f.name)
            if isinstance(translated, tuple) and translated:
                original = getattr(instance, f.name)
                if len(translated) != len(original):
                    raise ShapeError(
                        f"as many entries in each translation of {f.name} as in {f.name}",
                        hint="translate every entry, in the same order",
                    )


def translations_field(words: type[Any]) -> Any:
    """The ``translations`` field of an item whose words are ``words``."""
    return attrs.field(
        default=_NONE,
        converter=_converter(words),
        validator=_same_lengths,
        repr=False,
        metadata={"words": words},
    )


#: Item class name to the fields its translations may give.
TRANSLATABLE: Final[Mapping[str, type[Any]]] = {
    "Note": TextWords,
    "Concern": TextWords,
    "Strength": TextWords,
    "Expectation": ExpectationWords,
    "Commitment": CommitmentWords,
    "ContactArrangement": ContactArrangementWords,
    "View": ViewWords,
    "Signature": ReasonWords,
    "Override": ReasonWords,
    "SupportContact": SupportContactWords,
    "Person": PersonWords,
    "ContactDetail": ContactDetailWords,
    "Professional": ProfessionalWords,
    "Agency": AgencyWords,
    "Version": VersionWords,
    "ChildSafetyPlan": PlanWords,
}
