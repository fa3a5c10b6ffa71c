"""Languages: the message catalogs of the layouts, and which language each copy is written in.

Catalogs are gettext ``.po`` files under ``safeplan/locales/<language>/LC_MESSAGES/``, made from
``messages.pot`` (``pybabel extract -F pyproject.toml``). They are read with babel when first
needed, so there is no compile step to forget (babel's catalog reader and writer are imported
only then: an English copy needs none). English is the layouts' source language.

A requested language with no complete catalog is an error, never silent English. A catalog whose
header comment says ``# Review-Status: awaiting-review`` (drafted without a qualified
translator) renders, and every copy in it carries a finding that the translation awaits review.

Imports: _files, _errors, _problems, _resources.
"""

from __future__ import annotations

import functools
import gettext
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog as BabelCatalog
    from babel.messages.catalog import Message

from ._errors import RenderError, TemplateError
from ._files import inside, kind_of, open_nonblocking
from ._problems import Problem
from ._resources import installed_version, locales, package_root

__all__ = [
    "MAX_CATALOG_BYTES",
    "SOURCE_LANGUAGE",
    "Catalog",
    "available_languages",
    "catalog",
    "catalog_problems",
    "council_catalogs",
    "is_rtl",
    "language_name",
    "locale_table",
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
    """Whether a language is written right to left (Arabic, Urdu, Persian, Hebrew ...).

    babel's answer, read from :func:`locale_table` when it has the language (babel would load
    the locale's data, about 40 ms a process, to say ``ltr`` for English)."""
    table = locale_table()
    if table is not None and (direction := table["text_direction"].get(primary(tag))):
        return bool(direction == "rtl")
    import babel  # only for a language the table does not have

    try:
        return babel.Locale.parse(primary(tag)).text_direction == "rtl"
    except (babel.UnknownLocaleError, ValueError):
        return False


@functools.cache
def locale_table() -> dict[str, Any] | None:
    """babel's answers that an English copy needs, kept in ``_i18n_locales.json``
    (``tools/make_locale_table.py``): the text direction of every language babel knows, and
    for ``en`` and ``en_GB`` the wide month names (``months``, January first) and the
    "standard" list patterns (``list_patterns``). ``None`` when the installed babel is not the
    version the table was made from (or the table is missing or damaged): then babel answers.

    babel stays the source of truth: ``tests/test_i18n_locales.py`` compares the table with it.
    """
    try:
        raw = (package_root() / "_i18n_locales.json").read_text("utf-8")
        table: dict[str, Any] = json.loads(raw)
        made_from = table["babel"]
    except (OSError, ValueError, KeyError):
        return None
    return table if made_from == babel_version() else None


def babel_version() -> str | None:
    """The installed babel's version: ``babel.__version__`` once babel is imported, else read
    from its ``.dist-info`` folder (importing babel, about 3 ms, only to ask would cost more
    than the table saves an English copy)."""
    module = sys.modules.get("babel")
    if module is not None:
        return str(module.__version__)
    return installed_version("babel")


def language_name(tag: str) -> str:
    """The language's name in English (``Welsh`` for ``cy``), or the tag when babel has none."""
    import babel

    try:
        return babel.Locale.parse(primary(tag)).get_display_name("en") or tag
    except (babel.UnknownLocaleError, ValueError):
        return tag


def available_languages(folders: tuple[Path, ...] = ()) -> tuple[str, ...]:
    """The languages with a catalog: English, those shipped in the package (``cy``, ``ur``
    ...) and those a council's template folders add (``locales/<language>/LC_MESSAGES``)."""
    found = {p.parent.parent.name for p in locales().glob("*/LC_MESSAGES/messages.po")}
    for folder in folders:
        found |= {primary(d.name) for d in _language_dirs(folder)}
    found.discard("en")
    return ("en", *sorted(found))


def _language_dirs(folder: Path) -> list[Path]:
    """A council folder's ``locales/<language>`` folders (``cy``, ``cy_GB`` ...) that hold
    catalogs."""
    root = folder / "locales"
    if not root.is_dir() or not inside(folder, root):
        return []
    return sorted(
        d
        for d in root.iterdir()
        if d.is_dir() and inside(folder, d) and _TAG.match(d.name) and any(_po_files(folder, d))
    )


def _po_files(folder: Path, language_dir: Path) -> list[Path]:
    messages = language_dir / "LC_MESSAGES"
    if not messages.is_dir() or not inside(folder, messages):
        return []
    return sorted(messages.glob("*.po"))


_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
#: The largest catalog a council folder may give (safeplan's own are about 60 kB).
MAX_CATALOG_BYTES = 2_000_000


def council_catalogs(folders: tuple[Path, ...], lang: str) -> list[tuple[Path, bytes]]:
    """The catalogs for ``lang`` (a primary subtag) in council folders, lowest precedence
    first (the last folder's first, the first folder's last: the first folder wins), each as
    its path and bytes. Each is read only inside its folder, as a regular file within
    :data:`MAX_CATALOG_BYTES`.

    Raises:
        TemplateError: A catalog leads out of its folder, is not a regular file or is too big.
    """
    out: list[tuple[Path, bytes]] = []
    for folder in reversed(folders):
        for language_dir in _language_dirs(folder):
            if primary(language_dir.name) != lang:
                continue
            for path in _po_files(folder, language_dir):
                out.append((path, _read_catalog(folder, path)))
    return out


def _read_catalog(folder: Path, path: Path) -> bytes:
    if not inside(folder, path):
        raise TemplateError(
            "this catalog is a link that leads outside its template folder", template=str(path)
        )
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateError(
                f"this catalog is {kind_of(info.st_mode)}, not a file", template=str(path)
            )
        if info.st_size > MAX_CATALOG_BYTES:
            raise TemplateError(
                f"this catalog is larger than {MAX_CATALOG_BYTES} bytes", template=str(path)
            )
        with open_nonblocking(path) as fh:
            return fh.read(MAX_CATALOG_BYTES + 1)[:MAX_CATALOG_BYTES]
    except OSError as err:
        raise TemplateError(
            f"this catalog cannot be read ({err.strerror})", template=str(path)
        ) from None


def read_catalog(raw: bytes, lang: str, name: str) -> BabelCatalog:
    """A catalog's messages (babel), its syntax checked.

    Raises:
        TemplateError: The file is not a gettext catalog; names the file and line.
    """
    from babel.messages.pofile import PoFileError, read_po  # only where a catalog is read

    try:
        return read_po(io.BytesIO(raw), locale=_babel_locale(lang), abort_invalid=True)
    except PoFileError as err:
        line = getattr(err, "lineno", None)
        raise TemplateError(
            f"this catalog cannot be read: {err}", template=name, line=line
        ) from None
    except UnicodeDecodeError:
        raise TemplateError("this catalog is not UTF-8 text", template=name) from None


def _babel_locale(lang: str) -> str | None:
    import babel

    try:
        babel.Locale.parse(lang)
    except (babel.UnknownLocaleError, ValueError):
        return None
    return lang


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
    from babel.messages.pofile import read_po

    with (locales() / "messages.pot").open("rb") as fh:
        pot = read_po(fh)
    return frozenset(_msgid(m.id) for m in pot if m.id)


def _msgid(value: str | tuple[str, ...] | list[str]) -> str:
    return value if isinstance(value, str) else value[0]


@functools.cache
def catalog(tag: str, folders: tuple[Path, ...] = ()) -> Catalog:
    """The catalog for a language tag (``cy-GB`` uses ``cy``): safeplan's own, with what the
    council folders' catalogs (``locales/<language>/LC_MESSAGES/*.po``) add or override (the
    first folder wins). English needs none, but a council may reword it the same way.

    Raises:
        RenderError: No catalog ships or is given for the language, or it is incomplete (the
            error says how many strings are missing); never a silent fall-back to English.
        TemplateError: A council's catalog cannot be read (names the file).
    """
    lang = primary(tag)
    layers = _layers(lang, folders)
    if lang == "en" and not layers:
        return Catalog(language="en", translations=gettext.NullTranslations(), reviewed=True)
    if not layers:
        shipped = ", ".join(available_languages(folders))
        raise RenderError(
            f"There is no translation of the layouts for the language '{tag}'. Languages "
            f"available: {shipped}. Ask for a translation, add a catalog to the council's "
            "template folder (locales/<language>/LC_MESSAGES/messages.po), or choose another "
            "language for this recipient (recipients[].language)."
        )
    merged, reviewed = _merge(layers)
    missing = set() if lang == "en" else _source_ids() - _translated(merged)
    if missing:
        raise RenderError(
            f"The translation for '{tag}' is incomplete: {len(missing)} of "
            f"{len(_source_ids())} strings are missing or marked fuzzy. Complete the catalog "
            f"(messages.po for {lang}) before rendering in this language."
        )
    from babel.messages.mofile import write_mo
    from babel.support import Translations

    mo = io.BytesIO()
    write_mo(mo, merged)
    mo.seek(0)
    return Catalog(language=lang, translations=Translations(mo), reviewed=reviewed)


def _layers(lang: str, folders: tuple[Path, ...]) -> list[tuple[BabelCatalog, bool]]:
    """Each catalog for ``lang``, lowest precedence first, with whether it was reviewed."""
    layers: list[tuple[BabelCatalog, bool]] = []
    path = locales() / lang / "LC_MESSAGES" / "messages.po"
    sources = [(path, path.read_bytes())] if path.is_file() else []
    sources += council_catalogs(folders, lang)
    for where, raw in sources:
        status = _REVIEW.search(raw.decode("utf-8", errors="replace"))
        reviewed = status is None or status.group(1) != "awaiting-review"
        layers.append((read_catalog(raw, lang, str(where)), reviewed))
    return layers


def _merge(layers: list[tuple[BabelCatalog, bool]]) -> tuple[BabelCatalog, bool]:
    """One catalog from the layers (a later layer's translation wins over an earlier one's;
    a fuzzy or empty one never does), and whether every string it translates comes from a
    reviewed catalog."""
    from babel.messages.catalog import Catalog as BabelCatalog
    from babel.messages.catalog import Message

    base, _ = layers[0]
    merged = BabelCatalog(locale=base.locale, domain=base.domain)
    merged.plural_forms  # noqa: B018  # the locale's plural rule, computed once
    if base.mime_headers:
        merged.mime_headers = base.mime_headers
    origin: dict[str, bool] = {}
    for po, reviewed in layers:
        for message in po:
            if not message.id or not _complete(message.string) or message.fuzzy:
                continue
            # babel merges a message set twice and keeps the first string: replace it.
            merged.delete(message.id, context=message.context)
            merged[message.id] = Message(message.id, message.string, context=message.context)
            origin[_msgid(message.id)] = reviewed
    return merged, all(origin.values())


def catalog_problems(folders: tuple[Path, ...]) -> list[tuple[str, int | None, str, str]]:
    """For ``templates check``: in each council catalog, every string left untranslated or
    marked fuzzy, and for a language safeplan does not ship, every safeplan string the
    folders' catalogs do not translate. Each as (file, line, code, message)."""
    out: list[tuple[str, int | None, str, str]] = []
    for lang in available_languages(folders)[1:]:
        found = council_catalogs(folders, lang)
        if not found:
            continue
        name = language_name(lang)
        for path, raw in found:
            po = read_catalog(raw, lang, str(path))
            for m in po:
                if not m.id:
                    continue
                msgid = _msgid(m.id)
                if m.fuzzy:
                    out.append(
                        (
                            str(path),
                            m.lineno,
                            "SP-TEMPLATE-TRANSLATION-FUZZY",
                            f"{msgid!r} is marked fuzzy in this {name} ({lang}) catalog, so "
                            "it is not used: review it and remove the fuzzy flag",
                        )
                    )
                elif not _complete(m.string):
                    out.append(
                        (
                            str(path),
                            m.lineno,
                            "SP-TEMPLATE-TRANSLATION-MISSING",
                            f"{msgid!r} has no {name} ({lang}) translation in this catalog",
                        )
                    )
        if not (locales() / lang / "LC_MESSAGES" / "messages.po").is_file():
            merged, _ = _merge(_layers(lang, folders))
            missing = sorted(_source_ids() - _translated(merged))
            if missing:
                out.append(
                    (
                        str(found[-1][0]),
                        None,
                        "SP-TEMPLATE-CATALOG-INCOMPLETE",
                        f"the {name} ({lang}) catalogs lack {len(missing)} of safeplan's "
                        f"{len(_source_ids())} strings (first: {missing[0]!r}), so no copy "
                        f"can be rendered in {name}",
                    )
                )
    return out


def translated_ids(lang: str, folders: tuple[Path, ...] = ()) -> frozenset[str]:
    """The msgids the catalogs of ``lang`` (a primary subtag) translate, complete and not
    fuzzy: safeplan's own with the council folders'. ``templates check`` warns about a
    layout's strings that are not among them."""
    layers = _layers(lang, folders)
    if not layers:
        return frozenset()
    merged, _ = _merge(layers)
    return _translated(merged)


def _translated(po: Iterable[Message]) -> frozenset[str]:
    return frozenset(_msgid(m.id) for m in po if m.id and _complete(m.string) and not m.fuzzy)


def _complete(value: str | tuple[str, ...] | list[str] | None) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value)
    return all(value)
