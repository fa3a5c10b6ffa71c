"""The leak search's folding of text, stretch by stretch, against folding the text whole.

:func:`safeplan._copies.leaks.fold` folds only the stretches of a text that are not ASCII
through NFKC and case folding (the speed work of issue 19). These tests keep the plain
definition (format characters removed, NFKC, case folded, all of the text at once) and compare
the two on every string of the test data and the examples, on the texts the copies print, and
on random text mixing ASCII with the characters that make normalization tricky: combining
marks, Hangul jamo, compatibility forms, format characters, lone surrogates.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import safeplan
from safeplan._copies import leaks
from safeplan._copies.copies import contact_details, hidden_code_words

ROOT = Path(__file__).resolve().parent.parent


def whole(text: str) -> str:
    """The definition: format characters removed, NFKC, case folded, the text in one piece."""
    if any(leaks._INVISIBLE.match(c) for c in text):
        text = leaks._INVISIBLE.sub("", text)
    return unicodedata.normalize("NFKC", text).casefold()


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _data_texts() -> list[str]:
    files = sorted((ROOT / "tests" / "data").rglob("*.yaml")) + sorted(
        (ROOT / "examples").rglob("*.yaml")
    )
    out: list[str] = []
    for path in files:
        out += _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def test_every_text_of_the_test_data_folds_as_a_whole() -> None:
    texts = _data_texts()
    assert len(texts) > 1000
    odd = [t for t in texts if not t.isascii()]
    assert len(odd) > 50  # the data has Welsh, Urdu, quotation marks and accents to fold
    for text in texts:
        assert leaks.fold(text) == whole(text)
    # Joined, as the leak check searches a copy's text.
    joined = "\n".join(texts)
    assert leaks.fold(joined) == whole(joined)
    for n in range(0, len(texts), 40):
        chunk = "\n".join(texts[n : n + 40])
        assert leaks.fold(chunk) == whole(chunk)


@pytest.mark.parametrize(
    "name", ["green-reid-england", "jones-unborn-wales", "ahmed-pre-proceedings-england"]
)
def test_what_each_copy_prints_folds_as_a_whole(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    agreement = safeplan.load(ROOT / "examples" / f"{name}.yaml")
    renderer = safeplan.Renderer()
    seen: list[str] = []
    original = leaks.fold

    def spy(text: str) -> str:
        seen.append(text)
        return original(text)

    monkeypatch.setattr(leaks, "fold", spy)
    for c in renderer.copies(agreement):
        renderer.render(agreement, c)
    monkeypatch.undo()
    assert any(len(t) > 5000 and not t.isascii() for t in seen)
    for text in seen:
        assert original(text) == whole(text)


# Characters around which NFKC and case folding are tricky.
_TRICKY = (
    "\u0300\u0301\u0302\u0308\u0327\u0323\u031b\u0345\u05b0\u0651\u064b"  # combining marks
    "\u1100\u1161\u11a8\uac00\uac01"  # Hangul jamo and syllables
    "\u00a0\u2002\u3000\u00b7\u2019\u201c\u201d\u2610\u00e9\u00c9\u00df\u1e9e\u0130\u03a3"
    "\u03c2\ufb01\ufb03\uff21\uff41\uff11\u2460\u00bd\u2126\u212b\u0149\u01c4\u1f80"
    "\u0b47\u0b3e\u0b57\u0dd9\u0dcf\u0cc6\u0cd5\u0e33\u0f77\u1025\u102e"  # starters that compose
    "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202e\u2066\ufe0f\U000e0041"  # invisible
    "\u0627\u0644\u06cc\u0628\u05d0\U0001d400\U0001f600\ud800\udc00"  # scripts, lone surrogates
)
_ASCII = "aeiouAEIOU  sStkK0129.,-'\n\t"


def test_random_mixed_text_folds_as_a_whole() -> None:
    rng = random.Random(19)
    for n in range(4000):
        length = rng.randrange(1, 40)
        # Mostly ASCII with some tricky characters, or mostly tricky ones, or any code point.
        mix = n % 3
        chars = []
        for _ in range(length):
            r = rng.random()
            if mix == 2 and r < 0.3:
                chars.append(chr(rng.randrange(0x80, 0x30000)))
            elif r < (0.8 if mix == 0 else 0.3):
                chars.append(rng.choice(_ASCII))
            else:
                chars.append(rng.choice(_TRICKY))
        text = "".join(chars)
        assert leaks.fold(text) == whole(text), ascii(text)


def test_text_in_another_script_is_folded_whole() -> None:
    # Past a few hundred bytes that are not ASCII the text is folded in one piece.
    text = ("\u0627\u0644\u0623\u0645 \u0651\ufeff" * 200) + " Road \u00a0 \u0301e"
    assert leaks.fold(text) == whole(text)


def test_a_detail_given_twice_gives_the_same_matcher() -> None:
    # Children of one family share a school and a GP; the matcher reads such a detail once.
    # Reading every hidden detail twice, in either order, must find exactly what reading each
    # once does (same phrases, in the same order, same postcodes and numbers).
    checked = 0
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        agreement = safeplan.load(path)
        for copy in safeplan.Renderer().copies(agreement):
            visible, hidden = contact_details(agreement, copy)
            words = hidden_code_words(agreement, copy)
            once = leaks.matcher_for(visible, hidden, words)
            twice = leaks.matcher_for(visible, (*hidden, *hidden), words)
            reread = leaks.matcher_for(visible, (*hidden, *reversed(hidden), *hidden), words)
            for other in (twice, reread):
                assert list(other.phrases.items()) == list(once.phrases.items())
                assert other.postcodes == once.postcodes and other.digits == once.digits
            checked += bool(hidden)
    assert checked > 5
