"""Languages: the message catalogs of the layouts, and which language each copy is written in.

Catalogs are gettext ``.po`` files under ``safeplan/locales/<language>/LC_MESSAGES/``, made from
``messages.pot`` (``pybabel extract -F pyproject.toml``). They are read with babel when first
needed, so there is no compile step to forget. English is the layouts' source language.

A requested language with no complete catalog is an error, never silent English. A catalog whose
header comment says ``# Review-Status: awaiting-review`` (drafted without a qualified
translator) renders, and every copy in it carries a finding that the translation awaits review.

Imports: _errors, _problems, _resources.
"""

from __future__ import annotations

import functools
import gettext
import io
import re
from collections.abc import Iterable

import attrs
import babel
from babel.messages.catalog import Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ._errors import RenderError
from ._problems import Problem
from ._resources import locales

__all__ = [
    "SOURCE_LANGUAGE",
    "Catalog",
    "available_languages",
    "catalog",
    "is_rtl",
    "language_name",
    "primary",
    "translated_ids",
]

SOURCE_LANGUAGE = "en-GB"
# In the header comment, which pybabel keeps on update (it drops unknown X- header fields).
_REVIEW = re.compile(r"^#\s*Review-Status:\s*([\w-]+)\s*$", re.MULTILINE)


def primary(tag: str) -> str:
    """The primary language subtag: ``cy`` for ``cy-GB``."""
    return tag.replace("_", "-").split("-", 1)[0].lower()


@functools.cache
def is_rtl(tag: str) -> bool:
    """Whether a language is written right to left (Arabic, Urdu, Persian, Hebrew ...)."""
    try:
        return babel.Locale.parse(primary(tag)).text_direction == "rtl"
    except (babel.UnknownLocaleError, ValueError):
        return False


def language_name(tag: str) -> str:
    """The language's name in English (``Welsh`` for ``cy``), or the tag when babel has none."""
    try:
        return babel.Locale.parse(primary(tag)).get_display_name("en") or tag
    except (babel.UnknownLocaleError, ValueError):
        return tag


def available_languages() -> tuple[str, ...]:
    """The languages with a catalog shipped in the package (``cy``, ``ur`` ...), plus English."""
    found = sorted(p.parent.parent.name for p in locales().glob("*/LC_MESSAGES/messages.po"))
    return ("en", *found)


@attrs.frozen
class Catalog:
    """A loaded catalog: the translations and what is known about their quality.

    Attributes:
        language: The primary language subtag.
        translations: gettext translations for the layouts.
        reviewed: False when the catalog was drafted without a qualified translator.
    """

    language: str
    translations: gettext.NullTranslations = attrs.field(eq=False)
    reviewed: bool

    def finding(self) -> Problem | None:
        """The finding every copy in this language carries while the translation awaits review."""
        if self.reviewed:
            return None
        name = language_name(self.language)
        return Problem.warning(
            "SP-TRANSLATION-UNREVIEWED",
            "$.recipients",
            f"The {name} wording of this layout was drafted without a qualified translator "
            "and awaits review. Have a qualified translator check the copy before it is "
            "issued.",
            "safeplan catalogs; Welsh Language Standards (never less favourable)",
        )


@functools.cache
def _source_ids() -> frozenset[str]:
    with (locales() / "messages.pot").open("rb") as fh:
        pot = read_po(fh)
    return frozenset(_msgid(m.id) for m in pot if m.id)


def _msgid(value: str | tuple[str, ...] | list[str]) -> str:
    return value if isinstance(value, str) else value[0]


@functools.cache
def catalog(tag: str) -> Catalog:
    """The catalog for a language tag (``cy-GB`` uses ``cy``). English needs none.

    Raises:
        RenderError: No catalog ships for the language, or it is incomplete (the error says how
            many strings are missing); never a silent fall-back to English.
    """
    lang = primary(tag)
    if lang == "en":
        return Catalog(language="en", translations=gettext.NullTranslations(), reviewed=True)
    path = locales() / lang / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        shipped = ", ".join(available_languages())
        raise RenderError(
            f"There is no translation of the layouts for the language '{tag}'. Languages "
            f"available: {shipped}. Ask for a translation, or choose another language for this "
            "recipient (recipients[].language)."
        )
    raw = path.read_bytes()
    po = read_po(io.BytesIO(raw), locale=lang)
    done = _translated(po)
    missing = _source_ids() - done
    if missing:
        raise RenderError(
            f"The translation for '{tag}' is incomplete: {len(missing)} of "
            f"{len(_source_ids())} strings are missing or marked fuzzy. Complete the catalog "
            f"({path.name} for {lang}) before rendering in this language."
        )
    mo = io.BytesIO()
    write_mo(mo, po)
    mo.seek(0)
    status = _REVIEW.search(raw.decode("utf-8", errors="replace"))
    reviewed = status is None or status.group(1) != "awaiting-review"
    return Catalog(language=lang, translations=Translations(mo), reviewed=reviewed)


def translated_ids(lang: str) -> frozenset[str]:
    """The msgids the shipped catalog of ``lang`` (a primary subtag) translates: complete and
    not fuzzy. ``templates check`` warns about a layout's strings that are not among them."""
    with (locales() / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return _translated(read_po(fh, locale=lang))


def _translated(po: Iterable[Message]) -> frozenset[str]:
    return frozenset(_msgid(m.id) for m in po if m.id and _complete(m.string) and not m.fuzzy)


def _complete(value: str | tuple[str, ...] | list[str] | None) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value)
    return all(value)
