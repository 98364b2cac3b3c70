"""Events: what happened, where, when, how many, and who says so, sentence by sentence.

Data flow for one article::

    text ─┬─ geoparse()            places named, with offsets       (_resolution)
          ├─ publication_date()    when it was written               (_dates)
          └─ sentences ─┬─ triggers        what happened (category -> ACLED type)
                        ├─ find_quantities typed figures             (_numbers)
                        ├─ find_dates      when                      (_dates)
                        ├─ locative places where                     (mentions above)
                        └─ actors, victims, claims
                        -> Event (one per sentence and place; evidence = the sentence)

Events of several articles are merged afterwards by :mod:`geoevents._merging`. The extractor is
a set of transparent rules, not a learned model: every figure it reports can be traced to the
sentence (``Event.evidence``) and the rule that read it (``Event.notes``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from ._dates import _FOUR_DIGITS, DateSpan, Published, _DateFinder, publication_date
from ._numbers import Quantity, _has_fold_odd, _QuantityFinder, find_quantities
from ._recognition import demonyms
from ._types import GeoparseResult, Mention, Place

__all__ = [
    "Count",
    "Evidence",
    "Event",
    "EVENT_TYPES",
    "COUNT_KINDS",
    "extract_events",
    "events_from_geoparse",
    "locate_event",
    "split_sentences",
]

#: Our categories and the ACLED ``(event_type, sub_event_type)`` each maps to.
EVENT_TYPES: dict[str, tuple[str | None, str | None]] = {
    "air_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "rocket_fire": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "explosion": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "interception": ("Strategic developments", "Disrupted weapons use"),
    "armed_clash": ("Battles", "Armed clash"),
    "raid": ("Battles", "Armed clash"),
    "shooting": ("Violence against civilians", "Attack"),
    "attack": ("Violence against civilians", "Attack"),
    "riot": ("Riots", "Mob violence"),
    "protest": ("Protests", "Peaceful protest"),
    "arrest": ("Strategic developments", "Arrests"),
    "eviction": ("Strategic developments", "Other"),
    "demolition": ("Strategic developments", "Looting/property destruction"),
    "property_damage": ("Strategic developments", "Looting/property destruction"),
    "displacement": ("Strategic developments", "Other"),
    "mobilisation": ("Strategic developments", "Other"),
    "alert": ("Strategic developments", "Other"),
    "casualties": (None, None),
}

#: Typed counts an event can carry.
COUNT_KINDS = ("killed", "injured", "rockets", "strikes", "displaced", "arrested", "mobilised")

# --- triggers --------------------------------------------------------------------------------
# (category, pattern); searched in the lower-cased sentence. Earlier categories win when a
# sentence has several (an air strike that kills is an air strike, not an "attack").
_TRIGGERS: list[tuple[str, str]] = [
    ("air_strike", r"air ?strikes?|air[- ]raids?|drone strikes?|warplanes?|fighter jets?|"
                   r"attack helicopters?|aerial bombardment|bombard(?:ed|ment|ing)?|"
                   r"(?:israeli|military|army|retaliatory) strikes?|strikes? (?:on|against|hit)|"
                   r"(?:carried out|launched|conducted|widening its) (?:\w+ )?strikes?|"
                   r"bomb(?:ed|ing|ings)\b"),
    ("rocket_fire", r"rockets?|missiles?|mortars?|projectiles?|barrages?|volleys?"),
    ("shelling", r"shell(?:ed|ing)|artillery"),
    ("explosion", r"explosions?|explosive device|ied\b|(?:roadside |car |suicide |truck )?bombs?\b|"
                  r"bombers?|blasts?|detonat\w+|blew (?:himself|herself|themselves) up"),
    ("raid", r"raids?|incursions?|stormed|storming"),
    ("shooting", r"shot (?:dead|and killed)|shot\b|shooting|gunshot|gunfire|opened fire|"
                 r"gunmen|sniper"),
    ("armed_clash", r"gun ?battles?|firefights?|exchanged (?:heavy )?fire|exchange of fire|"
                    r"armed clash(?:es)?|fighting|clashed with (?:militants|fighters|gunmen)"),
    ("riot", r"riots?|rioters|clash(?:es|ed)?|hurled (?:rocks|stones)|threw (?:rocks|stones)|"
             r"stone[- ]throwing|unrest|disturbances|tear ?gas|rubber bullets|stun grenades"),
    ("attack", r"attack(?:ed|s|ing)?|assailants?|stabb(?:ed|ing)|assault(?:ed)?|ambush(?:ed)?|"
               r"rammed|ramming|massacred?|murder(?:ed|s)?|targeted|beheaded|lynched|"
               r"kidnapp(?:ed|ing)|abduct(?:ed|ion)|hostages?"),
    ("arrest", r"arrest(?:ed|s)?|detain(?:ed)?|detentions?|taken into custody|captured|seized"),
    ("demolition", r"demolish(?:ed|es)?|demolitions?|razed|bulldoz(?:ed|ing)"),
    ("eviction", r"evictions?|evicted|evicting|eviction notices"),
    ("property_damage", r"damag(?:ed|ing)|destroyed|ripped a (?:gaping )?hole|set (?:on )?fire|"
                        r"torched|burn(?:ed|t) (?:down )?(?:cars|houses|homes|shops)"),
    ("displacement", r"fled (?:their|from their) homes|displaced|displacement|"
                     r"forced to flee|evacuated"),
    ("mobilisation", r"mobili[sz](?:e|ed|ing|ation)|call(?:ed)?[- ]up|reservists"),
    ("interception", r"intercept(?:ed|ion|ions|s)?|iron dome|shot down"),
    ("alert", r"sirens?|air[- ]raid warnings?|shelters?"),
    ("protest", r"protest(?:s|ed)?|protesters|demonstrat(?:ions?|ors|ed)|rall(?:y|ies|ied)|"
                r"march(?:ed|es)? (?:on|through|in)|marched|took to the streets|strikers"),
]
_TRIGGER_RE = [(cat, re.compile(rf"\b(?:{pat})", re.I)) for cat, pat in _TRIGGERS]
# Every match of a category's pattern contains one of its anchors (lower case): most sentences
# contain none and skip the patterns, and a sentence runs only the patterns of the categories
# whose anchors it contains. Keep in step with _TRIGGERS (tests/test_events.py checks each).
_TRIGGER_ANCHORS_BY_CAT: dict[str, tuple[str, ...]] = {cat: tuple(words.split()) for cat, words in [
    ("air_strike", "strike raid warplane jet helicopter bomb"),
    ("rocket_fire", "rocket missile mortar projectile barrage volley"),
    ("shelling", "shell artillery"),
    ("explosion", "explosi ied bomb blast detonat blew"),
    ("raid", "raid incursion storm"),
    ("shooting", "shot shoot gun fire sniper"),
    ("armed_clash", "gun fight fire clash"),
    ("riot", "riot clash hurled threw stone unrest disturbance tear rubber stun"),
    ("attack", "attack assailant stabb assault ambush ramm massacre murder target behead lynch "
               "kidnap abduct hostage"),
    ("arrest", "arrest detain detention custody captur seiz"),
    ("demolition", "demoli razed bulldoz"),
    ("eviction", "evict"),
    ("property_damage", "damag destroy hole fire torch burn"),
    ("displacement", "fled displace flee evacuat"),
    ("mobilisation", "mobili call reservist"),
    ("interception", "intercept dome shot"),
    ("alert", "siren warning raid shelter"),
    ("protest", "protest demonstrat rall march street strike"),
]}
_TRIGGER_ANCHORS = tuple(dict.fromkeys(a for anchors in _TRIGGER_ANCHORS_BY_CAT.values()
                                       for a in anchors))
# (category bit, category, pattern), in priority order
_TRIGGER_BITS = [(1 << i, cat, rx) for i, (cat, rx) in enumerate(_TRIGGER_RE)]
_ALL_TRIGGERS = (1 << len(_TRIGGER_RE)) - 1
# anchor: bits of the categories it stands for
_ANCHOR_BITS = {a: sum(bit for bit, cat, _ in _TRIGGER_BITS if a in _TRIGGER_ANCHORS_BY_CAT[cat])
                 for a in _TRIGGER_ANCHORS}


def _anchor_trie_pattern(words: Sequence[str]) -> str:
    """A regex matching any of ``words`` (letters), their common prefixes factored out.

    The regex engine tries the alternatives of a branch one by one: as a tree of prefixes a
    failing position costs a test per letter of the first level, not one per word.
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + branch(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:  # a word ends here and longer ones go on: the rest is optional
            return "(?:" + body + ")?"
        return body

    return branch(tree)


def _held_bits(words: dict[str, int]) -> dict[str, int]:
    """Word -> the bits of every one of ``words`` it contains (itself included).

    The scan of :class:`_ContainedBits` reports only the longest word at each position; its
    held bits stand for every shorter word starting there too ("bodies" holds "die").
    """
    return {w: functools.reduce(int.__or__, (bits for v, bits in words.items() if v in w))
            for w in words}


@functools.cache
def _longest_word_scan(words: tuple[str, ...]) -> re.Pattern[str]:
    """Pattern whose findall lists, at each position of a run, the longest of ``words`` there."""
    return re.compile(f"(?=({_anchor_trie_pattern(list(words))}))")


class _ContainedBits(dict[str, int]):
    """Run of letters -> the union of the bits of the words it contains, filled on demand.

    One scan of a prefix-tree pattern of the words (compiled on the first new run, not on
    import) instead of testing every word.

    Parameters
    ----------
    held : dict of str to int
        :func:`_held_bits` of the words.
    """

    max_size = 50_000  # words remembered (a few MB); the cache starts over beyond this

    def __init__(self, held: dict[str, int]) -> None:
        super().__init__()
        self.held = held
        self._scan: re.Pattern[str] | None = None

    def scan(self) -> re.Pattern[str]:
        """The pattern listing the longest word at each position of a run."""
        if self._scan is None:
            self._scan = _longest_word_scan(tuple(self.held))
        return self._scan

    def __missing__(self, run: str) -> int:
        mask = 0
        held = self.held
        for word in (self._scan or self.scan()).findall(run):
            mask |= held[word]
        if len(self) >= self.max_size:
            self.clear()
        self[run] = mask
        return mask


_ANCHOR_HELD_BITS = _held_bits(_ANCHOR_BITS)


# Anchors are ASCII letters, three or more, so each occurrence in the case-folded sentence lies
# inside one maximal run of [a-z] at least that long: the categories a sentence may hold are
# the union over its runs, each looked up in _RUN_MASKS (news reuses its words) instead of
# testing every anchor on every sentence.
_LETTER_RUN = re.compile(r"[a-z]{3,}")
_RUN_MASKS = _ContainedBits(_ANCHOR_HELD_BITS)
# Characters re.I matches to an ASCII letter but str.casefold() does not fold to it
# (tests/test_events.py checks the list): with one, a sentence runs every pattern.
_PRIORITY = {cat: i for i, (cat, _) in enumerate(_TRIGGERS)}

#: Words before a trigger that make it a reference to events already told ("these strikes"),
#: a plan or a threat rather than something that happened.
_ANAPHORIC = re.compile(r"\b(?:these|those|such|the two series of|this|previous|past|any)\s+"
                        r"(?:\w+\s+){0,2}$", re.I)
_IRREALIS = re.compile(
    r"\b(?:will|would|could|might|may|should|must|to|vowed|threaten(?:ed|s)?|warn(?:ed|s)?|"
    r"plans?|planned|expected|intends?|if|need|urged?|condemned|calls? for|called for|"
    r"risk|fears?|prevent|avoid|halt|stop|ceasefire|cease-fire|no)\s+(?:\w+\s+){0,3}$", re.I)
_NEGATED_SENT = re.compile(r"\bno (?:casualties|injuries|deaths|fatalities|one was (?:hurt|killed|"
                           r"injured|wounded))|\bnobody was|\bwithout (?:casualties|injuries)",
                           re.I)

# --- figures ---------------------------------------------------------------------------------
_KILLED_NOUNS = frozenset("dead deaths death fatalities bodies martyrs lives killed casualties"
                          .split())
_INJURED_NOUNS = frozenset("wounded injured injuries hurt".split())
_ROCKET_NOUNS = frozenset("rockets rocket missiles missile projectiles mortars mortar shells "
                          "drones".split())
_STRIKE_NOUNS = frozenset("strikes strike airstrikes airstrike raids sorties".split())
_PERSON_NOUNS = frozenset(
    """people persons civilians children child women woman men man soldiers soldier militants
    militant fighters fighter commanders commander members member residents protesters
    demonstrators policemen officers officer troops students workers worshippers journalists
    settlers boys boy girls girl teenagers teenager infants babies minors others more figures
    leaders operatives gunmen attackers assailants police staff citizens villagers farmers
    patients refugees migrants individuals victims personnel guards youths family families
    reservists""".split())
_BREAKDOWN_NOUNS = {"children": "children", "child": "children", "minors": "children",
                    "boys": "children", "girls": "children", "teenagers": "children",
                    "infants": "children", "babies": "children", "women": "women",
                    "woman": "women"}
_KILL_VERB = re.compile(r"\b(?:kill(?:ed|ing|s)?|dead|died|die|deaths?|slain|lost their lives|"
                        r"shot dead|massacred|executed|fatalit(?:y|ies)|martyred|death toll)\b",
                        re.I)
_INJURE_VERB = re.compile(r"\b(?:wound(?:ed|ing|s)?|injur(?:ed|ing|ies|y)|hurt|hospital treatment|"
                          r"treat(?:ed|ing)|hospitali[sz]ed|casualties)\b", re.I)
_DISPLACE_VERB = re.compile(r"\b(?:fled|displaced|flee|homeless|evacuated|forced from)\b", re.I)
_ARREST_VERB = re.compile(r"\b(?:arrest(?:ed|ing|s)?|detain(?:ed|ing)?|rounded up)\b", re.I)
_MOBILISE_VERB = re.compile(r"\b(?:mobili[sz](?:e|ed|ing)|call(?:ed)? up|reservists)\b", re.I)
#: Lower-case substrings of every word that can make a quantity a figure (see _classify): each
#: word of the noun sets above holds one, and so does each alternative of the five verb
#: patterns of _verb_kind ("lost their lives": "lives", "hospital treatment": "treat",
#: "forced from": "forced", "called up": "call"). Each is a run of letters (so a sentence's
#: holding one does not depend on its spacing) and as long as the words allow: a text
#: holding none of them has no figure at all (an "a woman" figure needs a verb of killing or
#: injuring too): its quantities are not looked for, nor its sentences' figures
#: (tests/test_events.py checks the nouns and the verbs).
_FIGURE_ANCHORS = (
    "die", "call", "kill", "dead", "death", "hospitali", "treat", "arrest", "hurt", "injur",
    "wound", "strike", "raids", "shells", "rocket", "missile", "mortar", "drones",
    "projectiles", "sorties", "lives", "bodies", "martyr", "casualties", "fatalit", "slain",
    "massacred", "executed", "fled", "flee", "displaced", "homeless", "evacuated", "forced",
    "detain", "rounded", "mobilis", "mobiliz", "reservists",
)


def _may_have_figures(text: str) -> bool:
    """Whether any quantity of ``text`` may be a figure (False: none can)."""
    if _has_fold_odd(text):
        return True  # a character the verb patterns' re.I matches to a letter lower() keeps
    low = text.lower()
    return any(a in low for a in _FIGURE_ANCHORS)


# Bits of _TOKEN_MASKS after the trigger categories' bits: a figure anchor, and "nobody"
# (the one alternative of _NEGATED_SENT without a figure anchor).
_FIGURE_BIT = 1 << len(_TRIGGERS)
_NOBODY_BIT = _FIGURE_BIT << 1


# anchor, figure anchor or "nobody": its bits
_RUN_WORD_BITS: dict[str, int] = {}
for _word, _bits in [*_ANCHOR_BITS.items(), *((a, _FIGURE_BIT) for a in _FIGURE_ANCHORS),
                     ("nobody", _NOBODY_BIT)]:
    _RUN_WORD_BITS[_word] = _RUN_WORD_BITS.get(_word, 0) | _bits
del _word, _bits
# run of letters -> _RUN_MASKS bits, _FIGURE_BIT and _NOBODY_BIT: one scan for all of them
_RUN_BITS = _ContainedBits(_held_bits(_RUN_WORD_BITS))


class _TokenMasks(dict[str, int]):
    """Piece of case-folded text without whitespace -> what it holds, filled on demand.

    The bits of the trigger categories whose anchors it contains, _FIGURE_BIT for a figure
    anchor, _NOBODY_BIT for "nobody": those of its runs of letters (every anchor is ASCII
    letters, three or more), each looked up in _RUN_BITS (pieces such as "gaza," and "gaza"
    share their word's entry there).
    """

    max_size = 50_000  # pieces remembered (a few MB); the cache starts over beyond this

    def __missing__(self, token: str) -> int:
        runs = _RUN_BITS
        if token.isascii() and token.isalpha():  # one run, all of the piece
            mask = runs[token] if len(token) >= 3 else 0
        else:
            mask = 0
            for run in _LETTER_RUN.findall(token):
                mask |= runs[run]
        if len(self) >= self.max_size:
            self.clear()
        self[token] = mask
        return mask


_TOKEN_MASKS = _TokenMasks()


def _sentence_bits(text: str, sentences: Sequence[tuple[int, int, int]]) -> list[int] | None:
    """For each sentence, _TOKEN_MASKS of its text: 0 when it can give no event.

    One pass over the text, not one per sentence: the text's whitespace-free pieces are
    looked up (each in turn: fewer instructions than making a set of them first), and only
    the distinct ones holding something are found again, with str.find. Each
    anchor is ASCII letters, so it lies inside one piece. None (read each sentence instead)
    for a text where case folding moves offsets or re.I and casefold() disagree (FOLD_ODD);
    elsewhere the letters of casefold() and of lower() are the same, so the bits say what
    _trigger_mask and the figure anchors of _may_have_figures say of each sentence.
    """
    if _has_fold_odd(text):
        return None
    folded = text.casefold()
    if len(folded) != len(text):
        return None  # a character folded to several ("ß" -> "ss")
    bits = [0] * len(sentences)
    masks = _TOKEN_MASKS
    hot = set(filter(masks.__getitem__, folded.split()))
    if not hot:
        return bits
    starts = [s for s, _, _ in sentences]
    for token in hot:
        mask = masks[token]
        size = len(token)
        at = folded.find(token)
        while at >= 0:
            # whitespace (or the text's ends) closes every sentence: a piece lies in one
            j = bisect_right(starts, at) - 1
            if j < 0 or at + size > sentences[j][1]:
                return None  # not so: read each sentence
            bits[j] |= mask
            at = folded.find(token, at + 1)
    return bits


# "\b(?:[Aa]n?|[Oo]ne)\s+(...)", with the \b as a look behind the first letter: starting with
# literals lets the engine skip to the next a, A, o or O (tests/test_events.py compares the two)
_SINGLE = re.compile(
    r"(?:A(?<!\w.)n?|a(?<!\w.)n?|O(?<!\w.)ne|o(?<!\w.)ne)\s+"
    r"((?:[A-Z][\w-]+\s+)?(?:woman|man|child|boy|girl|soldier|civilian|person|"
    r"policeman|officer|teenager|infant|baby|journalist|settler|worshipper|militant|fighter|"
    r"resident|student|farmer)|[A-Z][a-z]+(?:i|ian|ean|an|ese|ish|er)(?:\s+[A-Z][a-z]+)?)\b")

_ACTOR_NOUNS = frozenset("assailant attacker gunman gunmen militant bomber sniper driver "
                         "soldier officer policeman settler".split())
_CLAUSE_BREAK = re.compile(r";|—|–|\s-\s|,\s+(?:which|while|whereas|after|as|but|who|where|"
                           r"when|in an escalation|sparked|drawing|prompting|since)\b|"
                           r"\b(?:sparked by|in response to|after the|following the)\b", re.I)
_INCLUDING = re.compile(r"[,—–(]\s*(?:including|among them|of whom|among whom)\b|\bincluding\b",
                        re.I)

# --- places ----------------------------------------------------------------------------------
_LOC_PREPS = frozenset("in at on near inside outside into across towards toward around "
                       "throughout within over".split())
#: "Rockets hit Ashkelon": the object of these verbs is where it happened.
_TARGET_VERBS = frozenset("hit hits struck strikes pounded pounds shelled shells bombed bombs "
                          "raided raids stormed storms targeted targets attacked attacks rocked "
                          "besieged invaded entered captured seized".split())
_STOP_PREPS = frozenset("by for from with against to of about between than like as".split())
_PLACE_NOUNS = frozenset("city town village community district area neighbourhood neighborhood "
                         "camp region province governorate suburb outskirts centre center "
                         "compound part parts south north east west heart capital enclave "
                         "port streets border".split())
_SKIPPABLE = re.compile(r"^(?:the|a|an|of|annexed|occupied|blockaded|nearby|southern|northern|"
                        r"south|north|east|west|restive|volatile|troubled|war-torn|"
                        r"eastern|western|central|coastal|seaside|border|israeli|palestinian|"
                        r"heavily-targeted|heavily|targeted|flashpoint|besieged|[a-z]+-[a-z]+|"
                        r"mixed|arab|jewish|holy|old|city's|town's)$", re.I)
_KIND_RANK = {"landmark": 0, "crossing": 0, "neighbourhood": 1, "refugee camp": 1, "city": 2,
              "admin2": 3, "natural feature": 4, "region": 4, "admin1": 4, "country": 5}

# --- actors, claims --------------------------------------------------------------------------
_CLAIM_AFTER = re.compile(
    r"\b(?:according to|per|citing|quoted by|reported by)\s+((?:the\s+)?[^,.;:\"“”()]{2,60}?)"
    r"(?=[,.;:\"“”()]|\s+(?:have|has|had|said|says|reported|on|in|which|who)\b|$)", re.I)
_CLAIM_SAID_AFTER = re.compile(
    r",?\s*(?:said|says|reported|told \w+|claimed|confirmed|announced)\s+"
    r"((?:the\s+)?[^,.;:\"“”()]{2,60}?)\s*(?:[.,;]|$)", re.I)
_CLAIM_SAID_BEFORE = re.compile(
    r"(?:^|[,.;:\"“”]\s*|\band\s+)((?:[A-Z]|the |an? |local |army )[^,.;:\"“”()]{1,60}?)\s+"
    r"(?:said|says|reported|told|claimed|confirmed|announced|stated)\b")
_UNVERIFIED = re.compile(r"\bunverified|could not be (?:independently )?verified|claim(?:ed|ing|s)"
                         r"\b", re.I)
_ACTOR_HEADS = (r"forces|army|military|troops|soldiers|police|officers|militants|fighters|"
                r"gunmen|warplanes|jets|helicopters|drones|settlers|assailants?|attackers?|"
                r"militia|rebels|protesters|demonstrators|rioters|navy|air force|brigades?|"
                r"wing|movement|group|government|authorities")
_ACTOR_RE = re.compile(
    rf"\b((?:(?:the|an?)\s+)?(?:[A-Z][\w'’-]+\s+){{0,3}}(?:{_ACTOR_HEADS})\b|"
    rf"(?<![a-z] )(?:Hamas|Islamic Jihad|Hezbollah|Fatah|Qass[ae]m Brigades|"
    rf"Al-Qassam Brigades|ISIS|Islamic State|Taliban|al-Shabaab|Houthis?|IDF|"
    rf"Israel Defense Forces)\b)")
_VIOLENT_VERB = re.compile(r"\b(?:fired|firing|launched|launching|carried out|hit|struck|"
                           r"killed|killing|raided|attacked|shot|clashed|bombed|shelled|"
                           r"stormed|arrested|demolished|evicted|opened fire|rained|hurled|"
                           r"targeted|exchanged)\b", re.I)

# --- small patterns of the rules below, compiled once (re.* calls look them up every time)
_SINCE_START = re.compile(r"(?:Since|So far|To date|In total|Overall|Altogether)\b")
_DATE_JOIN = re.compile(r"\s*(?:and|to|or|-|–)\s*(?:on\s+)?")
_WORD_OR_STOP = re.compile(r"[A-Za-z][\w'’-]*|[,.;:]")
_HYPHENATED = re.compile(r"[a-z]+-[a-z]+(?:-[a-z]+)?")
_CASUALTY_NEXT = re.compile(r"\s+(?:(?:more|further|others?|were|was|have been|had been)\s+)*"
                            r"(?:receiving|wounded|injured|killed|dead|died|hurt|treated|"
                            r"arrested|detained|displaced)\b", re.I)
_INCLUDING_LIST = re.compile(
    r"\s*(?:in [^,]{1,30})?,\s*(?:including|among them)[^,]*(?:,[^,]*?)*?,\s*")
_AMONG = re.compile(r"\bamong\b")
_NEXT_LOWER_WORD = re.compile(r"\s+([a-z]+)")
_LIST_END = re.compile(r"\b(?:were|was|have|has|had|with|while|said|after|when)\b|[;:]")
_AND_GAP = re.compile(r"\s*and\s*")
_WORD_OR_PUNCT = re.compile(r"[\w'’-]+|[,;:()]")
_WHERE_CLAUSE = re.compile(r",\s+where\b[^,]*$")
_BY_BEFORE = re.compile(r"\bby\s+(?:\w+\s+){0,2}$")
_REL_LEAD = re.compile(r"^(?:(?:in|on|at|to|into|from|near)\s+)?(?:the\s+)?", re.I)
_GAP_TOKEN = re.compile(r"[\w-]+|[^\w\s]")
_TARGETS_AND = re.compile(r"\s+and\s+(?:nearby\s+|neighbouring\s+)?", re.I)
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_SPACES = re.compile(r"\s+")
_NP_LEAD = re.compile(r"^(?:that|and|but|while|as|with)\s+", re.I)
_CLAIM_BAD_START = re.compile(r"(?:it|he|she|they|this|that|there|we|i|you|who|which|earlier|"
                              r"later|on|in|when|whether)\b", re.I)
_CLAIM_BAD_END = re.compile(r"\b(?:was|were|is|are|be|been|being|not|it|they|he|she|that|"
                            r"which)$")
_CLAIM_CLAUSE = re.compile(r"\b(?:that|which|who|has|have|had)\b")
_GROUP_LEAD = re.compile(r"^(?:the group|group)\s+(?=[A-Z])")
_CLAIM_TAIL = re.compile(r"\s+(?:on|earlier|later|late|in)\b.*$")
_ARTICLE_LEAD = re.compile(r"^(?:the|an?)\s+", re.I)
_BY_THE_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$")


@dataclass(frozen=True, slots=True)
class Count:
    """A figure: best estimate with its range and the words that qualified it.

    Parameters
    ----------
    best : int
        Conservative best estimate (ACLED: the lower of conflicting reports).
    low, high : int or None
        Range; ``high`` None means open ("at least 26").
    qualifier : str
        "", "at least", "more than", "about", "nearly", "up to", "fewer than", "between" or
        "vague" ("dozens").
    text : str
        The words it was read from.
    """

    best: int
    low: int | None = None
    high: int | None = None
    qualifier: str = ""
    text: str = ""

    @classmethod
    def from_quantity(cls, q: Quantity) -> Count:
        """The count a parsed quantity states."""
        return cls(q.best, q.low, q.high, q.qualifier, q.text)


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence an event was read from.

    Parameters
    ----------
    doc_id : str
        Document id.
    sentence : str
        The sentence, as written.
    start, end : int
        Offsets of the sentence in the document text.
    """

    doc_id: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Event:
    """One event: what happened, where, when, how many, who, and the evidence.

    ``lat``/``lon`` are the point where it happened (None if nowhere could be found);
    ``geo_precision`` and ``time_precision`` follow ACLED (1 exact, 2 near / a few days,
    3 region / month or longer). Counts are :class:`Count` or None when not reported.
    ``place_span`` holds the document offsets of the place name the event was located by
    (None when the place came from the paragraph or the article's focus).
    """

    id: str
    category: str
    event_type: str | None
    sub_event_type: str | None
    lat: float | None
    lon: float | None
    place: Place | None
    place_name: str
    geo_precision: int
    date_start: date | None
    date_end: date | None
    time_precision: int | None
    counts: tuple[tuple[str, Count], ...] = ()
    breakdown: tuple[tuple[str, Count], ...] = ()
    cumulative: bool = False
    actors: tuple[str, ...] = ()
    victims: tuple[str, ...] = ()
    claimed_by: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    source_ids: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    place_span: tuple[int, int] | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False, hash=False)

    def count(self, kind: str) -> Count | None:
        """The count of ``kind`` ("killed", "injured", ...), or None."""
        for k, c in self.counts:
            if k == kind:
                return c
        return None

    @property
    def n_sources(self) -> int:
        """Number of distinct reporting documents."""
        return len(set(self.source_ids))

    @property
    def country(self) -> str:
        """ISO country code of the place ('' if unknown)."""
        return self.place.country if self.place else ""


# --- sentences -------------------------------------------------------------------------------
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Maj|St|Mt|Jr|Sr|Prof|Rev|No|"
                     r"vs|etc|approx|Gov|Sen|Rep|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)|\b[A-Z]|"
                     r"\b[a-z]\.[a-z]|a\.m|p\.m)\.$")
# _ABBREV's words, for _abbrev_reversed ("Sept?": Sep and Sept)
_ABBREV_WORDS = ("Mr Mrs Ms Dr Gen Lt Col Sgt Capt Maj St Mt Jr Sr Prof Rev No vs etc approx Gov "
                 "Sen Rep Jan Feb Aug Sep Sept Oct Nov Dec").split()


@functools.cache
def _abbrev_reversed() -> re.Pattern[str]:
    r"""_ABBREV matched at the start of the reversed string (compiled on first use).

    _ABBREV ends with ``\.$``: its search tries every position of the string, while the
    reversed pattern is tried at one. Each word, reversed, is followed by ``(?!\w)``, the
    reversal of the ``\b`` before it (tests/test_fast_events.py compares the two).
    """
    words = "|".join(w[::-1] for w in _ABBREV_WORDS)
    return re.compile(rf"\.(?:(?:{words}|[A-Z]|[a-z]\.[a-z])(?!\w)|m\.[ap])")


# r"[.!?]+['\"’”)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|\n+", written to start with one character
# set: the regex engine then jumps from one [.!?\n] to the next instead of trying both branches
# at every position. The look-behind picks the branch the first character allows, the rest
# backtracks as before (tests/test_events.py compares the two).
_SENT_BOUNDARY = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*['\"’”)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|(?<=\n)\n*)")


def split_sentences(text: str) -> list[tuple[int, int, int]]:
    """Sentence spans ``(start, end, paragraph_index)`` of ``text``, stripped of whitespace.

    A line break ends a sentence; a blank line or a single line break starts a paragraph
    (news feeds use either).
    """
    spans: list[tuple[int, int, int]] = []
    para = 0
    pos = 0
    # _SENT_BOUNDARY.finditer(text), its match tried only where one can start (str.find
    # skips to them much faster than the regex engine's test of every character)
    starts: list[int] = []
    for ch in ".!?\n":
        at = text.find(ch)
        while at >= 0:
            starts.append(at)
            at = text.find(ch, at + 1)
    starts.sort()
    match = _SENT_BOUNDARY.match
    abbrev = _abbrev_reversed().match
    scan = 0
    for at in starts:
        if at < scan:
            continue  # inside the last match
        m = match(text, at)
        if m is None:
            continue
        start, end = m.span()
        scan = end
        c = text[start]
        if c == "\n":  # the line-break branch: its match is line breaks only
            _add_span(text, pos, start, para, spans)
            para += 1
        else:  # the other holds none; _ABBREV ends with a full stop
            if c == "." and abbrev(text[max(pos, start - 8): start + 1][::-1]):
                continue
            _add_span(text, pos, end, para, spans)
        pos = end
    _add_span(text, pos, len(text), para, spans)
    return spans


def _add_span(text: str, a: int, b: int, para: int, out: list[tuple[int, int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b, para))


# --- the extractor ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Figure:
    kind: str
    count: Count
    start: int  # in sentence
    end: int
    victim: str
    breakdown: str = ""


def extract_events(text: str, *, published: date | datetime | str | None = None,
                   doc_id: str | None = None, gazetteer: Any = None) -> list[Event]:
    """Read the events an article reports.

    Parameters
    ----------
    text : str
        The article.
    published : date, datetime, str (ISO 8601) or None, optional, default None
        Publication date; when None it is read from the text (header line, trailing
        dateline, embedded status URL) or left unknown. Relative dates ("on Tuesday") are
        resolved against it; without it they stay undated.
    doc_id : str or None, optional, default None
        Document id recorded in the evidence; a hash of the text when None.
    gazetteer : Gazetteer or None, optional, default None
        Gazetteer for geoparsing; the shared default when None.

    Returns
    -------
    list of Event
        One event per reported incident and place, in text order; not merged across
        articles (see :func:`geoevents.merge_events`).

    Examples
    --------
    >>> evs = extract_events("Two people were killed in an air strike on Rafah on Monday.",
    ...                      published="2024-05-08", doc_id="a")
    >>> e = evs[0]
    >>> e.category, e.count("killed").best, e.place_name, e.date_start.isoformat()
    ('air_strike', 2, 'Rafah', '2024-05-06')
    """
    from ._resolution import geoparse

    pub = publication_date(text, given=published)
    pub_date = pub.date if pub else None
    doc = doc_id if doc_id is not None else "doc-" + hashlib.sha1(
        text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    result = geoparse(text, published=pub_date, gazetteer=gazetteer)
    events = events_from_geoparse(text, result, published=pub, doc_id=doc,
                                  gazetteer=gazetteer)
    if pub is not None:
        events = [replace(e, notes=(*e.notes, f"published {pub.date.isoformat()} "
                                               f"({pub.source})")) for e in events]
    return events


def events_from_geoparse(text: str, result: GeoparseResult, *,
                         published: Published | date | None, doc_id: str,
                         gazetteer: Any = None) -> list[Event]:
    """Events of one article whose places are already resolved (``result`` of geoparse).

    ``published`` is the publication date, or the :class:`Published` record that says where
    in the text it was read (that header or dateline then dates no event).
    """
    pub_record = published if isinstance(published, Published) else None
    published = published.date if isinstance(published, Published) else published
    if gazetteer is None:
        from ._gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    sentences = split_sentences(text)
    mentions = [m for m in result.mentions if m.place is not None and m.role != "dateline"]
    bits = _sentence_bits(text, sentences)
    quantities: list[Quantity] = []
    finder: _QuantityFinder | None = None
    if bits is None:
        figures = _may_have_figures(text)
        quantities = find_quantities(text) if figures else []
        bits = [-1] * len(sentences)  # unknown: read every sentence
    else:
        # Quantities only of the sentences with a figure anchor, read near them
        # (_QuantityFinder): the others have no figure. A sentence with no bit at all can
        # give no event nor "no casualties" (_NEGATED_SENT needs a figure anchor or
        # "nobody"), and one with the same repeated-sentence key ("norm" below) has the
        # same bits: skipping it without taking its key leaves out nothing that the key
        # would have left out.
        figures = False
    q_starts = [q.start for q in quantities]  # sorted: find_quantities gives them in order
    m_starts = sorted(m.start for m in mentions)
    ctx = _DocContext(text, mentions, result, published, sentences, gazetteer, pub_record)

    events: list[Event] = []
    seen_sentences: set[str] = set()
    zero_dates: list[tuple[date | None, int]] = []
    para_last: dict[int, Event] = {}
    for idx, (s, e, para) in enumerate(sentences):
        b = bits[idx]
        if not b:
            continue
        sent = text[s:e]
        norm = " ".join(sent.split()).rstrip(".!?\"”’ ").lower()
        if norm in seen_sentences:  # repeated headline / teaser
            continue
        seen_sentences.add(norm)
        # each alternative of _NEGATED_SENT has one of these, also in norm (lower case,
        # whitespace runs made one space): cheap to rule out first
        if ("no " in norm or "nobody" in norm or "thout" in norm) and _NEGATED_SENT.search(sent):
            zero_dates.append((ctx.sentence_date(idx, s, e, with_figures=False)[0], para))
        # the quantities inside the sentence: those starting in it and not running past it
        if b == -1:
            sent_figures, trig_mask = figures, None
            qs = [q for q in quantities[bisect_left(q_starts, s): bisect_left(q_starts, e)]
                  if q.end <= e] if sent_figures else []
        else:
            sent_figures, trig_mask = bool(b & _FIGURE_BIT), b & _ALL_TRIGGERS
            qs = []
            if sent_figures:
                if finder is None:
                    finder = _QuantityFinder(text)
                qs = finder.within(s, e)
        # no mention starts in the sentence: it has no place of its own, so only a figure
        # can make an event of it (_sentence_events gives none without one)
        placeless = bisect_left(m_starts, s) == bisect_left(m_starts, e)
        if placeless and not sent_figures:
            continue
        evs = _sentence_events(ctx, idx, s, e, para, qs, para_last.get(para), doc_id,
                               figures=sent_figures, trig_mask=trig_mask, placeless=placeless)
        if evs:
            para_last[para] = evs[-1]
        events.extend(evs)
    if zero_dates:
        events = _apply_no_casualties(events, zero_dates)
    return events


class _DocContext:
    """Everything the per-sentence rules need to look up in the document."""

    def __init__(self, text: str, mentions: Sequence[Mention], result: GeoparseResult,
                 published: date | None, sentences: Sequence[tuple[int, int, int]],
                 gazetteer: Any, pub_record: Published | None = None) -> None:
        self.text = text
        self.gazetteer = gazetteer
        self.mentions = mentions
        self.published = published
        self.sentences = sentences
        self._pub_record = pub_record
        self._dates: list[DateSpan] | None = None
        self._date_starts: list[int] = []
        self._date_finder: _DateFinder | None = None
        self._date_skip = (-1, -1)
        self._dates_cut = -1  # self._dates are those of self.dates ending by this
        self.result = result
        self._lede: tuple[date, date, int] | None | bool = False
        self._para_since: dict[int, bool] = {}
        for s, e, para in sentences:
            if para not in self._para_since:
                first = text[s:e].lstrip("\"“ ")
                self._para_since[para] = bool(_SINCE_START.match(first))

    @property
    def dates(self) -> list[DateSpan]:
        """The dates of the text that can date an event, in order."""
        self._dates_upto(len(self.text))
        assert self._dates is not None  # noqa: S101 - set by _dates_upto
        return self._dates

    def _dates_upto(self, end: int) -> None:
        """Find the dates of :attr:`dates` ending by ``end`` (and perhaps a few more).

        Found on first use, and only as far as asked: most articles have no sentence that
        needs a date, and those that do need the dates of their first sentences.
        """
        if self._date_finder is None:
            text, pub = self.text, self._pub_record
            if self.published is not None and (pub is None or pub.source == "metadata"):
                pub = publication_date(text)  # a header may still be there under the metadata
            self._date_skip = (text.find(pub.text), text.find(pub.text) + len(pub.text)) \
                if pub is not None and pub.text and pub.text in text else (-1, -1)
            self._date_finder = _DateFinder(text, self.published)
        chosen, self._dates_cut = self._date_finder.upto(end)
        skip = self._date_skip
        # the header or dateline that gave the publication date dates no event
        self._dates = [d for d in chosen
                       if d.date_start is not None and not (skip[0] <= d.start < skip[1])]
        self._date_starts = [d.start for d in self._dates]  # sorted, as found

    def paragraph_cumulative(self, para: int) -> bool:
        return self._para_since.get(para, False)

    def dates_in(self, s: int, e: int) -> list[DateSpan]:
        """The dates of :attr:`dates` inside ``text[s:e]``.

        Without a publication date, a date with a day (``date_start``) holds its year's
        four digits (ISO, "May 5, 2021", "in 2019": every relative expression stays
        undated), so a span without four digits in a row has none: it is not read at all
        (most sentences, and the dates before them).
        """
        if self.published is None and _FOUR_DIGITS.search(self.text, s, e) is None:
            return []
        if e > self._dates_cut:
            self._dates_upto(e)
        dates = self._dates
        assert dates is not None  # noqa: S101 - set by _dates_upto
        starts = self._date_starts
        return [d for d in dates[bisect_left(starts, s): bisect_left(starts, e)]
                if d.end <= e]

    def _event_dates(self, s: int, e: int, with_figures: bool) -> list[DateSpan]:
        """Dates that can date an event.

        "since 2007" is background, and a bare year only dates a sentence that has figures
        ("during 2022 ... killed 235").
        """
        out = []
        for d in self.dates_in(s, e):
            if d.precision >= 3 and (d.since or not with_figures):
                continue
            out.append(d)
        return out

    def sentence_date(self, idx: int, s: int, e: int, *, with_figures: bool = True
                      ) -> tuple[date | None, date | None, int | None, str]:
        """Date of the sentence: its own, else its paragraph's, else the lede's."""
        own = self._event_dates(s, e, with_figures)
        if own:
            return (*_combine_dates(self.text, own), "")
        para = self.sentences[idx][2]
        for j in range(idx - 1, -1, -1):
            ps, pe, pp = self.sentences[j]
            if pp != para:
                break
            own = self._event_dates(ps, pe, False)
            if own:
                d0, d1, p = _combine_dates(self.text, own)
                return d0, d1, max(p, 2), "date from the paragraph"
        lede = self.lede_date()
        if lede is not None:
            return lede[0], lede[1], max(lede[2], 2), "date from the article's lede"
        if self.published is not None:
            return (self.published - timedelta(days=1), self.published, 2,
                    "no date in the text: publication date")
        return None, None, None, ""

    def lede_date(self) -> tuple[date, date, int] | None:
        if self._lede is False:
            self._lede = None
            for s, e, _ in self.sentences[:4]:
                own = [d for d in self.dates_in(s, e) if d.precision <= 1 and not d.since]
                if own and own[0].date_start and own[0].date_end:
                    self._lede = (own[0].date_start, own[0].date_end, own[0].precision)
                    break
        return self._lede if isinstance(self._lede, tuple) else None

    def _get(self, pid: str) -> Place | None:
        try:
            return self.gazetteer.get(pid)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - an unknown parent id only loses a candidate
            return None

    def country_place(self, code: str) -> Place | None:
        try:
            return self.gazetteer.country(code)  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001
            return None

    def focus_place(self, country: str | None) -> Place | None:
        """Where an event with no place of its own happened, as precisely as the article says.

        The region (admin-1, Gaza Strip) holding most (>= 60 %) of the places the article
        names in the country, else the country itself. ``country`` comes from the victims'
        nationality; without it, the article's focus country.
        """
        if not country:
            focus = [c for c, _ in self.result.focus if c]
            if not focus:
                return None
            country = focus[0]
        local = [m.place for m in self.mentions if m.place is not None
                 and m.place.country == country and m.place.kind != "country"]
        if local:
            weights: Counter[str] = Counter()
            for p in local:
                ids = {p.id, *p.parents} if p.kind in {"admin1", "region"} else set(p.parents)
                for pid in ids:
                    weights[pid] += 1
            for pid, w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
                if w < 0.6 * len(local):
                    break
                region = self._get(pid)
                if region is not None and region.kind in {"admin1", "region"} and \
                        region.country == country:
                    return region
        return self.country_place(country)


def _combine_dates(text: str, spans: Sequence[DateSpan]) -> tuple[date, date, int]:
    """The date of a sentence: the most precise span, widened over "Monday and Tuesday"."""
    best = min(spans, key=lambda x: (x.precision, x.start))
    d0, d1, p = best.date_start, best.date_end, best.precision
    assert d0 is not None and d1 is not None  # noqa: S101 - filtered by the caller
    for x, y in zip(spans, spans[1:], strict=False):
        if _DATE_JOIN.fullmatch(text[x.end: y.start]) and \
                x.date_start and y.date_end and (best is x or best is y):
            d0, d1 = min(d0, x.date_start), max(d1, y.date_end)
    return d0, d1, p


#: A trigger in the past tense says something happened ("shelled", "were killed").
_EVENTIVE = re.compile(r"(?:ed|shot|hit|struck|fought|stormed|blew)\b", re.I)
_GENERIC = re.compile(r"\b(?:further|continu\w*|ongoing|intensif\w*|escalat\w*|repeated(?:ly)?|"
                      r"regularly|often|frequently|usually|every)\b", re.I)


# Twins of case-insensitive patterns opening with \b: the pattern without it and without
# re.I, searched in an ASCII text's lower() (same offsets; re.I matches an ASCII letter of
# the pattern, all lower case, to just its two cases there). A pattern opening with \b or
# compiled with re.I is tried at every position of the text; its twin lets the regex engine
# skip to the characters that open an alternative (tests/test_fast_events.py compares them).
@functools.cache
def _twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The twin of ``pattern`` (compiled on first use, not on import)."""
    return re.compile(pattern.pattern.removeprefix(r"\b"))


def _twin_spans(pattern: re.Pattern[str], low: str) -> Iterator[tuple[int, int]]:
    r"""Spans of ``pattern.finditer(sent)`` (re.I, opening with \b then a letter).

    Read from ``low``, the ASCII sentence's ``lower()``, through the pattern's twin.
    """
    search = _twin(pattern).search
    m = search(low)
    while m is not None:
        p = m.start()
        if p and (low[p - 1].isalnum() or low[p - 1] == "_"):
            m = search(low, p + 1)  # no match of the pattern at p: the next one starts later
            continue
        yield p, m.end()  # the \b before the letter the match opens with holds
        m = search(low, m.end())  # as finditer: the next match starts where this one ends


def _search_twin(pattern: re.Pattern[str], sent: str) -> bool:
    r"""Whether ``pattern`` (re.I, opening with \b then a letter) matches in ``sent``."""
    if not sent.isascii():
        return pattern.search(sent) is not None
    return next(_twin_spans(pattern, sent.lower()), None) is not None


def _spans_twin(pattern: re.Pattern[str], sent: str, low: str | None
                ) -> list[tuple[int, int]]:
    r"""Spans of ``pattern.finditer(sent)`` (re.I, opening with \b then a letter).

    ``low`` is ``sent.lower()`` for an ASCII sentence, None for any other (the pattern reads
    it).
    """
    if low is None:
        return [m.span() for m in pattern.finditer(sent)]
    return list(_twin_spans(pattern, low))


def _in_quotes(sent: str, pos: int) -> bool:
    opens = sent.count("“", 0, pos) - sent.count("”", 0, pos)
    straight = sent.count('"', 0, pos) % 2 == 1
    return opens > 0 or straight


def _trigger_mask(sent: str) -> int:
    """Bits of the trigger categories whose anchors ``sent`` contains (0: none can match)."""
    mask = 0
    masks = _RUN_MASKS
    for run in _LETTER_RUN.findall(sent.casefold()):
        mask |= masks[run]
    if mask and _has_fold_odd(sent):
        return _ALL_TRIGGERS
    return mask


def _triggers(sent: str, mask: int | None = None) -> list[tuple[str, int, int]]:
    """Triggers of ``sent``; ``mask`` is its _trigger_mask when already known."""
    found: list[tuple[str, int, int]] = []
    if mask is None:
        mask = _trigger_mask(sent)
    if not mask:
        return found
    low = sent.lower() if sent.isascii() else None
    for bit, cat, rx in _TRIGGER_BITS:
        if not mask & bit:
            continue  # no anchor of this category: its pattern cannot match
        for a, b in _spans_twin(rx, sent, low):
            if _in_quotes(sent, a):
                continue
            before = sent[max(0, a - 40): a]
            if _ANAPHORIC.search(before) or _IRREALIS.search(before):
                continue
            found.append((cat, a, b))
    return found


@functools.lru_cache(maxsize=64)
def _clause_breaks(sent: str) -> tuple[tuple[int, int], ...]:
    """Spans of the clause breaks of ``sent`` (asked for again for each figure of a sentence)."""
    return tuple(m.span() for m in _CLAUSE_BREAK.finditer(sent))


def _clause_bounds(sent: str, pos: int) -> tuple[int, int]:
    a, b = 0, len(sent)
    for start, end in _clause_breaks(sent):
        if end <= pos:
            a = end
        elif start >= pos:
            b = start
            break
    return a, b


def _words_after(sent: str, pos: int, n: int = 6) -> list[str]:
    return _WORD_OR_STOP.findall(sent[pos: pos + 80])[:n]


def _classify(sent: str, q_start: int, q_end: int, demo: dict[str, str]
              ) -> tuple[str, str, str] | None:
    """(kind, victim phrase, breakdown) of the quantity at ``q_start:q_end``, or None."""
    after = _words_after(sent, q_end, 7)
    noun = ""
    noun_end = q_end
    victim_words: list[str] = []
    for w in after:
        lw = w.lower().strip("'’")
        if lw in {",", ".", ";", ":"}:
            break
        victim_words.append(w)
        if lw in _KILLED_NOUNS:
            return "killed", "", ""
        if lw in _INJURED_NOUNS:
            return "injured", "", ""
        if lw in _ROCKET_NOUNS:
            return "rockets", "", ""
        if lw in _STRIKE_NOUNS:
            return "strikes", "", ""
        if lw in {"of", "more", "further", "other", "were", "was", "have", "had", "has"} and noun:
            break
        if lw in demo and not lw.endswith("s") and lw not in _PERSON_NOUNS:
            continue  # "130 Israeli strikes": an adjective
        if lw in _PERSON_NOUNS or (lw.endswith("s") and lw[:-1] in demo):
            noun = lw
            noun_end = sent.find(w, noun_end) + len(w)
            if lw not in {"more", "others"}:
                nxt = after[after.index(w) + 1].lower() if after.index(w) + 1 < len(after) else ""
                if nxt in _PERSON_NOUNS:
                    continue
                break
            continue
        if lw == "of":
            continue
        if _HYPHENATED.fullmatch(lw):
            continue  # "would-be", "five-year-old"
        if w[0].isupper() or lw in {"israeli", "palestinian", "hamas", "senior", "more",
                                    "further", "other", "people", "young", "elderly", "armed",
                                    "unarmed", "civilian", "its", "their", "his", "her", "the",
                                    "local", "foreign"}:
            continue
        break
    if not noun:
        # the cheap look at the next words first: without them the verb does not matter
        if _CASUALTY_NEXT.match(sent[q_end: q_end + 40]):
            k = _verb_kind(sent, q_start, q_end)
            if k is not None:
                return k, "", ""
        return None
    victim = sent[q_start:noun_end].strip()
    breakdown = _BREAKDOWN_NOUNS.get(noun, "")
    kind = _verb_kind(sent, q_start, noun_end)
    if kind is None:
        return None
    return kind, victim, breakdown


def _verb_kind(sent: str, q_start: int, noun_end: int) -> str | None:
    a, b = _clause_bounds(sent, q_start)
    right = sent[noun_end: min(b, noun_end + 110)]
    # skip a parenthetical list: "Twelve people, including a boy and a soldier, have been"
    inc = _INCLUDING_LIST.match(right)
    if inc:
        right = right[inc.end():]
    left = sent[max(a, q_start - 45): q_start]
    best: tuple[int, str] | None = None
    for kind, rx in (("killed", _KILL_VERB), ("injured", _INJURE_VERB),
                     ("displaced", _DISPLACE_VERB), ("arrested", _ARREST_VERB),
                     ("mobilised", _MOBILISE_VERB)):
        m = rx.search(right)
        if m:
            dist = m.start()
            if best is None or dist < best[0]:
                best = (dist, kind)
        for m in rx.finditer(left):
            dist = len(left) - m.end()
            if dist <= 25 and (best is None or dist < best[0]):
                best = (dist, kind)
    return best[1] if best else None


def _figures(sent: str, quantities: Sequence[Quantity], s: int) -> list[_Figure]:
    demo = demonyms()
    figs: list[_Figure] = []
    taken: list[tuple[int, int]] = []
    for q in quantities:
        qs, qe = q.start - s, q.end - s
        if _in_quotes(sent, qs):
            continue
        c = _classify(sent, qs, qe, demo)
        if c is None:
            continue
        kind, victim, breakdown = c
        in_list = _in_including_list(sent, qs)
        if breakdown and not (in_list or _AMONG.search(sent[qe: qe + 40])):
            breakdown = ""
        if in_list and figs and not figs[-1].breakdown:
            kind = figs[-1].kind  # "227 killed, including 64 children and 38 women"
            if not breakdown:
                continue  # "including a soldier": part of the total, not another count
        elif in_list and not breakdown:
            continue
        figs.append(_Figure(kind, Count.from_quantity(q), qs, qe, victim, breakdown))
        taken.append((qs, qe))
    for m in _SINGLE.finditer(sent):
        if any(a <= m.start() < b for a, b in taken) or _in_quotes(sent, m.start()):
            continue
        noun = m.group(1).split()[-1].lower()
        if noun not in _PERSON_NOUNS and noun.rstrip("s") not in demo and noun not in demo:
            continue
        nxt = _NEXT_LOWER_WORD.match(sent[m.end():])
        if nxt and nxt.group(1) in _ACTOR_NOUNS:
            continue  # "a Palestinian assailant killed ...": the actor
        if _in_including_list(sent, m.start()):
            continue
        single_kind = _verb_kind(sent, m.start(), m.end())
        if single_kind in {"killed", "injured"}:
            # "a Ukrainian woman" counts only next to a casualty verb or another figure
            figs.append(_Figure(str(single_kind), Count(1, 1, 1, "", m.group()), m.start(),
                                m.end(), m.group()))
    figs.sort(key=lambda f: f.start)
    return _join_coordinated(sent, figs)


def _in_including_list(sent: str, pos: int) -> bool:
    """Whether ``pos`` lies in an "including X, Y and Z" list of a total before it."""
    last = None
    for m in _INCLUDING.finditer(sent, 0, pos):
        last = m
    if last is None:
        return False
    between = sent[last.end(): pos]
    return len(between) < 90 and not _LIST_END.search(between)


def _join_coordinated(sent: str, figs: list[_Figure]) -> list[_Figure]:
    """Add "six Israelis and a Ukrainian woman" up to one figure of seven."""
    out: list[_Figure] = []
    for f in figs:
        if out:
            prev = out[-1]
            gap = sent[prev.start + len(prev.victim) if prev.victim else prev.end: f.start]
            if (prev.kind == f.kind and not prev.breakdown and not f.breakdown
                    and _AND_GAP.fullmatch(gap) and f.count.text.lower().startswith(
                        ("a ", "an ", "one "))):
                c1, c2 = prev.count, f.count
                out[-1] = _Figure(prev.kind, Count(
                    c1.best + c2.best,
                    None if c1.low is None or c2.low is None else c1.low + c2.low,
                    None if c1.high is None or c2.high is None else c1.high + c2.high,
                    c1.qualifier, f"{c1.text} and {c2.text}"), prev.start, f.end,
                    f"{prev.victim} and {f.victim}")
                continue
        out.append(f)
    return out


def _locative(text: str, m: Mention, s: int) -> bool:
    """Whether a mention is where something happened ("in Gaza", "at Ashkelon").

    Subjects, owners and agents ("Israel said", "by Israel", "Gaza's health ministry") are not.
    """
    if m.role == "relative":
        return True
    after = text[m.end: m.end + 3]
    if after.startswith(("'s", "’s", "’ ", "' ")):
        return False
    words = _WORD_OR_PUNCT.findall(text[s: m.start])[-8:]
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        lw = w.lower()
        if lw in _LOC_PREPS or lw in _TARGET_VERBS:
            return True
        if lw in {"and", ","}:
            continue  # "at Ashkelon and Ashdod", "in Ramallah, Nablus"
        if lw == "of":
            if i > 0 and words[i - 1].lower() in {"residents", "inhabitants", "people",
                                                  "outskirts", "streets", "mayor"}:
                return True
            continue
        if lw in _STOP_PREPS or lw in {"(", ")", ";", ":"}:
            return False
        if lw in _PLACE_NOUNS or _SKIPPABLE.match(lw) or w[:1].isupper():
            continue
        return False
    return False


def _where_clause_place(text: str, sent_mentions: Sequence[Mention], s: int, sent: str,
                        anchor: int) -> Mention | None:
    """"... the district of Sheikh Jarrah, where evictions ...": the place before ", where"."""
    head = sent[:anchor]
    if "where" not in head:  # what _WHERE_CLAUSE needs, found much faster
        return None
    m = _WHERE_CLAUSE.search(head)
    if not m:
        return None
    before = [x for x in sent_mentions if x.end - s <= m.start() + 1]
    return before[-1] if before else None


def _locative_mentions(text: str, mentions: Sequence[Mention], s: int, e: int, anchor: int,
                       *, including_after: int = -1) -> list[Mention]:
    """The mentions of ``text[s:e]`` saying where the thing at ``anchor`` happened.

    Locative ones ("in X", "at X"), those of the anchor's clause first.
    """
    sent = text[s:e]
    sent_mentions = [m for m in mentions if s <= m.start and m.end <= e]
    incl = _INCLUDING.search(sent)
    cut = incl.start() if incl and 0 <= including_after < incl.start() else len(sent)
    loc = [m for m in sent_mentions if m.start - s < cut and _locative(text, m, s)]
    where_m = _where_clause_place(text, sent_mentions, s, sent, anchor)
    if where_m is not None:
        return [where_m]
    a, b = _clause_bounds(sent, anchor)
    in_clause = [m for m in loc if a <= m.start - s < b]
    return in_clause or loc


def locate_event(text: str, start: int, end: int, *, result: GeoparseResult | None = None,
                 gazetteer: Any = None) -> Mention | None:
    """The place mention where the event told by ``text[start:end]`` (its verb) happened.

    Parameters
    ----------
    text : str
        The text.
    start, end : int
        Offsets of the event's word (a verb such as "killed" or a noun such as "strike").
    result : GeoparseResult or None, optional, default None
        Geoparse of ``text``, computed when None.
    gazetteer : Gazetteer or None, optional, default None
        Used when geoparsing.

    Returns
    -------
    Mention or None
        The locative mention chosen by the event rules (most specific, then nearest), else
        the place mention nearest to the word in its sentence, else None.
    """
    from ._resolution import geoparse

    res = result if result is not None else geoparse(text, gazetteer=gazetteer)
    mentions = [m for m in res.mentions if m.place is not None and m.role != "dateline"]
    for s, e, _ in split_sentences(text):
        if s <= start < e:
            break
    else:
        s, e = 0, len(text)
    chosen = _locative_mentions(text, mentions, s, e, start - s)
    groups = _place_groups(text, chosen)
    if groups:
        return min(groups, key=lambda g: (_rank(g[0]), abs(g[0].start - start)))[0]
    near = [m for m in mentions if s <= m.start and m.end <= e]
    return min(near, key=lambda m: abs(m.start - start)) if near else None


def _sentence_events(ctx: _DocContext, idx: int, s: int, e: int, para: int,
                     qs: Sequence[Quantity], prev: Event | None,
                     doc_id: str, *, figures: bool = True, trig_mask: int | None = None,
                     placeless: bool = False) -> list[Event]:
    """Events of the sentence ``text[s:e]``; ``qs`` are the quantities inside it.

    ``figures`` False: the sentence can have no figure (see `_may_have_figures`).
    ``trig_mask``: its _trigger_mask, when known. ``placeless``: no mention of
    ``ctx.mentions`` starts in it (then only a figure makes an event of it).
    """
    text = ctx.text
    sent = text[s:e]
    figs = _figures(sent, qs, s) if figures else []
    if placeless and not figs:
        return []  # no figure and no place of its own (see below), whatever the triggers
    trig = _triggers(sent, trig_mask)
    if not trig and not figs:
        return []
    if trig:
        # the instrument of a passive ("damaged by rockets") is not what happened
        def prio(t: tuple[str, int, int]) -> tuple[int, int]:
            by = _BY_BEFORE.search(sent[max(0, t[1] - 25): t[1]])
            return (_PRIORITY[t[0]] + (100 if by else 0), t[1])

        category = min(trig, key=prio)[0]
    else:
        category = "casualties"
    if category in {"interception", "alert"} and any(f.kind == "rockets" for f in figs):
        category = "rocket_fire"
    if category == "casualties" and figs and all(f.kind == "mobilised" for f in figs):
        category = "mobilisation"
    if figs:
        anchor = figs[0].start
    else:
        anchor = min(t[1] for t in trig if t[0] == category)

    # --- where
    limit = figs[0].start if figs else -1
    chosen = _locative_mentions(text, ctx.mentions, s, e, anchor, including_after=limit)
    notes: list[str] = []
    groups: list[list[Mention | Place]] = [list(g) for g in _place_groups(text, chosen)]
    geo_fallback = 0
    if groups and figs:
        # figures belong to one place: the most specific group, then the nearest
        groups = [min(groups, key=lambda g: (_group_rank(g), _group_dist(g, s + anchor)))]
    if not groups:
        if not figs:
            return []  # no figure and no place of its own: a summary, not an incident
        place, how = _fallback_place(ctx, figs, prev)
        if place is None:
            groups = [[]]
        else:
            groups = [[place]]
            geo_fallback = 3 if how != "paragraph" else 2
            notes.append(f"place from the {how}")

    # --- when
    d0, d1, tp, how_date = ctx.sentence_date(idx, s, e, with_figures=bool(figs))
    own_date = not how_date and d0 is not None
    if how_date:
        notes.append(how_date)
    if not figs:
        # "fighting in Gaza has intensified": no figure, no date, no precise place -> no event
        if _search_twin(_GENERIC, sent):
            return []
        eventive = any(_EVENTIVE.search(sent[t[1]: t[2] + 3]) for t in trig)
        if not own_date and not eventive:
            groups = [g for g in groups if _group_rank(g) <= 2]
        if not groups:
            return []

    # --- cumulative
    cumulative = _is_cumulative(ctx, sent, para, s, e, figs)

    # --- who
    claimed = _claims(sent)
    if claimed and _UNVERIFIED.search(sent):
        notes.append("claim not independently verified")
    actors = _actors(sent, figs)
    victims = tuple(dict.fromkeys(f.victim for f in figs
                                  if f.victim and f.kind in {"killed", "injured", "arrested"}))

    counts: dict[str, Count] = {}
    breakdown: dict[str, Count] = {}
    for f in figs:
        if f.breakdown:
            breakdown.setdefault(f"{f.kind}_{f.breakdown}", f.count)
        else:
            counts.setdefault(f.kind, f.count)

    events: list[Event] = []
    for gi, group in enumerate(groups):
        lat, lon, place, name, prec = _where(group, geo_fallback)
        targets = tuple(_mention_name(x) for x in group) if len(group) > 1 else ()
        ev_type, sub = EVENT_TYPES[category]
        ev = Event(
            id=_event_id(doc_id, s, e, gi),
            category=category, event_type=ev_type, sub_event_type=sub,
            lat=lat, lon=lon, place=place, place_name=name, geo_precision=prec,
            date_start=d0, date_end=d1, time_precision=tp,
            counts=tuple((k, counts[k]) for k in COUNT_KINDS if k in counts),
            breakdown=tuple(sorted(breakdown.items())),
            cumulative=cumulative, actors=actors, victims=victims,
            claimed_by=claimed, targets=targets,
            evidence=(Evidence(doc_id, sent, s, e),), source_ids=(doc_id,),
            notes=tuple(notes),
            place_span=(group[0].start, group[0].end)
            if group and isinstance(group[0], Mention) else None,
        )
        events.append(ev)
    return events


def _mention_name(m: Mention | Place) -> str:
    if isinstance(m, Place):
        return m.name
    if m.role == "relative" and m.relative is not None and m.relative.text:
        return _relative_name(m)
    return m.text


def _relative_name(m: Mention) -> str:
    rel = m.relative
    words = _REL_LEAD.sub("", rel.text.strip() if rel else "")
    return f"{words} {m.text}".strip()


_APPOSITION_WORDS = frozenset(
    ", ( ) in of near outside inside the a an just city town village community district area "
    "neighbourhood neighborhood camp region province governorate suburb capital "
    "southern northern eastern western central coastal annexed occupied blockaded israeli "
    "palestinian part heart north south east west northeast northwest southeast southwest "
    "north-east north-west south-east south-west".split())


def _place_groups(text: str, mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Group locative mentions into the places where things happened.

    Nested ones ("X in the Y", "X, a city in Y") collapse to X; coordinated ones ("X, and
    another southwest of Y") stay apart; "at X and Y" is one group of two targets.
    """
    if not mentions:
        return []
    groups: list[list[Mention]] = []
    ms = sorted(mentions, key=lambda m: m.start)
    i = 0
    while i < len(ms):
        chain = [ms[i]]
        j = i + 1
        while j < len(ms):
            gap = text[chain[-1].end: ms[j].start]
            rel = ms[j].relative
            if ms[j].role == "relative" and rel is not None:
                rel_words = rel.text
                if gap.rstrip().endswith(rel_words.strip()):
                    gap = gap.rstrip()[: len(gap.rstrip()) - len(rel_words.strip())]
            if len(gap) < 45 and all(t in _APPOSITION_WORDS for t in
                                     _GAP_TOKEN.findall(gap.lower())) and \
                    _contains_or_near(ms[j], chain[-1]):
                chain.append(ms[j])
                j += 1
                continue
            break
        # "X, a city in southern Y near Z": X, unless a later named place is finer
        best = chain[0]
        for m in chain[1:]:
            if m.role != "relative" and _rank(m) < _rank(best):
                best = m
        groups.append([best])
        i = j
    # rocket targets: "at Ashkelon and (nearby) Ashdod" form one group
    merged: list[list[Mention]] = []
    for g in groups:
        if merged:
            gap = text[merged[-1][-1].end: g[0].start]
            if _TARGETS_AND.fullmatch(gap):
                merged[-1].append(g[0])
                continue
        merged.append(g)
    return merged


def _group_rank(g: Sequence[Mention | Place]) -> int:
    return _rank(g[0]) if g and isinstance(g[0], Mention) else 9


def _group_dist(g: Sequence[Mention | Place], pos: int) -> int:
    return abs(g[0].start - pos) if g and isinstance(g[0], Mention) else 0


def _rank(m: Mention) -> int:
    if m.place is None:
        return 9
    r = _KIND_RANK.get(m.place.kind, 2)
    if m.role == "relative" and m.relative is not None:
        # "southwest of Gaza City" is a point near the city: as precise as a neighbourhood
        r = 1 if m.relative.radius_km <= 15 else max(r, 3)
    return r


def _contains_or_near(outer: Mention, inner: Mention) -> bool:
    if outer.place is None or inner.place is None:
        return False
    if outer.place.id in inner.place.parents or outer.place.id == inner.place.id:
        return True
    if outer.place.kind in {"country", "admin1", "region"} and \
            outer.place.country == inner.place.country:
        return True
    from ._gazetteer import haversine_km

    return haversine_km(outer.place.lat, outer.place.lon, inner.place.lat, inner.place.lon) < 30


def _where(group: Sequence[Mention | Place], fallback_precision: int
           ) -> tuple[float | None, float | None, Place | None, str, int]:
    if not group:
        return None, None, None, "", 3
    first = group[0]
    if isinstance(first, Place):
        prec = max(_precision_of(first), fallback_precision)
        return first.lat, first.lon, first, first.name, prec
    place = first.place
    if place is None:
        return None, None, None, first.text, 3
    if first.role == "relative" and first.relative is not None:
        rel = first.relative
        prec = 2 if rel.radius_km <= 30 else 3
        return rel.lat, rel.lon, place, _relative_name(first), prec
    return place.lat, place.lon, place, place.name, _precision_of(place)


def _precision_of(place: Place) -> int:
    if place.kind in {"country", "admin1", "region", "natural feature"}:
        return 3
    if place.kind == "admin2":
        return 2
    return 1


def _victim_country(figs: Sequence[_Figure]) -> str | None:
    demo = demonyms()
    for f in figs:
        for w in _ASCII_WORD.findall(f.victim):
            lw = w.lower()
            c = demo.get(lw) or demo.get(lw[:-1]) or demo.get(lw[:-2])
            if c:
                return c
    return None


def _fallback_place(ctx: _DocContext, figs: Sequence[_Figure], prev: Event | None
                    ) -> tuple[Place | None, str]:
    country = _victim_country(figs)
    if (prev is not None and prev.place is not None
            and not any(n.startswith("place from") for n in prev.notes)
            and (country is None or prev.place.country == country)):
        return prev.place, "paragraph"
    place = ctx.focus_place(country)
    if place is None:
        return None, ""
    return place, ("article's focus" if country is None
                   else "victims' nationality and the article")


_CUMULATIVE_CUES = re.compile(
    r"\b(?:so far|in total|a total of|total(?:led|ed)? |overall|to date|death toll|since the "
    r"(?:start|beginning|outbreak)|since then|cumulative|altogether|in all\b|this year|"
    r"since the war)", re.I)
_PERFECT = re.compile(r"\b(?:have|has) (?:been |now )?(?:killed|wounded|injured|fled|died|"
                      r"displaced|arrested|left)|\b(?:have|has) (?:been )?(?:fired|launched)",
                      re.I)


def _is_cumulative(ctx: _DocContext, sent: str, para: int, s: int, e: int,
                   figs: Sequence[_Figure]) -> bool:
    if not figs:
        return False
    if _search_twin(_CUMULATIVE_CUES, sent):
        return True
    own = ctx._event_dates(s, e, True)
    if own:
        best = min(own, key=lambda x: (x.precision, x.start))
        if best.precision >= 3:
            return True
        if best.since and best.date_start and best.date_end and \
                (best.date_end - best.date_start).days > 3:
            return True
        return False
    return ctx.paragraph_cumulative(para) and bool(_PERFECT.search(sent))


def _clean_np(np: str) -> str:
    np = _SPACES.sub(" ", np).strip(" ,.;:\"“”'’")
    np = _NP_LEAD.sub("", np)
    return np


_SOURCE_NOUNS = re.compile(
    r"\b(?:officials?|authorities|ministry|spokes(?:man|woman|person)|police|army|military|"
    r"sources?|reporter|correspondent|service|witnesses|medics|paramedics|residents|hospital|"
    r"doctors|agency|media|television|tv|radio|newspaper|group|office|count|statement|"
    r"observatory|monitor|un|who|icrc|ocha)\b", re.I)
_SAY = r"(?:said|says|reported|reports|told|claimed|claims|confirmed|announced|stated)"
_CLAIM_BEFORE = re.compile(
    rf"(?:^|[,;:\"“”(]\s*|\b(?:and|while|but)\s+)([^,;:\"“”()]{{2,70}}?)\s+"
    rf"(?:has\s+|have\s+|had\s+)?{_SAY}\b")
_CLAIM_AFTER_END = re.compile(rf",\s*{_SAY}\s+([^,;:\"“”()]{{2,70}}?)\s*[.!]?\s*$")


def _claim_ok(np: str) -> bool:
    words = np.split()
    if not 0 < len(words) <= 8:
        return False
    if _CLAIM_BAD_START.match(np):
        return False
    if _CLAIM_BAD_END.search(np):
        return False
    if _CLAIM_CLAUSE.search(np):
        return False
    return bool(_SOURCE_NOUNS.search(np) or any(w[:1].isupper() for w in words))


# What the claim patterns cannot match without (each is cheaper to look for than a pattern):
# _CLAIM_AFTER (case-insensitive; lower() folds its letters as re.I does, but for the i of a
# sentence with İ or ı) needs one of the first words, the two "said" patterns (case-sensitive)
# one of the second.
_CLAIM_AFTER_WORDS = ("according to", "per", "citing", "quoted by", "reported by")
_SAY_WORDS = ("said", "says", "report", "told", "claim", "confirmed", "announced", "stated")


def _claims(sent: str) -> tuple[str, ...]:
    found: list[str] = []
    low = sent.lower()
    if any(w in low for w in _CLAIM_AFTER_WORDS) or (
            _has_fold_odd(sent)):
        for m in _CLAIM_AFTER.finditer(sent):
            np = _clean_np(m.group(1))
            if _claim_ok(np):
                found.append(np)
    if not any(w in sent for w in _SAY_WORDS):
        return tuple(dict.fromkeys(found))
    for m in _CLAIM_BEFORE.finditer(sent):
        np = _clean_np(m.group(1))
        np = _GROUP_LEAD.sub("", np)
        if _claim_ok(np) and not _in_quotes(sent, m.start(1)):
            found.append(np)
    end = _CLAIM_AFTER_END.search(sent)
    if end:
        np = _clean_np(_CLAIM_TAIL.sub("", end.group(1)))
        if _claim_ok(np):
            found.append(np)
    return tuple(dict.fromkeys(found))


def _actors(sent: str, figs: Sequence[_Figure]) -> tuple[str, ...]:
    spans = [(f.start, f.end + len(f.victim)) for f in figs]
    found: list[str] = []
    for m in _ACTOR_RE.finditer(sent):
        if any(a <= m.start() < b for a, b in spans) or _in_quotes(sent, m.start()):
            continue
        np = _clean_np(m.group(1))
        np = _ARTICLE_LEAD.sub("", np)
        window = sent[m.end(): m.end() + 60]
        before = sent[max(0, m.start() - 12): m.start()]
        if _VIOLENT_VERB.search(window[:45]) or _BY_THE_BEFORE.search(before):
            found.append(np)
    return tuple(dict.fromkeys(found))


def _apply_no_casualties(events: list[Event], zero: Sequence[tuple[date | None, int]]
                         ) -> list[Event]:
    """Set killed = injured = 0 where the article says "no casualties" for that date."""
    zero_dates = {d for d, _ in zero if d is not None}
    out = []
    for ev in events:
        has = ev.count("killed") or ev.count("injured")
        if not has and not ev.cumulative and (ev.date_start in zero_dates or
                                              (not zero_dates and ev.date_start is None)):
            ev = replace(ev, counts=(*ev.counts, ("killed", Count(0, 0, 0, "", "no casualties")),
                                     ("injured", Count(0, 0, 0, "", "no casualties"))),
                         notes=(*ev.notes, "no casualties reported"))
        out.append(ev)
    return out


def _event_id(doc_id: str, s: int, e: int, k: int) -> str:
    h = hashlib.sha1(f"{doc_id}\x00{s}\x00{e}\x00{k}".encode("utf-8", "surrogatepass"))
    return "ev-" + h.hexdigest()[:12]

