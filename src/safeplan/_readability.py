"""Readability measures for plain-English and easy-read checks.

Small, dependency-free heuristics, tuned for the short sentences of written agreements and
children's safety plans (British English). Every function takes plain text and returns plain
data, so the adults' quality checks and the children's easy-read checks share one measure:

- :func:`sentences` splits text into sentences (abbreviations, times and decimals do not end one);
- :func:`words` lists the words; :func:`syllables` counts a word's syllables;
- :func:`reading_grade` gives the Flesch–Kincaid grade level;
- :func:`passive_phrases` finds passive verbs ("was pushed"), saying whether an agent
  ("by Paul") follows;
- :func:`acronyms` and :func:`long_words` find what easy read avoids.

These are estimates. Syllable counting is rule-based (right for about nine words in ten); the
reading grade is a guide to how hard text is, not a verdict on a person's ability to read it.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import attrs

__all__ = [
    "PassivePhrase",
    "acronyms",
    "long_words",
    "passive_phrases",
    "reading_grade",
    "sentences",
    "syllables",
    "words",
]


def _word_set(words: str, separator: str | None = None) -> frozenset[str]:
    """A set of words written as one string, to keep long word lists short on the page."""
    return frozenset(words.split(separator))


# --- sentences and words -------------------------------------------------------------------

# Abbreviations whose full stop does not end a sentence (compared in lower case, without the dot).
_ABBREVIATIONS = _word_set(
    "mr mrs ms dr st no nos vs etc eg e.g ie i.e approx tel ref dept cllr prof rd ave jan feb "
    "mar apr jun jul aug sep sept oct nov dec"
)

# A candidate sentence end: terminal punctuation, optional closing quotes or brackets, space.
_END = re.compile(r"[.!?]+['\"’”)\]]*(?=\s+|$)")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŵŷŴŶ0-9]+(?:['’\-][A-Za-zÀ-ÖØ-öø-ÿŵŷŴŶ0-9]+)*")


def sentences(text: str) -> list[str]:
    """Split text into sentences.

    A full stop, question mark or exclamation mark followed by a space ends a sentence, except
    after a known abbreviation ("Mr.", "e.g.") or a single capital letter (an initial). Blank
    lines and line breaks before a list item also end one. Sentences without a word are dropped.

    Args:
        text: Any text, possibly several paragraphs.

    Returns:
        The sentences, stripped, in order.
    """
    found: list[str] = []
    for block in re.split(r"\n\s*\n|\n\s*(?:[-*•]|\d+[.)])\s+", text):
        start = 0
        for match in _END.finditer(block):
            before = block[start : match.start()]
            last = before.rsplit(None, 1)[-1] if before.split() else ""
            token = last.lower().rstrip(".")
            if match.group().startswith(".") and (
                token in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", last) is not None
            ):
                continue
            found.append(block[start : match.end()])
            start = match.end()
        found.append(block[start:])
    return [s for s in (" ".join(part.split()) for part in found) if _WORD.search(s)]


def words(text: str) -> list[str]:
    """The words of ``text``: letters or digits, with inner apostrophes and hyphens kept.

    "Children's", "don't" and "behaviour-change" are one word each; "10am" is one word.
    """
    return _WORD.findall(text)


# --- syllables -----------------------------------------------------------------------------

# Words the rules below get wrong, common in agreements.
_SYLLABLE_EXCEPTIONS = {
    "every": 2,
    "everyone": 3,
    "everything": 3,
    "everybody": 4,
    "evening": 2,
    "evenings": 2,
    "business": 2,
    "family": 3,
    "families": 3,
    "police": 2,
    "people": 2,
    "area": 3,
    "idea": 3,
    "ideas": 3,
    "create": 2,
    "created": 3,
    "being": 2,
    "doing": 2,
    "going": 2,
    "seeing": 2,
    "agreeing": 3,
    "toward": 2,
    "towards": 2,
    "naive": 2,
    "real": 1,
    "really": 2,
    "science": 2,
    "violence": 3,
    "violent": 3,
    "quiet": 2,
    "diet": 2,
    "social": 2,
    "special": 2,
    "official": 3,
    "poem": 2,
    "courses": 2,
    "sometimes": 2,
    "someone": 2,
    "somewhere": 2,
    "anyone": 3,
    "whereabouts": 3,
    "fire": 1,
    "hour": 1,
    "hours": 1,
    "our": 1,
    "wednesday": 2,
    "wednesdays": 2,
    "queue": 1,
    "recipe": 3,
    "themselves": 2,
    "yourself": 2,
    "yourselves": 2,
    "cooperate": 4,
    "cooperation": 5,
    "coercive": 3,
    "reunite": 3,
    "reunited": 4,
    "aggression": 3,
    "lives": 1,
    "alcohol": 3,
    "cafe": 2,
    "email": 2,
    "phoned": 1,
    "gp": 2,
    "ok": 2,
}

_VOWELS = re.compile(r"[aeiouy]+")
# Vowel pairs usually spoken as two syllables ("Mia", "period", "create"), but not in
# "-tion", "-sion", "-cial" and the like.
_TWO_VOWEL_SYLLABLES = re.compile(r"(?:(?<![tscgx])i(?:a|o(?!ur)|u)|eo|uo|ua(?!l)|ie(?=r|t))")
# Suffixes after a silent "e": "safe|ty", "late|ly", "state|ment".
_SUFFIXES = ("ly", "ty", "ment", "ments", "ful", "ness", "less")


# Cached: the same words recur in every case, and the HTTP check route counts them per request.
@functools.lru_cache(maxsize=16384)
def syllables(word: str) -> int:
    """Count the syllables of an English word (at least 1; 0 for a token with no letters).

    Rule-based: vowel groups, less a silent final "e" or an "-es"/"-ed" that adds no sound, plus
    a syllable for "-le"/"-re" after a consonant ("table", "centre") and for vowel pairs spoken
    apart ("Mia", "period"). Hyphenated words count each part. A number counts as one syllable,
    and each letter of an acronym with no vowel ("GP") as one.
    """
    w = word.lower().replace("’", "'").strip("'-")
    if not w:
        return 0
    if "-" in w:
        return sum(syllables(part) for part in w.split("-") if part)
    if w.isdigit():
        return 1
    if w.endswith("'s"):
        w = w[:-2]
    letters = re.sub(r"[^a-zà-öø-ÿ]", "", w)
    if not letters:
        return 1
    if word.isupper() and len(letters) > 1 and not _VOWELS.search(letters):
        return len(letters)  # an acronym spelt out: "GP", "CP"
    return _letters_syllables(letters)


def _letters_syllables(letters: str) -> int:
    if letters in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[letters]
    if letters.endswith("s") and letters[:-1] in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[letters[:-1]]
    for suffix in _SUFFIXES:
        stem = letters[: -len(suffix)]
        if (
            letters.endswith(suffix)
            and len(stem) > 2
            and stem.endswith("e")
            and stem[-2] not in "aeiouyl"
        ):
            return _letters_syllables(stem) + 1
    count = len(_VOWELS.findall(letters))
    consonant_before = len(letters) > 2 and letters[-3] not in "aeiouy"
    if letters.endswith(("le", "re")) and consonant_before and letters[-3] != "r":
        pass  # "table", "centre": the final syllable is spoken
    elif letters.endswith("e") and not letters.endswith(("ee", "ye")) and count > 1:
        count -= 1  # silent final e: "make" has one vowel sound
    # "-ed" is silent except after t or d: "pushed" 1, "wanted" 2.
    if letters.endswith("ed") and len(letters) > 3 and letters[-3] not in "tdaeiouy" and count > 1:
        count -= 1
    # "-es" is silent except after s, x, z, ch, sh, g, c: "makes" 1, "houses" 2.
    if (
        letters.endswith("es")
        and len(letters) > 3
        and not letters.endswith(("ses", "xes", "zes", "ches", "shes", "ges", "ces", "les", "res"))
        and count > 1
    ):
        count -= 1
    count += len(_TWO_VOWEL_SYLLABLES.findall(letters))
    return max(count, 1)


# --- reading grade -------------------------------------------------------------------------


def reading_grade(text: str | Iterable[str]) -> float:
    """The Flesch–Kincaid grade level of ``text``.

    ``0.39 × words per sentence + 11.8 × syllables per word − 15.59``. Roughly, the number of
    years of school a reader needs; reading age is about the grade plus 5. Text with no words
    scores 0.

    Args:
        text: One text, or several (each split into sentences on its own, then pooled).
    """
    pieces = [text] if isinstance(text, str) else list(text)
    sentence_count = word_count = syllable_count = 0
    for piece in pieces:
        for sentence in sentences(piece):
            found = words(sentence)
            if not found:
                continue
            sentence_count += 1
            word_count += len(found)
            syllable_count += sum(syllables(w) for w in found)
    if not word_count:
        return 0.0
    return 0.39 * word_count / sentence_count + 11.8 * syllable_count / word_count - 15.59


def long_words(text: str, max_syllables: int) -> list[str]:
    """The words of ``text`` with more than ``max_syllables`` syllables, in order, repeats kept."""
    return [w for w in words(text) if syllables(w) > max_syllables]


# --- acronyms ------------------------------------------------------------------------------

_ACRONYM = re.compile(r"\b(?:[A-Z]&[A-Z]|[A-Z][A-Z0-9]*[A-Z](?:s\b)?)\b")


def acronyms(text: str, *, allowed: Iterable[str] = ()) -> list[str]:
    """The acronyms in ``text`` (two or more capitals, such as "IDVA", "MARAC", "A&E").

    A plural "s" is dropped ("IDVAs" gives "IDVA"). Each acronym is listed once, in the order it
    first appears. A text written all in capitals has no acronyms found in it.

    Args:
        text: Any text.
        allowed: Acronyms not to report, such as "OK" (compared ignoring case).
    """
    # text.isupper() first: it is false at once for ordinary text, and true whenever every
    # letter is a capital, so the exact test below only runs on text in capitals.
    if text.isupper() and all(c.isupper() for c in text if c.isalpha()) and len(words(text)) > 1:
        return []
    skip = {a.casefold() for a in allowed}
    found: list[str] = []
    for match in _ACRONYM.finditer(text):
        name = match.group()
        if name.endswith("s") and name[:-1].isupper():
            name = name[:-1]
        if name.casefold() not in skip and name not in found:
            found.append(name)
    return found


# --- passive voice -------------------------------------------------------------------------

_BE = _word_set("am is are was were be been being get gets got getting isn't aren't wasn't weren't")
_BE_CONTRACTIONS = re.compile(r"^(?:\w+)['’](?:s|re|m)$")
# Words that may sit between "was" and the participle: "was not", "was also", "was badly".
_BETWEEN = _word_set(
    "not never also then just still often always already again later once twice being been be "
    "all both"
)
_IRREGULAR_PARTICIPLES = _word_set(
    "beaten bitten bought broken brought caught chosen cut done driven forbidden forgotten "
    "found given held hidden hit hurt kept known left lost made meant met paid put seen sent "
    "shaken shot shown shut sold spoken stabbed stolen struck stuck taken taught thrown told "
    "torn thought understood woken written heard led bound dragged overheard"
)
# "-ed" words that after "was" describe a state or a feeling, not an action done to someone:
# "Mia was frightened" says how Mia felt; it hides no one.
_STATE_WORDS = _word_set(
    "afraid annoyed ashamed bored concerned confused delighted depressed disappointed "
    "distressed divorced embarrassed engaged excited exhausted frightened interested involved "
    "married pleased relieved scared separated settled shocked stressed supposed surprised "
    "terrified tired traumatised unemployed used upset worried aged based named wed allowed "
    "entitled qualified registered expected prepared determined committed dedicated related"
)


@attrs.frozen(kw_only=True)
class PassivePhrase:
    """A passive verb found in a text.

    Attributes:
        phrase: The form of "be" (or "get") and the participle, as written, without the words
            between them: "was pushed", "were exposed".
        participle: The participle alone: "pushed".
        start: Where the phrase starts in the text (a character index).
        end: Where the participle ends in the text.
        has_agent: Whether "by ..." follows in the same clause, naming who acted.
    """

    phrase: str
    participle: str
    start: int
    end: int
    has_agent: bool


_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|[,;:.!?()\"—–]")
_CLAUSE_END = frozenset({",", ";", ":", ".", "!", "?", "(", ")", '"', "—", "–"})


def _is_participle(word: str) -> bool:
    if word[:1].isupper():
        return False  # "is Ahmed": a capitalised word after "is" is a name, not a participle
    w = word.lower()
    if w in _STATE_WORDS:
        return False
    if w in _IRREGULAR_PARTICIPLES:
        return True
    return len(w) > 4 and w.endswith("ed")


def passive_phrases(text: str) -> list[PassivePhrase]:
    """Find passive verbs: a form of "be" or "get", then a past participle.

    "Sally was assaulted", "the children were exposed to", "he got hit", "it will be checked".
    Up to two short words may come between ("was not seen", "was then pushed", "was badly hurt").
    Participles describing a feeling or state ("was frightened", "is married", "was called
    Mia") are not passive actions and are skipped.

    Returns:
        Each passive phrase in order, with whether an agent ("by ...") follows in the clause.
    """
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    found: list[PassivePhrase] = []
    i = 0
    while i < len(tokens):
        word, start, _ = tokens[i]
        lower = word.lower().replace("’", "'")
        is_be = lower in _BE or (
            _BE_CONTRACTIONS.match(lower) is not None
            and lower.endswith(("'re", "'m"))  # "they're", "I'm"; "'s" is too often "has"/"is"
        )
        if not is_be:
            i += 1
            continue
        j = i + 1
        skipped = 0
        while (
            j < len(tokens)
            and skipped < 2
            and (
                tokens[j][0].lower() in _BETWEEN
                or (tokens[j][0].lower().endswith("ly") and len(tokens[j][0]) > 3)
            )
        ):
            j += 1
            skipped += 1
        if j < len(tokens) and _is_participle(tokens[j][0]):
            participle, _, p_end = tokens[j]
            k, has_agent = j + 1, False
            while k < len(tokens) and k <= j + 8 and tokens[k][0] not in _CLAUSE_END:
                if tokens[k][0].lower() == "by":
                    has_agent = True
                    break
                k += 1
            found.append(
                PassivePhrase(
                    phrase=f"{word} {participle}",
                    participle=participle,
                    start=start,
                    end=p_end,
                    has_agent=has_agent,
                )
            )
            i = j + 1
            continue
        i += 1
    return found
