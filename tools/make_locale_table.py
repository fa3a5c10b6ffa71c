"""Write the table of locale answers an English copy needs from babel:
``src/safeplan/_i18n_locales.json``.

babel is the source of truth: the table holds its answers, made here, and the version of babel
they came from. Loading a locale's data from babel costs about 40 ms a process (``en_GB``
inherits from ``en_001``, ``en`` and ``root``, and finding a locale's parent reads babel's
global data, about 1 MB), more than the rest of a check's rendering. The table holds:

* the text direction of every language babel knows (``safeplan._i18n.is_rtl``);
* for ``en`` and ``en_GB`` (the layouts' source language): the wide month names in the
  "format" context and the "standard" list patterns. The date formats the layouts use
  (``d MMMM y``, ``MMMM y``, ``MMMM``) print plain numbers around the month's name.

safeplan reads the table while the installed babel is the version it came from, and asks babel
itself otherwise (and for every other locale). ``tests/test_i18n_locales.py`` fails when the
table and the installed babel disagree.

Run from the repository root after upgrading babel::

    .venv/bin/python tools/make_locale_table.py
"""

from __future__ import annotations

import json
from pathlib import Path

import babel
import babel.dates
import babel.localedata

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "safeplan" / "_i18n_locales.json"
#: The locales whose month names and list patterns the table keeps (babel's identifiers).
LOCALES = ("en", "en_GB")


def text_directions() -> dict[str, str]:
    """Each language babel has data for (a locale identifier with no region or script), and
    the direction it is written in."""
    languages = sorted(i for i in babel.localedata.locale_identifiers() if "_" not in i)
    return {lang: babel.Locale.parse(lang).text_direction for lang in languages}


def locale_entry(identifier: str) -> dict[str, object]:
    locale = babel.Locale.parse(identifier)
    months = babel.dates.get_month_names("wide", "format", locale)
    patterns = locale.list_patterns["standard"]
    return {
        "months": [str(months[m]) for m in range(1, 13)],
        "list_patterns": {key: str(patterns[key]) for key in patterns},
    }


def table() -> dict[str, object]:
    return {
        "babel": babel.__version__,
        "text_direction": text_directions(),
        "locales": {identifier: locale_entry(identifier) for identifier in LOCALES},
    }


def main() -> None:
    OUT.write_text(
        json.dumps(table(), indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
