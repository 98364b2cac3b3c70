"""Counts in news text: ``"at least 26"``, ``"Nine children"``, ``"dozens of"``, ``"20-30"``.

:func:`find_quantities` returns every count in a text as a :class:`Quantity` with a
conservative best estimate and the bounds the wording states, in the spirit of ACLED's
fatality coding. :func:`parse_number` reads one number written in digits or words.

Qualifiers and what they give (``best / low / high``, ``None`` = unbounded):

=====================================  ============  =============================
Wording                                qualifier     best / low / high
=====================================  ============  =============================
``26``, ``nine``, ``a dozen``          ``""``        N / N / N
``at least N``, ``N or more``, ``N+``  at least      N / N / None
``more than N``, ``over N``            more than     N / N / None (see below)
``about``, ``some``, ``an estimated``  about         N / N / N
``nearly``, ``almost``, ``close to``   nearly        N / None / N
``up to N``, ``as many as N``          up to         N / None / N
``fewer than``, ``less than``, under   fewer than    N-1 / None / N-1
``between 20 and 30``, ``20-30``       between       20 / 20 / 30
``dozens``, ``hundreds``, ``several``  vague         12, 100, 3 / same / None
=====================================  ============  =============================

Conservative choices
--------------------
* ``more than N`` keeps ``best = low = N`` rather than ``N + 1``: the reporter's figure is
  the number that can be sourced, which is what ACLED records.
* ``up to N`` and ``nearly N`` keep ``best = N`` but leave ``low`` unset; a caller that
  wants a strict lower bound should read ``low``.
* Ranges take the lower end as ``best``. ``"2 to 3 million"`` scales both ends.
* Vague words use ACLED's conventions: ``dozens`` 12, ``scores of`` 20, ``hundreds`` 100,
  ``thousands`` 1,000, ``tens of thousands`` 10,000, ``hundreds of thousands`` 100,000,
  ``several`` / ``a few`` / ``a number of`` / ``a handful of`` 3, ``a couple of`` 2. Before
  a scale word ``several`` and ``a couple`` multiply by 2 and ``a few`` by 1, so
  ``several dozen`` is 24 and ``a few hundred`` is 100. The span of a vague phrase leaves
  out a trailing ``of`` unless the phrase needs it (``dozens`` but ``scores of``).
* ``from 20 to 30`` is read as two counts, not a range (it usually reports a change).

What is not a count
-------------------
Percentages, money, times, dates, ages (``5-year-old``, ``aged 24``, ``Siraj, 24,``),
ordinals, durations and distances (a unit word follows), negative numbers, values above
100,000,000, decimals without ``million``/``billion``, digits touching letters, ``/``,
``:`` or ``^`` (ids, URLs, ``COVID-19``, ``F-16``, ``10^30``), numbers with a leading
zero, phone-like digit chains, and labels: a number directly after a capitalised word
that is not a known qualifier, verb or function word (``Route 60``, ``Resolution 242``,
``January 26``), or after a label word such as ``section`` or ``page``. ``a``/``an``
alone, ``no one`` and ``none`` are not counts either.

Years
-----
A bare four-digit number from 1900 to 2100 is a year when it follows a year cue
(``in``, ``since``, ``during``, ``year``, ``summer of`` ...), when it comes before a
conflict or event word (``war``, ``election``), before a capitalised word after a
determiner or at the start of a clause (``the 2014 Gaza conflict``), in ``(2014)`` or
after ``26,``, or when it opens a clause and no plural noun follows (``2022 saw ...``).
Otherwise it is a count: ``killed 2021 people``. ``5.000`` (three decimals, no scale
word after) is read as the European 5,000.

Title-case headlines whose verb before the number is not in the known list, and
sentences opening with an unlisted capitalised adverb, lose that number; that is the
price of skipping labels.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from ._normalize import FOLD_ODD

__all__ = ["Quantity", "find_quantities", "parse_number"]

#: Largest value accepted as a count; anything above is an id or a typo.
_MAX_COUNT = 100_000_000
#: Longest digit run looked at (ids and hashes are longer).
_MAX_RUN = 30

_QUALIFIERS = (
    "",
    "at least",
    "more than",
    "about",
    "nearly",
    "up to",
    "fewer than",
    "between",
    "vague",
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count found in a text.

    Parameters
    ----------
    start, end : int
        ``str`` offsets into the text searched; ``text[start:end] == self.text``. The span
        includes the qualifier (``"at least 26"``, ``"25 or more"``).
    text : str
        The matched text.
    best : int
        Conservative best estimate.
    low : int or None
        Lower bound, ``None`` when the wording states none (``nearly``, ``up to``).
    high : int or None
        Upper bound, ``None`` when open-ended (``at least``, ``more than``, vague words).
    qualifier : str
        One of ``""``, ``"at least"``, ``"more than"``, ``"about"``, ``"nearly"``,
        ``"up to"``, ``"fewer than"``, ``"between"``, ``"vague"``.
    vague : bool, default False
        True for words such as ``dozens`` or ``several``.
    number_start, number_end : int, default 0
        Offsets of the number itself, without the qualifier.

    Raises
    ------
    ValueError
        When the bounds are negative or out of order, or the qualifier is unknown.

    Examples
    --------
    >>> q = Quantity(0, 11, "at least 26", 26, 26, None, "at least", number_start=9, number_end=11)
    >>> q.best, q.low, q.high, q.text[q.number_start - q.start :]
    (26, 26, None, '26')
    """

    start: int
    end: int
    text: str
    best: int
    low: int | None
    high: int | None
    qualifier: str
    vague: bool = False
    number_start: int = 0
    number_end: int = 0

    def __post_init__(self) -> None:
        if self.qualifier not in _QUALIFIERS:
            raise ValueError(
                f"Quantity qualifier {self.qualifier!r} ({type(self.qualifier).__name__}) "
                f"is not known; expected one of {_QUALIFIERS!r}."
            )
        if self.best < 0 or (self.low is not None and self.low < 0):
            raise ValueError(
                f"Quantity bounds must be >= 0, got best={self.best!r}, low={self.low!r}; "
                "negative numbers are not counts."
            )
        if self.low is not None and self.low > self.best:
            raise ValueError(
                f"Quantity low={self.low!r} is above best={self.best!r}; "
                "expected low <= best."
            )
        if self.high is not None and self.high < self.best:
            raise ValueError(
                f"Quantity high={self.high!r} is below best={self.best!r}; "
                "expected best <= high."
            )


# --------------------------------------------------------------------------- vocabulary

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SCALE_MULT = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "dozen": 12, "mn": 1_000_000, "bn": 1_000_000_000, "m": 1_000_000, "k": 1_000,
}  # fmt: skip
_VAGUE_VALUES = {
    "tens of thousands": 10_000,
    "tens of millions": 10_000_000,
    "hundreds of thousands": 100_000,
    "hundreds of millions": 100_000_000,
    "millions": 1_000_000,
    "thousands": 1_000,
    "hundreds": 100,
    "dozens": 12,
    "scores of": 20,
    "tens of": 10,
    "several": 3,
    "a few": 3,
    "a number of": 3,
    "a handful of": 3,
    "a couple of": 2,
}
# Longest first: "a couple of" before "a couple".
_VAGUE_PREFIXES = (("a couple of", 2), ("a couple", 2), ("several", 2), ("a few", 1))

_LEFT_QUALIFIERS = {
    "at least": "at least",
    "no fewer than": "at least",
    "no less than": "at least",
    "not less than": "at least",
    "a minimum of": "at least",
    "more than": "more than",
    "well over": "more than",
    "just over": "more than",
    "over": "more than",
    "upwards of": "more than",
    "in excess of": "more than",
    "above": "more than",
    "about": "about",
    "around": "about",
    "some": "about",
    "approximately": "about",
    "approx.": "about",
    "roughly": "about",
    "an estimated": "about",
    "estimated": "about",
    "~": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "just short of": "nearly",
    "approaching": "nearly",
    "up to": "up to",
    "as many as": "up to",
    "at most": "up to",
    "no more than": "up to",
    "not more than": "up to",
    "a maximum of": "up to",
    "fewer than": "fewer than",
    "less than": "fewer than",
    "under": "fewer than",
    "below": "fewer than",
    "between": "between",
}

# Words that may stand capitalised right before a count (sentence start, title case).
_COUNT_CONTEXT = frozenset(
    """
    a an the at least some about around nearly almost over more than fewer less under below
    above up to as many much between and or but of in on for with by from after before
    during since including among amid only just another all these those its his her their
    our my your we they he she it there here were are was is be been being had have has
    will would could might must can did do does when where while that which who so then
    now today yesterday tonight overnight also not further additional other against into
    across approximately roughly estimated upwards nearly
    monday tuesday wednesday thursday friday saturday sunday
    kill kills killed killing wound wounds wounded wounding injure injures injured injuring
    die dies died dead leave leaves left claim claims claimed arrest arrests arrested
    detain detains detained fire fires fired launch launches launched displace displaces
    displaced hit hits shot shoot shoots take takes took reach reaches reached rise rises
    rose toll total kidnap kidnaps kidnapped abduct abducts abducted free frees freed
    release releases released evacuate evacuates evacuated rescue rescues rescued bury
    buries buried capture captures captured seize seizes seized destroy destroys destroyed
    flee flees fled say says said report reports reported confirm confirms confirmed
    see sees saw
    """.split()
)
# Lower-case words that make the next number a label, not a count.
_LABEL_WORDS = frozenset(
    """
    page pages chapter section article paragraph clause resolution route highway road
    street flight platform gate room level phase stage round number no grade category class
    model version channel bus unit building block apartment zone sector exit junction verse
    item table figure episode season series volume issue tier mark covid question lane plot
    seat
    """.split()
)
# Abbreviations that, with a dot, make the next number a label or a date.
_ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec no nos nr art sec vol ch fig para ref
    rev p pp st rte hwy v vs
    """.split()
)
_DETERMINERS = frozenset("the a an its his her their our this that last next".split())
_YEAR_CUES = frozenset(
    """
    in since during until till by from year early late mid summer spring autumn winter fall
    throughout circa
    """.split()
)
_EVENT_WORDS = frozenset(
    """
    war wars conflict conflicts election elections offensive ceasefire truce intifada
    uprising invasion protest protests revolution campaign operation escalation hostilities
    flotilla census budget season report agreement accord accords deal summit olympics law
    act survey edition vote referendum earthquake floods borders border lines crisis coup
    massacre siege incursion war's
    """.split()
)
_PERSON_WORDS = frozenset(
    """
    people persons children men women civilians police personnel staff troops dead killed
    wounded injured died of others more
    """.split()
)
_NOT_PLURAL = frozenset(
    "is was has as us this its his thus plus less unless across yes does gas always".split()
)
_ONE_BLOCKERS = frozenset(
    "no any every each this that which the such someone anyone everyone".split()
)

# ------------------------------------------------------------------------------ regexes

_W = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty"
    r"|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen)\b"
)
_WORDS_RE = (
    r"(?<![\w'’-])(?:half\s+a\s+(?=dozen\b)|a\s+(?=(?:hundred|thousand|million|dozen)\b))?"
    + _W
    + r"(?:(?:\s+and\s+|\s+|-)"
    + _W
    + r"){0,16}"
)
_VAGUE_RE = (
    r"(?<![\w'’-])(?:"
    r"(?:tens|hundreds)\s+of\s+(?:thousands|millions)"
    r"|(?:several|a\s+few|a\s+couple(?:\s+of)?)\s+(?:dozen|hundred|thousand|million)"
    r"(?:\s+(?:thousand|million))?"
    r"|millions|thousands|hundreds|dozens|scores\s+of|tens\s+of|several|a\s+few"
    r"|a\s+number\s+of|a\s+couple\s+of|a\s+handful\s+of"
    r")\b"
)
# The leading ``\b(?=...)`` lets the scan skip most positions cheaply.
_CANDIDATE = re.compile(
    rf"\b(?=[0-9abdefhmnostz])(?:(?P<vague>{_VAGUE_RE})|(?P<words>{_WORDS_RE})"
    rf"|(?P<digits>(?<![\w.,/:^\\])[0-9]))",
    re.IGNORECASE,
)
# Where _CANDIDATE may match. Its \b and lookahead give the regex engine nothing to skip
# ahead by, so searching with it costs a full attempt at every position of the text. This
# case-sensitive twin, run on ``text.lower()``, starts with literals the engine jumps between;
# it finds the first letters of every vague word and number word (and "a" or "half" before
# them) and every digit, each at a word start (``(?<!\w.)`` after the first character is the
# \b before it): a superset of the positions where _CANDIDATE matches, which is then tried at
# those only (see _candidate_starts; tests/test_numbers.py checks the superset).
_START_WORDS = (
    ("a", r"\s+(?=[cdfhmnt])"), ("t", "(?:en|h(?:ir|re|ou)|w(?:o|el|en))"),
    ("h", "(?:und|alf)"), ("s", "(?:eve|cor|ix)"), ("m", "ill"), ("d", "oz"), ("z", "er"),
    ("o", "ne"), ("f", "(?:our|orty|ive|ift)"), ("e", "(?:igh|lev)"), ("n", "ine"),
    ("b", "ill"),
)
_CANDIDATE_START = re.compile(
    "|".join(f"{first}(?<!\\w.){rest}" for first, rest in (
        *_START_WORDS, *((digit, "") for digit in "0123456789"),
    ))
)
# _CANDIDATE_START found from the character before the word: a match is the non-word
# character in front of a word start the twin matches at, searched in " " + text.lower() so
# that it ends where the word starts (m.start() is the twin's position in text.lower()). The
# engine then stops only at non-word characters (a space in six), not at every a, t, s, o...
# and each match covers one character, so no start is hidden (tests/test_numbers.py compares
# the two).
_CANDIDATE_BEFORE = re.compile(
    r"\W(?=[0-9]|" + "|".join(first + rest for first, rest in _START_WORDS) + ")"
)
_NON_SPACE = re.compile(r"\S")
# Characters IGNORECASE matches to an ASCII letter that lower() does not turn into it
_WORDS_AT = re.compile(_WORDS_RE, re.IGNORECASE)
_VAGUE_FULL = re.compile(_VAGUE_RE, re.IGNORECASE)
_ALPHA = re.compile(r"[^\W\d_]+")
_NUMRUN = re.compile(r"[0-9]+(?:[.,\u2009\u202f][0-9]+)*")
_CHAIN = re.compile(r"[0-9]+(?:[-\u2010-\u2014./:,^+\u2009\u202f]?[0-9]+)*")
_PLAIN = re.compile(r"[0-9]+")
_COMMA_GROUPS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_THIN_GROUPS = re.compile(r"[0-9]{1,3}(?:[\u2009\u202f][0-9]{3})+")
_DOT_GROUPS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_DECIMAL = re.compile(r"(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)\.[0-9]+")
_SUFFIX = re.compile(r"(mn|bn|m|k)(?!\w)", re.IGNORECASE)
_SCALE_WORD = re.compile(
    r"[ \t\u00a0]+(hundred|thousand|million|billion|dozen|mn|bn)(?![^\W\d_])", re.IGNORECASE
)
_UNIT_WORDS = (
    r"per\s*cent|percent(?:age)?|pct|"
    r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|weekends?|fortnights?|"
    r"months?|years?|yrs?|decades?|centur(?:y|ies)|gmt|utc|bst|cet|cest|est|edt|"
    r"[ap]\.m\.?|[ap]m|o['’]clock|"
    r"km|kms|kilomet(?:re|er)s?|mi|miles?|met(?:re|er)s?|m|cm|mm|ft|feet|foot|inch(?:es)?|"
    r"yards?|nautical|sq|square|acres?|hectares?|ha|dunams?|dunums?|"
    r"kg|kgs|kilo(?:gram)?s?|grams?|g|tonnes?|tons?|lbs?|ounces?|oz|"
    r"lit(?:re|er)s?|gallons?|barrels?|bpd|mph|kph|knots?|degrees?|mw|kw|gw|mwh|kwh|"
    r"times|time|fold|"
    r"dollars?|usd|euros?|eur|pounds?|sterling|gbp|shekels?|nis|ils|dinars?|riyals?|rials?|"
    r"rupees?|yen|yuan|renminbi|francs?|roubles?|rubles?|hryvni(?:a|as)|liras?|lire|pesos?|"
    r"cents?|bucks|dirhams?"
)
_UNIT_AFTER = re.compile(
    rf"\s*(?:%|‰|°)|\s+(?:{_UNIT_WORDS})(?![^\W\d_])|\s*-\s*(?:{_UNIT_WORDS})(?![^\W\d_])",
    re.IGNORECASE,
)
_VAGUE_UNIT_AFTER = re.compile(rf"(?:\s+of)?\s+(?:{_UNIT_WORDS})(?![^\W\d_])", re.IGNORECASE)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_MONTH_AFTER = re.compile(rf"\s+(?:of\s+)?{_MONTH}(?![^\W\d_])")
_FRACTION_AFTER = re.compile(
    r"[\s-]+(?:half|halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?"
    r"|tenths?|hundredths?|thousandths?|millionths?|first|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth|tenth)(?![^\W\d_])",
    re.IGNORECASE,
)
_LEFT_QUAL = re.compile(
    r"(?<![\w'’])(?P<q>"
    r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than|a\s+minimum\s+of"
    r"|no\s+more\s+than|not\s+more\s+than|more\s+than|well\s+over|just\s+over|over"
    r"|upwards\s+of|in\s+excess\s+of|above|an\s+estimated|estimated|about|around|some"
    r"|approximately|approx\.|roughly|nearly|almost|close\s+to|just\s+under"
    r"|just\s+short\s+of|approaching|up\s+to|as\s+many\s+as|at\s+most|a\s+maximum\s+of"
    r"|fewer\s+than|less\s+than|under|below|between"
    r")\s+$|(?P<tilde>~)\s*$",
    re.IGNORECASE,
)
_RIGHT_QUAL = re.compile(
    r"\s*\+(?![0-9])|[-\u2010\u2011](?:plus|odd)(?![^\W\d_])"
    r"|\s+(?:or\s+more|and\s+more|or\s+so|odd)(?![^\W\d_])",
    re.IGNORECASE,
)
_RANGE_SEP = re.compile(
    r"(?P<dash>[ \t\u00a0]*[-\u2010-\u2014][ \t\u00a0]*)(?=[0-9])"
    r"|\s+(?P<word>to|or|and)\s+(?=\w)",
    re.IGNORECASE,
)
_PREV_WORD = re.compile(r"(?<![\w'’])([^\W\d_](?:[\w'’]*[^\W_])?)(\.?)\s+$")
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’]*)")
_AGE_LEFT = re.compile(
    r"(?<![\w'’])(?:aged?|ages)\s+(?:of\s+|between\s+|from\s+)?$", re.IGNORECASE
)
_YEAR_OF_LEFT = re.compile(
    r"(?<![\w'’])(?:summer|spring|autumn|winter|fall|end|start|beginning|middle|half|war"
    r"|class|elections?|events?|months?|year|quarter)\s+of\s+$",
    re.IGNORECASE,
)
_YEAR_PAIR_LEFT = re.compile(
    r"(?<![0-9])(?:19|20)[0-9]{2}\s*(?:to|and|or|until|till|through|[-\u2010-\u2014])\s*$",
    re.IGNORECASE,
)
_APPOS_LEFT = re.compile(r"(?<![\w'’])([^\W\d_][\w'’-]*),\s*$")
_APPOS_RIGHT = re.compile(r"\s*(?:[,;)]|\.(?!\w))")
_PAREN_LEFT = re.compile(r"(?<![\w'’])([^\W\d_][\w'’-]*)\s*\(\s*$")
_PAREN_RIGHT = re.compile(r"\s*\)")
_DATE_COMMA_LEFT = re.compile(r"[0-9](?:st|nd|rd|th)?,\s*$")
_CURRENCY_LEFT = re.compile(r"[$€£¥₪₹₽₴¢]\s*$")
_SPACE_DIGIT = re.compile(r"[ \t\u00a0]+[0-9]")
_SPACE_CHAIN = re.compile(r"[0-9]+(?:[ \t\u00a0]*[-\u2010-\u2014./:,()+]?[ \t\u00a0]*[0-9]+)*")
_SPACES = re.compile(r"\s+")
_DASHES = "-\u2010\u2011\u2012\u2013\u2014"
_NEGATIVE = "-\u2010\u2011\u2012\u2013\u2014\u2212"


# ------------------------------------------------------------------------------ helpers


@dataclass(frozen=True, slots=True)
class _Num:
    """A number read from the text: its span, value and trailing scale word."""

    start: int
    end: int
    value: int
    tail: int
    digits: str  # the digit run, "" for word numbers
    words: tuple[str, ...] = ()

    @property
    def plain4(self) -> bool:
        """True for a bare four-digit integer (a year candidate)."""
        return self.tail == 1 and len(self.digits) == 4 and self.digits.isdigit()

    @property
    def year_like(self) -> bool:
        """True for a bare four-digit integer from 1900 to 2100."""
        return self.plain4 and 1900 <= self.value <= 2100


def _at(text: str, i: int) -> str:
    """The character at ``i``, or NUL outside the text (never in any character set used)."""
    return text[i] if 0 <= i < len(text) else "\0"


def _eval_words(words: list[str]) -> tuple[int, int, int]:
    """Value, number of words used and trailing multiplier of the longest number prefix.

    The number of words used is 0 when no prefix is a number.
    """
    total = 0
    group = 0
    state = "start"
    last_scale = 10**12
    best = (0, 0, 1)
    hundred_in_group = False
    i = 0
    if words[:3] == ["half", "a", "dozen"]:
        return (6, 3, 1)
    if words[:1] == ["a"]:
        group, state, i = 1, "a", 1
    while i < len(words):
        w = words[i]
        tail = 1
        if w in _UNITS:
            v = _UNITS[w]
            if v == 0:
                if state != "start":
                    break
                state = "zero"
            elif state in ("start", "and", "hundred", "scale", "tens"):
                group += v
                state = "unit"
            else:
                break
        elif w in _TEENS:
            if state not in ("start", "and", "hundred", "scale"):
                break
            group += _TEENS[w]
            state = "teen"
        elif w in _TENS:
            if state not in ("start", "and", "hundred", "scale"):
                break
            group += _TENS[w]
            state = "tens"
        elif w == "hundred":
            if state not in ("unit", "teen", "tens", "a") or hundred_in_group or group > 99:
                break
            group *= 100
            hundred_in_group = True
            state = "hundred"
            tail = 100
        elif w in _SCALES:
            scale = _SCALES[w]
            if state not in ("unit", "teen", "tens", "hundred", "a") or scale >= last_scale:
                break
            total += group * scale
            group = 0
            hundred_in_group = False
            last_scale = scale
            state = "scale"
            tail = scale
        elif w == "dozen":
            if state not in ("unit", "teen", "tens", "a") or total or group > 99:
                break
            group *= 12
            state = "dozen"
            tail = 12
        elif w == "and":
            if state not in ("hundred", "scale"):
                break
            state = "and"
        else:
            break
        i += 1
        if state not in ("and", "a"):
            best = (total + group, i, tail)
        if state in ("zero", "dozen"):
            break
    return best


def _digits_value(run: str, scaled: bool) -> Decimal | None:
    """Value of a digit run such as ``5,000``, ``2.3`` or ``5.000``; None when malformed."""
    if _PLAIN.fullmatch(run):
        if len(run) > 1 and run[0] == "0":
            return None
        return Decimal(run)
    if _COMMA_GROUPS.fullmatch(run) or _THIN_GROUPS.fullmatch(run):
        if run[0] == "0":
            return None
        return Decimal(run.replace(",", "").replace("\u2009", "").replace("\u202f", ""))
    if _DOT_GROUPS.fullmatch(run) and not (scaled and run.count(".") == 1):
        if run[0] == "0":
            return None
        return Decimal(run.replace(".", ""))
    if scaled and _DECIMAL.fullmatch(run):
        return Decimal(run.replace(",", ""))
    return None


def _chain_end(text: str, pos: int) -> int:
    m = _CHAIN.match(text, pos)
    return m.end() if m else pos + 1


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(1) if m else ""


def _countable_next(text: str, pos: int) -> bool:
    """True when the next word looks like the thing counted (``people``, a plural)."""
    word = _next_word(text, pos).lower()
    if word in _PERSON_WORDS:
        return True
    return (
        len(word) > 2
        and word.endswith("s")
        and word not in _NOT_PLURAL
        and word not in _EVENT_WORDS
    )


def _read_digits(text: str, pos: int) -> _Num | int:
    m = _NUMRUN.match(text, pos)
    if m is None:
        return pos + 1
    run, e = m.group(), m.end()
    if len(run) > _MAX_RUN:
        return _chain_end(text, pos)
    c = _at(text, e)
    tail, end = 1, e
    if c.isalpha():
        sm = _SUFFIX.match(text, e)
        if sm is None or not _countable_next(text, sm.end()):
            return e
        tail, end = _SCALE_MULT[sm.group(1).lower()], sm.end()
    elif c in "/\\^°%‰@#" or (c in ":+" and _at(text, e + 1).isdigit()):
        return _chain_end(text, pos)
    elif c in "'’" and _at(text, e + 1) in ("s", "S") and not _at(text, e + 2).isalnum():
        return e + 2
    else:
        for _ in range(3):
            sm = _SCALE_WORD.match(text, end)
            if sm is None:
                break
            tail *= _SCALE_MULT[sm.group(1).lower()]
            end = sm.end()
    value = _digits_value(run, tail > 1)
    if value is None:
        return _chain_end(text, pos)
    total = value * tail
    if total > _MAX_COUNT:
        return max(end, _chain_end(text, pos))
    return _Num(pos, end, int(total), tail, run)


def _read_words(text: str, m: re.Match[str]) -> _Num | int:
    words = _ALPHA.findall(m.group().lower())
    if not words:
        return m.end()
    value, used, tail = _eval_words(words)
    end = m.end()
    for i, token in enumerate(_ALPHA.finditer(text, m.start(), m.end())):
        if i == max(used, 1) - 1:
            end = token.end()
            break
    if used == 0:
        return end
    c = _at(text, end)
    if c in "-\u2010\u2011" and _at(text, end + 1).isalpha():
        if _RIGHT_QUAL.match(text, end) is None:
            return end
    elif c in "'’" and _at(text, end + 1).isalpha():
        return end
    if value > _MAX_COUNT:
        return end
    return _Num(m.start(), end, value, tail, "", tuple(words[:used]))


def _read_number(text: str, pos: int) -> _Num | int:
    """Read a number starting exactly at ``pos``; an int is the position to resume at."""
    c = _at(text, pos)
    if "0" <= c <= "9":
        return _read_digits(text, pos)
    m = _WORDS_AT.match(text, pos)
    if m is None:
        return pos + 1
    return _read_words(text, m)


def _left_blocked(text: str, num: _Num, lo: int) -> bool:
    """True when what touches the number on the left makes it a non-count."""
    s = num.start
    b = _at(text, s - 1)
    if b.isalnum() or b in "_/\\:^.#@+=&*'’" or b in _NEGATIVE:
        return True
    if b in "$€£¥₪₹₽₴¢":
        return True
    if b.isspace():
        if _CURRENCY_LEFT.search(text, max(0, s - 4), s):
            return True
        if num.digits and _at(text, s - 2).isdigit():
            return True  # "123 4567": a phone number or code
    return False


def _prev_word(text: str, lo: int, pos: int) -> tuple[str, bool] | None:
    """The word right before ``pos`` (whitespace only between) and whether a dot follows it."""
    m = _PREV_WORD.search(text, lo, pos)
    if m is None:
        return None
    return m.group(1), bool(m.group(2))


def _is_label(prev: tuple[str, bool] | None) -> bool:
    """True when the previous word makes the number a label or date (``Route 60``)."""
    if prev is None:
        return False
    word, dot = prev
    low = word.lower()
    if dot:
        return low in _ABBREVIATIONS
    if low in _LABEL_WORDS:
        return True
    if not any(ch.isupper() for ch in word):
        return False
    if low.endswith(("'s", "’s", "s'", "s’")):
        return False
    return low not in _COUNT_CONTEXT


def _is_year(text: str, num: _Num, prev: tuple[str, bool] | None, lo: int) -> bool:
    """Year heuristic for a bare 1900-2100 number; see the module docstring."""
    if not num.year_like:
        return False
    s, e = num.start, num.end
    prev_low = prev[0].lower() if prev else ""
    if prev is not None and not prev[1] and prev_low in _YEAR_CUES:
        return True
    if _YEAR_OF_LEFT.search(text, lo, s) or _DATE_COMMA_LEFT.search(text, lo, s):
        return True
    if _YEAR_PAIR_LEFT.search(text, lo, s):
        return True
    if _PAREN_RIGHT.match(text, e) and _at(text, s - 1) == "(":
        return True
    nxt = _next_word(text, e)
    if nxt.lower() in _EVENT_WORDS:
        return True
    head = prev is None or prev[1] or prev_low in _DETERMINERS
    head = head or prev_low.endswith(("'s", "’s", "s'", "s’"))
    if nxt[:1].isupper() and head:
        return True
    return (prev is None or prev[1]) and not _countable_next(text, e)


def _bounds(qualifier: str, n: int) -> tuple[int, int | None, int | None]:
    if qualifier in ("at least", "more than"):
        return n, n, None
    if qualifier in ("nearly", "up to"):
        return n, None, n
    if qualifier == "fewer than":
        m = max(n - 1, 0)
        return m, None, m
    return n, n, n


# ------------------------------------------------------------------------------- public


def parse_number(words: str) -> int | None:
    """Read one number written in digits or words.

    Parameters
    ----------
    words : str
        The number alone: ``"nine"``, ``"5,000"``, ``"twenty-six"``,
        ``"one hundred and five"``, ``"2.3 million"``, ``"1.5m"``, ``"a dozen"``; vague
        words give their conventional value (``"dozens"`` 12, ``"hundreds"`` 100).

    Returns
    -------
    int or None
        The value, truncated to an integer; None when the text is not a number, is
        negative or is above 100,000,000. ``"a"`` and ``"an"`` alone are not numbers.

    Examples
    --------
    >>> parse_number("Twenty-six"), parse_number("2.3 million"), parse_number("a")
    (26, 2300000, None)
    """
    if not isinstance(words, str):
        return None
    phrase = _SPACES.sub(" ", words).strip().lower()
    if not phrase or len(phrase) > 200:
        return None
    for key in (phrase, phrase.removesuffix(" of")):
        if _VAGUE_FULL.fullmatch(key):
            value = _vague_value(key)
            return value if value > 0 else None
    if "0" <= phrase[0] <= "9":
        num = _read_digits(phrase, 0)
        if isinstance(num, _Num) and num.end == len(phrase):
            return num.value
        return _parse_suffixed(phrase)
    m = _WORDS_AT.match(phrase)
    if m is None:
        return None
    found = _read_words(phrase, m)
    if isinstance(found, _Num) and found.end == len(phrase):
        return found.value
    return None


def _parse_suffixed(phrase: str) -> int | None:
    """``"1.5m"``, ``"2bn"``, ``"5k"`` without the context check used in running text."""
    m = re.fullmatch(r"([0-9][0-9.,]*)\s?(mn|bn|m|k)", phrase)
    if m is None:
        return None
    value = _digits_value(m.group(1), True)
    if value is None:
        return None
    total = value * _SCALE_MULT[m.group(2)]
    return int(total) if total <= _MAX_COUNT else None


def _vague_value(phrase: str) -> int:
    phrase = _SPACES.sub(" ", phrase).strip().lower()
    if phrase in _VAGUE_VALUES:
        return _VAGUE_VALUES[phrase]
    for prefix, mult in _VAGUE_PREFIXES:
        if phrase.startswith(prefix + " "):
            value = mult
            for word in phrase[len(prefix) + 1 :].split():
                value *= _SCALE_MULT.get(word, 1)
            return value
    return 0


def find_quantities(text: str) -> list[Quantity]:
    """Find the counts in a text.

    Parameters
    ----------
    text : str
        Any text; never raises.

    Returns
    -------
    list of Quantity
        Sorted by ``start`` and non-overlapping. Offsets index ``text``.

    Examples
    --------
    >>> [(q.text, q.best, q.high) for q in find_quantities("At least 26 were killed")]
    [('At least 26', 26, None)]
    >>> [q.best for q in find_quantities("over 90 percent of 300 rockets in 2021")]
    [300]
    """
    if not isinstance(text, str):
        return []
    return _find_quantities(text, len(text))


def _read_at(text: str, m: re.Match[str], start: int, prev_end: int
             ) -> tuple[Quantity | None, int, int]:
    """The quantity a candidate match starts (or None), then the scan's state after it.

    The state is where the scan goes on and the end of the last quantity read (``prev_end``
    unchanged when none is).
    """
    quantity, resume = (_vague_at(text, m) if m.lastgroup == "vague"
                        else _count_at(text, start, prev_end))
    if quantity is not None:
        prev_end = quantity.end
        resume = max(resume, prev_end)
    return quantity, max(resume, start + 1), prev_end


def _find_quantities(text: str, stop: int) -> list[Quantity]:
    """The quantities of :func:`find_quantities` whose number starts before ``stop``.

    The scan goes on from left to right, so they are the first of its list, up to those
    ending at ``stop``: a number starting at or after ``stop`` ends after it.
    """
    out: list[Quantity] = []
    n = len(text)
    pos = 0
    prev_end = 0
    starts = _candidate_starts(text, stop)
    i = 0
    n_starts = len(starts) if starts is not None else 0
    while pos < n:
        if starts is None:
            m = _CANDIDATE.search(text, pos)
        else:
            # _CANDIDATE.search(text, pos): the first position from pos where it matches,
            # tried only where it can (a match looks at the text before pos like a search)
            m = None
            while i < n_starts:
                if starts[i] >= pos:
                    m = _CANDIDATE.match(text, starts[i])
                    if m is not None:
                        break
                i += 1
        if m is None:
            break
        s = m.start()
        if s >= stop:
            break
        quantity, pos, prev_end = _read_at(text, m, s, prev_end)
        if quantity is not None:
            out.append(quantity)
    return out


#: How far left of a number _count_at reads (bounded by the end of the quantity before).
_LEFT_REACH = 40
#: _QuantityFinder tries to skip the text before a sentence only when the scan stands more
#: than _SYNC_MIN characters before it, and looks for where to start in the _SYNC_WINDOW
#: characters before it.
_SYNC_MIN = 60
_SYNC_WINDOW = 240
#: Every word a quantity's reading can run over (letters are read only as whole runs of
#: letters, each one of these, case aside: number and scale words, the vague phrases' words,
#: "half a", the suffixes after digits, the "'s" after a year, the range and right-qualifier
#: words; tests/test_numbers.py checks each pattern's words are here). A run of letters not
#: among them is a wall no reading crosses.
_READ_WORDS = frozenset(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fourty fifty sixty
    seventy eighty ninety hundred thousand million billion dozen half a and tens hundreds
    thousands millions dozens of several few couple scores number handful mn bn m k s to or
    plus odd more so
    """.split()
)


class _QuantityFinder:
    """The quantities of :func:`find_quantities` sentence by sentence, read only near them.

    The scan of :func:`_find_quantities` carries from one number to the next the position
    it resumes at and the end of the last quantity (the left edge of the next one's context,
    at most _LEFT_REACH back). Both are known without reading what comes before a position
    V when V is a wall (it lies in, or right after, a run of letters that no reading runs
    over, so every reading from before V ends by V) and no number can start in the
    _LEFT_REACH characters from V: the scan started at V then reads every later number as
    the whole scan does. :meth:`within` looks for such a V between where the scan stands
    and the sentence, and starts there.

    Parameters
    ----------
    text : str
        The text; :meth:`within` is asked about spans in text order.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0  # the scan's state: where it goes on, and the last quantity's end
        self.prev_end = 0
        self.found: list[Quantity] | None = None  # the whole list, when read plainly
        self.low = "" if _has_fold_odd(text) else " " + text.lower()

    def within(self, start: int, end: int) -> list[Quantity]:
        """The quantities of ``text[start:end]`` (starting and ending there), in order.

        ``start`` is at or after the ``end`` of the call before.
        """
        if not self.low:  # lower() and IGNORECASE disagree: the plain scan, once
            if self.found is None:
                self.found = find_quantities(self.text)
            return [q for q in self.found if q.start >= start and q.end <= end]
        # a quantity of the span holds its number, which starts where _CANDIDATE matches
        # (found among the places where _CANDIDATE_BEFORE does, a superset): with no such
        # place in the span, none (the scan's state is left as it is, as for a span never
        # asked about)
        text, match = self.text, _CANDIDATE.match
        for first in _CANDIDATE_BEFORE.finditer(self.low, start):
            p = first.start()
            if p >= end:
                return []
            if match(text, p) is not None:
                break
        else:
            return []
        known: list[int] = []
        if start - self.pos > _SYNC_MIN:
            known = self._sync(start)
        return [q for q in self._scan(known, end) if q.start >= start and q.end <= end]

    def _sync(self, start: int) -> list[int]:
        """Move the scan on to a wall before ``start`` where it can start afresh.

        The last wall V in (pos, start] with no number starting in [V, V + _LEFT_REACH),
        looked for in the _SYNC_WINDOW characters before ``start``. Returns where numbers
        may start (a superset, as in _candidate_starts) from V up to ``start`` +
        _LEFT_REACH, in order, for the scan to go on with (none: the scan stays).
        """
        first = max(self.pos, start - _SYNC_WINDOW)
        limit = start + _LEFT_REACH
        starts = []
        for m in _CANDIDATE_BEFORE.finditer(self.low, first):
            p = m.start()
            if p >= limit:
                break
            starts.append(p)
        nxt = limit
        for k in range(len(starts) - 1, -2, -1):
            lo = starts[k] + 1 if k >= 0 else first
            hi = min(start, nxt - _LEFT_REACH)
            if lo <= hi and hi > self.pos:
                wall = self._wall(lo, hi)
                if wall is not None and wall > self.pos:
                    self.pos = self.prev_end = wall
                    return starts[k + 1:]
            if k >= 0:
                nxt = starts[k]
        return []

    def _wall(self, lo: int, hi: int) -> int | None:
        """The last wall in [lo, hi], or None.

        A wall is a position in or right after a run of letters that is not one of
        _READ_WORDS: a reading takes only whole runs of _READ_WORDS.
        """
        text = self.text
        for a in (max(lo, hi - 40), lo) if hi - lo > 40 else (lo,):
            wall = None
            for m in _ALPHA.finditer(text, a):
                rs = m.start()
                if rs > hi:
                    break
                if rs == a and a > 0 and _ALPHA.match(text, a - 1):
                    continue  # the run goes on to the left: not read whole here
                if m.group().lower() not in _READ_WORDS:
                    wall = min(m.end(), hi)
            if wall is not None:
                return wall
        return None

    def _scan(self, known: list[int], stop: int) -> list[Quantity]:
        """:func:`_find_quantities` from the scan's state, up to ``stop``; state kept.

        ``known``: where numbers may start from the scan's position up to some point, in
        order (from :meth:`_sync`); the rest is found from there on.
        """
        text = self.text
        pos, prev_end = self.pos, self.prev_end
        out: list[Quantity] = []
        match = _CANDIDATE.match
        more = _CANDIDATE_BEFORE.finditer(self.low, known[-1] + 1 if known else pos)
        for p in itertools.chain(known, (b.start() for b in more)):
            if p < pos:
                continue  # inside what the last number took
            if p >= stop:
                break  # a number starting here or later starts after stop
            m = match(text, p)
            if m is None:
                continue
            quantity, pos, prev_end = _read_at(text, m, p, prev_end)
            if quantity is not None:
                out.append(quantity)
        self.pos, self.prev_end = pos, prev_end
        return out


def _has_fold_odd(text: str) -> bool:
    """Whether ``text`` holds a character of FOLD_ODD (``FOLD_ODD_RE.search``, faster).

    str.find skips through a text at memory speed where the regex engine tests every
    character, and a text of narrower characters (Latin-1) cannot hold them at all.
    """
    return not text.isascii() and any(c in text for c in FOLD_ODD)


def _candidate_starts(text: str, stop: int | None = None) -> list[int] | None:
    """Positions of ``text`` where _CANDIDATE may match, in order; None to search everywhere.

    Exact as a superset: lower() keeps offsets and, but for the characters of FOLD_ODD (then
    None), lower-cases just what IGNORECASE matches to the letters (and keeps word characters);
    every match starts at a word boundary before a letter or digit, and a twin match covers
    only letters and digits (or "a" and spaces), so it cannot hide a later word start.
    ``stop``: every position before it (and perhaps a few after), not the whole text.
    """
    if _has_fold_odd(text):
        return None
    low = " " + text.lower()
    end = len(low)
    if stop is not None and stop + 6 < end:
        # a twin match starting before stop reads at most five characters, or "a", its
        # spaces and one more character: it ends before the first non-space after stop + 5
        after = _NON_SPACE.search(low, stop + 6)
        if after is not None:
            end = after.end() + 1
    return [m.start() for m in _CANDIDATE_BEFORE.finditer(low, 0, end)]


def _vague_at(text: str, m: re.Match[str]) -> tuple[Quantity | None, int]:
    s, e = m.span()
    if _VAGUE_UNIT_AFTER.match(text, e):
        return None, e
    value = _vague_value(m.group())
    if value <= 0 or value > _MAX_COUNT:
        return None, e
    quantity = Quantity(
        start=s,
        end=e,
        text=text[s:e],
        best=value,
        low=value,
        high=None,
        qualifier="vague",
        vague=True,
        number_start=s,
        number_end=e,
    )
    return quantity, e


def _count_at(text: str, s: int, prev_end: int) -> tuple[Quantity | None, int]:
    first = _read_number(text, s)
    if isinstance(first, int):
        return None, first
    skip = max(_chain_end(text, s), first.end) if first.digits else first.end
    lo = max(prev_end, s - _LEFT_REACH)
    if _left_blocked(text, first, lo):
        return None, skip
    # A space-separated digit chain ("972 2 123 4567") is a phone number or code.
    if first.digits and first.tail == 1 and _SPACE_DIGIT.match(text, first.end):
        chain = _SPACE_CHAIN.match(text, s)
        return None, chain.end() if chain else skip

    sep = _RANGE_SEP.match(text, first.end)
    end = first.end
    if sep is None and (
        _UNIT_AFTER.match(text, end)
        or _MONTH_AFTER.match(text, end)
        or _FRACTION_AFTER.match(text, end)
    ):
        return None, skip

    qm = None
    if _at(text, s - 1).isspace() or _at(text, s - 1) == "~":
        qm = _LEFT_QUAL.search(text, max(lo, s - 24), s)
    qualifier = ""
    qstart = s
    if qm is not None:
        key = "~" if qm.group("tilde") else _SPACES.sub(" ", qm.group("q").lower())
        qualifier = _LEFT_QUALIFIERS.get(key, "")
        qstart = qm.start()
    aged = "ag" in text[lo:s].lower() and bool(
        _AGE_LEFT.search(text, lo, qstart) or _AGE_LEFT.search(text, lo, s)
    )
    prev = _prev_word(text, lo, qstart)

    # Ranges: "20-30", "20 to 30", "between 20 and 30", "two or three".
    if sep is not None:
        ranged = _range_at(text, first, sep, qualifier, prev)
        if isinstance(ranged, int):
            return None, max(ranged, skip)
        if ranged is not None:
            r_low, r_high, r_end = ranged
            if aged or _UNIT_AFTER.match(text, r_end) or _MONTH_AFTER.match(text, r_end):
                return None, r_end
            quantity = Quantity(
                start=qstart,
                end=r_end,
                text=text[qstart:r_end],
                best=r_low,
                low=r_low,
                high=r_high,
                qualifier="between",
                number_start=s,
                number_end=r_end,
            )
            return quantity, r_end
        if (
            _UNIT_AFTER.match(text, end)
            or _MONTH_AFTER.match(text, end)
            or _FRACTION_AFTER.match(text, end)
        ):
            return None, skip
    if aged:
        return None, skip
    if qualifier == "between":
        qm, qualifier, qstart = None, "", s
        prev = _prev_word(text, lo, s)

    rq = _RIGHT_QUAL.match(text, end)
    if rq is not None:
        if not qualifier:
            qualifier = "about" if rq.group().lower().endswith("so") else "at least"
        end = rq.end()
        if _UNIT_AFTER.match(text, end):
            return None, end

    if qm is None:
        if _is_label(prev):
            return None, skip
        if first.year_like and _is_year(text, first, prev, lo):
            return None, skip
        if first.digits and first.tail == 1 and first.value <= 120:
            if _APPOS_RIGHT.match(text, first.end):
                appos = _APPOS_LEFT.search(text, lo, s)
                if appos and appos.group(1)[:1].isupper():
                    return None, skip
            if _PAREN_RIGHT.match(text, first.end):
                paren = _PAREN_LEFT.search(text, lo, s)
                if paren and paren.group(1)[:1].isupper():
                    return None, skip
    if first.words == ("one",):
        if prev is not None and prev[0].lower() in _ONE_BLOCKERS:
            return None, skip
        if _next_word(text, first.end).lower() == "another":
            return None, skip

    best, low, high = _bounds(qualifier, first.value)
    quantity = Quantity(
        start=qstart,
        end=end,
        text=text[qstart:end],
        best=best,
        low=low,
        high=high,
        qualifier=qualifier,
        number_start=s,
        number_end=first.end,
    )
    return quantity, end


def _range_at(
    text: str,
    first: _Num,
    sep: re.Match[str],
    qualifier: str,
    prev: tuple[str, bool] | None,
) -> tuple[int, int, int] | int | None:
    """Read the second end of a range; ``(low, high, end)``, a skip position, or None."""
    dash = sep.group("dash")
    tight = dash is not None and dash == dash.strip(" \t\u00a0")
    if dash is not None and not tight:
        left_sp = len(dash) - len(dash.lstrip(" \t\u00a0"))
        right_sp = len(dash) - len(dash.rstrip(" \t\u00a0"))
        if left_sp == 0 or right_sp == 0:
            return None
    word = (sep.group("word") or "").lower()
    if word == "and" and qualifier != "between":
        return None
    if word == "to" and prev is not None and prev[0].lower() == "from":
        return None
    if dash is not None and first.tail > 1:
        return None
    second = _read_number(text, sep.end())
    if isinstance(second, int):
        return second if tight else None
    if tight:
        after = _at(text, second.end)
        if after in _DASHES and _at(text, second.end + 1).isdigit():
            return _chain_end(text, first.start)
        d1, d2 = first.digits, second.digits
        if d1 and d2 and len(d1) >= 3 and len(d2) >= 4 and len(d2) > len(d1):
            return _chain_end(text, first.start)
    low = first.value
    if first.tail == 1 and second.tail > 1 and first.value * second.tail <= second.value:
        low = first.value * second.tail
    if low >= second.value:
        return second.end if tight else None
    if first.year_like and second.year_like and not _countable_next(text, second.end):
        return second.end
    if not second.digits and second.end < len(text) and _at(text, second.end) in _DASHES:
        if _at(text, second.end + 1).isalpha():
            return second.end
    return low, second.value, second.end
