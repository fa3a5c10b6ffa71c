"""Vague wording: a term no one could check, and a profile's word lists matched in the forms
drafts use.

Ofsted's first key ingredient of a good agreement is "specific, clear expectations that the
parents genuinely understand". A term such as "Mum will show insight", "Father will comply with
the agreement" or "Children's Services will offer support as needed" sets a standard no one could
say was kept. :func:`vague_wording` finds the profile's ``vague_terms`` and safeplan's own
constructions, grouped by what makes them uncheckable:

- attitudes and insight ("show insight", "take on board", "be honest with professionals");
- compliance with no content ("comply with the agreement", "follow advice", "do what is
  asked", "adhere to it");
- effort with no act ("do everything she can", "take all necessary steps", "work on his
  issues", "make positive changes");
- outcomes with no act ("keep the children safe", "a safe and stable home", "meet the
  children's needs", "protect the children from any risk");
- agency platitudes ("offer support", "support the family", "look into", "keep in touch",
  "monitor the situation", "further action may be taken");
- conditions no one can tell ("as needed", "if there is an issue", "where he poses a risk").

:func:`find_terms` matches a word list (a profile's ``vague_terms`` or ``blaming_terms``) in the
forms drafts use: each word of a term also matches its inflections ("arguing" finds "argue",
"argued", "arguments"; see :func:`.lexicon.family_forms`).

A long text is looked at sentence by sentence: a term of a word list, or a construction, never
spans two sentences.

Every label returned is safe to show: a profile term as the profile writes it, or the fixed label
of a construction (such as "keep ... safe"); never the case's own words.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .lexicon import family_forms
from .screen import Needs, Screen
from .screen_needs import NEEDS

__all__ = ["find_terms", "vague_wording"]


# --- word lists in the forms drafts use -------------------------------------------------------


_ALPHA_RUN = re.compile(r"[a-z]+")


def _term_pattern(term: str) -> tuple[str, Needs]:
    """A term's pattern (its source) and the words every match of it holds.

    Each word matches its own forms; any run of spaces in the text matches a space in the
    term; the boundaries also work for terms that start or end with punctuation. For each word,
    every match holds the longest run of ASCII letters of one of its forms (the screen's own
    rule, read here from the forms instead of from the pattern's parse)."""
    parts = []
    needs = []
    for word in term.split():
        forms = sorted(family_forms(word) | {word.casefold()}, key=lambda f: (-len(f), f))
        parts.append("(?:" + "|".join(re.escape(f) for f in forms) + ")")
        runs = [max(_ALPHA_RUN.findall(f), key=len, default="") for f in forms]
        if all(runs):
            needs.append(tuple(sorted(set(runs))))
    body = r"\s+".join(parts)
    return rf"(?<![\w'’]){body}(?![\w'’])", tuple(needs)


@functools.lru_cache(maxsize=64)
def _screen(terms: tuple[str, ...]) -> Screen:
    # A profile's list, compiled pattern by pattern when a text first could match one.
    made = [_term_pattern(term) for term in terms]
    return Screen(
        [(term, source) for term, (source, _) in zip(terms, made, strict=True)],
        needs=[needs for _, needs in made],
    )


def find_terms(text: str, terms: Iterable[str]) -> list[tuple[str, int, int]]:
    """Each term found in ``text`` in any of its forms, with its span, in the order found. A
    term inside a longer one found at the same place is dropped ("volatile" inside "volatile
    relationship")."""
    found: list[tuple[str, int, int]] = []
    screen = _screen(tuple(terms))
    for offset, piece in _pieces(text):
        for term, pattern in screen.candidates(piece):
            for match in pattern.finditer(piece):
                found.append((term, offset + match.start(), offset + match.end()))
    found.sort(key=lambda item: (item[1], -(item[2] - item[1])))
    kept: list[tuple[str, int, int]] = []
    for term, start, end in found:
        if any(start >= s and end <= e for _, s, e in kept):
            continue
        kept.append((term, start, end))
    return kept


# A long text is looked at sentence by sentence (a term of a word list, or a construction, never
# spans two sentences): each sentence then passes the keyword screen for far fewer patterns.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_LONG = 400


def _pieces(text: str) -> list[tuple[int, str]]:
    """The sentences of a long text with where each starts; a short text whole."""
    if len(text) <= _LONG:
        return [(0, text)]
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


# --- safeplan's own constructions -------------------------------------------------------------

_WHO = (
    r"(?:the\s+|their\s+|her\s+|his\s+|my\s+|both\s+)?"
    r"(?:children|child|kids|baby|family|boys|girls|bairns|weans|\w+)"
)
# (label, pattern), compiled case-insensitively by the screen when first needed.
_VAGUE_CONSTRUCTIONS: tuple[tuple[str, str], ...] = (
    # Outcomes with no act.
    (
        "keep ... safe",
        r"(?<!done\sto\s)(?<!did\sto\s)\bkeep\s+(?:\w+\s+){0,3}safe\b(?!\s+from\s+(?:him|her|them|\w+'s))",
    ),
    (
        "safe and stable",
        r"\b(?:safe|stable|secure|nurturing)\s+and\s+(?:stable|safe|secure|nurturing)\b|\bstable\s+(?:home|environment|lifestyle)\b|\bsome\s+stability\b",
    ),
    (
        "meet the children's needs",
        r"\b(?:meet\w*|met|respond\w*\s+to|attend\w*\s+to|prioriti[sz]\w*)\s+(?:all\s+)?(?:of\s+)?"
        + _WHO
        + r"['’]?s?\s+(?:\w+\s+)?needs\b|\bneeds\s+(?:are|will\s+be|is)\s+(?:being\s+)?met\b",
    ),
    (
        "well cared for",
        r"\bwell[\s-]+(?:cared\s+for|looked\s+after|fed\s+and\s+clothed)\b|\b(?:ensure|make\s+sure|see\s+that)\b[^.;]{0,40}?\b(?:are|is|feel|feels|remain|remains|stay|stays)\s+(?:always\s+|kept\s+|fully\s+)?(?:safe|happy|well|settled|protected|secure)\b",
    ),
    (
        "good home conditions",
        r"\b(?:good|acceptable|adequate|reasonable|decent|appropriate)\s+(?:home\s+)?(?:conditions|standards?|care)\b|\bclean\s+and\s+tidy\b",
    ),
    ("best interests", r"\bbest\s+interests?\b"),
    (
        "look after ... well",
        r"\b(?:look\w*\s+after|care\w*\s+for|parent\w*)\s+(?:\w+\s+){0,2}(?:well|properly|safely|appropriately)\b",
    ),
    (
        "protect ... from any risk",
        r"\b(?:protect\w*|safeguard\w*|shield\w*)\b(?:\s+\w+){0,4}\s+from\s+(?:any\s+|all\s+)?(?:risk|harm|danger)\b|\b(?:safeguard\w*)\s+(?:the\s+)?(?:children|child|kids|baby|them)\b|\bprotect\s+(?:the\s+)?(?:children|child|kids|baby)\s+from\b|\bshield\w*\s+(?:\w+\s+){0,3}from\b",
    ),
    (
        "reduce risk",
        r"\b(?:reduc\w*|lower\w*|manag\w*|minimi[sz]\w*)\s+(?:the\s+)?risks?\b|"
        r"\bwork\w*\s+with\s+the\s+plan\b",
    ),
    (
        "positive experience",
        r"\bpositive\s+(?:experience|relationship|environment|role\s+model|influence|time|"
        r"attitude)\b",
    ),
    (
        "try to",
        r"\b(?:will|shall|to|must|should|agrees?\s+to|and)\s+(?:\w+\s+)?(?:try|attempt|endeavour|aim)"
        r"\s+to\b(?!\s+(?:enter|contact|see|find|get|come|go))",
    ),
    (
        "put ... at risk",
        r"\bput\w*\s+(?:\w+\s+){0,3}at\s+risk\b|\bposes?\s+(?:a\s+|any\s+)?risk\b|\brisk\s+posed\b",
    ),
    # Attitudes and insight.
    (
        "understand the impact",
        r"\b(?:think\w*|reflect\w*|understand\w*|recognis\w*|recogniz\w*|consider\w*|learn\w*|aware|acknowledg\w*|appreciat\w*)\s+(?:\w+\s+){0,2}(?:the\s+)?(?:impact|effects?|consequences|risks?|(?:warning\s+)?signs|dangers|harm)\b|\breflect\w*\s+on\b",
    ),
    ("stay calm", r"\b(?:stay\w*|remain\w*|keep\w*|be)\s+calm\b"),
    (
        "manage his or her behaviour",
        r"\bmanag\w*\s+(?:his|her|their|(?:\w+\s+)?\w+['’]s)\s+(?:\w+\s+)?(?:behaviou?r|temper|anger|moods?)\b",
    ),
    (
        "make sure ... does not get angry",
        r"\b(?:ensure|make\s+sure|see\s+that)\b[^.;]{0,40}?\b(?:does\s*n[o']?t|doesnt|do\s*n[o']?t|dont|will\s+not|won'?t|never)\s+(?:get|gets|become|becomes|lose|loses)\s+(?:angry|upset|cross|annoyed|aggressive|wound\s+up|(?:his|her|their)\s+temper)\b",
    ),
    (
        "show remorse",
        r"\bshow\w*\s+(?:\w+\s+)?(?:remorse|empathy|regret|respect|maturity|responsibility|progress|improvement|change)\b",
    ),
    (
        "protective parent",
        r"\b(?:a\s+)?(?:protective|good|good[\s-]+enough|safe|responsible)\s+(?:parent|mother|father|mum|dad|carer)\b|\bbe\s+protective\b",
    ),
    (
        "improve ...",
        r"\bimprov\w*\s+(?:his|her|their|the)?\s*(?:\w+\s+)?(?:parenting|relationship|communication|"
        r"behaviour|attitude|lifestyle|care|conditions|standards)\b",
    ),
    (
        "improve the situation",
        r"\bimprov\w*\s+(?:the\s+|their\s+|his\s+|her\s+)?(?:home\s+)?(?:situation|things|"
        r"matters|circumstances)\b",
    ),
    (
        "take steps",
        r"\btak\w+\s+(?:\w+\s+)?steps\b|\baddress\w*\s+(?:the|any|all|these)\s+(?:\w+\s+)?"
        r"(?:concerns|issues|worries|problems)\b",
    ),
    (
        "stop his or her abusive behaviour",
        r"\b(?:stop|end|change|address|reduce)\w*\s+(?:his|her|their)\s+(?:\w+\s+)?"
        r"behaviou?r\b(?!\s+(?:of|such|including|like|towards))",
    ),
    (
        "guided by professionals",
        r"\b(?:guided|led|directed|steered)\s+by\b|\bopen\s+to\s+(?:advice|support|help)\b",
    ),
    (
        "support available",
        r"\bsupport\s+(?:available|offered|provided|on\s+offer)\b|\b(?:provide|offer|give)\w*\s+"
        r"(?:\w+\s+)?(?:guidance|advice)\b",
    ),
    (
        "respect boundaries",
        r"\bboundaries\b|\b(?:be|remain|stay)\s+consistent\b|\blearn\w*\s+from\b",
    ),
    (
        "manage the children's behaviour",
        r"\bmanag\w*\s+(?:the\s+)?(?:children|child|kids|boys|girls)['’]?s?\s+behaviou?r\b",
    ),
    (
        "change his or her attitude",
        r"\bchang\w*\s+(?:his|her|their)\s+(?:\w+\s+)?(?:attitudes?|behaviour|ways|lifestyle|"
        r"outlook|thinking|mindset)\b",
    ),
    (
        "a nurturing environment",
        r"\b(?:nurturing|loving|supportive|stable|safe|positive|healthy)\s+(?:home\s+)?"
        r"(?:environment|upbringing|atmosphere)\b",
    ),
    (
        "relevant work",
        r"\brelevant\s+(?:work|courses?|services?|support|agencies|programmes?|sessions?)\b",
    ),
    (
        "under review",
        r"\b(?:keep\w*\s+(?:\w+\s+){0,2})?under\s+review\b",
    ),
    (
        "expose ... to harm",
        r"\bexpos\w*\s+(?:\w+\s+){0,3}to\s+(?:any\s+)?(?:harm|risk|danger|abuse)\b|"
        r"\b(?:is|are|be|being)\s+(?:not\s+)?at\s+(?:any\s+)?risk\b",
    ),
    (
        "maintain the improvements",
        r"\b(?:maintain\w*|sustain\w*|keep\s+up)\s+(?:the\s+|any\s+|these\s+|all\s+)?(?:\w+\s+)?"
        r"(?:improvements?|progress|changes)\b|\bmak\w+\s+(?:good\s+|further\s+|more\s+)?progress\b",
    ),
    (
        "use what was learned",
        r"\bus\w*\s+(?:the\s+|any\s+)?(?:strategies|skills|tools|techniques|learning)\b|"
        r"\b(?:she|he|they)\s+(?:has|have)\s+learn\w*\b",
    ),
    (
        "reduce ...",
        r"\b(?:reduce|cut\s+down|lessen|minimi[sz]e)\w*\s+(?:on\s+)?(?:his|her|their|the)\s+(?:\w+\s+)?(?:drinking|drug\s+use|alcohol|use|intake|risk)\b",
    ),
    (
        "unsafe people",
        r"\b(?:unsafe|risky|dangerous|inappropriate)\s+(?:people|adults|individuals|relationships|associates|partners)\b",
    ),
    (
        "show insight",
        r"\b(?:show|gain|develop|have|demonstrate)\w*\s+(?:\w+\s+)?(?:insight|understanding|awareness|commitment|willingness|motivation)\b|\binsight\s+into\b",
    ),
    ("take on board", r"\btak\w+\s+(?:\w+\s+){0,3}on\s+board\b"),
    (
        "be honest",
        r"\b(?:be|being|remain)\s+(?:open\s+and\s+)?(?:honest|open|transparent|truthful)\b",
    ),
    (
        "accept that ...",
        r"\baccept\w*\s+(?:that\s+)?(?:she|he|they|there|the\s+concerns|responsibility|the\s+risks?)\b",
    ),
    (
        "child-focused",
        r"\bchild[\s-]+(?:focused|centred|centered)\b|\bin\s+an?\s+\w+\s+(?:way|manner)\b",
    ),
    (
        "work openly",
        r"\bwork\w*\s+(?:openly|positively|honestly|constructively|fully|closely|together)\b",
    ),
    # Compliance with no content.
    (
        "comply with",
        r"\b(?:comply|complies|complied|complying|compliance)\s+with\b|\b(?:adhere|abide)\w*\s+(?:to|by)\s+(?:it|this|the\s+(?:agreement|plan|rules|terms|expectations|conditions))\b",
    ),
    (
        "follow advice",
        r"\bfollow\w*\s+(?:the\s+|any\s+|all\s+)?(?:\w+\s+)?(?:advice|guidance|recommendations?|instructions?)\b",
    ),
    (
        "do what is asked",
        r"\bdo\w*\s+(?:what|whatever|everything|anything)\s+(?:is|they\s+are|she\s+is|he\s+is|you\s+are)?\s*(?:asked|told|needed|necessary|required)\b|\bdo\s+as\s+(?:\w+\s+){0,2}(?:told|asked)\b",
    ),
    # Effort with no act.
    (
        "do everything ... can",
        r"\bdo\w*\s+(?:everything|all|whatever|anything)\s+(?:that\s+)?(?:she|he|they|i|we|you|it)\s+(?:can|could|takes)\b|\bbest\s+efforts?\b|\bevery\s+effort\b",
    ),
    (
        "all necessary steps",
        r"\b(?:all|any)\s+(?:necessary|reasonable|appropriate|possible)\s+(?:steps|measures|action)\b|\btake\s+(?:appropriate|necessary)\s+action\b",
    ),
    (
        "work on his or her issues",
        r"\b(?:work\w*\s+on|deal\w*\s+with|sort\w*\s+out)\s+(?:his|her|their|my|your)\s+(?:\w+\s+)?(?:issues|problems|difficulties|behaviour|anger|stuff|relationship|communication|parenting)\b",
    ),
    ("prioritise", r"\bprioriti[sz]\w*\b"),
    ("demonstrate", r"\bdemonstrat\w*\b"),
    ("show that ... can", r"\bshow\s+(?:that\s+)?\w+\s+can\b"),
    (
        "accept support",
        r"\baccept\w*\s+(?:all\s+|any\s+|the\s+)?(?:offers\s+of\s+)?(?:\w+\s+)?(?:support|help|"
        r"advice|services)\b",
    ),
    ("address his or her ...", r"\baddress\w*\s+(?:his|her|their)\b"),
    ("cooperate", r"\bco-?operat\w*\b"),
    ("take responsibility", r"\btake\s+responsibility\b"),
    (
        "positive changes",
        r"\b(?:positive|necessary|meaningful|real|lasting|the\s+required|sustained)\s+changes?\b|\bmak\w+\s+(?:the\s+|some\s+)?changes\b",
    ),
    (
        "better choices",
        r"\bmake\s+(?:the\s+)?(?:better|positive|good|safe|right|wise|sensible|healthy)\s+(?:choices|decisions)\b",
    ),
    ("seek help", r"\bseek\s+(?:help|support)\b"),
    ("engage", r"\bengag(?:e|es|ed|ing|ement)\b"),
    ("put ... first", r"\bput\s+(?:\S+\s+){1,3}first\b"),
    (
        "act or behave ...ly",
        r"\b(?:act|behave|parent|respond|communicate|conduct)\w*\s+(?:\w+\s+)?\w{4,}ly\b",
    ),
    (
        "think about",
        r"\bthink\w*\s+(?:carefully\s+)?about\b|\bshow\w*\s+(?:that\s+)?(?:he|she|they)\s+"
        r"(?:has|have|is|are)\s+(?:changed|different|sorry|ready)\b",
    ),
    (
        "manage his or her emotions",
        r"\bmanage\w*\s+(?:his|her|their|(?-i:[A-Z])\w+['’]s)\s+(?:emotions|feelings|anger|"
        r"behaviour|stress|moods?|temper)\b",
    ),
    # Agency platitudes.
    (
        "offer support",
        r"\b(?:offer|provide|give)\w*\s+(?:\w+\s+)?(?:support|help)(?:\s+to\s+(?:the\s+family|her|him|them|\w+))?\s*(?:[.;,]|$|\b(?:as|where|when|if|until|to\s+the\s+family)\b)",
    ),
    (
        "support the family",
        r"\bsupport\w*\s+(?:the\s+(?:family|parents|children|mother|father)|mum|dad|her|him|them|(?-i:[A-Z])\w+)\s*(?:[.;]|$|\b(?:as|where|when|if|until|in\s+any\s+way|to\s+make)\b)"
        r"|\bhelp\w*\s+(?:the|this)\s+(?:family|parents)\s*(?:[.;]|$|\b(?:as|where|when|in\s+any\s+way)\b)",
    ),
    (
        "some help",
        r"\bsome\s+(?:help|support|assistance)\b|\b(?:put\w*\s+in\s+place|arrang\w*|provid\w*|offer\w*)\s+(?:\w+\s+)?(?:extra|more|additional|further)\s+(?:help|support)\b|\bhelp\s+where\s+(?:possible|needed)\b",
    ),
    (
        "receive support",
        r"\b(?:receiv\w*|get|gets|getting|access\w*)\s+(?:\w+\s+)?(?:support|help)\s+(?:from|with\s+(?:things|issues|everything))\b|\b(?:ongoing|continued|continuing|general)\s+support\b",
    ),
    ("look into", r"\blook\w*\s+into\b|\bexplore\w*\s+(?:options|ways)\b"),
    (
        "keep in touch",
        r"\bkeep\w*\s+in\s+touch\b|\bkeep\w*\s+(?:\w+\s+){0,3}(?:informed|updated)\b",
    ),
    ("be involved", r"\b(?:be|remain|stay)\s+involved\b"),
    (
        "monitor the situation",
        r"\b(?:monitor|review|keep\s+an\s+eye\s+on)\w*\s+the\s+situation\b",
    ),
    ("keep an eye on", r"\bkeep\s+(?:an|a\s+close)\s+eye\s+on\b"),
    (
        "work with services",
        r"\bwork\w*\s+(?:closely\s+)?with\s+(?:the\s+family|services|professionals|agencies|all\s+(?:the\s+)?agencies|us|children's\s+services|the\s+local\s+authority|the\s+council)\b",
    ),
    (
        "further action",
        r"\b(?:further\s+)?action\s+(?:may|might|could|will|would)\s+be\s+taken\b|\btak\w+\s+further\s+action\b",
    ),
    ("be there for", r"\bbe\s+there\s+for\b"),
    ("exposed to", r"\bexposed\s+to\b"),
    # Conditions no one can tell.
    ("as needed", r"\b(?:as|where|if|when)\s+(?:needed|appropriate|required)\b"),
    ("whenever necessary", r"\bwhenever\s+(?:necessary|needed|required)\b"),
    ("as and when", r"\bas\s+and\s+when\b"),
    (
        "in due course",
        r"\b(?:in\s+due\s+course|at\s+a\s+later\s+(?:date|stage)|at\s+some\s+(?:point|stage)|in\s+time|when\s+(?:the\s+time\s+is\s+right|appropriate|ready))\b",
    ),
    (
        "if things go well",
        r"\bif\s+(?:things|all|everything|it)\s+go(?:es)?\s+well\b|\b(?:if|when|as)\s+progress\s+is\s+made\b|\bdepending\s+on\s+progress\b",
    ),
    (
        "if there is an issue",
        r"\bif\s+(?:there\s+(?:is|are)\s+(?:an?\s+|any\s+)?(?:\w+\s+)?(?:issues?|problems?|concerns?)|(?:any\s+)?(?:issues?|concerns?|problems?)\s+aris\w*|things\s+(?:do\s+not|don't)\s+improve)\b",
    ),
    (
        "a responsible person",
        r"\ba\s+(?:responsible|suitable|appropriate|trusted)\s+(?:adult|person)\b",
    ),
    ("to the satisfaction of", r"\bto\s+the\s+satisfaction\s+of\b"),
)


_CONSTRUCTIONS = Screen(_VAGUE_CONSTRUCTIONS, known=NEEDS)


def vague_wording(text: str, terms: Iterable[str]) -> list[str]:
    """The vague wording in ``text``: the profile's ``terms`` and safeplan's own constructions.

    Args:
        text: A term: an expectation, a commitment, a contact arrangement, a contingency step.
        terms: The profile's ``vague_terms``, matched in their forms on word boundaries.

    Returns:
        Labels that are safe to show, in the order found, each once.
    """
    labels = [term for term, _, _ in find_terms(text, terms)]
    matched: set[str] = set()
    for _, piece in _pieces(text):
        matched.update(_CONSTRUCTIONS.all(piece))
    if matched:
        labels += [label for label, _ in _VAGUE_CONSTRUCTIONS if label in matched]
    seen: set[str] = set()
    unique = []
    for label in labels:
        if label.casefold() not in seen:
            seen.add(label.casefold())
            unique.append(label)
    return unique
