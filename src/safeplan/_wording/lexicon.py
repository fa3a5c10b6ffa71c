"""The words the wording checks know, grouped by what they do in a term.

A term is read as clauses (:mod:`.clauses`): who does it, in which form (a duty, a right, a
standing rule), what they do and to whom. This module holds the vocabulary that reading needs:
modal and duty forms, pronouns, the nouns for the parts people play ("Mum", "the perpetrator",
"the social worker"), and the verbs of control, exclusion, supervision, reporting and contact
that make a term of the adult at risk a term that polices the person causing harm.

Verbs are listed once, by lemma; :func:`inflections` writes their forms ("keep", "keeps",
"kept", "keeping"), so a lexicon entry covers every form a draft uses. The same generator lets a
profile's word list ("arguing") match the forms drafts use ("argue with", "arguments").

Every word here is safe to quote in a message: none is personal data.

Imports: nothing of safeplan.
"""

from __future__ import annotations

import functools

__all__ = [
    "AGENCY_HEADS",
    "AT_RISK_WORDS",
    "CHILD_NOUNS",
    "FATHER_WORDS",
    "FUNCTION_WORDS",
    "HARM_WORDS",
    "MOTHER_WORDS",
    "NETWORK_NOUNS",
    "PARTNER_WORDS",
    "VERB_CLASSES",
    "family_forms",
    "inflections",
    "lemma",
    "near_miss",
    "words_of",
]


def words_of(text: str) -> frozenset[str]:
    """The words of a string, as a set: how the word lists here are written."""
    return frozenset(text.split())


# --- inflection -------------------------------------------------------------------------------

# Forms no rule writes: past tense and participle, and the consonants doubled before -ing/-ed.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "be": ("is", "are", "am", "was", "were", "been", "being"),
    "have": ("has", "had", "having"),
    "do": ("does", "did", "done", "doing"),
    "go": ("goes", "went", "gone", "going"),
    "see": ("sees", "saw", "seen", "seeing"),
    "meet": ("meets", "met", "meeting"),
    "keep": ("keeps", "kept", "keeping"),
    "let": ("lets", "letting"),
    "put": ("puts", "putting"),
    "get": ("gets", "got", "gotten", "getting"),
    "give": ("gives", "gave", "given", "giving"),
    "take": ("takes", "took", "taken", "taking"),
    "come": ("comes", "came", "coming"),
    "become": ("becomes", "became", "becoming"),
    "leave": ("leaves", "left", "leaving"),
    "tell": ("tells", "told", "telling"),
    "say": ("says", "said", "saying"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "ring": ("rings", "rang", "rung", "ringing"),
    "bring": ("brings", "brought", "bringing"),
    "make": ("makes", "made", "making"),
    "send": ("sends", "sent", "sending"),
    "hold": ("holds", "held", "holding"),
    "lose": ("loses", "lost", "losing"),
    "choose": ("chooses", "chose", "chosen", "choosing"),
    "fight": ("fights", "fought", "fighting"),
    "stop": ("stops", "stopped", "stopping"),
    "bar": ("bars", "barred", "barring"),
    "ban": ("bans", "banned", "banning"),
    "shut": ("shuts", "shutting"),
    "set": ("sets", "setting"),
    "sit": ("sits", "sat", "sitting"),
    "stand": ("stands", "stood", "standing"),
    "run": ("runs", "ran", "running"),
    "drink": ("drinks", "drank", "drunk", "drinking"),
    "write": ("writes", "wrote", "written", "writing"),
    "find": ("finds", "found", "finding"),
    "hit": ("hits", "hitting"),
    "text": ("texts", "texted", "texting"),
    "forbid": ("forbids", "forbade", "forbidden", "forbidding"),
    "begin": ("begins", "began", "begun", "beginning"),
    "split": ("splits", "splitting"),
    "commit": ("commits", "committed", "committing"),
    "admit": ("admits", "admitted", "admitting"),
    "permit": ("permits", "permitted", "permitting"),
    "refer": ("refers", "referred", "referring"),
    "plan": ("plans", "planned", "planning"),
    "drop": ("drops", "dropped", "dropping"),
    "shop": ("shops", "shopped", "shopping"),
    "chat": ("chats", "chatted", "chatting"),
    "swim": ("swims", "swam", "swimming"),
    "think": ("thinks", "thought", "thinking"),
    "seek": ("seeks", "sought", "seeking"),
    "spend": ("spends", "spent", "spending"),
    "understand": ("understands", "understood", "understanding"),
    "undertake": ("undertakes", "undertook", "undertaken", "undertaking"),
    "withdraw": ("withdraws", "withdrew", "withdrawn", "withdrawing"),
    "show": ("shows", "showed", "shown", "showing"),
    "know": ("knows", "knew", "known", "knowing"),
    "break": ("breaks", "broke", "broken", "breaking"),
    "argue": ("argues", "argued", "arguing", "argument", "arguments"),
    "lie": ("lies", "lied", "lying"),
    "die": ("dies", "died", "dying"),
}


def _regular(lemma: str) -> tuple[str, ...]:
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou"):
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("ie"):
        ing = lemma[:-2] + "ying"
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        ing = lemma[:-1] + "ing"
    else:
        ing = lemma + "ing"
    if lemma.endswith("e"):
        past = lemma + "d"
    elif lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou"):
        past = lemma[:-1] + "ied"
    else:
        past = lemma + "ed"
    return (third, ing, past)


@functools.cache
def inflections(lemma: str) -> frozenset[str]:
    """Every form of a word: "keep" gives keep, keeps, kept, keeping; a phrase inflects its
    first word ("keep away" gives "kept away")."""
    head, _, rest = lemma.partition(" ")
    forms = (head, *(_IRREGULAR.get(head) or _regular(head)))
    return frozenset(f"{f} {rest}" if rest else f for f in forms)


@functools.cache
def family_forms(word: str) -> frozenset[str]:
    """The forms of a word a word list means when it lists one: "arguing" and "argument" mean
    argue, argues, argued, arguing, argument and arguments; "fight" means fights, fighting and
    fought. A word ending in -ed is taken as written (an adjective such as "heated" is not
    "heating"), and so is a word of three letters or fewer."""
    w = word.casefold()
    if len(w) <= 3 or w.endswith("ed") or not w.isalpha():
        return frozenset({w, w + "s"} if w.isalpha() and len(w) > 3 else {w})
    for lemma_word, forms in _IRREGULAR.items():
        if w == lemma_word or w in forms:
            return frozenset({lemma_word, *forms})
    bases = {w}
    for suffix, repl in (("ments", ""), ("ment", ""), ("ings", ""), ("ing", ""), ("ing", "e")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            bases.add(w[: len(w) - len(suffix)] + repl)
    if w.endswith("s") and not w.endswith("ss"):
        bases.add(w[:-1])
    found = set(bases)
    for base in bases:
        found |= inflections(base)
        if not base.endswith("ment"):
            found.add(base + "ment")
            found.add(base + "ments")
    return frozenset(found)


# --- the verb classes -------------------------------------------------------------------------

# What a verb does in a term. A clause of the adult at risk whose verb is in one of these classes
# is judged with its object and its conditions (:mod:`.policing`).
VERB_CLASSES: dict[str, frozenset[str]] = {
    # Making someone else do or not do something.
    "control": words_of(
        "allow let permit ensure prevent stop keep bar ban exclude forbid restrict limit "
        "control manage police enforce deny refuse protect safeguard shield"
    ),
    # Watching over someone's time with the children.
    "supervise": words_of("supervise monitor oversee chaperone watch observe check vet listen"),
    # Telling an agency what someone did, or keeping evidence of it.
    "report": words_of(
        "tell inform report notify alert ring call phone contact record log show give pass "
        "screenshot text email"
    ),
    # Being with, or in touch with, another adult.
    "contact": words_of(
        "contact see meet visit speak talk communicate message text phone call email write "
        "reply respond answer reconcile resume continue restart rekindle reunite date "
        "live stay avoid attend invite accept"
    ),
    # Taking legal steps against someone.
    "legal": words_of("apply seek obtain pursue support press take get drop withdraw"),
    # Ending or leaving a visit, a call or a place.
    "end": words_of("end stop cancel terminate halt leave remove"),
}

# Every lemma of every class, and the common verbs a clause is built on; a word in none of these
# is read by its place in the clause.
_COMMON_VERBS = words_of(
    "be have do go come get make take give put bring leave stay live move return visit turn "
    "use drink shout hit push threaten harass follow find try want need agree accept attend "
    "arrive happen include become behave act work go complete collect pick drop wait sign "
    "hurt abuse assault break breach miss cause decide look learn help start begin finish "
    "sleep play eat send ask answer open close lock change fit check say think feel seem "
    "mean believe hope worry shows show know understand commit undertake promise expect "
    "require wish like tell put approach enter pester intimidate damage frighten scare "
    "discuss raise talk sit stand walk drive pay knock treat evict remove block swear scream "
    "throw damage smash kick slap punch grab film record engage arrange post upload share "
    "return"
)


@functools.cache
def _lemma_table() -> dict[str, str]:
    table: dict[str, str] = {}
    lemmas = set(_COMMON_VERBS)
    for members in VERB_CLASSES.values():
        lemmas |= members
    for lemma_word in sorted(lemmas):
        for form in inflections(lemma_word):
            table.setdefault(form, lemma_word)
    for lemma_word in sorted(lemmas):
        table[lemma_word] = lemma_word
    return table


def lemma(word: str) -> str | None:
    """The lemma of a known verb form ("kept" -> "keep"), or None."""
    return _lemma_table().get(word)


@functools.lru_cache(maxsize=4096)
def near_miss(word: str) -> str | None:
    """The control verb a misspelt word most likely is: one letter swapped, dropped or doubled
    ("ensrue", "ensur", "alllow"). Only for words of five letters or more."""
    if len(word) < 5:
        return None
    for target in _TYPO_TARGETS:
        if abs(len(target) - len(word)) > 1:
            continue
        if _one_edit(word, target):
            return target
    return None


_TYPO_TARGETS = ("ensure", "allow", "prevent", "supervise", "monitor", "permit")


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and (a[diff[1]] == b[diff[0]])
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


# --- nouns for the parts people play ----------------------------------------------------------

# Words for a child of the family.
CHILD_NOUNS = words_of(
    "child children kids kid baby babies bairn bairns wean weans son sons daughter daughters "
    "boy boys girl girls toddler infant siblings little ones"
)
# Relatives and friends: the network. "Her mother" is the adult at risk's mother, not her.
NETWORK_NOUNS = words_of(
    "nan nana nanna gran granny grandma grandmother grandad granddad grandpa grandfather "
    "grandparent grandparents auntie aunty aunt uncle cousin brother sister relative relatives "
    "friend friends neighbour neighbours family member members network mamgu tadcu taid nain"
)
# The head nouns of an agency or a professional: "the social worker", "centre staff".
AGENCY_HEADS = words_of(
    "worker workers officer officers visitor team service services centre center department "
    "police constable authority council trust manager supervisor supervisors staff "
    "practitioner practitioners professional professionals facilitator facilitators agency "
    "agencies probation court cafcass idva isva school nursery college gp doctor nurse "
    "midwife midwives hospital programme program psni csc sw la cs dvs nspcc refuge "
    "aid solicitor solicitors lawyer conference chair coordinator coordinators advocate "
    "group leader leaders teacher teachers head headteacher clinic unit panel marac mash "
    "reviewing cp social children's"
)
# Kin words for a parent; which adult they mean comes from the cast or from the holder.
MOTHER_WORDS = words_of("mum mam mammy mummy mom mother mothers mum's mam's mother's maternal")
FATHER_WORDS = words_of("dad daddy father fathers dad's father's paternal da")
# Words for the other adult in a couple: "her partner", "his wife", "my ex".
PARTNER_WORDS = words_of(
    "partner partners ex ex-partner ex-husband ex-wife husband wife boyfriend girlfriend "
    "spouse stepfather stepdad stepmother stepmum"
)
# Words that always mean the person causing harm or the adult at risk.
HARM_WORDS = words_of("perpetrator perpetrators abuser abusers offender")
AT_RISK_WORDS = words_of("victim survivor victims survivors")

# Words a message may quote beside the lexicon's verbs: they say how a term is built and carry
# nothing about the family.
FUNCTION_WORDS = words_of(
    "a an the any all no not never only except unless other than apart from without to of in "
    "into out on off at by with from for and or but if when whenever while until before after "
    "once should is are am be been being was were will shall must would can could may might "
    "has have had does do did agree agrees agreed expected required responsible needs need "
    "make sure away near back up down through via over round around there here this that "
    "these those his her their my your our him them me us it they he she we i you each every "
    "contact contacts relationship house home flat property door locks key visit visits "
    "visiting time overnight alone supervised unsupervised unless direct indirect third party "
    "breach breaches whereabouts address messages texts calls police 999 social worker "
    "children child baby kids order non-molestation injunction against 's between parents "
    "parent both there go goes see sees come comes ever again family centre contact centre so"
)

# Words after a subject that make a clause a right, not a duty.
RIGHT_MODALS = words_of("can could may might")
DUTY_MODALS = words_of("will shall must should would 'll 'd wo")

# Subordinators: the clause they open is a condition, a time, a purpose or a reason.
CONDITION_WORDS = words_of("if unless should whenever")
TIME_WORDS = words_of("when while whilst until before after once")
PURPOSE_WORDS = words_of("so")
