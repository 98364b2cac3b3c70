"""Recognition: find the spans of text that name places.

The recogniser is driven by the gazetteer and by the shape of English news text; it uses no
statistical tagger, so it is fast and deterministic.

1. Tokenise; mark sentence starts and title-case headline lines.
2. Build *chunks*: runs of capitalised tokens (with name connectors such as "of", "al-").
   A sentence-initial common word ("Residents", "Meanwhile") or, in a headline, any common
   word, does not start a chunk.
3. Look every n-gram that starts a capitalised token (or "east"/"west"... before a name) up in
   the gazetteer in one batched query; the longest match wins, left to right.
4. Keep a match only when its chunk says it is a place: the match covers the chunk, or the
   chunk continues with an institutional word ("Gainesville Police", "US Secretary of State")
   or starts with a directional word ("Northern Gaza"). A match inside a longer name is an
   organisation or a person ("New York Times", "Magen David Adom", "Heiko Maas", "Qassam
   Brigades") and is dropped; so is a common word that is a small place ("Police", "Deal")
   unless a preposition introduces it.
5. Classify the role: ``dateline`` (where the story was filed), ``relative`` ("southwest of
   Gaza City", "central Gaza Strip", "near Nablus") or ``mention``.

Demonyms ("Israeli", "Palestinian") are not mentions; they are returned as evidence for the
document's region.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, repeat
from operator import attrgetter, itemgetter
from zlib import crc32

from ._gazetteer import Gazetteer, close_variants, data_dir, haversine_km
from ._normalize import name_key, strip_article, variant_key
from ._types import Candidate, Place, RegionEvidence

__all__ = ["Span", "Recognition", "recognize", "common_zipf", "demonyms"]

_HYPHEN_SUFFIXES = (
    "(?:based|born|area|bound|backed|led|run|owned|made|style|headquartered|registered|"
    "controlled|occupied|administered|held|allied|linked|affiliated|funded|sponsored)"
)
_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., D.C.
    r"|[A-Z]\.[A-Z][a-z]{1,3}\."  # W.Va., N.Mex.
    # words with inner apostrophes and hyphens, except before an adjective suffix:
    # "Rock Hill-based", "Atlanta-area", "Soviet-backed" are a name and a word. (Written as
    # runs of \w joined by those marks, not one character per repetition of a group: the
    # engine then reads a run in one step; tests/test_geoparse.py compares the two.)
    r"|[^\W\d_]\w*(?:['’](?=\w)\w*|-(?!" + _HYPHEN_SUFFIXES + r"\b|[A-Z]\.)(?=\w)\w*)*"
    r"|\d+(?:[.,]\d+)*",
    re.UNICODE,
)
#: `_TOKEN` for `re.split`, which returns the texts between the tokens and the tokens
#: alternately, with no match objects. The same pattern, written to start with a character
#: class (every token starts with a letter or a digit) so that the engine skips to the
#: candidates: each branch checks the character read with a look-behind
#: (tests/test_fast_recognition.py compares the two). The two abbreviation forms share their
#: first period, read before the look-behind (most tokens fail there at once), and the word
#: form's repeats are possessive: each branch ends the pattern, so the engine never backtracks
#: into them and needs no record of how to (a quarter of the split's instructions).
_TOKEN_SPLIT_FORM = (
    r"([^\W_](?:\.(?<=[A-Z]\.)(?:(?:[A-Z]\.)+|[A-Z][a-z]{1,3}\.)"  # U.S., D.C.; W.Va., N.Mex.
    r"|(?<=[^\W\d_])\w*+(?:['’](?=\w)\w*|-(?!" + _HYPHEN_SUFFIXES + r"\b|[A-Z]\.)(?=\w)\w*)*+"
    r"|(?<=\d)\d*(?:[.,]\d+)*))"
)
_TOKEN_SPLIT = re.compile(_TOKEN_SPLIT_FORM)


@lru_cache(maxsize=1)
def _ascii_token_split() -> re.Pattern[str]:
    """`_TOKEN_SPLIT` with ASCII classes, for an ASCII text (compiled on first use).

    On ASCII text the two split alike: ``\\w``, ``\\d`` and ``[^\\W_]`` hold the same ASCII
    characters in both modes (the pattern has no ``\\s`` and no case folding), and the
    engine reads a character's class from a table instead of the Unicode database. (The
    classes are written out as ranges: the engine tests those with one bitmap look-up.)
    """
    form = _TOKEN_SPLIT_FORM.replace(r"[^\W_]", "[0-9A-Za-z]").replace(
        r"[^\W\d_]", "[A-Za-z]").replace(r"\w", "[0-9A-Za-z_]").replace(r"\d", "[0-9]")
    return re.compile(form, re.ASCII)


#: Where a possessive ending can end a token ("Israel's", "Gaza’s"): a superset of the ends of
#: the tokens that end with one.
_POSS_END = re.compile(r"['’]s(?!\w)")
#: A hyphen inside a word (a letter or digit on both sides): a superset of the hyphens inside
#: tokens.
_INNER_HYPHEN = re.compile(r"-(?<=\w-)(?=\w)")
#: Possessive endings of a token ("Israel's", "Gaza’s").
_POSS = ("'s", "’s")
#: Where a sentence starts: after . ! ? (and closing quotes), a line break, a colon ("said:
#: With Britain facing", "RT @user: In Midrand") and an opening quote ('"If Italy cares').
#: (Written to start with one character class, each branch checking with a look-behind which
#: character it was, so that the engine can skip to the candidates; an opening quote is tested
#: for the space or text start before it after it is found. tests/test_fast_recognition.py
#: compares it with the plain alternation.)
_SENT_END = re.compile(r"[.!?\n:“\"](?:(?<=[.!?])['\"’”)]*\s+|(?<=\n)\s*\n|(?<=\n)"
                       r"|(?<=:)\s+[“\"]?|(?<=[“\"])(?<!\S[“\"]))")

#: Lowercase words allowed inside a multi-word name ("Bay of Bengal", "Deir al-Balah").
CONNECTORS = frozenset(
    "of de del della di da do dos das du des la le les el al an ad as ash at az ar ez en "
    "upon sur am im y bin ibn abu".split()
)
#: Connectors that are English words when written alone in lower case: "Terry Foegler as
#: Dublin's city manager", "Smith at Oxford" are two names (transliterations hyphenate them:
#: "Bayt as-Sahur").
_ENGLISH_CONNECTORS = frozenset("as at an am".split())
#: Lowercase words that may start a name when the whole name is in the gazetteer.
LOWER_STARTS = frozenset("east west north south al el an ad as ash at az ar".split())
#: Words after a place name that make it the jurisdiction of an institution, not part of
#: an organisation's proper name: "Gainesville Police", "Gaza Health Ministry".
INSTITUTION_WORDS = frozenset(
    """police department dept sheriff sheriff's fire city county council commission
    commissioners board schools school district government ministry health authority
    authorities municipality mayor governor gov legislature parliament assembly senate house
    embassy consulate president prime minister secretary foreign defence defense interior
    military forces army navy coast guard national state public regional region area metro
    court circuit chamber zoo airport port harbor harbour station hospital medical center
    centre university college office officials official residents emergency civil
    international community central province provincial governorate village town township
    borough parish valley river lake mountains island islands peninsula desert sea bay gulf
    coast strip camp refugee crossing border highway road bridge high elementary middle
    academy library museum fairgrounds fiscal coroner coroner's clerk clerk's jail courthouse
    hall recreation parks pta historical planning zoning housing transit utilities water
    superintendent trustees detention juvenile fair festival society association pd
    investigator manager attorney magistrates magistrate crown correctional""".split()
)
#: Words before a place that qualify it without making it part of another name.
QUALIFIERS = frozenset(
    """north south east west northern southern eastern western central northeast northwest
    southeast southwest north-east north-west south-east south-west upper lower greater
    downtown metro metropolitan occupied annexed rural urban inner outer old""".split()
)
#: Words that end a capitalised run: dates are not part of names ("Cairo on Thursday").
DATE_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
#: Seasons: "in the Summer of 2008" is a time.
_SEASONS = frozenset("spring summer autumn fall winter".split())
#: Generic words that name admin units somewhere ("Central", "Northern") but alone are
#: directions or adjectives.
GENERIC_NAMES = frozenset(
    """central northern southern eastern western north south east west capital coast centre
    center upper lower middle federal national islands lakes highlands interior mountains
    valley plains border international""".split()
)
#: Upper-case abbreviations that are place names in running text.
KNOWN_ABBREVIATIONS = frozenset(
    "US USA UK UAE DRC NYC EU PRC ROK DPRK KSA NSW DC NY USSR SF ATL HK NOLA DFW LA".split()
)
#: US states' postal codes ("Ringgold, GA", "in AZ"), and those that are also English words
#: or common abbreviations, taken only right after "<place>, " ("Portland, OR").
_POSTAL_CODES = frozenset(
    """AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV
    NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY""".split())
_WORD_CODES = frozenset("IN OR ME OK HI OH PA CO ID AL MD MA DE LA".split())
#: ... and those that are also degrees after a person's name ("Rick Sacra, MD").
_DEGREE_CODES = frozenset(("MD", "PA"))
#: Titles that announce a person: the next capitalised words are a name.
PERSON_TITLES = frozenset(
    """mr mrs ms dr sir lord lady president minister secretary general gen col colonel
    captain capt lt lieutenant sgt sergeant senator sen rep representative governor gov
    mayor judge justice king queen prince princess sheikh emir rabbi imam father pope
    spokesman spokeswoman spokesperson commissioner chief director professor prof coach
    officer deputy detective trooper sheriff attorney pastor reverend rev bishop dean
    superintendent principal councilman councilwoman chairman chairwoman coroner""".split()
)
#: Titles written abbreviated, with a period ("Rev.", "Sen."), that never end a sentence.
_TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen col capt lt sgt sen sens rep reps gov rev prof".split())
#: Abbreviated month names: "Nov. 12" is a date, not Nov, Ukraine.
_MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
#: Initials of compass words that open a state's abbreviation ("W. Va.", "N. Dak.").
_COMPASS_INITIALS = frozenset("NSEW")
#: Abbreviations that start a place name with their period ("St. Cloud", "Mt. Vernon"), and
#: the word they stand for: gazetteers list many places only under the full form.
_NAME_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort",
                       "pt": "point"}
#: How a key starting with one of them begins.
_ABBREVIATION_HEADS = tuple(f"{a} " for a in _NAME_ABBREVIATIONS)
#: The keys that start with one, in a text of keys each after a line break.
_ABBREVIATED_KEY = re.compile(r"\n((?:" + "|".join(_NAME_ABBREVIATIONS) + r") [^\n]*)")
_PREPOSITIONS = frozenset(
    "in at near from to into toward towards outside inside across throughout around "
    "via between within through along".split()
)
#: Words between "as far" and "as" before a place ("as far south as", "as far away as").
_FAR_WORDS = frozenset("north south east west northeast northwest southeast southwest away "
                       "afield up down inland".split())
#: Well-known names that are not places although some gazetteer lists them as alternate
#: names of villages (organisations, movements, holidays, religious terms).
NOT_PLACES = frozenset(
    """hamas hezbollah hizbollah fatah taliban isis isil daesh houthi houthis al qaeda
    ramadan shabbat sabbath eid passover hanukkah christmas easter allah mossad likud
    jihad intifada nakba sunni shia shiite muslim muslims moslem islamic christian christians
    jewish jews druze catholic catholics hindu hindus buddhist buddhists xinhua granma interfax
    yonhap bernama kyodo tass irna god jesus christ congress quran koran bible torah kadima masjid
    medecins""".split()
) | {"white house", "el nino", "la nina"}  # an English alternate name of Casablanca
_DIRECTION = (r"north|south|east|west|north-?east|north-?west|south-?east|south-?west|"
              r"northeast|northwest|southeast|southwest")
_REL_DIRECTION = re.compile(
    r"\b(?:(?P<dist>\d+(?:[.,]\d+)?)\s*(?P<unit>km|kms|kilometres|kilometers|kilometre|"
    r"kilometer|miles|mile|mi)\s+)?(?P<dir>" + _DIRECTION + r")(?:ern)?\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_REL_SUBREGION = re.compile(
    r"\b(?:(?:in|across|of)\s+)?(?:the\s+)?(?P<dir>northern|southern|eastern|western|central|"
    r"north|south|east|west|north-?eastern|north-?western|south-?eastern|south-?western)"
    r"(?:\s+part\s+of)?\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_REL_CENTER = re.compile(
    r"\b(?:the\s+)?(?P<dir>centre|center|heart|middle|north|south|east|west)\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_REL_NEAR = re.compile(
    r"\b(?P<rel>near|nearby|outside|close\s+to|on\s+the\s+outskirts\s+of|in\s+the\s+vicinity\s+"
    r"of|around|just\s+outside|not\s+far\s+from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_DATELINE_HEAD = re.compile(
    r"^\W{0,3}(?P<place>[A-Z][A-Z .'\-]{1,40}?)(?:,\s*[A-Za-z .'\-]{2,40})?\s*"
    r"(?:\([^)\n]{1,40}\)\s*)?(?:[:\-–—]|\s--)",
)
#: A dateline after the headline: "... in debt. MANSFIELD — The City Council", "... Japan
#: TOKYO — ", "SAO PAOLO, Brazil — When"
#: (The place's first letter is read before the look-behinds, which test it again, so that the
#: engine can skip to capitals; tests/test_fast_recognition.py compares it with the look-behinds
#: before the letter.)
_DATELINE_AFTER_HEADLINE = re.compile(
    r"(?P<place>[A-Z](?:(?<=[.!?\"”’)] [A-Z])|(?<=[.!?\"”’)]  [A-Z])|(?<=\w  [A-Z])|(?<=\n[A-Z]))"
    r"[A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})"
    r"(?:, ?[A-Z][A-Za-z.]{1,14}(?: [A-Z][A-Za-z.]+)?)? ?(?:—|–|---?|-(?= ))"
)
_DATELINE_TAIL = re.compile(
    r"\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s+-\s+(?P<place>[^(\n]{2,60}?)\s*\("
)


class Token:
    """A token of the text (a plain slotted class: millions are made, so no dataclass).

    A token's ``lower`` ends with a period only in an abbreviation with another period in it
    ("u.s.", "w.va."): the word tables (titles, suffixes, saints' words) have no periods, so
    a token is in one with its final period stripped only if it is in it as it is.
    """

    __slots__ = ("start", "end", "text", "cap", "sent_start", "headline", "lower", "zipf")

    def __init__(self, start: int, end: int, text: str, cap: bool, lower: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.cap = cap  # starts with an upper-case letter (or is all caps)
        # (set by `_scan` on the few tokens that open a sentence or are a headline's: a
        # constant costs less to store than an argument does to pass)
        self.sent_start = False
        self.headline = False
        self.lower = lower  # lower-case text without a possessive ending (`_lower_key`)
        self.zipf = -1.0  # common_zipf(lower) once `_zipf` has looked it up

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r})"


@dataclass(frozen=True, slots=True)
class Relation:
    """How a mention is qualified: ``direction`` / ``subregion`` / ``near``."""

    kind: str
    direction: str | None = None
    distance_km: float | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """A recognised place name and its gazetteer candidates."""

    start: int
    end: int
    text: str
    key: str
    candidates: tuple[Candidate, ...]
    role: str = "mention"
    relation: Relation | None = None
    #: "street", "water", "park", "landform", "landmark" or "township" for a feature name the
    #: gazetteer does not have (no candidates); "" otherwise
    feature: str = ""


@dataclass(frozen=True, slots=True)
class Recognition:
    """What the recogniser found in one text."""

    spans: tuple[Span, ...]
    evidence: tuple[RegionEvidence, ...]
    #: states and countries named inside the names of organisations ("Georgia Bureau of
    #: Investigation", "Texas Southern University"): not mentions, but context for the others
    context: tuple[Span, ...] = ()


@lru_cache(maxsize=1)
def _word_frequencies() -> tuple[dict[str, float], dict[str, float]]:
    """Zipf frequencies from ``common_words.tsv``: (common English words, proper-noun words).

    Common words are dictionary words ("deal", "police"); proper-noun words are used in
    English only as names ("obama", "paul").
    """
    path = data_dir() / "common_words.tsv"
    common: dict[str, float] = {}
    proper: dict[str, float] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                (common if r.get("dictionary", "1") == "1" else proper)[r["word"]] = \
                    float(r["zipf"])
    return common, proper


@lru_cache(maxsize=1)
def _common() -> dict[str, float]:
    """Zipf frequency of the words that are common English words (not only proper nouns)."""
    return _word_frequencies()[0]


@lru_cache(maxsize=1)
def _proper_words() -> dict[str, float]:
    """Zipf frequency of words English uses only as proper nouns ("obama", "paul")."""
    return _word_frequencies()[1]


def common_zipf(word: str) -> float:
    """English Zipf frequency of a lower-case common word (0 when rare or a proper noun)."""
    zipf = _common().get(word)
    if zipf is None and not word.isascii():
        zipf = _common().get(name_key(word))  # "café" is the common word "cafe"
    return zipf or 0.0


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym (lower case) -> ISO country code ('' for regional ones such as "Arab")."""
    path = data_dir() / "demonyms.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {r["demonym"].lower(): r["country"] for r in csv.DictReader(f, delimiter="\t")}


_ARTICLE_PREFIX = re.compile(r"(?:al|el|an|ad|as|ash|at|az|ar|ez)-\w")


def _lower_key(text: str) -> str:
    """A token's lower-case text without a possessive ending (`Token.lower`)."""
    if len(text) > 3 and text.endswith(_POSS):
        text = text[:-2]
    return text.lower()


def tokenize(text: str) -> list[Token]:
    """Tokens with sentence-start and headline flags (linear in the text length)."""
    return _scan(text)[0]


def _scan(text: str) -> tuple[list[Token], list[str], list[int], list[str], list[bool]]:
    """Tokens of `tokenize` and, per token, the text before it, its start and ``lower``, ``cap``.

    The text before a token is that from the end of the token before it ("" before the first
    token). The tokens are read with one `re.split` and their offsets are running sums of the
    pieces' lengths; only the few tokens that need it are looked at one by one (sentence
    starts, headlines, possessive endings, hyphenated names).
    """
    # text before, token, text before, token, ..., text after
    parts = (_ascii_token_split() if text.isascii() else _TOKEN_SPLIT).split(text)
    words = parts[1::2]
    m = len(words)
    if not m:
        return [], [], [], [], []
    offsets = list(accumulate(map(len, parts)))
    starts = offsets[0:-1:2]
    ends = offsets[1::2]
    gaps = parts[0:-1:2]
    gaps[0] = ""
    # a token opens a sentence when a sentence starts (a `_SENT_END` match ends) between the
    # previous token's end and its start; that token is the first to start at or after it
    sent = [False] * m
    sent[0] = True
    for p in map(re.Match.end, _SENT_END.finditer(text)):
        i = bisect_left(starts, p)
        if 0 < i < m and ends[i - 1] <= p:
            sent[i] = True
    # tokens of a title-case opening sentence and of title-case lines
    heads = [False] * m
    opening = _title_case_opening(text)
    if opening:
        k = bisect_left(starts, opening)
        heads[:k] = [True] * k
    for line in _headline_lines(text):
        nl = text.find("\n", line)
        a, b = bisect_left(starts, line), bisect_left(starts, nl + 1 if nl >= 0 else len(text) + 1)
        heads[a:b] = [True] * (b - a)
    caps = [w[0].isupper() or w.isupper() and len(w) > 1 for w in words]
    if "OK" in text:  # every verb of _CAPITAL_VERBS has it
        caps = [c and w not in _CAPITAL_VERBS for c, w in zip(caps, words, strict=True)]
    lowers = list(map(str.lower, words))
    for p in map(re.Match.end, _POSS_END.finditer(text)):
        i = bisect_left(ends, p)
        if i < m and ends[i] == p:
            lowers[i] = _lower_key(words[i])
    tokens = list(map(Token, starts, ends, words, caps, lowers))
    for i in compress(range(m), sent):
        tokens[i].sent_start = True
    for i in compress(range(m), heads):
        tokens[i].headline = True
    # "Egypt-US relations", "the Washington-Moscow route": two names; a hyphenated name
    # ("Winston-Salem") is still found as the two-token n-gram
    split: list[tuple[int, list[str]]] = []
    last = -1
    for p in map(re.Match.start, _INNER_HYPHEN.finditer(text)):
        i = bisect_right(starts, p) - 1
        if i > last and p < ends[i]:
            last = i
            if words[i][0].isupper() and (pieces := _hyphen_parts(words[i])) is not None:
                split.append((i, pieces))
    if split:
        out: list[Token] = []
        out_gaps: list[str] = []
        done = 0
        for i, pieces in split:
            out += tokens[done:i]
            out_gaps += gaps[done:i]
            a, first, gap = starts[i], sent[i], gaps[i]
            for piece in pieces:
                out.append(tok := Token(a, a + len(piece), piece, True, _lower_key(piece)))
                tok.sent_start, tok.headline = first, heads[i]
                out_gaps.append(gap)
                a += len(piece) + 1
                first, gap = False, "-"
            done = i + 1
        tokens = out + tokens[done:]
        gaps = out_gaps + gaps[done:]
        starts = [t.start for t in tokens]
        lowers = [t.lower for t in tokens]
        caps = [t.cap for t in tokens]
    return tokens, gaps, starts, lowers, caps


#: A candidate's place's importance, and how it matched.
_IMPORTANCE = attrgetter("place.importance")
_MATCH = attrgetter("match")
_MATCHED_NAME = attrgetter("matched_name")
#: An n-gram's last token.
_LAST = itemgetter(1)


#: Verbs written with capitals ("Council OKs budget"): not names.
_CAPITAL_VERBS = frozenset(("OKs", "OKd", "OKed", "OK'd", "OK’d"))
#: Arabic articles and name particles that stay joined to the next word ("Al-Aqsa", "Abu-Dis").
_HYPHEN_ARTICLES = frozenset("al el an ad as ash at az ar ez abu ben bin ibn umm beit bayt".split())


#: A word before a surname is still a given name when it is at most this important a place
#: ("Craig Kaser", "Christina Boren": Craig, Colorado; Christina, Montana).
_GIVEN_NAME_PLACE = 3.0
#: A place more important than this that opens a person's name stays the place elsewhere
#: in the text ("Dallas Green" ... "in Dallas"; but "Charlotte Graham" ... "Charlotte won").
_GIVEN_NAME_IMPORTANCE = 2.5
#: Least English frequency (Zipf) of a proper noun read as a given name before a surname and
#: "of" ("Joseph" 4.5, "Kelsey" 3.4).
_GIVEN_NAME_FREQUENCY = 3.0
#: What may follow a person's surname in the same run of capitalised words.
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: Given names that are also English words (the word list marks all others as proper nouns).
_GIVEN_NAME_WORDS = frozenset(
    """john mark frank jack peter roger terry billy randy bobby tony drew lee bill ray dean
    rick bob pat sue tom don ken mike matt carol maria heather grace amber""".split()
)


def _not_a_place_here(tok: Token, cands: Sequence[Candidate], gap: str) -> bool:
    """Whether a capitalised word before another name can be a given name, not a place.

    A word no gazetteer has can; so can a name of small places that English uses as a
    given name ("Craig Kaser", "Tony Servance"), written with a space before the surname
    ("Fargo-Moorhead" is two places, "Church Maryville" a church).
    """
    if not cands:
        return True
    return (gap == " " and max(c.place.importance for c in cands) < _GIVEN_NAME_PLACE
            and (_zipf(tok) < 3.0 or tok.lower in _GIVEN_NAME_WORDS))


#: Least importance of both places of a hyphenated pair read as two names.
_HYPHEN_PAIR_IMPORTANCE = 2.5


#: Farthest apart two towns named together with a hyphen may lie to be two names.
_TWIN_TOWN_KM = 40.0
#: ... and two places named with "&" ("Trinidad & Tobago"), not a firm's partners.
_FIRM_KM = 150.0


def _neighbours(a: Sequence[Candidate], b: Sequence[Candidate], km: float, *,
                towns: bool = False) -> bool:
    """Whether two names have places of that very name (towns only) within ``km``."""
    def own(cands: Sequence[Candidate]) -> list[Place]:
        return [c.place for c in cands if c.match == "exact"
                and (not towns or c.place.kind == "city")
                and name_key(c.matched_name) == name_key(c.place.name)]

    return any(p.id != q.id and haversine_km(p.lat, p.lon, q.lat, q.lon) <= km
               for p in own(a) for q in own(b))


def _hyphen_parts(word: str) -> list[str] | None:
    """The parts of a hyphenated word of capitalised parts ("Egypt-US"), else None."""
    parts = word.split("-")
    out = [parts[0]]
    for part in parts[1:]:
        if part[:1].isupper() and out[-1].lower() not in _HYPHEN_ARTICLES \
                and part.lower() not in _NAME_ABBREVIATIONS:
            out.append(part)
        else:
            out[-1] = f"{out[-1]}-{part}"
    return out if len(out) > 1 else None


#: A word, for the title-case tests of `_headline_lines` and `_title_case_opening`.
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


def _headline_lines(text: str) -> set[int]:
    """Start offsets of lines written in title case (headlines, section titles)."""
    out = set()
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        # the cheap tests first: most lines are long or end a sentence
        if len(stripped) < 160 and not stripped.endswith((".", "?", "!", '"', "”")):
            words = [w for w in _WORD.findall(line) if len(w) > 3]
            if len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.6 * len(words):
                out.add(pos)
        pos += len(line) + 1
    return out


def _title_case_opening(text: str) -> int:
    """End offset of a title-case headline run into the first line with a period, else 0.

    Feeds often give "US Military Official Visits Georgia. Gen. Cartwright arrived on..."
    as one line: the first sentence is the headline.
    """
    m = re.match(r"\s*([^\n.!?]{8,160})[.!?]\s", text)
    if m is None:
        return 0
    words = [w for w in _WORD.findall(m.group(1)) if len(w) > 3]
    if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words):
        return m.end(1)
    return 0


def _zipf(tok: Token) -> float:
    """``common_zipf(tok.lower)``, looked up once per token.

    (The lookups are memory-bound: looking up every token up front costs more than the calls
    it saves.)
    """
    z = tok.zipf
    if z < 0.0:
        z = tok.zipf = common_zipf(tok.lower)
    return z


def _is_common(tok: Token, threshold: float = 3.6) -> bool:
    z = tok.zipf  # (`_zipf`, without its call)
    if z < 0.0:
        z = tok.zipf = common_zipf(tok.lower)
    return z >= threshold


def _chunk_ids(tokens: Sequence[Token], joinable: Sequence[bool],
               starts_match: set[int], breaks: Collection[int] = (),
               person_of: Collection[int] = (), *,
               caps: Sequence[int] | None = None) -> list[int]:
    """Chunk id (index of its first token) of each token in a capitalised run, else -1.

    A token in ``breaks`` starts a new chunk; an "of" in ``person_of`` follows a person's
    name and does not join the run after it ("Joseph Welch of Richmond"). ``caps``: the
    indices of the capitalised tokens, when the caller has them.
    """
    ids = [-1] * len(tokens)
    current = -1
    n = len(tokens)
    if caps is None:
        caps = [i for i, tok in enumerate(tokens) if tok.cap]
    for i in _chunk_walk(caps):
        if i < 0:
            current = -1
            continue
        tok = tokens[i]
        in_name = tok.cap and tok.lower not in DATE_WORDS and not _lower_last_part(
            tok.text) and not (
            (tok.sent_start or tok.headline) and i not in starts_match and (
                _is_common(tok) or (tok.lower.endswith("ing") and _is_common(tok, 2.5)))
            # a given name opening a sentence ("Tony Servance Jr. was charged")
            and not (tok.lower in _GIVEN_NAME_WORDS and i + 1 < n and tokens[i + 1].cap
                     and joinable[i + 1] and not tok.headline)
        )
        if in_name:
            if current < 0 or not joinable[i] or tokens[i - 1].text[-2:] in _POSS \
                    or i in breaks:
                current = i
            ids[i] = current
        elif (
            current >= 0
            and tok.lower in CONNECTORS
            and tok.text not in _ENGLISH_CONNECTORS
            and i + 1 < n
            and tokens[i + 1].cap
            and tokens[i + 1].lower not in DATE_WORDS
            # "University of Texas" is one name; "Mike Taylor of Gainesville" is two, and so
            # are "Crystal N. Bright of Lexington" and "Richard Pehrson II of Meadow Grove"
            and not (tok.lower == "of" and (_zipf(tokens[i - 1]) < 3.0
                                            or _ends_person(tokens, i, current)
                                            or i in person_of))
            and joinable[i]
            and joinable[i + 1]
        ):
            ids[i] = current
        else:
            current = -1
    return ids


#: Dashes set off by spaces, after which a sentence may start ("Goose Creek — A man").
_DASH_GAPS = frozenset((" — ", " – ", " -- ", " - ", "—", " —", "— "))


def _ends_person(tokens: Sequence[Token], i: int, first: int) -> bool:
    """Whether the capitalised run from token ``first`` to token ``i - 1`` ends a person's name.

    The run ends with a suffix ("Jr.", "II") or follows a middle initial ("Crystal N.
    Bright").
    """
    if tokens[i - 1].lower in _NAME_SUFFIXES and i - 1 > first:
        return True
    if first < 2:
        return False
    initial = tokens[first - 1]
    # (tokens leave out periods: "N" and "Bright" are two characters, ". ", apart)
    return _is_initial(initial) and tokens[first - 2].cap \
        and tokens[first].start - initial.end == 2


def _person_before_of(tokens: Sequence[Token], i: int, gaps: Sequence[str],
                      cands_for: Callable[[tuple[int, int]], Sequence[Candidate]]) -> bool:
    """Whether the two capitalised words before the "of" at ``i`` are a person's name.

    "John Smith of Nashville", "Joseph Welch of Richmond": a given name English uses only
    as a name (not an ordinary word, not a place of any note) and a surname that is no
    institution's word, alone in their run ("Ballet Arts of Jackson", "Spina Bifida
    Association of Western Pennsylvania" and "Bank of America" stay names of bodies).
    """
    given, surname = tokens[i - 2], tokens[i - 1]
    if not (given.cap and surname.cap and gaps[i - 1] == " " and gaps[i] == " "
            and given.text[1:].islower() and surname.text[1:].islower()):
        return False
    if i >= 3 and tokens[i - 3].cap and gaps[i - 2] in (" ", "-"):
        return False  # a longer run: "Bank of America Corp", "Ohio Valley Bank of"
    if surname.lower in INSTITUTION_WORDS or surname.lower in _OF_PLACE_HEADS \
            or surname.lower in DATE_WORDS or given.lower in DATE_WORDS:
        return False
    if _zipf(given) >= 3.0 and given.lower not in _GIVEN_NAME_WORDS:
        return False
    if given.lower not in _GIVEN_NAME_WORDS \
            and _proper_words().get(given.lower, 0.0) < _GIVEN_NAME_FREQUENCY:
        return False
    place = cands_for((i - 2, i - 2))
    return not place or max(c.place.importance for c in place) < _GIVEN_NAME_PLACE


def _known_given_name(tok: Token) -> bool:
    """Whether ``tok`` is a name English uses for people ("Charlotte", "Julie", "John")."""
    return tok.text[1:].islower() and (
        tok.lower in _GIVEN_NAME_WORDS
        or _proper_words().get(tok.lower, 0.0) >= _GIVEN_NAME_FREQUENCY)


def _opens_two_word_name(tokens: Sequence[Token], chunks: Sequence[int], gaps: Sequence[str],
                         i: int,
                         cands_for: Callable[[tuple[int, int]], Sequence[Candidate]]) -> bool:
    """Whether token ``i`` is the given name of a two-word capitalised run ("Julie Ward").

    The second word is a surname: not an ordinary English word (so "Julie Ward" is left
    out), nor a known place ("Jackson Mississippi").
    """
    if i + 1 >= len(tokens) or chunks[i] != i or chunks[i + 1] != i or gaps[i + 1] != " " \
            or (i + 2 < len(tokens) and chunks[i + 2] == i) or tokens[i].headline:
        return False
    surname = tokens[i + 1]
    if not surname.text[1:].islower() or _zipf(surname) >= 3.0 \
            or surname.lower in DATE_WORDS:
        return False  # "Orlando Attractions", "Mansfield Reads", "Augusta Herald"
    place = cands_for((i + 1, i + 1))
    if place and max(c.place.importance for c in place) >= _GIVEN_NAME_PLACE:
        return False
    return _known_given_name(tokens[i])


def _is_initial(tok: Token) -> bool:
    """Whether ``tok`` is one capital letter, a name's initial (its period is not a token)."""
    return len(tok.text) == 1 and tok.text.isupper()


def _name_word(tok: Token, dem: Collection[str]) -> bool:
    """Whether a word before a surname in its capitalised run can be part of a person's name.

    Not a qualifier, connector, article or demonym, nor a word of a headline (in a title-case
    headline every word is capitalised: "Official Visits Georgia").
    """
    return tok.cap and not tok.headline and tok.lower not in QUALIFIERS \
        and tok.lower not in CONNECTORS and tok.lower not in ("a", "an", "the") \
        and tok.lower not in dem


def _chunk_walk(caps: Sequence[int]) -> list[int]:
    """The tokens `_chunk_ids` must look at, in order: -1 where it only ends the current run.

    Only a capitalised token can be in a name, and a lower-case token only joins the run
    before it to a capitalised token right after it ("Bay of Bengal"): the lone lower-case
    token between two capitalised ones is looked at; two or more lower-case tokens in a row
    only end the run (the first has no capitalised token after it).
    """
    out = []
    prev = -3
    for i in caps:
        if i - prev == 2:
            out.append(i - 1)
        elif i - prev > 2:
            out.append(-1)
        out.append(i)
        prev = i
    return out


def _positions(words: list[str], word: str) -> list[int]:
    """Indices of ``word`` in ``words`` (found by `list.index`, not a loop over every word)."""
    out = []
    i = -1
    try:
        while True:
            i = words.index(word, i + 1)
            out.append(i)
    except ValueError:
        return out


def _chunk_runs(chunks: Sequence[int], caps: Sequence[int] | None = None
                ) -> list[tuple[int, int]]:
    """(first, last token) of each chunk of `_chunk_ids`, in text order.

    A chunk's tokens follow one another from its first, whose id is its own index; a chunk
    starts at a capitalised token (``caps``: their indices, when the caller has them).
    """
    runs = []
    last = len(chunks) - 1
    firsts = [i for i, c in enumerate(chunks) if c == i] if caps is None else \
        [i for i in caps if chunks[i] == i]
    for a in firsts:
        b = a
        while b < last and chunks[b + 1] == a:
            b += 1
        runs.append((a, b))
    return runs


def _hit_ends(grams: dict[tuple[int, int], str], found: dict[str, list[Candidate]],
              vcands: dict[tuple[int, int], list[Candidate]]) -> dict[int, list[int]]:
    """The n-grams with candidates before typo matching, as start -> ends (longest first).

    An n-gram has candidates when its key has exact ones in ``found``, or, when its key is not
    there at all, close variants in ``vcands``.
    """
    hits: dict[int, list[int]] = {}
    # (the n-grams whose key has candidates picked with one C-level pass over the keys)
    for i, j in sorted([*compress(grams, map(found.get, grams.values())),
                        *(ij for ij, c in vcands.items() if c and grams[ij] not in found)],
                       reverse=True):
        hits.setdefault(i, []).append(j)
    return hits


def _longest_matches(tokens: Sequence[Token], hits: dict[int, list[int]]
                     ) -> tuple[list[tuple[int, int]], set[int]]:
    """The longest n-gram with candidates from each start, left to right (see `_hit_ends`).

    Also returns the starts of the matches that open a name (`_chunk_ids`).
    """
    matches: list[tuple[int, int]] = []
    starts_match: set[int] = set()
    free = 0  # the first token after the last match
    for i in sorted(hits):  # the starts of n-grams with candidates, in order
        if i < free:
            continue
        best = None
        for j in hits[i]:
            if j == i and tokens[i].lower in LOWER_STARTS and not tokens[i].cap:
                continue
            if not tokens[j].cap and j > i and tokens[j].lower in CONNECTORS:
                continue
            best = j
            break
        if best is not None:
            matches.append((i, best))
            # a function word that is also a name ("In", "At", "If") does not open a name
            # at the start of a sentence: "In Georgia, ..." is Georgia
            if best > i or _zipf(tokens[i]) < 5.0:
                starts_match.add(i)
            free = best + 1
    return matches, starts_match


class _GapJoins(dict[str, bool]):
    """Whether a name may span a gap between two tokens, by the gap alone, per gap seen.

    A space or hyphen, or a run of spaces with no line break; ". " is decided by the tokens
    around it (`recognize`). The table is emptied when it grows large.
    """

    def __missing__(self, gap: str) -> bool:
        if len(self) > 5000:
            self.clear()
        joins = self[gap] = _gap_joins(gap)
        return joins


def _gap_joins(gap: str) -> bool:
    """Whether a name may span ``gap`` whatever tokens are around it (see `_GapJoins`)."""
    return gap in (" ", "-", "- ", " -") or gap.isspace() and "\n" not in gap


_GAP_JOINS = _GapJoins()


def _abbreviated_keys(grams: dict[tuple[int, int], str]) -> list[str]:
    """The keys of ``grams`` that start with an abbreviation's head ("st cloud"), in order.

    One regex scan over the keys joined by line breaks (a key has none: otherwise each key is
    tested), not a ``startswith`` per key.
    """
    joined = "\n" + "\n".join(grams.values())
    if joined.count("\n") != len(grams):
        return [k for k in grams.values() if k.startswith(_ABBREVIATION_HEADS)]
    return _ABBREVIATED_KEY.findall(joined)


def _variant_grams(tokens: Sequence[Token], caps: Sequence[bool],
                   grams: dict[tuple[int, int], str], found: Collection[str],
                   dem: Collection[str]) -> dict[tuple[int, int], str]:
    """The n-grams to match by their variant key, and that key (`recognize`'s step 2).

    Those of capitalised first and last tokens (the first not a common word) whose key, of
    four characters or more, has no exact match and is no demonym. (``caps``: each token's
    ``cap``; the n-grams that end with a capitalised token are picked with C-level maps, in
    the order of ``grams``: by start, then by end.)
    """
    return {
        ij: variant_key(gram)
        for ij, gram in compress(grams.items(), map(caps.__getitem__, map(_LAST, grams)))
        if caps[ij[0]] and len(gram) >= 4 and gram not in found and gram not in dem
        and not _is_common(tokens[ij[0]], 3.0)
    }


def _period_tokens(tokens: Sequence[Token], starts: Sequence[int], text: str) -> list[int]:
    """The tokens that end with a period or have one right after them, in order.

    Found from the text's periods (no token starts with one: the token a period ends or
    follows is the last to start before it), not by a look at every token.
    """
    out: list[int] = []
    p = text.find(".")
    while p >= 0:
        k = bisect_right(starts, p) - 1
        if k >= 0 and p <= tokens[k].end <= p + 1 and not (out and out[-1] == k):
            out.append(k)
        p = text.find(".", p + 1)
    return out


def _gram_starts(tokens: Sequence[Token], lowers: Sequence[str], caps: Sequence[int],
                 text: str, starts: Sequence[int]) -> list[int]:
    """The tokens an n-gram starts at, in order: capitalised, of `LOWER_STARTS` or "al-"...

    (``caps``: the capitalised tokens' indices; ``starts``: the tokens' start offsets. A
    comprehension, not C-level maps: a map over ``str.__contains__``, a slot wrapper, makes
    a bound method per call and cost more. The tokens with a hyphen, of which "al-..." is
    one, found from the text's hyphens, as `_period_tokens` does: a text has a few.)
    """
    more = [k for k, low in enumerate(lowers) if low in LOWER_STARTS]
    p = text.find("-")
    while p >= 0:
        k = bisect_right(starts, p) - 1  # the token that holds p, if any
        if k >= 0 and p < tokens[k].end and _ARTICLE_PREFIX.match(tokens[k].text):
            more.append(k)
        p = text.find("-", p + 1)
    return sorted(set(caps).union(more))


def recognize(text: str, gazetteer: Gazetteer, *, max_ngram: int = 6) -> Recognition:
    """Find place-name spans in ``text``.

    Parameters
    ----------
    text : str
        The document.
    gazetteer : Gazetteer
        Where names are looked up.
    max_ngram : int, optional, default 6
        Longest name in tokens.
    """
    # the tokens, the text between each token and the one before it ("" before the first),
    # and each token's start, lower-case text and capitalisation
    tokens, gaps, starts, lowers, cap_flags = _scan(text)
    n = len(tokens)
    dateline = _dateline_ranges(text)
    for _, b in dateline:  # "MANASSAS -- A Woodbridge man": the story starts after the dash
        after = bisect_left(starts, b)  # the first token at or after b
        nxt = tokens[after] if after < n else None
        if nxt is not None and re.fullmatch(r"[\s,A-Za-z.'()\-]*\s*[-–—:]+\s*",
                                            text[b: nxt.start]):
            nxt.sent_start = True
    # ... and an article after a dash opens one too ("Goose Creek — A Goose Creek man")
    if "—" in text or "–" in text or " -" in text:  # (each of _DASH_GAPS has one)
        for g in compress(range(n), map(_DASH_GAPS.__contains__, gaps)):
            if lowers[g] in ("a", "an", "the"):
                tokens[g].sent_start = True
    # whether a name may span the gap before each token: by the gap alone (one C-level map
    # over a table of the gaps seen), and after "St. " or a compass initial's period
    joinable = list(map(_GAP_JOINS.__getitem__, gaps))  # (the first token's "": False)
    for g in _positions(gaps, ". "):
        joinable[g] = tokens[g - 1].lower in _NAME_ABBREVIATIONS or (
            # a state's abbreviation with a compass initial: "W. Va."
            tokens[g - 1].text in _COMPASS_INITIALS and len(tokens[g].text) <= 4
            and text[tokens[g].end: tokens[g].end + 1] == ".")
    dem = demonyms()
    caps = list(compress(range(n), cap_flags))  # the capitalised tokens

    # 1. candidate n-grams and their keys
    grams: dict[tuple[int, int], str] = {}
    reach: dict[int, int] = {}  # the last token of the longest n-gram from each start
    # a token's key as the last word of an n-gram (no possessive ending) and as a word
    # before others, computed once per token
    last_keys: list[str | None] = [None] * n
    inner_keys = [""] * n
    # an n-gram "p w ..." can have candidates only when the index has a name that opens with
    # the words "p" (the filter of its keys' openings at word boundaries; None in an older
    # index), or its expansion ("st p" -> "saint p") or variant key can: the n-grams from a
    # start are not extended past a "p" no form can open, except after an article ("El
    # Peten" is also looked up as "peten")
    opens = gazetteer.prefix_filter() or b""
    omask = len(opens) * 8 - 1
    for i in _gram_starts(tokens, lowers, caps, text, starts):
        # the key of an n-gram is its tokens' keys joined by spaces: the gaps a name may
        # span (spaces, hyphens, ". " after "St") are what name_key turns into one space
        prefix = ""
        cut = omask > 0 and tokens[i].lower not in _NAME_ARTICLES
        for j in range(i, min(n, i + max_ngram)):
            if j > i:
                if not joinable[j]:
                    break
                before = tokens[j - 1]
                if before.text[-2:] in _POSS and before.lower[:6] != "people":
                    break  # "Israel's Gaza" is two names; "People's Republic of China" one
            own = last_keys[j]
            if own is None:
                last = tokens[j]
                if last.text.isalnum() and last.text.isascii():
                    # most words: no possessive ending, and the key is the lower-case word
                    own = last_keys[j] = inner_keys[j] = last.lower
                else:
                    # (a word not ending in "s" or an apostrophe has no possessive ending)
                    end = _strip_possessive(last) if last.text[-1] in "s'’" else last.end
                    own = last_keys[j] = name_key(
                        last.text if end == last.end else text[last.start: end])
                    inner_keys[j] = name_key(last.text) if end != last.end else own
            if cut and prefix and own:
                # (this n-gram's key and every longer one's open with f"{prefix} ")
                h = crc32(prefix.encode()) & omask
                if not opens[h >> 3] >> (h & 7) & 1:
                    head, _, tail = prefix.partition(" ")
                    full = _NAME_ABBREVIATIONS.get(head)
                    if not (full is not None and gazetteer.may_open(
                            f"{full} {tail}" if tail else full)
                            or tokens[i].cap and not _is_common(tokens[i], 3.0)
                            and gazetteer.may_open(prefix, variant=True)):
                        break
            key = f"{prefix} {own}" if prefix and own else prefix or own
            if key:
                grams[(i, j)] = key
                reach[i] = j
            whole = inner_keys[j]
            prefix = f"{prefix} {whole}" if prefix and whole else prefix or whole
    found = gazetteer.bulk_match(grams.values())
    # "Mt. Vernon" is also every "Mount Vernon"
    expanded = {k: _NAME_ABBREVIATIONS[head] + " " + rest for k in _abbreviated_keys(grams)
                for head, _, rest in [k.partition(" ")] if rest and head in _NAME_ABBREVIATIONS}
    if expanded:
        more = gazetteer.bulk_match(expanded.values())
        for k, full in expanded.items():
            if full in more:
                have = found.get(k, [])
                seen = {c.place.id for c in have}
                # the abbreviation is English usage: when places carry it, only their
                # countries ("St. Cloud" is not Saint-Cloud, France); ranked below them
                countries = {c.place.country for c in have}
                found[k] = [*have, *(
                    Candidate(c.place, round(c.score * 0.8, 4), "variant", c.matched_name)
                    for c in more[full]
                    if c.place.id not in seen and (not countries or c.place.country in countries))]

    # "El Peten", "Al Bureij": a name with an article the gazetteer writes without it
    # (the starts that are articles picked with C-level maps)
    articles = compress(reach, map(_NAME_ARTICLES.__contains__, map(lowers.__getitem__, reach)))
    bare = {gram: strip_article(gram) for i in articles
            if i < (longest := reach[i]) and tokens[i + 1].cap
            for j in range(i + 1, longest + 1) if (gram := grams.get((i, j))) is not None
            and gram not in found}
    if bare:
        more = gazetteer.bulk_match(v for v in bare.values() if v)
        for k, without in bare.items():
            if without in more:
                found[k] = [Candidate(c.place, round(c.score * 0.9, 4), "variant", c.matched_name)
                            for c in more[without]]

    # 2. variant matches for capitalised grams that had no exact match
    variant_grams = _variant_grams(tokens, cap_flags, grams, found, dem)
    vfound = gazetteer.bulk_match(variant_grams.values(), variant=True) if variant_grams else {}
    vcands = {ij: close for ij, vk in variant_grams.items()
              if vk in vfound and (close := close_variants(grams[ij], vfound[vk]))}

    fuzzy: dict[tuple[int, int], list[Candidate]] = {}

    def cands_for(ij: tuple[int, int]) -> list[Candidate]:
        if ij in fuzzy:
            return fuzzy[ij]
        k = grams[ij]
        if k in found:
            return found[k]
        return vcands.get(ij, [])

    # 3. longest match, left to right
    matches, starts_match = _longest_matches(tokens, _hit_ends(grams, found, vcands))
    # two well-known places joined by a hyphen ("Egypt-US", "Washington-Moscow") are two
    # chunks; lesser ones stay one name ("Mercedes-Benz" is a brand, not two villages)
    ends = {m[1]: m for m in matches}

    def known(m: tuple[int, int]) -> bool:
        return max(c.place.importance for c in cands_for(m)) >= _HYPHEN_PAIR_IMPORTANCE

    breaks = {m[0] for m in matches if gaps[m[0]] == "-" and m[0] - 1 in ends
              and known(m) and known(ends[m[0] - 1])}
    # ... and so are two towns next to each other ("Fargo-Moorhead", "Minneapolis-St. Paul")
    breaks |= {m[0] for m in matches if gaps[m[0]] == "-" and m[0] - 1 in ends
               and _neighbours(cands_for(ends[m[0] - 1]), cands_for(m), _TWIN_TOWN_KM,
                               towns=True)}
    person_of = {i for i in _positions(lowers, "of") if 2 <= i < n - 1
                 and _person_before_of(tokens, i, gaps, cands_for)}
    chunks = _chunk_ids(tokens, joinable, starts_match, breaks, person_of, caps=caps)
    runs = _chunk_runs(chunks, caps)

    # 4. typo-tolerant matches for lone unknown capitalised words in a place context
    #    ("the southern community of Ashkelom")
    covered = {k for i0, j0 in matches for k in range(i0, j0 + 1)}
    for i in caps:
        tok = tokens[i]
        if (
            tok.sent_start or tok.headline or i in covered
            or len(tok.lower) < 6 or _is_common(tok, 3.0) or tok.lower in dem
            or not _place_context(tokens, i)
            or (i + 1 < n and chunks[i + 1] == chunks[i] and chunks[i] >= 0)
            or (i > 0 and chunks[i - 1] == chunks[i] and chunks[i] >= 0)
        ):
            continue
        cands = [c for c in gazetteer.match_fuzzy(name_key(tok.lower))
                 if not _adjective_of(tok.lower, name_key(c.matched_name))]
        if cands:
            fuzzy[(i, i)] = cands
            grams[(i, i)] = name_key(tok.lower)
            matches.append((i, i))
    matches.sort()

    # 5. hashtags: "#GazaUnderAttack", "#ferguson", "#NewYork" name a place in their parts
    hashtags = _hashtag_names(text, gazetteer) if "#" in text else []
    if hashtags:
        tagged = [(a, b) for a, b, _, _ in hashtags]
        matches = [(i, j) for i, j in matches if not any(
            a <= tokens[i].start < b or a < tokens[j].end <= b for a, b in tagged)]

    # 6. streets, numbered roads, rivers, parks... that the gazetteer lacks ("Darby Street",
    #    "Highway 19", "Neches River", "Lake Nokomis"): reported unresolved, and they replace
    #    a place name inside them ("Dublin Road" is not Dublin)
    features = _feature_names(tokens, runs, text)
    roads = _numbered_roads(tokens, text, gazetteer, starts)
    if roads:
        taken = {k for f in features for k in range(f[0], f[1] + 1)}
        features = sorted(features + [r for r in roads if r[0] not in taken
                                      and r[1] not in taken])
    listed = _listed_units(tokens, text, gazetteer)
    if listed:
        inside = {k for a, b, _, _ in listed for k in range(a, b + 1)}
        matches = [(i, j) for i, j in matches if i not in inside and j not in inside]
        features = [f for f in features if f[0] not in inside and f[1] not in inside]
    if features:
        features = [f for f in features if _after_block(tokens, f[0]) or not any(
            i <= f[0] and f[1] <= j for i, j in matches)]
        inside = {k for f in features for k in range(f[0], f[1] + 1)}
        matches = [(i, j) for i, j in matches if i not in inside and j not in inside]

    spans: list[Span] = []
    evidence = [RegionEvidence(tok.start, _strip_possessive(tok), tok.text, dem[tok.lower])
                for tok in (tokens[i] for i in caps) if tok.lower in dem]

    # surnames: a name seen as the last word of a person's name ("Heiko Maas") is a person
    # when it stands alone later in the document ("Maas said")
    people: set[str] = set()
    for i, j in matches:
        c = chunks[i]
        # the name ends its run, or only a suffix follows ("Tony Servance Jr.")
        ends_run = j + 1 >= n or chunks[j + 1] != c or (
            tokens[j + 1].lower in _NAME_SUFFIXES
            and (j + 2 >= n or chunks[j + 2] != c))
        # a one-word surname, or a saint's name as one ("Raynola St. Clair")
        saint = j == i + 1 and tokens[i].lower in ("st.", "st") and gaps[i + 1] in (" ", ". ")
        # the word before is a name's, in the same run
        after_name = c >= 0 and c < i and chunks[i - 1] == c and ends_run \
            and _name_word(tokens[i - 1], dem)
        if (i == j or saint) and after_name \
                and _not_a_place_here(tokens[i - 1], cands_for((i - 1, i - 1)), gaps[i]) \
                and _given_name(tokens[i - 1], cands_for((i, j)), tokens[j]):
            people.add(grams[(i, j)])
        elif i == j and after_name and _AGE_AFTER.match(text, _strip_possessive(tokens[j])):
            # a name and an age: "Melton Lewis Paris, 51, was found" (Lewis is a place too)
            people.add(grams[(i, j)])
        elif i == j and i >= 2 and _is_initial(tokens[i - 1]) \
                and gaps[i] == ". " and tokens[i - 2].cap and gaps[i - 1] == " " \
                and not tokens[i - 2].headline and (j + 1 >= n or chunks[j + 1] != chunks[j]
                                                    or chunks[j] < 0):
            # a surname after a middle initial: "Jerome A. Gorman", "Brian J. Moran"
            people.add(grams[(i, j)])
    for i in caps:  # the rules below are about capitalised words
        tok = tokens[i]
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < n else None
        # "Mr. Taylor", "President Obama": the word after a title
        if nxt is not None and tok.lower in PERSON_TITLES:
            people.add(name_key(nxt.lower))
        # "their first child, Hailey" ... "Team Hailey": a relative all through the text
        if prev is not None and prev.lower in _KIN_WORDS \
                and gaps[i] in (" ", ", ") and (nxt is None or chunks[i + 1] != chunks[i]
                                                or chunks[i] < 0):
            key = name_key(tok.lower)
            # "her daughter, Brittany,": a relative's name set off by commas, whatever place
            # also has it (but not a country: "his son, Jordan," stays doubtful)
            apposed = gaps[i] == ", " and i >= 2 and tokens[i - 2].lower in _OWNER_WORDS \
                and text[tok.end: tok.end + 1] == ","
            if max((c.place.importance for c in found.get(key, ())), default=0.0) \
                    < (_COUNTRY_IMPORTANCE if apposed else _KIN_IMPORTANCE):
                people.add(key)
        # "..., said Gillis.": a lone capitalised word after a verb of saying is a person
        if prev is not None and prev.lower in _SAYING \
                and text[tok.end: tok.end + 1] in (",", ".") and gaps[i] == " ":
            key = name_key(tok.lower)
            if found.get(key) and max(c.place.importance for c in found[key]) < 3.0:
                people.add(key)
        # "Taylor said": a lone capitalised word before a verb of saying is a person
        # ("officials in Gaza said", "residents of Rafah said": the place is where they are)
        if nxt is not None and nxt.lower in _SAYING and (prev is None or not (
                prev.cap or prev.lower in _PREPOSITIONS or prev.lower == "of")) \
                and not text[tok.end: nxt.start].strip():
            key = name_key(tok.lower)
            if found.get(key) and max(c.place.importance for c in found[key]) < 3.0:
                people.add(key)

    # given names: a small place's name that opens a person's name of two words ("Charlotte
    # Graham", "Julie Ward") is that person when it stands alone later ("Charlotte received
    # $25"), and so is one listed before such a name ("Shannon and Julie Ward")
    def small(i: int) -> bool:
        return max(c.place.importance for c in cands_for((i, i))) < _GIVEN_NAME_IMPORTANCE

    given_names = {grams[(i, i)] for i, j in matches if i == j
                   and _opens_two_word_name(tokens, chunks, gaps, i, cands_for) and small(i)}
    paired = {i for i, j in matches if i == j and i + 3 < n and tokens[i + 1].lower == "and"
              and gaps[i + 1] == gaps[i + 2] == " " and _known_given_name(tokens[i])
              and _opens_two_word_name(tokens, chunks, gaps, i + 2, cands_for) and small(i)}

    # a vehicle is one all through the text: "A red Dodge Durango" ... "when the Durango
    # pulled up", "their red 1991 Honda" ... "The Honda's driver"
    vehicles = {grams[(i, i)] for i, j in matches if i == j and (
        i > 0 and tokens[i - 1].lower in _CAR_MAKES and chunks[i] >= 0
        and chunks[i - 1] == chunks[i] and gaps[i] == " "
        and max(c.place.importance for c in cands_for((i, i))) < _COUNTRY_IMPORTANCE
        or _after_model_year(tokens, i, text)
        and max(c.place.importance for c in cands_for((i, i))) < _BRAND_IMPORTANCE)}
    # a disease named after a place is the disease all through the text: "the Ebola virus"
    # makes every "Ebola" the disease ("died of Ebola", "Ebola cases")
    # ... and so is a storm: "Hurricane Katrina" makes every "Katrina" the storm
    diseases = {name_key(tokens[i].lower) for i in caps if i > 0 and gaps[i] == " "
                and tokens[i - 1].lower in _STORM_WORDS} | {grams[(i, j)] for i, j in matches
                if j + 1 < n and _is_disease_word(tokens[j + 1].lower)
                and gaps[j + 1] in (" ", "-")}
    # "flown to Reston, Virginia.": a name its state or country qualifies is the place, even
    # where the text also names a disease or a person after it ("the Ebola-Reston strain")
    qualified = {i for i, j in matches if j + 1 < n and gaps[j + 1] == ", "
                 and (j + 1, j + 1) in grams and tokens[j + 1].text[-2:] not in _POSS
                 and text[tokens[j + 1].end: tokens[j + 1].end + 1] in _CLOSING and any(
                     c.place.kind in ("admin1", "country") and c.match == "exact"
                     for c in cands_for((j + 1, j + 1)))}

    # "McPherson & Jacobsen LLC", "Smith & Wesson": a firm, unless both are places near each
    # other ("Trinidad & Tobago")
    firms: set[int] = set()
    for i in range(1, n if "&" in text else 0):
        if gaps[i] in ("&", " & ") and tokens[i].cap and tokens[i - 1].cap and not (
                (i - 1, i - 1) in grams and (i, i) in grams and _neighbours(
                    cands_for((i - 1, i - 1)), cands_for((i, i)), _FIRM_KM)):
            firms.update((i - 1, i))
    # ... and a partner's name alone later is the firm ("according to McPherson's
    # tabulations"), unless a preposition makes it a place ("on Swanston Street in Carlton")
    partners = {grams[(k, k)] for k in firms if (k, k) in grams and cands_for((k, k)) and max(
        c.place.importance for c in cands_for((k, k))) < _BRAND_IMPORTANCE}

    doubtful: list[tuple[int, int, int, int, str, list[Candidate]]] = []
    for i, j in matches:
        key = grams[(i, j)]
        if i == j and i in firms and \
                max(c.place.importance for c in cands_for((i, j))) < _BRAND_IMPORTANCE:
            continue
        if tokens[i].lower in dem and i == j or key in NOT_PLACES:
            continue
        # (a person's name of two words is a saint's name: "St. Clair")
        if (key in people or key in diseases) and i not in qualified:
            continue
        if i == j and (i in paired or key in given_names and chunks[i] == i and (
                j + 1 >= n or chunks[j + 1] != i)) and i not in qualified \
                and not (i > 0 and (tokens[i - 1].lower in _PREPOSITIONS
                                    or tokens[i - 1].lower == "of")):
            continue  # (but "moved to Charlotte", "Norb Mages of Lindsay")
        if key in vehicles and i not in qualified \
                and not (i > 0 and tokens[i - 1].lower in _PREPOSITIONS):
            continue  # (but "lives in Durango")
        if i == j and key in partners and i not in firms and i not in qualified \
                and not (i > 0 and tokens[i - 1].lower in _PREPOSITIONS):
            continue
        if j > i and tokens[j].lower == "city" and j + 1 < n \
                and tokens[j + 1].lower in _CITY_OFFICES and (i, j - 1) in grams \
                and cands_for((i, j - 1)) and not any(
                    name_key(c.place.name) == grams[(i, j)] for c in cands_for((i, j))):
            # "Dublin City Council", "Springfield City Schools": the city of Dublin (but
            # "Oklahoma City Council" and "Boulder City Council" are of "X City")
            j -= 1
        if j > i + 1 and tokens[i].lower == "city" and tokens[i + 1].lower == "of" \
                and (i + 2, j) in grams and cands_for((i + 2, j)) and not any(
                    c.place.kind == "city" and name_key(c.place.name) == grams[(i, j)]
                    for c in cands_for((i, j))):
            # "the City of Richmond's public works": Richmond, one name with the other
            # "Richmond"s of the text (the City of London is a place of its own)
            i += 2
        cands = cands_for((i, j))
        start, end = tokens[i].start, _strip_possessive(tokens[j])
        if text[end:end + 1] == "$" and i == j:
            continue  # a currency: "US$460 million", "A$10"
        if j > i and tokens[j].text in _LOWER_DESIGNATORS and tokens[j - 1].cap:
            # "Washington state", "Masvingo province", "Grant county": the name is the
            # capitalised part (the unit's candidates are kept); "the Eastern province of
            # Prince Edward Island" names no province of that name
            if all(tokens[k].lower in _COMPASS_WORDS for k in range(i, j)):
                continue
            end = _strip_possessive(tokens[j - 1])
        if i == j and tokens[i].text in _DEGREE_CODES and i > 0 and not (
                (i - 1, i - 1) in grams and cands_for((i - 1, i - 1))):
            continue  # "Rick Sacra, MD": a degree after a person's name
        if not text.endswith(".", start, end) and not (i == j and tokens[i].text in _POSTAL_CODES) \
                and any(map(str.endswith, map(_MATCHED_NAME, cands), repeat("."))):
            # an abbreviation ("Ga.", "Calif.") is one only with its period (a postal code
            # is one without: "Ringgold, GA")
            if text[end:end + 1] == ".":
                end += 1
            else:
                cands = [c for c in cands if not c.matched_name.endswith(".")]
                if not cands:
                    continue
        # a dateline that is this name and nothing else says it is a place
        if not _accept(tokens, chunks, i, j, cands, text, known=(start, end) in dateline):
            # (its span, and the role it reads, made only if it is kept after all)
            doubtful.append((i, j, start, end, grams[(i, j)], cands))
            continue
        role, relation = _role(text, start, end, dateline)
        spans.append(Span(start, end, text[start:end], grams[(i, j)], tuple(cands), role,
                          relation))
    # one sense per text: a name taken for a place where its context said so ("in Mansfield")
    # is that place where only its being an ordinary or a person's name spoke against it
    # ("Mansfield OKs refinancing"); a person, a title or an organisation still is not
    placed = {sp.key for sp in spans}
    again = [_doubtful_span(text, start, end, key, cands, dateline)
             for i, j, start, end, key, cands in doubtful if j > i and key in placed
             and _accept(tokens, chunks, i, j, cands, text, known=True)]
    if again:
        spans = sorted([*spans, *again], key=lambda sp: sp.start)
    for a, b, end, p0, p1, kind in features:
        start = tokens[a].start
        role, relation = _role(text, start, end, dateline)
        # a park, valley, airport, river... named after a place is near it ("Brown County
        # State Park", "Copenhagen Airport", "Kanawha River"); a street is not ("Dublin
        # Road"), nor a lake ("Lake Ontario" is not the province), nor a name of ordinary
        # words ("Red Square", "Golden Gate Bridge"), nor a typo match
        cands = []
        if (kind in ("park", "landform", "landmark", "township") or kind == "water" and p0 == a
                and tokens[b].lower in ("river", "creek")) and (p0, p1) in grams and \
                (tokens[p1].lower in ("county", "city")
                 or not all(_is_common(tokens[m], 3.5) for m in range(p0, p1 + 1))):
            cands = [c for c in cands_for((p0, p1)) if c.match == "exact"]
        spans.append(Span(start, end, text[start:end], name_key(text[start:end]), tuple(cands),
                          role, relation, feature=kind))
    for a, b, key, lcands in listed:
        start, end = tokens[a].start, tokens[b].end
        role, relation = _role(text, start, end, dateline)
        spans.append(Span(start, end, text[start:end], key, lcands, role, relation))
    for start, end, key, hcands in hashtags:
        if not any(sp.start < end and start < sp.end for sp in spans):
            spans.append(Span(start, end, text[start:end], key, hcands))
    # names the gazetteer lacks, or has only as part of them ("a Meadow Grove man")
    taken = {k for sp in spans
             for k in range(bisect_left(starts, sp.start), bisect_left(starts, sp.end))}
    # state abbreviations: "Okla." (a token and a period), "N.Y." (one token); a one-token
    # n-gram starts at a token of `reach` or is a typo match
    # (the tokens with a period found from the periods)
    states = {k for k in _period_tokens(tokens, starts, text)
              if (k in reach or (k, k) in fuzzy) and (k, k) in grams and any(
                  c.place.kind == "admin1" and c.match == "exact"
                  and c.matched_name.endswith(".") for c in cands_for((k, k)))}
    unknown = [(a, b) for a, b in
               _unknown_places(tokens, runs, text, taken | states, people, dem, states)
               if (a, b) not in grams or not cands_for((a, b))]
    # ... and a name in a list of places ("including Harwinton, Bantam, Litchfield")
    items = {bisect_left(starts, sp.start): bisect_left(starts, sp.end) - 1
             for sp in spans if sp.candidates and not sp.feature}
    if len(items) >= 2:
        inside = {k for a, b in unknown for k in range(a, b + 1)}
        unknown += [(a, b) for a, b in _listed_names(tokens, runs, text, items, taken | inside)
                    if (key := " ".join(t.lower for t in tokens[a: b + 1])) not in people
                    and key not in dem and key not in NOT_PLACES]
    for a, b in unknown:
        start, end = tokens[a].start, _strip_possessive(tokens[b])
        if any(sp.start < end and start < sp.end for sp in spans):
            continue
        role, relation = _role(text, start, end, dateline)
        spans.append(Span(start, end, text[start:end], name_key(text[start:end]), (), role,
                          relation))
    if features or hashtags or listed or unknown:
        spans.sort(key=lambda sp: sp.start)
    context = tuple(_doubtful_span(text, start, end, key, cands, dateline)
                    for _, _, start, end, key, cands in doubtful
                    if key not in placed and len(key) > 3 and common_zipf(key) < 3.0
                    and key.split()[0] not in _COMPASS_WORDS
                    and any(_names_a_region(c, key) for c in cands))
    return Recognition(tuple(spans), tuple(evidence), context)


def _doubtful_span(text: str, start: int, end: int, key: str, cands: Sequence[Candidate],
                   dateline: Sequence[tuple[int, int]]) -> Span:
    """The span of a match `_accept` turned down, with its role (made only when kept)."""
    role, relation = _role(text, start, end, dateline)
    return Span(start, end, text[start:end], key, tuple(cands), role, relation)


_HASHTAG = re.compile(r"(?<![\w&])#([^\W_][\w]*)")
_CAMEL_PART = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\b|_|\d)|[A-Z]?[a-z]+|[A-Z]+|\d+")
#: Least importance of a place named by a whole hashtag, and by part of one (chosen on the
#: GeoCorpora dev split: F1 70.5 -> 72.0 with hashtags).
_HASHTAG_IMPORTANCE = (1.5, 2.0)


def _hashtag_place(key: str, importance: float) -> bool:
    """Whether a name found in a hashtag is a place, not a word or a person ("#police")."""
    if key in NOT_PLACES or key in GENERIC_NAMES or key in DATE_WORDS:
        return False
    if " " not in key and common_zipf(key) >= 3.0 and importance < 4.5:
        return False  # "#police", "#sunset", "#airport"; "#turkey", "#chile" are countries
    return _proper_words().get(key, 0.0) - importance < _NAME_FREQUENCY_MARGIN


def _hashtag_names(text: str, gazetteer: Gazetteer
                   ) -> list[tuple[int, int, str, tuple[Candidate, ...]]]:
    """Places named inside hashtags: (start, end, key, candidates) of each.

    A hashtag is split at case changes ("#GazaUnderAttack" -> Gaza, Under, Attack; "#NewYork"
    -> New York); the longest run of parts that is an exact gazetteer name, left to right,
    is a place when that place is prominent enough (a bare "#ferguson" names Ferguson; a
    part of a longer tag only a well-known place). Person and organisation rules do not
    apply: a hashtag is a topic, not running text.
    """
    tags: list[list[tuple[int, int]]] = []
    for m in _HASHTAG.finditer(text):
        parts = [(m.start(1) + p.start(), m.start(1) + p.end())
                 for p in _CAMEL_PART.finditer(m.group(1))]
        if parts:
            tags.append(parts)
    keys = {name_key(" ".join(text[x:y] for x, y in parts[a: b + 1]))
            for parts in tags for a in range(len(parts))
            for b in range(a, min(len(parts), a + 4))}
    found = gazetteer.bulk_match(k for k in keys if k)
    out = []
    for parts in tags:
        a = 0
        while a < len(parts):
            for b in range(min(len(parts), a + 4) - 1, a - 1, -1):
                key = name_key(" ".join(text[x:y] for x, y in parts[a: b + 1]))
                cands = [c for c in found.get(key, ()) if c.match == "exact"
                         and not c.matched_name.endswith(".")]  # "Ont." is not "#IDont
                whole = a == 0 and b == len(parts) - 1
                imp = max((c.place.importance for c in cands), default=0.0)
                if cands and imp >= _HASHTAG_IMPORTANCE[0 if whole else 1] \
                        and len(key) >= 3 and _hashtag_place(key, imp):
                    out.append((parts[a][0], parts[b][1], key, tuple(cands)))
                    a = b
                    break
            a += 1
    return out


def _feature_names(tokens: Sequence[Token], runs: Sequence[tuple[int, int]],
                   text: str) -> list[tuple[int, int, int, int, int, str]]:
    """Names of streets, rivers, parks...

    Each as (first token, last token, end offset, first and last token of its proper name:
    "Kanawha" in "Kanawha River", "Brown County" in "Brown County State Park", kind of
    feature: a value of `_FEATURE_KIND`).

    A capitalised run (of ``runs``, see `_chunk_runs`) that ends in a feature word ("Darby
    Street", "Hocking Hills State Park", "Orchard St.") or starts with one ("Lake Nokomis",
    "River Elbe", "Mount Kenya"), with at least one proper name word in it. Title-case
    headlines are left out (every word is capitalised there), and so is a run that a
    possessive splits ("San Francisco's Baker Beach" gives "Baker Beach").
    """
    out: list[tuple[int, int, int, int, int, str]] = []
    n = len(tokens)
    for a, b in runs:
        # a possessive inside the run starts the name after it, and so does a connector
        # unless the name starts with the feature word ("Villas at Coffman Park", but
        # "Bay of Bengal")
        for m in range(b - 1, a - 1, -1):
            if tokens[m].text.endswith(_POSS) or (
                    tokens[m].lower in CONNECTORS and not tokens[m].cap
                    and tokens[a].lower not in _FEATURE_KIND):
                a = m + 1
                break
        while a <= b and tokens[a].lower in ("the", "a", "an"):
            a += 1
        block = a <= b and _after_block(tokens, a)
        if b - a < 1 and not block:
            continue
        last, first = tokens[b].lower, tokens[a].lower
        end = tokens[b].end
        if last in _FEATURE_ABBREVIATIONS and text[end:end + 1] == ".":
            end += 1
            last += "."
        if last in _ROAD_WORDS and b - 1 > a and tokens[b - 1].lower in _COUNTY_WORDS \
                and _ROUTE_NUMBER.match(text, end):
            continue  # "Otter Tail County Road 80": the county's road, the name a county's
        if last.rstrip(".") in _FEATURE_SUFFIXES or last in _FEATURE_ABBREVIATIONS_DOT:
            names = list(range(a, b))
            kind = _FEATURE_KIND[last.rstrip(".")]
        elif block:
            names = list(range(a, b + 1))
            kind = "street"
        elif first.rstrip(".") in _FEATURE_PREFIXES and b - a <= 3 and tokens[a + 1].cap:
            names = list(range(a + 1, b + 1))
            kind = _FEATURE_KIND[first.rstrip(".")]
            if _zipf(tokens[a + 1]) >= 3.5:
                continue  # "Lake Cleanup", "Mount Everything"
        else:
            continue
        # (tested after the feature word, which most runs lack)
        if any(tokens[m].headline for m in range(a, b + 1)) or (
                b + 1 < n and _is_disease_word(tokens[b + 1].lower)):
            continue  # "Rift Valley fever" is a disease
        proper = [m for m in range(names[0], names[-1] + 1)
                  if tokens[m].cap and tokens[m].lower not in _GENERIC_FEATURE_WORDS
                  and tokens[m].lower not in _FEATURE_SUFFIXES]
        if not proper or any(tokens[m].lower in PERSON_TITLES for m in names):
            continue
        p1 = proper[-1]
        while p1 + 1 <= names[-1] and tokens[p1 + 1].lower in ("county", "city"):
            p1 += 1  # "Brown County State Park": the name is "Brown County"
        out.append((a, b, end, proper[0], p1, kind))
    return out


def _after_block(tokens: Sequence[Token], a: int) -> bool:
    """Whether token ``a`` follows "block of": "the 400 block of Broadway" is a street."""
    return a >= 2 and tokens[a - 1].lower == "of" and tokens[a - 2].lower == "block" \
        and not tokens[a - 2].cap


_ROAD = re.compile(
    # every form starts with a capital at a word's start: it is read first, so that the engine
    # skips to capitals, and each form after it reads its second character and then tests
    # the two with a look-behind (a branch that starts with a character is rejected at once
    # at every other one; the forms in their order: tests/test_fast_recognition.py compares
    # with them written whole; the county group holds the word after its capital)
    r"[A-Z](?<!\w[A-Z])"
    # "Highway 19", "State Highway 360", "County Road 43", "Interstate 64 West", "I-70",
    # "US-24", "FM 678", "CR 2202", "SR 9"
    r"(?:(?:t(?<=St)ate|(?P<county>o(?<=Co)unty|a(?<=Pa)rish)|a(?<=Fa)rm|a(?<=Ra)nch"
    r"|r(?<=Pr)ovincial|\.(?<=U\.)S\.|S(?<=US))\s+(?:Highway|Hwy\.?|Route|Rte\.?|Road)\s+"
    r"|(?:i(?<=Hi)ghway|w(?<=Hw)y\.?|o(?<=Ro)ute|t(?<=Rt)e\.?|o(?<=Ro)ad)\s+"
    r"|n(?<=In)terstate\s+|-(?<=I-)|S(?<=US)-|(?:M(?<=FM)|R(?<=CR)|R(?<=SR))\s+"
    # a state's own route: "W.Va. 61", "KY 52", "NJ-33" (checked against the gazetteer); the
    # group holds the abbreviation after its first letter (see `_road_state`)
    r"|(?P<state>[A-Z]|\.[A-Z][a-z]{0,3}\.|[a-z]{1,4}\.)[ -])"
    r"(?P<num>\d{1,4}[A-Z]?)\b(?![-–.,:/]?\d|%)"
    r"(?:\s+(?:North|South|East|West|N|S|E|W)\b(?!\.\w))?"
)


def _road_state(m: re.Match[str]) -> str | None:
    """The state's abbreviation of a `_ROAD` match ("KY", "W.Va."), None for other forms."""
    return m.string[m.start(): m.end("state")] if m.group("state") is not None else None


#: Road words after a county's name in the name of one of its roads ("Otter Tail County Road
#: 80", "Freestone County Highway 360").
_ROAD_WORDS = frozenset(("road", "highway", "rd", "hwy", "route"))
_COUNTY_WORDS = frozenset(("county", "parish"))
#: A route's number after its name.
_ROUTE_NUMBER = re.compile(r" \d{1,4}[A-Z]?\b")
#: Words after a number that make it a quantity, not a route ("KY 52 percent").
_NOT_ROUTE_AFTER = re.compile(
    r"\s*(?:percent|per\b|million|billion|thousand|years?|months?|days?|hours?|minutes?|people|"
    r"of\b|to\s+\d|-|–|am\b|pm\b|a\.m\.|p\.m\.)", re.IGNORECASE)


def _numbered_roads(tokens: Sequence[Token], text: str, gazetteer: Gazetteer,
                    starts: Sequence[int] | None = None
                    ) -> list[tuple[int, int, int, int, int, str]]:
    """Numbered roads ("Highway 19", "Interstate 64 West", "W.Va. 61"), as `_feature_names`.

    A state's abbreviation before a number is a route only when the gazetteer knows the
    abbreviation as a first-level division ("KY 52", not "Nov. 12"). ``starts``: the tokens'
    start offsets, when the caller has them.
    """
    found = [m for m in _ROAD.finditer(text) if not _NOT_ROUTE_AFTER.match(text, m.end("num"))]
    if not found:
        return []
    states = {name_key(st) for m in found if (st := _road_state(m))}
    admin1 = {k for k, cands in gazetteer.bulk_match(states).items()
              if any(c.place.kind == "admin1" and c.match == "exact" for c in cands)} \
        if states else set()
    if starts is None:
        starts = [t.start for t in tokens]
    n = len(tokens)

    def starting(pos: int) -> int | None:  # the token that starts at pos
        k = bisect_left(starts, pos)
        return k if k < n and starts[k] == pos else None

    def ending(pos: int) -> int | None:  # the token that ends at pos: the last before it
        k = bisect_left(starts, pos) - 1
        return k if k >= 0 and tokens[k].end == pos else None

    out = []
    for m in found:
        if (st := _road_state(m)) and name_key(st) not in admin1:
            continue
        if m.group("county") and (k := ending(m.start() - 1)) is not None and tokens[k].cap:
            continue  # "Douglas County Road 4" names Douglas County (see `_feature_names`)
        a, b = starting(m.start()), ending(m.end())
        if a is not None and b is not None:
            out.append((a, b, m.end(), -1, -1, "street"))
    return out


#: Plural unit words after a list of names, and the word each name takes in the gazetteer:
#: "Jackson and Barrow counties" are Jackson County and Barrow County.
_LISTED_UNITS = {"counties": "county", "parishes": "parish", "boroughs": "borough",
                 "townships": "township", "provinces": "province", "districts": "district"}


def _listed_units(tokens: Sequence[Token], text: str, gazetteer: Gazetteer
                  ) -> list[tuple[int, int, str, tuple[Candidate, ...]]]:
    """Names in a list closed by a plural unit word: (first token, last token, key, candidates).

    "Becker, Clay, Douglas, Otter Tail and Wilkin counties" names five counties, each written
    without its designator; each name is looked up with it ("Clay County") and keeps only the
    candidates of that kind of unit, so the resolver chooses among the Clay Counties, not
    among the towns, people and words the bare names also are. A name the gazetteer does not
    have with the designator ends the list there.
    """
    out: list[tuple[int, int, str, tuple[Candidate, ...]]] = []
    lowered = text.lower()
    if not any(word in lowered for word in _LISTED_UNITS):
        return out  # no unit word (a str.find is much cheaper than a look at every token)
    for k, tok in enumerate(tokens):
        unit = _LISTED_UNITS.get(tok.lower)
        if unit is None or tok.cap and k and tokens[k - 1].cap and tok.lower != tok.text.lower():
            continue
        names: list[tuple[int, int]] = []
        end = k - 1
        while end >= 0 and tokens[end].cap and len(names) < 20:
            start = end
            while start > end - 2 and start > 0 and tokens[start - 1].cap \
                    and text[tokens[start - 1].end: tokens[start].start] == " ":
                start -= 1
            names.append((start, end))
            gap = text[tokens[start - 1].end: tokens[start].start] if start else ""
            if gap == ", ":
                end = start - 1
            elif start >= 2 and tokens[start - 1].lower in ("and", "&", "or") and \
                    text[tokens[start - 2].end: tokens[start - 1].start] in (" ", ", "):
                end = start - 2
            else:
                break
        if len(names) < 2:
            continue
        keys = {ij: f"{name_key(text[tokens[ij[0]].start: tokens[ij[1]].end])} {unit}"
                for ij in names}
        found = gazetteer.bulk_match(keys.values())
        for ij in names:  # nearest the unit word first
            cands = tuple(c for c in found.get(keys[ij], ()) if c.match == "exact"
                          and c.place.kind in ("admin2", "admin1"))
            if not cands:
                break
            out.append((ij[0], ij[1], keys[ij], cands))
    return sorted(out)


#: Last words that make a capitalised run a feature name, and the kind of feature.
_FEATURE_KIND = {
    **dict.fromkeys("street st avenue ave road rd drive boulevard blvd lane highway hwy parkway "
                    "pkwy pike trail".split(), "street"),
    **dict.fromkeys("river creek canal brook bay sea gulf strait lake reservoir dam "
                    "harbor harbour ocean".split(), "water"),
    **dict.fromkeys("park forest wilderness preserve reserve".split(), "park"),
    **dict.fromkeys("mountains mountain hills valley canyon desert island islands peninsula "
                    "beach coast plateau glacier reef delta falls".split(), "landform"),
    **dict.fromkeys("bridge square plaza airport mosque cathedral palace monastery stadium "
                    "fort".split(), "landmark"),
    "township": "township", "mount": "landform", "mt": "landform", "cape": "landform",
}
_FEATURE_SUFFIXES = frozenset(k for k in _FEATURE_KIND if k not in ("mount", "mt", "cape"))
_FEATURE_PREFIXES = frozenset("lake river mount mt cape".split())
_FEATURE_ABBREVIATIONS = frozenset("st ave rd blvd hwy pkwy mt".split())
_FEATURE_ABBREVIATIONS_DOT = frozenset(w + "." for w in _FEATURE_ABBREVIATIONS)
#: Capitalised words that do not make a feature name proper ("County Road", "City Park").
_GENERIC_FEATURE_WORDS = frozenset(
    """county city state national international federal regional provincial public royal
    new old upper lower north south east west northern southern eastern western central""".split()
)


_ADJECTIVE_COMPOUND = re.compile(r"[-\u2010\u2011][a-z]")


#: Articles written as a word of their own that a place name may drop ("El Peten", "Al Bureij").
_NAME_ARTICLES = frozenset({"el", "al"})
_ADJECTIVE_SUFFIXES = ("n", "an", "ian", "i", "ese", "ish", "ic", "ean")


def _adjective_of(word: str, name: str) -> bool:
    """Whether ``word`` is the adjective of the place name ``name`` ("bavarian", "chinese").

    Adjectives are evidence for a region, not mentions of it; typo matching must not turn
    "Bavarian" into Bavaria.
    """
    stems = (name, name[:-1]) if name.endswith(("a", "e", "y")) else (name,)
    return any(word == stem + suffix for stem in stems for suffix in _ADJECTIVE_SUFFIXES)


def _given_name(tok: Token, cands: Sequence[Candidate], surname: Token) -> bool:
    """Whether ``tok`` can be the given name before a surname that is also a place.

    Not an adjective compound ("Soviet-backed Angola", "Iranian-born") or an acronym, when the
    place is a known one not an ordinary English word ("Connect Ireland", "Universal Orlando"),
    and before a country a name English text knows as a proper noun ("Steve Israel").
    """
    if _ADJECTIVE_COMPOUND.search(tok.text) or tok.text.endswith(("'s", "\u2019s")):
        return False
    if len(tok.text) > 1 and tok.text.isupper() and not surname.text.isupper():
        return False  # an acronym: "WIT Indonesia" (but "JOE FENTON" is a name in capitals)
    best = max(c.place.importance for c in cands)
    if best >= _COUNTRY_IMPORTANCE:
        # a country as a surname ("Steve Israel", "Michael Jordan") needs a known given name,
        # not a brand or an adjective ("Wego Indonesia", "Shiite Iran")
        return _proper_words().get(tok.lower, 0.0) >= 2.5
    # a given name that is also a word ("John Manchester", "Mark Kent") is still one
    return tok.lower in _GIVEN_NAME_WORDS or not (_zipf(tok) >= 3.5 and best >= 2.0)


def _strip_possessive(tok: Token) -> int:
    if tok.text.endswith(_POSS) and len(tok.text) > 3:
        return tok.end - 2
    if tok.text.endswith(("'", "’")):
        return tok.end - 1
    return tok.end


#: Least importance of a state or country named inside an organisation's name for the name
#: to be context for the resolver.
_CONTEXT_IMPORTANCE = 4.0


def _names_a_region(cand: Candidate, key: str) -> bool:
    """Whether a name rejected as a mention still surely names a state or country.

    "Georgia" in "Georgia Bureau of Investigation" does; "Paul" (a county of Cape Verde) and
    "Mary" (a province of Turkmenistan) are far more often people.
    """
    p = cand.place
    return (cand.match == "exact" and p.kind in ("admin1", "country")
            and p.importance >= _CONTEXT_IMPORTANCE and _same_name(cand.matched_name, p.name)
            and _proper_words().get(key, 0.0) - p.importance < 0.5)
#: Least population of a city whose name is ordinary words that is found with no place context
#: ("Grand Prairie police", "Rock Hill", "Mount Pleasant Civic Center"; not "Red Cross").
_CITY_OF_WORDS = 50_000
#: ... but "North Shore", "West End" are parts of any city, and "The Woodlands" any care home
_COMPASS_WORDS = frozenset(("the", "north", "south", "east", "west", "northern", "southern",
                            "eastern", "western", "upper", "lower", "central", "northeast",
                            "northwest", "southeast", "southwest"))


#: Most importance of a place whose name after a model year is taken for a vehicle or, beside
#: "&", for a firm ("1991 Honda", "McPherson & Jacobsen"; Honda, Colombia, and McPherson
#: County, Kansas, are places).
_BRAND_IMPORTANCE = 3.0
#: Words between a model year and a make: "a red 1991 Honda", "a 1993 brown Cadillac".
_CAR_WORDS = frozenset(
    """red blue green white black silver gray grey brown tan gold maroon beige dark light
    orange yellow purple used new""".split())


#: Makers of cars whose models are named after places ("Dodge Durango", "Ford Bronco",
#: "Chevy Tahoe", "Hyundai Tucson").
_CAR_MAKES = frozenset(
    """ford dodge chevy chevrolet gmc jeep buick pontiac chrysler toyota honda nissan hyundai kia
    mazda subaru volkswagen vw audi bmw mercedes volvo acura infiniti lexus cadillac
    oldsmobile plymouth isuzu mitsubishi suzuki""".split())
#: Determiners before a vehicle's model year (not "the": "the 2014 Gaza conflict").
_OWNER_WORDS = frozenset("a an their his her my our your its".split())


def _after_model_year(tokens: Sequence[Token], i: int, text: str) -> bool:
    """Whether a name follows a determiner and a model year, with colour words between.

    "a 2001 Cadillac", "their red 1991 Honda", "A 1993 brown Cadillac" are vehicles; "the 2014
    Gaza conflict" and "the 2008 Beijing Olympics" name the place.
    """
    k = i - 1
    seen_year = False
    while k >= 0 and text[tokens[k].end: tokens[k + 1].start] == " ":
        word = tokens[k].text
        if not seen_year and len(word) == 4 and word.isdigit() and word[:2] in ("19", "20"):
            seen_year = True
        elif tokens[k].lower in _CAR_WORDS:
            pass
        else:
            return seen_year and tokens[k].lower in _OWNER_WORDS
        k -= 1
    return False


def _world_region(cands: Sequence[Candidate]) -> bool:
    """Whether the name is that of a region of the world ("Middle East", "Far East")."""
    return any(c.match == "exact" and c.place.kind == "region" and not c.place.country
               and _same_name(c.matched_name, c.place.name) for c in cands)


def _accept(tokens: Sequence[Token], chunks: Sequence[int], i: int, j: int,
            cands: Sequence[Candidate], text: str, *, known: bool = False) -> bool:
    """Whether a gazetteer match is a place mention in its context.

    ``known``: the context says it is a place (a dateline), as a preposition before it would:
    the rules against ordinary words and people's names do not apply.
    """
    first = tokens[i]
    importances = list(map(_IMPORTANCE, cands))  # (C-level maps: no comprehension's frame)
    best_imp = max(importances)
    exact = "exact" in map(_MATCH, cands)
    prev = tokens[i - 1] if i > 0 else None
    # a state's abbreviation after a place: "Monroe, La.", "of Sulphur, Pa., was"
    if i == j and prev is not None and prev.cap and text[prev.end: first.start] == ", " \
            and text[first.end: first.end + 1] == "." and any(
                c.match == "exact" and c.matched_name.endswith(".") for c in cands):
        known = True
    # "a Goose Creek man", "an Independence teenager": where someone lives; "the Holly
    # Heights neighborhood": a part of town
    if prev is not None and j + 1 < len(tokens) and not tokens[j + 1].cap \
            and text[tokens[j].end: tokens[j + 1].start] == " " and (
                prev.lower in ("a", "an") and tokens[j + 1].lower in _RESIDENT_NOUNS
                or prev.lower in ("a", "the", "its") and tokens[j + 1].lower in _AREA_NOUNS):
        known = True
    prev_prep = known or prev is not None and prev.lower in _PREPOSITIONS and (
        not prev.cap or prev.sent_start and prev.text[1:].islower()) or (
        # "as far south as Red Wing"
        prev is not None and prev.lower == "as" and i > 2 and tokens[i - 3].lower == "far"
        and tokens[i - 2].lower in _FAR_WORDS) or (
        prev is not None and prev.lower == "the" and i > 1
        and tokens[i - 2].lower in _PREPOSITIONS) or (
        prev is not None and prev.lower == "of" and _of_place_noun(tokens, i))
    # a lowercase-led match ("east Jerusalem") must be multi-token, with a name in it: "the
    # north west", "the south end of the lake" are directions (but "west africa" in a tweet)
    if not first.cap and (i == j or not any(tokens[k].cap for k in range(i + 1, j + 1)) and all(
            _zipf(tokens[k]) >= 3.0 for k in range(i, j + 1))):
        return False
    # a contraction: "He'd like to", "We’ll see"
    if i == j and ("'" in first.text or "’" in first.text) and _CONTRACTION.search(first.text):
        return False
    # a saint's church, school or hospital: "St. John's Lutheran School", "St. Mary's
    # Hospital", "St. Rose Dominican Hospital" (not "St. John's, Newfoundland", nor a town's
    # hospital: "St. Cloud Hospital")
    if first.lower in _SAINT_WORDS and j + 1 < len(tokens) and (
            tokens[j].text.endswith(_POSS) or tokens[j + 1].lower in _CHURCH_WORDS):
        k = j + 1
        while k < len(tokens) and k <= j + 4 and tokens[k].cap \
                and text[tokens[k - 1].end: tokens[k].start] in (" ", "-"):
            if tokens[k].lower in _SAINT_INSTITUTIONS:
                return False
            k += 1
    # a name alone in quotation marks is a title (a painting, a film, a ship): “Hudson,”
    if not known and first.start and text[first.start - 1] in _QUOTES \
            and _QUOTE_CLOSE.match(text, tokens[j].end) and best_imp < _COUNTRY_IMPORTANCE:
        return False
    # all-caps short tokens: well-known abbreviations (US, UK, UAE, DRC), or a state code
    # right after a place and a comma ("Gainesville, GA")
    bare = text[first.start: _strip_possessive(first)]
    if i == j and bare.isupper() and len(bare) <= 4 and "." not in bare:
        after_place = i > 0 and text[tokens[i - 1].end: first.start] == ", " and \
            tokens[i - 1].cap
        # a state's postal code after a preposition ("in AZ", "to the GA coast"), unless it
        # is also an English word ("in OR", "OK")
        coded = bare in _POSTAL_CODES and bare not in _WORD_CODES and prev_prep and any(
            c.place.kind == "admin1" and c.place.country == "US" for c in cands)
        if bare not in KNOWN_ABBREVIATIONS and not (after_place and best_imp >= 3.0) \
                and not coded:
            return False
        # "US", "NYC", "DRC" are their places wherever they stand ("From NYC to"); the EU is
        # also an organisation, which most corpora do not mark as a place ("EU regulations")
        if bare in KNOWN_ABBREVIATIONS and bare != "EU" and exact:
            known = prev_prep = True
    # every word an ordinary word: "The city", "Red Cross", "Bay", "We're" (of places less
    # important than 2.2, with no preposition before a one-word or exact name: the words are
    # read only then)
    if best_imp < 2.2 and bare not in KNOWN_ABBREVIATIONS \
            and not (prev_prep and (i == j or exact)):
        words = [w for w in name_key(text[first.start: tokens[j].end]).split()
                 if w not in CONNECTORS and w != "the"]
        # (the tests over the candidates last: most names have a rare word)
        if (words and words[-1] not in _PLACE_TYPE_WORDS
                and not (words[-1] in ("city", "town") and len(words) >= 2)
                and words[0] not in _NAME_ABBREVIATIONS
                and all(common_zipf(w) >= 3.0 or len(w) <= 2 for w in words)
                and not (_world_region(cands) and not text[first.start: tokens[j].end].isupper())
                and not (i < j and words[0] not in _COMPASS_WORDS and first.lower != "the"
                         and any(c.match == "exact" and c.place.population >= _CITY_OF_WORDS
                                 for c in cands))):
            return False
    # a single common word that is only a small place: "Police", "Deal", "Reading"
    if i == j and (first.lower in GENERIC_NAMES or first.lower in DATE_WORDS
                   or first.lower in _SEASONS):
        return False
    follows = text[first.end: first.end + 3]
    # opening hours: "10am-3pm Mon, Thu and Sat" (Mon, Sat are places somewhere)
    if i == j and first.lower in _WEEKDAY_ABBREVIATIONS and (
            _HOURS_BEFORE.search(text, max(0, first.start - 14), first.start)
            or _DAY_AFTER.match(text, first.end)):
        return False
    # "Nov. 12", "Dec 3": a date
    if i == j and first.lower in _MONTH_ABBREVIATIONS and re.match(r"\.? ?\d|\. ", follows):
        return False
    # "Ms. Underwood", "Dr Smith": a title, not Mississippi
    if i == j and (first.lower in PERSON_TITLES or first.lower in _TITLE_ABBREVIATIONS) \
            and i + 1 < len(tokens) and \
            tokens[i + 1].cap and re.match(r"\.? ?[A-Z]", follows):
        return False
    if i == j and _is_common(first, 3.6) and best_imp < 3.4:
        if not prev_prep or first.sent_start and not known:
            return False
    if i == j and _is_common(first, 4.8) and best_imp < 4.5 and not prev_prep:
        return False
    # a name English text uses far more often than this place's prominence explains is
    # someone's name: "Obama" (a town in Japan), "Paul" (Idaho), "Wilson", "Jesus"
    # (a small town's short form, "Abbas" of Fort Abbas, does not count as the place; "Vegas"
    # and "the Mediterranean" do)
    # (the importance that counts is at least the least importance, and 0 when none counts: a
    # word less frequent than the margin over that is not looked at further)
    # (the importance that counts is at most the greatest, or 0 when none counts: a word
    # that frequent over both needs no look at which importances count)
    if i == j and not prev_prep and (
            proper := _proper_words().get(first.lower, 0.0)) - min(0.0, min(importances)) \
            >= _NAME_FREQUENCY_MARGIN and (
            proper - max(best_imp, 0.0) >= _NAME_FREQUENCY_MARGIN or proper - max(
            (c.place.importance for c in cands if c.place.kind != "city"
             or c.place.importance >= _SHORT_FORM_IMPORTANCE
             or not _short_form(first.lower, c.place.name)), default=0.0)
            >= _NAME_FREQUENCY_MARGIN):
        return False
    # variant and typo matches: a multi-word name or one a place context introduces
    if not exact and not (i != j or _place_context(tokens, i)):
        return False
    # matched only through an alternate name of a small place, with nothing saying it is a
    # place ("Holy City" is an alternate name of Sunnyside, Washington)
    if not prev_prep and best_imp < 2.5 and not any(
        _same_name(c.matched_name, c.place.name) for c in cands
    ):
        return False
    # ... or an English word that is another language's name of the place ("Soul" is Seoul
    # in Portuguese, "Rage" a form of Lage): the word, wherever it stands
    # (not a state's abbreviation: "Ill.", "Richmond, CA")
    if i == j and not known and _zipf(first) >= 3.0 and first.text[1:].islower() \
            and text[first.end: first.end + 1] != "." \
            and not (prev is not None and prev.cap and text[prev.end: first.start] == ", ") \
            and not any(_same_name(c.matched_name, c.place.name) for c in cands):
        return False
    # a vehicle: "their red 1991 Honda broke down", "a 2001 Cadillac near" (but "the 2008
    # Beijing Olympics" names the city)
    if not known and i == j and best_imp < _BRAND_IMPORTANCE \
            and _after_model_year(tokens, i, text) \
            and (j + 1 >= len(tokens) or not tokens[j + 1].cap):
        return False
    # a person: "Palestinian man Siraj, 24", "Ahmed, 35,"
    # (each pattern after the name tried only where its first characters are)
    end_j = _strip_possessive(tokens[j])
    if best_imp < 3.0 and text.startswith(",", end_j) and _AGE_AFTER.match(text, end_j):
        return False
    # person: "Mr. X", "President X", "coach X"
    if prev is not None and prev.lower in PERSON_TITLES:
        if prev.cap and chunks[i] >= 0 and chunks[i] == chunks[i - 1]:
            return False
        if not prev.cap and i == j and text[prev.end: first.start] == " ":
            return False
        # an abbreviated title and its period: "The Rev. Al Meredith", "Dr. Hal Smith"
        if prev.lower in _TITLE_ABBREVIATIONS and text[prev.end: first.start] == ". ":
            return False
    # a relative named: "his wife, Caroline", "cousins Dillon and Connor", "their first
    # child, Hailey"
    if prev is not None and prev.lower in _KIN_WORDS and \
            text[prev.end: first.start] in (" ", ", ") and best_imp < _KIN_IMPORTANCE:
        return False
    # a given name before a surname's particle: "Dennis van Engelsdorp", "Luc van den Brande"
    if i == j and text.startswith((" v", " t", " z"), tokens[j].end) \
            and _PARTICLE_AFTER.match(text, tokens[j].end):
        return False
    # a holiday: "St. Patrick's Day", "Columbus Day", "Victoria Day"
    if text.startswith((" Day", "'s Day", "’s Day"), end_j) and _HOLIDAY_AFTER.match(text, end_j):
        return False
    # a disease named after a place: "Marburg virus", "Lassa fever", "Lyme disease"
    if j + 1 < len(tokens) and _is_disease_word(tokens[j + 1].lower) and \
            text[tokens[j].end: tokens[j + 1].start] in (" ", "-"):
        return False
    chunk = chunks[i] if chunks[i] >= 0 else (chunks[j] if chunks[j] >= 0 else -1)
    if chunk < 0:
        return True
    # tokens of the same chunk before and after the match
    before = [k for k in range(chunk, i) if chunks[k] == chunk] if chunk < i else []
    after = []
    k = j + 1
    while k < len(tokens) and chunks[k] == chunk:
        after.append(k)
        k += 1
    # a school or university named for its place is an institution ("Peking University",
    # "Sandy Hook Elementary School")
    if after and any(tokens[k].lower in _SCHOOL_WORDS for k in after):
        return False
    # a country's own name opening a capitalised run is the country ("Kenya Wildlife Service
    # said", "ambassador to Egypt Navdeep Suri", "Saudi Arabia Travel Guide"), but not before
    # a lone name ("Jordan Dyer", "Chad Foster") nor in a newspaper's or a party's name ("China
    # Daily", "UK Independence Party"), nor when it is also a state's ("Georgia Bureau of
    # Investigation" stays context); a name inside a run is left to the rules below
    if not before and after and any(
            c.match == "exact" and c.place.kind == "country"
            and _same_name(c.matched_name, text[first.start: tokens[j].end]) for c in cands) \
            and not any(c.place.kind == "admin1" for c in cands) \
            and not (len(after) == 1 and tokens[after[0]].lower not in INSTITUTION_WORDS) \
            and not any(tokens[k].lower in _PRESS_AND_PARTY for k in after):
        return True
    # an event named for its place: "the Haiti Earthquake", "Gujranwala Violence"
    if after and tokens[after[0]].lower in _EVENT_WORDS:
        return True
    if before:
        words = [tokens[k].lower for k in before]
        if len(words) >= 2 and words[-1] in ("of", "for", "to") and words[-2] in _OF_PLACE_HEADS:
            # "the King of Saudi Arabia", "President of France": the country itself
            return True
        if before == [i - 1] and words[0] in ("d", "r", "i") \
                and text[tokens[i - 1].end: first.start] == "-":
            # a legislator's party and state: "Rep. Ron Paul, R-Texas", "D-W.Va."
            return True
        if not all(w in QUALIFIERS or w in CONNECTORS or w in _BEFORE_NAME
                   or w in demonyms() for w in words):
            return False
    if after:
        nxt = tokens[after[0]].lower
        if nxt in CONNECTORS and len(after) > 1:
            nxt = tokens[after[1]].lower
        # "Texas Alcoholic Beverage Commission", "Kentucky Workforce Development Cabinet": a
        # public body named for its jurisdiction (but "New York Times" is a newspaper)
        if nxt not in INSTITUTION_WORDS and not (
                tokens[after[-1]].lower in _PUBLIC_BODIES
                and tokens[after[0]].lower not in CONNECTORS) \
                and not _titled_person(tokens, after, text) and not (
                    tokens[after[-1]].lower in _LOCAL_FACILITIES
                    and all(tokens[k].lower in _FACILITY_WORDS for k in after[:-1])):
            return False
    return True


#: A Dutch or German surname's particle after a name.
_PARTICLE_AFTER = re.compile(r" (?:van|von|ter|zu)(?: (?:der|den|de))? [A-Z]")
#: First words of a saint's name, and the institutions named for saints.
_SAINT_WORDS = frozenset(("st", "saint", "ste", "sainte"))
_SAINT_INSTITUTIONS = frozenset(
    """school schools church cathedral chapel college university academy hospital medical
    cemetery basilica abbey seminary parish clinic catholic lutheran episcopal""".split())
_CHURCH_WORDS = frozenset(
    """catholic lutheran episcopal methodist baptist presbyterian orthodox dominican
    church cathedral chapel basilica abbey parish seminary school academy""".split())
#: Quotation marks, and a closing one after a name (with the comma or period it may carry).
_QUOTES = frozenset('"“”')
_QUOTE_CLOSE = re.compile(r'[,.]?["”]')
#: The end of an English contraction ("he'd", "we’ll", "don't").
_CONTRACTION = re.compile(r"['’](?:d|ll|re|ve|m)$|n['’]t$", re.IGNORECASE)
#: An age after a name: "Siraj, 24" (not a share: "Marion, 8.7 percent", "Clinton, 10%").
_AGE_AFTER = re.compile(r",\s*\d{1,2}\b(?![.,]\d|\s*(?:%|percent\b|per cent\b|pct\b))")
_WEEKDAY_ABBREVIATIONS = frozenset("mon tue tues wed thu thur thurs fri sat sun".split())
#: A time or a weekday right before a weekday's abbreviation ("10am-3pm Mon", "Tue, Thu").
_HOURS_BEFORE = re.compile(
    r"(?:\d ?(?:am|pm|a\.m\.|p\.m\.)|\b(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?)[-–, ]*$", re.I)
#: ... or another weekday right after it ("Mon-Fri", "Sat and Sun").
_DAY_AFTER = re.compile(r"\.?[-–, ]+(?:and |& )?(?:mon|tue|wed|thu|fri|sat|sun)", re.I)
#: Words of an institution's name that make the place before them part of that name:
#: "Peking University", "Sandy Hook Elementary School" (a place after them still counts:
#: "University of Kentucky" names Kentucky).
_SCHOOL_WORDS = frozenset("university college elementary academy".split())
#: Nouns of events named for their place: "the Haiti Earthquake", "California Measles
#: Outbreak", "Gujranwala Violence".
_EVENT_WORDS = frozenset(
    """earthquake earthquakes quake quakes tornado tornadoes flood floods flooding riot riots
    protest protests violence outbreak measles volcano disaster massacre attack attacks
    bombing bombings shooting shootings storm storms hurricane tsunami crisis unrest
    clashes""".split())
#: Lower-case designators after a name that are not part of it ("Masvingo province").
_LOWER_DESIGNATORS = frozenset(
    """state province county district governorate region prefecture oblast parish river desert
    valley mountains""".split())
#: Last words of a local facility named for its town, with only `_FACILITY_WORDS` between:
#: "Hammond Marina", "Dublin Veterinary Clinic", "Columbus Metropolitan Library",
#: "Branchville Correctional Facility" (not "Charles Beatley Library"). Hospitals are left
#: out: the corpora disagree ("Huntsville Memorial Hospital" is marked in one, "Barnet General
#: Hospital" not in the others).
_LOCAL_FACILITIES = frozenset("clinic facility branch marina library league".split())
_FACILITY_WORDS = frozenset(
    """veterinary metropolitan public county city regional community correctional federal
    state municipal junior senior little youth""".split())
#: Words for relatives, after which a capitalised name is a person's.
_KIN_WORDS = frozenset(
    """wife husband son daughter sons daughters sister sisters brother brothers cousin cousins
    mother father mom dad child grandson granddaughter grandsons granddaughters niece nephew
    fiancee fiance fiancée fiancé widow widower twin twins stepson stepdaughter boyfriend
    girlfriend""".split())
#: ... unless the place is prominent ("his wife, Georgia" stays a person only for small places:
#: "a son in Texas" is not "son, Texas" anyway).
_KIN_IMPORTANCE = 3.5
#: Importance from which a place is a country or as prominent as one.
_COUNTRY_IMPORTANCE = 5.0
#: After a name, a holiday named for a saint, person or place.
_HOLIDAY_AFTER = re.compile(r"(?:['’]s)? Day\b")


#: Titles of office besides `PERSON_TITLES` that a jurisdiction may precede ("Texas
#: Comptroller Susan Combs", "U.S. Sens. Mitch McConnell").
_OFFICE_TITLES = frozenset("sens reps vice comptroller treasurer auditor".split())


def _titled_person(tokens: Sequence[Token], after: Sequence[int], text: str) -> bool:
    """Whether the words after a place are a title of office and a person's name.

    "Florida Attorney General Bill McCollum", "Dublin Director of Engineering Paul
    Hammersmith", "former U.S. Sen. Bob Dole": the place is the jurisdiction of the office.
    A title with no name after it stays part of a name ("Victoria Principal").
    """
    title = tokens[after[0]]
    word = title.lower.split("-")[0]
    if word not in PERSON_TITLES and word not in _OFFICE_TITLES:
        return False
    if any(tokens[k].cap and tokens[k].lower not in PERSON_TITLES
           and tokens[k].lower not in INSTITUTION_WORDS for k in after[1:]):
        return True
    # an abbreviated title ends the run at its period: "Sen. Bob Dole"
    k = after[-1]
    return (len(after) == 1 and text[title.end: title.end + 2] == ". "
            and k + 1 < len(tokens) and tokens[k + 1].cap)


#: Last words of the name of a public body, whose first word is its jurisdiction.
_PUBLIC_BODIES = frozenset(
    """commission commissions bureau office cabinet department council authority board
    ministry committee division directorate legislature court comptroller
    auditor treasurer society association festival fair center centre""".split()
)


#: How much more frequent (Zipf) than its best place's importance a proper name must be to
#: be taken for a person or brand when nothing says it is a place (chosen on the dev split:
#: 205 false places dropped for 18 true ones).
_NAME_FREQUENCY_MARGIN = 2.5
#: Least importance of a town for one word of its name to count as the town.
_SHORT_FORM_IMPORTANCE = 2.0
#: Last words that make a name of ordinary words a place name ("Walker County", "Red River").
_PLACE_TYPE_WORDS = frozenset(
    """county parish province district governorate township borough island islands river lake
    mountain mountains valley creek springs falls heights beach harbor harbour port ocean
    sea""".split()
)
#: Words of a capitalised run before a name that leave it a place ("The City of Paris").
_BEFORE_NAME = frozenset("the city port town mount".split())
#: "<Head> of <place>" that refers to the place rather than naming an organisation.
_OF_PLACE_HEADS = frozenset(
    """king queen prince princess emperor empress sultan emir shah tsar czar president premier
    chancellor governor mayor people citizens capital heart outskirts coast north south east
    west minister ministry ambassador embassy representative envoy culture attractions""".split()
)
#: Last words of the names of newspapers, broadcasters and parties that a country may open.
_PRESS_AND_PARTY = frozenset(
    """times post daily news herald tribune today journal gazette telegraph express mail
    chronicle star observer guardian party""".split())
#: What follows "<town> City" when it names the town's government, not a place "X City".
_CITY_OFFICES = frozenset(
    """council councilman councilwoman councillor councilor manager hall commission
    commissioners schools school attorney clerk administrator government officials employees
    staff board police limits engineer planner treasurer auditor public""".split()
)
#: What may follow a qualifying state or country: the end of the clause ("Reston, Virginia.")
_CLOSING = frozenset(("", ".", ",", ";", ":", ")", " —", "—", "–"))
_DISEASE_WORDS = frozenset("virus viruses fever disease flu influenza strain syndrome".split())


#: Words before a storm's name.
_STORM_WORDS = frozenset("hurricane typhoon cyclone storm".split())


def _is_disease_word(word: str) -> bool:
    """A word that makes the name before it a disease's: "virus", "fever", "ebolavirus"."""
    return word in _DISEASE_WORDS or word.endswith("virus") and len(word) > 5
_SAYING = frozenset("said says told added explained stated noted wrote asked replied".split())
_PLACE_NOUNS = frozenset(
    """community city town village camp district neighbourhood neighborhood suburb area region
    province governorate settlement kibbutz moshav port hamlet""".split()
)


#: Nouns for people and homes that a place name may qualify: "a Meadow Grove man", "his
#: Meadow Grove home".
_RESIDENT_NOUNS = frozenset(
    """man woman men women resident residents native natives teen teenager teens boy girl
    couple home homes""".split())  # not "family": "the Snedeker family"
#: Nouns for parts of a town after "the <name>": "in the Silverado Ranch area".
_AREA_NOUNS = frozenset("area neighborhood neighbourhood subdivision district".split())
#: Verbs of living somewhere, before "in <name>".
_LIVING_WORDS = frozenset("live lives lived living reside resides resided residing".split())
#: ... and the words before the name with them.
_RESIDENT_DETERMINERS = frozenset("a an the his her their its".split())
#: A word ending in a lower-case part after a hyphen is an adjective, not part of a name
#: ("Scandal-plagued Ga. pastor", "the Saudi-led coalition"; "Stratford-upon-Avon" is one).
_LOWER_LAST_PART = re.compile(r"[-\u2010\u2011][a-z][^-\u2010\u2011]*$")
#: A word with a lower-case part after a hyphen is no name ("an HIV-positive man").
_LOWER_PART = re.compile(r"-[a-z]")


def _lower_last_part(word: str) -> bool:
    """Whether ``word`` matches `_LOWER_LAST_PART` (the regex only for words with a hyphen)."""
    return ("-" in word or "\u2010" in word or "\u2011" in word) \
        and _LOWER_LAST_PART.search(word) is not None


#: The words right before a name that `_unknown_places` can take: "of" ("the town of",
#: "east of", "of Thackerville, Okla."), "in" ("live in") and `_RESIDENT_DETERMINERS`.
_BEFORE_UNKNOWN = frozenset(("of", "in")) | _RESIDENT_DETERMINERS


def _unknown_places(tokens: Sequence[Token], runs: Sequence[tuple[int, int]], text: str,
                    taken: Collection[int], people: Collection[str],
                    dem: Collection[str], states: Collection[int]) -> list[tuple[int, int]]:
    """Names the gazetteer lacks that the words around them make places.

    "the village of Cellardyke", "the town of Akuressa", "a Meadow Grove man", "in the
    Silverado Ranch area", "Dennis Lopez of Thackerville, Okla.": (first, last token) of each,
    reported unresolved, and every other run of the same words in the text. Ordinary words
    (several before a word for a resident, unless one is an everyday word: "a Home Depot
    man"),
    people's names and demonyms are not taken. Each capitalised run of ``runs`` (see
    `_chunk_runs`) is a candidate from its first token not in ``taken``.
    """
    out = []
    n = len(tokens)
    for first, b in runs:
        a = first  # the first token not taken
        while a <= b and a in taken:
            a += 1
        # (every rule below wants one of those words right before the name: tested first)
        if a > b or not a or tokens[a - 1].lower not in _BEFORE_UNKNOWN:
            continue
        name = _name_like(tokens, a, b, taken, people, dem)
        if name is None:
            continue
        words = name[1]
        zipfs = [_zipf(tokens[k]) for k in range(a, b + 1)]  # (common_zipf of the words)
        before = [t.lower for t in tokens[max(0, a - 2): a]]
        after = tokens[b + 1] if b + 1 < n else None
        gap_after = text[tokens[b].end: after.start] if after is not None else ""
        if all(z >= 3.0 for z in zipfs) and not (
                # "a Meadow Grove man": words none of which is an everyday one ("a White
                # House man", "a Home Depot man" stay out) before a word for a resident
                len(words) > 1 and max(zipfs) < 4.5 and before
                and before[-1] in _RESIDENT_DETERMINERS and after is not None
                and gap_after == " " and after.lower in _RESIDENT_NOUNS):
            continue
        town_of = len(before) == 2 and before[1] == "of" and before[0] in _PLACE_NOUNS \
            and not tokens[a - 2].cap
        resident = bool(before) and before[-1] in _RESIDENT_DETERMINERS and after is not None \
            and gap_after in (" ", "'s ", "’s ") and not after.cap and (
                after.lower in _RESIDENT_NOUNS or after.lower in _AREA_NOUNS)
        stated = bool(before) and before[-1] in ("of", "in") and after is not None \
            and gap_after == ", " and b + 1 in states
        # "those who live in Wild Dunes", "a home east of Whitlock"
        spaced = len(before) == 2 and text[tokens[a - 2].end: tokens[a - 1].start] == " " \
            and text[tokens[a - 1].end: tokens[a].start] == " "
        lives = spaced and before[1] == "in" and before[0] in _LIVING_WORDS
        beyond = spaced and before[1] == "of" and before[0] in _DIRECTION_WORDS \
            and not tokens[a - 2].cap
        if town_of or resident or stated or lives or beyond:
            out.append((a, b))
    # the same name elsewhere in the text is the same place ("a Meadow Grove man" ...
    # "Richard Pehrson of Meadow Grove"): every name-like run (read only now: it is rare)
    if out:
        keys = {" ".join(t.lower for t in tokens[a: b + 1]) for a, b in out}
        named = []
        for first, b in runs:
            a = first
            while a <= b and a in taken:
                a += 1
            if a <= b and (name := _name_like(tokens, a, b, taken, people, dem)) is not None:
                named.append((a, b, name[0]))
        out = sorted({*out, *((a, b) for a, b, key in named if key in keys)})
    return out


def _name_like(tokens: Sequence[Token], a: int, b: int, taken: Collection[int],
               people: Collection[str], dem: Collection[str]) -> tuple[str, list[str]] | None:
    """Key and words of the run of tokens ``a`` to ``b`` when `_unknown_places` can take it.

    Up to three capitalised words, none taken, none with a lower-case part after a hyphen,
    not a headline's, not a person's name, demonym or title, nor a date.
    """
    if b - a > 2 or tokens[a].headline or any(
            k in taken or "-" in tokens[k].text and _LOWER_PART.search(tokens[k].text)
            for k in range(a, b + 1)) or not all(
            tokens[k].cap for k in range(a, b + 1)):
        return None
    words = [tokens[k].lower for k in range(a, b + 1)]
    key = " ".join(words)
    if key in people or key in dem or key in NOT_PLACES or any(
            w in PERSON_TITLES or w in DATE_WORDS for w in words):
        return None
    return key, words


#: What separates the items of a list.
_LIST_GAPS = frozenset((", ", " and ", ", and ", " or ", ", or "))


def _listed_names(tokens: Sequence[Token], runs: Sequence[tuple[int, int]], text: str,
                  items: dict[int, int], taken: Collection[int]) -> list[tuple[int, int]]:
    """Unknown names listed among places: "including Harwinton, Bantam, Litchfield, Winsted".

    ``items``: first -> last token of each place found. A run of at most three capitalised
    words, none an ordinary word, is a place between two listed places, or before (after) two
    of them.
    """
    ends = {b: a for a, b in items.items()}
    n = len(tokens)

    def gap(k: int) -> str:  # the text before token k
        return text[tokens[k - 1].end: tokens[k].start] if 0 < k < n else ""

    out = []
    for a, b in runs:
        if a - 1 not in ends and b + 1 not in items:
            continue  # (next to no listed place)
        if b - a > 2 or any(k in taken for k in range(a, b + 1)) or tokens[a].headline \
                or tokens[a].sent_start or any(
                    _zipf(tokens[k]) >= 3.0 or tokens[k].lower in PERSON_TITLES
                    or tokens[k].lower in DATE_WORDS for k in range(a, b + 1)):
            continue
        before = a - 1 in ends and gap(a) in _LIST_GAPS
        after = b + 1 in items and gap(b + 1) in _LIST_GAPS
        if before and after:
            out.append((a, b))
        elif after and gap(b + 1) == ", ":
            nxt = items[b + 1]
            if nxt + 1 in items and gap(nxt + 1) in _LIST_GAPS:
                out.append((a, b))  # the first of three
        elif before and (gap(a) != ", " or b + 1 < n and gap(b + 1)[:1] in ".;"):
            prev = ends[a - 1]
            if prev - 1 in ends and gap(prev) == ", ":
                out.append((a, b))  # the last of three
    return out


def _place_context(tokens: Sequence[Token], i: int) -> bool:
    """A preposition or "<place noun> of" right before token i."""
    prev = [t.lower for t in tokens[max(0, i - 3): i]]
    if not prev:
        return False
    if prev[-1] in _PREPOSITIONS:
        return True
    if _of_place_noun(tokens, i):
        return True
    return len(prev) >= 2 and prev[-1] == "the" and prev[-2] in _PREPOSITIONS


#: Direction words that, before "of", say a place follows ("186 miles southeast of Alliance").
_DIRECTION_WORDS = frozenset(
    """north south east west northeast northwest southeast southwest north-east north-west
    south-east south-west""".split())


def _of_place_noun(tokens: Sequence[Token], i: int) -> bool:
    """Whether "<place noun> of" or "<direction> of" is right before token i.

    "the city of", "the village of", "southeast of", "just west of" (but not "the West of").
    """
    return i >= 2 and tokens[i - 1].lower == "of" and (
        tokens[i - 2].lower in _PLACE_NOUNS
        or tokens[i - 2].lower in _DIRECTION_WORDS and not tokens[i - 2].cap)


def _short_form(word: str, name: str) -> bool:
    """Whether ``word`` is one word of the longer name ``name`` ("abbas", "Fort Abbas")."""
    words = name_key(name).split()
    return len(words) > 1 and word in words


def _same_name(a: str, b: str) -> bool:
    """Whether two names are forms of one name ("Gaza City"/"Gaza", "Ashqelon"/"Ashkelon")."""
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return True
    # a shared word first: cheaper than the variant keys, which most new names lack a cache of
    ta = {t for t in ka.split() if len(t) >= 4}
    tb = {t for t in kb.split() if len(t) >= 4}
    return bool(ta & tb) or variant_key(a) == variant_key(b)


def _role(text: str, start: int, end: int,
          dateline: Sequence[tuple[int, int]]) -> tuple[str, Relation | None]:
    """Role of the span ``start:end``: dateline, relative (with its relation) or mention."""
    if dateline and any(a <= start and end <= b for a, b in dateline):
        return "dateline", None
    relation = _relation(text, start)
    return ("mention" if relation is None else "relative"), relation


#: Last words before a name that a relative expression can end with (every ``_REL_*``
#: pattern ends with one of them and a space): a cheap test before the four searches.
_REL_LAST_WORDS = frozenset(
    "of the near nearby outside to around from part central northern southern eastern western "
    "north south east west northeast northwest southeast southwest north-east north-west "
    "south-east south-west northeastern northwestern southeastern southwestern north-eastern "
    "north-western south-eastern south-western".split())


#: Ends of the words before "of" that `_REL_DIRECTION` and `_REL_CENTER` can end with, and
#: of the last word of `_REL_SUBREGION` and of `_REL_NEAR` (the cheap tests of
#: `_relation_patterns`).
_DIRECTION_ENDS = ("north", "south", "east", "west", "ern")
_CENTER_ENDS = ("centre", "center", "heart", "middle", "north", "south", "east", "west")
_SUBREGION_ENDS = ("ern", "central", "north", "south", "east", "west")
_NEAR_ENDS = ("near", "nearby", "outside", "around")


def _relation_patterns(left: str) -> tuple[bool, bool, bool, bool]:
    """Which of `_REL_DIRECTION`, `_REL_CENTER`, `_REL_SUBREGION`, `_REL_NEAR` can match ``left``.

    Each pattern ends with a few words and spaces and an optional "the" at the end of the
    text: the last words (the last before a final "the", and the one before it) say which
    can match ("in the", "residents of", "to" rule out all or all but one). Where the text is
    not ASCII (``re.IGNORECASE`` matches a few other characters to ASCII letters) every
    pattern is tried.
    """
    if not left.isascii():
        return True, True, True, True
    words = left.lower().rsplit(None, 3)
    if words and words[-1] == "the":
        words.pop()  # the optional "the" of every pattern
    last = words[-1] if words else ""
    before = words[-2] if len(words) >= 2 else ""
    of = last == "of"
    return (of and before.endswith(_DIRECTION_ENDS),
            of and before.endswith(_CENTER_ENDS),
            of and before == "part" or last.endswith(_SUBREGION_ENDS),
            of and before in ("outskirts", "vicinity") or last in ("to", "from")
            or last.endswith(_NEAR_ENDS))


def _relation(text: str, start: int) -> Relation | None:
    left = text[max(0, start - 60): start]
    if not left[-1:].isspace():
        return None
    words = left.rsplit(None, 1)
    if not words or words[-1].lower().rsplit("-", 1)[-1].lstrip("([{\"“‘'") \
            not in _REL_LAST_WORDS:
        return None
    direction, center, subregion, near = _relation_patterns(left)
    m = _REL_DIRECTION.search(left) if direction else None
    if m:
        dist = None
        if m.group("dist"):
            dist = float(m.group("dist").replace(",", "."))
            if m.group("unit").lower().startswith("mi"):
                dist *= 1.609344
        return Relation("direction", _norm_dir(m.group("dir")), dist, m.group(0).strip())
    m = _REL_CENTER.search(left) if center else None
    if m:
        d = m.group("dir").lower()
        d = "central" if d in ("centre", "center", "heart", "middle") else d
        return Relation("subregion", d, None, m.group(0).strip())
    m = _REL_SUBREGION.search(left) if subregion else None
    if m:
        return Relation("subregion", _norm_dir(m.group("dir")), None, m.group(0).strip())
    m = _REL_NEAR.search(left) if near else None
    if m:
        return Relation("near", None, None, m.group(0).strip())
    return None


def _norm_dir(d: str) -> str:
    d = d.lower().replace("-", "")
    for suffix in ("ern",):
        if d.endswith(suffix) and d not in ("central",):
            d = d[: -len(suffix)]
    return d


def _dateline_ranges(text: str) -> list[tuple[int, int]]:
    out = []
    m = _DATELINE_HEAD.match(text) or _DATELINE_AFTER_HEADLINE.search(text, 0, 400)
    if m and m.group("place").strip() and m.group("place").isupper():
        out.append((m.start("place"), m.end("place")))
    for m in _DATELINE_TAIL.finditer(text) if "/" in text else ():  # (a date with slashes)
        if m.start() > len(text) - 300:
            out.append((m.start("place"), m.end("place")))
    return out
