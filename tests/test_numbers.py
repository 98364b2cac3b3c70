from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoevents import _numbers
from geoevents._numbers import Quantity, find_quantities, parse_number


def rows(text: str) -> list[tuple[str, int, int | None, int | None, str]]:
    return [(q.text, q.best, q.low, q.high, q.qualifier) for q in find_quantities(text)]


def test_all_names_resolve() -> None:
    assert sorted(_numbers.__all__) == ["Quantity", "find_quantities", "parse_number"]
    for name in _numbers.__all__:
        assert getattr(_numbers, name) is not None


# ---------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("nine", 9),
        ("Twelve", 12),
        ("NINE", 9),
        ("5,000", 5000),
        ("1,620", 1620),
        ("58,000", 58000),
        ("twenty-six", 26),
        ("twenty six", 26),
        ("one hundred and five", 105),
        ("one hundred and twenty", 120),
        ("two hundred", 200),
        ("three thousand", 3000),
        ("a hundred", 100),
        ("a hundred thousand", 100_000),
        ("one million two hundred thousand", 1_200_000),
        ("twenty-five hundred", 2500),
        ("2.3 million", 2_300_000),
        ("1.5m", 1_500_000),
        ("2bn", None),  # above 100,000,000
        ("5k", 5000),
        ("5 thousand", 5000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
        ("dozens", 12),
        ("dozens of", 12),
        ("scores of", 20),
        ("hundreds", 100),
        ("tens of thousands", 10_000),
        ("several dozen", 24),
        ("a few hundred", 100),
        ("several", 3),
        ("a couple of", 2),
        ("one", 1),
        ("zero", 0),
        ("0", 0),
        ("5.000", 5000),
        ("  seven\u00a0", 7),
        ("100 million", 100_000_000),
    ],
)
def test_parse_number(words: str, value: int | None) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize(
    "words",
    [
        "",
        "a",
        "an",
        "none",
        "no one",
        "hello",
        "-5",
        "5%",
        "2.5",
        "1e30",
        "10^30",
        "2 billion",
        "1392081470529974278",
        "one two",
        "hundred",
        "thousand",
        "first",
        "2nd",
        "5 km",
        "007",
        "9" * 5000,
    ],
)
def test_parse_number_rejects(words: str) -> None:
    assert parse_number(words) is None


# --------------------------------------------------------------------------------- counts

COUNTS = [
    # exact
    ("Nine children were among those killed", [("Nine", 9, 9, 9, "")]),
    ("1,620 people wounded", [("1,620", 1620, 1620, 1620, "")]),
    ("mobilise 5,000 reservists", [("5,000", 5000, 5000, 5000, "")]),
    ("ten dead", [("ten", 10, 10, 10, "")]),
    ("six Israelis", [("six", 6, 6, 6, "")]),
    ("Twelve people", [("Twelve", 12, 12, 12, "")]),
    ("two of its senior figures", [("two", 2, 2, 2, "")]),
    ("killed twenty-six people", [("twenty-six", 26, 26, 26, "")]),
    ("a dozen homes", [("a dozen", 12, 12, 12, "")]),
    ("one hundred and five rockets", [("one hundred and five", 105, 105, 105, "")]),
    ("one person died", [("one", 1, 1, 1, "")]),
    ("killed 26", [("26", 26, 26, 26, "")]),
    ("killed 2021 people", [("2021", 2021, 2021, 2021, "")]),
    ("Gaza's 2.3 million inhabitants", [("2.3 million", 2_300_000, 2_300_000, 2_300_000, "")]),
    ("displaced 1.5m people", [("1.5m", 1_500_000, 1_500_000, 1_500_000, "")]),
    ("5.000 people fled", [("5.000", 5000, 5000, 5000, "")]),
    ("Israeli Strikes Kill 26 Palestinians", [("26", 26, 26, 26, "")]),
    ("Dozens of Palestinians and 3 Israelis", [("Dozens", 12, 12, None, "vague"),
                                             ("3", 3, 3, 3, "")]),
    # at least / more than
    ("At least 26 Palestinians have been killed",
     [("At least 26", 26, 26, None, "at least")]),
    ("AT LEAST 26 KILLED", [("AT LEAST 26", 26, 26, None, "at least")]),
    ("no fewer than 4 soldiers", [("no fewer than 4", 4, 4, None, "at least")]),
    ("more than 300 rockets", [("more than 300", 300, 300, None, "more than")]),
    ("over 2,000 homes", [("over 2,000", 2000, 2000, None, "more than")]),
    ("upwards of 40 people", [("upwards of 40", 40, 40, None, "more than")]),
    ("more than a dozen", [("more than a dozen", 12, 12, None, "more than")]),
    ("50 or more people", [("50 or more", 50, 50, None, "at least")]),
    ("50-plus fighters", [("50-plus", 50, 50, None, "at least")]),
    ("50+ killed", [("50+", 50, 50, None, "at least")]),
    # about
    ("Some 58,000 Palestinians", [("Some 58,000", 58000, 58000, 58000, "about")]),
    ("about 20 people", [("about 20", 20, 20, 20, "about")]),
    ("around 300 people", [("around 300", 300, 300, 300, "about")]),
    ("approximately 1,200 people", [("approximately 1,200", 1200, 1200, 1200, "about")]),
    ("roughly 40 people", [("roughly 40", 40, 40, 40, "about")]),
    ("an estimated 10,000 people", [("an estimated 10,000", 10000, 10000, 10000, "about")]),
    ("30 or so people", [("30 or so", 30, 30, 30, "about")]),
    # nearly / up to / fewer than
    ("nearly 90 people", [("nearly 90", 90, None, 90, "nearly")]),
    ("almost 40 people", [("almost 40", 40, None, 40, "nearly")]),
    ("close to 500 people", [("close to 500", 500, None, 500, "nearly")]),
    ("up to 40 people", [("up to 40", 40, None, 40, "up to")]),
    ("as many as 40 people", [("as many as 40", 40, None, 40, "up to")]),
    ("fewer than 10 people", [("fewer than 10", 9, None, 9, "fewer than")]),
    ("less than 10 people", [("less than 10", 9, None, 9, "fewer than")]),
    ("under 10 people", [("under 10", 9, None, 9, "fewer than")]),
    ("less than one", [("less than one", 0, None, 0, "fewer than")]),
    # ranges
    ("between 20 and 30 people", [("between 20 and 30", 20, 20, 30, "between")]),
    ("20 to 30 people", [("20 to 30", 20, 20, 30, "between")]),
    ("20-30 people", [("20-30", 20, 20, 30, "between")]),
    ("25-26 killed", [("25-26", 25, 25, 26, "between")]),
    ("25\u201326 killed", [("25\u201326", 25, 25, 26, "between")]),
    ("20 or 30 people", [("20 or 30", 20, 20, 30, "between")]),
    ("two or three people", [("two or three", 2, 2, 3, "between")]),
    ("between two and three dozen", [("between two and three dozen", 24, 24, 36, "between")]),
    ("two to three million people",
     [("two to three million", 2_000_000, 2_000_000, 3_000_000, "between")]),
    ("2-3 million people", [("2-3 million", 2_000_000, 2_000_000, 3_000_000, "between")]),
    ("some 20 to 30 people", [("some 20 to 30", 20, 20, 30, "between")]),
    ("between 1500 and 2000 people", [("between 1500 and 2000", 1500, 1500, 2000, "between")]),
    # vague
    ("dozens of Palestinians", [("dozens", 12, 12, None, "vague")]),
    ("hundreds of airstrikes", [("hundreds", 100, 100, None, "vague")]),
    ("scores of people", [("scores of", 20, 20, None, "vague")]),
    ("thousands fled", [("thousands", 1000, 1000, None, "vague")]),
    ("tens of thousands of people", [("tens of thousands", 10_000, 10_000, None, "vague")]),
    ("hundreds of thousands of people",
     [("hundreds of thousands", 100_000, 100_000, None, "vague")]),
    ("several people", [("several", 3, 3, None, "vague")]),
    ("a few people", [("a few", 3, 3, None, "vague")]),
    ("a number of people", [("a number of", 3, 3, None, "vague")]),
    ("a couple of soldiers", [("a couple of", 2, 2, None, "vague")]),
    ("several dozen people", [("several dozen", 24, 24, None, "vague")]),
    ("a few hundred people", [("a few hundred", 100, 100, None, "vague")]),
    # numbers, kept next to things that are not counts
    ("a particularly bloody year 2022, during which the conflict killed 235 people, "
     "nearly 90% of Palestinians", [("235", 235, 235, 235, "")]),
    ("killed 3 Palestinians in 2023.", [("3", 3, 3, 3, "")]),
    ("killed 3 and wounded 5", [("3", 3, 3, 3, ""), ("5", 5, 5, 5, "")]),
    ("Fighting on Monday 26 June killed 4", [("4", 4, 4, 4, "")]),
    ("the 12 victims", [("12", 12, 12, 12, "")]),
]


@pytest.mark.parametrize(("text", "expected"), COUNTS)
def test_counts(text: str, expected: list[tuple[str, int, int | None, int | None, str]]) -> None:
    assert rows(text) == expected


NOT_COUNTS = [
    # percentages
    "over 90 percent intercepted",
    "90 per cent",
    "90%",
    "nearly 90% of",
    "20-30% of",
    # years
    "since 2007",
    "in 2022",
    "the year 2022",
    "the 2014 Gaza conflict",
    "the 1967 war",
    "Ukraine's 2022 invasion",
    "2022 saw heavy fighting",
    "from 2014 to 2016",
    "between 1948 and 1967, Israel",
    "2014-2015 war",
    "2022-23",
    "(2014)",
    "in the summer of 2014",
    # times and dates
    "between 2:30 a.m. and 3:30 a.m.",
    "1500 GMT",
    "09:48:03",
    "at 10am",
    "at 5 p.m.",
    "January 26",
    "26 January",
    "May 19",
    "on Oct. 7,",
    "02/02/2023",
    "2023-02-02",
    "January 26, 2023",
    # ages
    "a 5-year-old boy, a 16-year-old girl",
    "a five-year-old boy",
    "Siraj, 24, was shot",
    "killed Ahmed, 24, and Omar, 30.",
    "Ahmed (24) died",
    "aged 24",
    "aged between 20 and 30",
    "24 years old",
    "in his 20s",
    # ordinals and fractions
    "first",
    "the 2nd battalion",
    "the 26th",
    "twenty-first",
    "two thirds",
    "one-third",
    # money
    "$5 million",
    "$ 5",
    "5 million dollars",
    "\u20ac3",
    "USD 5",
    "5 USD",
    "millions of dollars",
    # durations and distances
    "less than 36 hours after",
    "five minutes",
    "5 km",
    "10 days",
    "3 years",
    "a few days",
    "20-30 minutes",
    "a 10-day war",
    "42 km/h",
    # ids, urls, labels
    "status/1392081470529974278",
    "https://example.org/a/26",
    "Section 8",
    "Resolution 242",
    "UN Security Council Resolution 2334 calls",
    "COVID-19",
    "Covid 19",
    "F-16",
    "F-35 jets",
    "Route 60",
    "route 443",
    "page 5",
    "No. 5",
    "iPhone 15",
    "M16 rifles",
    "G7 summit",
    "version 3.2.1",
    "Python 3.11",
    "24/7",
    "9/11 attacks",
    "call +972 2 123 4567",
    "555-1234",
    "007",
    # not numbers at all, or not counts
    "-5 injured",
    "\u22125 injured",
    "10^30 killed",
    "1e30 killed",
    "2.5",
    "1.5 km",
    "3,4",
    "1 billion",
    "2.5bn people",
    "a Ukrainian woman",
    "an attack",
    "no casualties",
    "no one",
    "none",
    "one another",
    "the one",
    "score 3-2",
]


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_not_counts(text: str) -> None:
    assert find_quantities(text) == []


# -------------------------------------------------------------------------------- offsets


def test_offsets_and_number_span() -> None:
    text = "Gaza: At least 26 Palestinians and between 20 and 30 Israelis."
    first, second = find_quantities(text)
    assert (first.start, first.end) == (6, 17)
    assert text[first.number_start : first.number_end] == "26"
    assert text[second.number_start : second.number_end] == "20 and 30"
    assert second.text == "between 20 and 30"


def test_non_breaking_and_thin_spaces() -> None:
    nbsp = "at\u00a0least\u00a026"
    assert rows(nbsp + " dead") == [(nbsp, 26, 26, None, "at least")]
    assert rows("killed 5\u202f000 people") == [("5\u202f000", 5000, 5000, 5000, "")]


def test_sorted_and_non_overlapping() -> None:
    text = "20 or more than 30, dozens and dozens, 1,000-2,000 and 5"
    found = find_quantities(text)
    assert [q.start for q in found] == sorted(q.start for q in found)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start


def test_large_text_is_fast() -> None:
    base = (
        "GAZA CITY (AP) - At least 26 Palestinians, including nine children, were killed "
        "on 12 May 2023 in the worst escalation since the 2014 Gaza conflict. More than 300 "
        "rockets were fired; 90 percent were intercepted. Some 58,000 people fled and dozens "
        "of homes were hit at 2:30 a.m. See https://x.com/i/status/1392081470529974278 . "
    )
    text = (base * (1_000_000 // len(base) + 1))[:1_000_000]
    started = time.perf_counter()
    found = find_quantities(text)
    assert time.perf_counter() - started < 5.0  # about 0.3 s; guards against blow-ups
    assert len(found) > 10_000


@pytest.mark.parametrize("text", ["one one " * 20_000, "1 " * 50_000, "1-" * 50_000, "a1" * 50_000])
def test_pathological_inputs_stay_linear(text: str) -> None:
    started = time.perf_counter()
    find_quantities(text)
    assert time.perf_counter() - started < 5.0


# --------------------------------------------------------------------------- Quantity type


def test_quantity_is_frozen() -> None:
    q = Quantity(0, 2, "26", 26, 26, 26, "")
    with pytest.raises(AttributeError):
        q.best = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"qualifier": "roughly"}, "qualifier 'roughly' (str) is not known"),
        ({"best": -1, "low": None, "high": None}, "must be >= 0, got best=-1"),
        ({"low": 30}, "low=30 is above best=26"),
        ({"high": 20}, "high=20 is below best=26"),
    ],
)
def test_quantity_rejects_bad_bounds(kwargs: dict[str, object], message: str) -> None:
    base: dict[str, object] = {
        "start": 0, "end": 2, "text": "26", "best": 26, "low": 26, "high": 26, "qualifier": "",
    }  # fmt: skip
    base.update(kwargs)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Quantity(**base)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ properties

_TOKENS = [
    "0", "1", "26", "2021", "5,000", "2.3", "1.5m", "5.000", "100000001", "-", "\u2013", ":",
    "/", "%", "$", "~", "+", "^", "(", ")", ",", ".", " ", "\u00a0", "\u202f", "\n", "'s",
    "one", "Nine", "twenty", "hundred", "thousand", "million", "and", "a", "an", "dozen",
    "dozens", "several", "a few", "at least", "more than", "between", "to", "or", "fewer than",
    "nearly", "up to", "or more", "-plus", "-year-old", "years", "km", "percent", "GMT",
    "a.m.", "Gaza", "May", "in", "since", "the", "Route", "aged", "killed", "people", "İ",
    "\u017fix", "\u212a",
]  # fmt: skip
_PROPERTY = settings(
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _check(text: str, found: list[Quantity]) -> None:
    last = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        assert q.start <= q.number_start < q.number_end <= q.end
        assert q.start >= last
        last = q.end
        assert q.best >= 0
        if q.low is not None:
            assert 0 <= q.low <= q.best
        if q.high is not None:
            assert q.best <= q.high
        assert q.best <= 100_000_000


@_PROPERTY
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    _check(text, find_quantities(text))
    value = parse_number(text)
    assert value is None or 0 <= value <= 100_000_000


@_PROPERTY
@given(st.lists(st.sampled_from(_TOKENS), max_size=25).map(" ".join))
def test_invariants_on_number_like_text(text: str) -> None:
    _check(text, find_quantities(text))


@_PROPERTY
@given(st.lists(st.sampled_from(_TOKENS), max_size=25).map("".join))
def test_invariants_on_glued_tokens(text: str) -> None:
    _check(text, find_quantities(text))
    value = parse_number(text)
    assert value is None or 0 <= value <= 100_000_000


@_PROPERTY
@given(st.integers(min_value=0, max_value=100_000_000))
def test_digits_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


# ------------------------------------------------------------------ candidate scan fast path


def _number_texts(n: int, seed: int) -> list[str]:
    import random

    words = (
        "a an A few couple number handful of half dozen Dozens hundreds Hundred thousand "
        "THOUSANDS million Millions billion several Several scores tens zero one One two Two "
        "three four fourteen fourty forty five fifteen fifty six sixteen sixty seven "
        "seventeen seventy eight eighteen eighty nine nineteen ninety ten eleven twelve "
        "thirteen twenty thirty Twenty-six killed people at least more than about some 26 "
        "1,200 3.5 2021 5,000 12 0 7 999 10^30 F-16 COVID-19 $5 +3 x1 a1 the this third "
        "military election severe ſeven \u0130 thırty \u212a fort often someone"
    ).split()
    seps = [" ", " ", " ", "-", ", ", ".", "\u00a0", "/", "é", "_", "\n", "~"]
    rng = random.Random(seed)
    return ["".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(1, 40)))
            for _ in range(n)]


def test_candidate_starts_hold_every_candidate() -> None:
    # the twin scan must find every position where _CANDIDATE matches (more is fine)
    from geoevents._numbers import _CANDIDATE, _candidate_starts

    for text in _number_texts(1500, 21):
        starts = _candidate_starts(text)
        if starts is None:
            continue  # a character lower() and IGNORECASE disagree on: plain search
        assert starts == sorted(set(starts))
        found = set(starts)
        for p in range(len(text)):
            if _CANDIDATE.match(text, p):
                assert p in found, (text, p)


def test_candidate_starts_equal_plain_search(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _number_texts(800, 22)
    fast = [find_quantities(t) for t in texts]
    monkeypatch.setattr(_numbers, "_candidate_starts", lambda text, stop=None: None)
    assert [find_quantities(t) for t in texts] == fast


def test_candidate_before_equals_twin_scan() -> None:
    # the search for the character before a word start finds just the twin's matches
    from geoevents._numbers import _CANDIDATE_BEFORE, _CANDIDATE_START

    extra = ["a  two", "a\n\nten", "(5", "“Six", "_7", "x9", "é1", "a\u00a0million", "-3"]
    texts = _number_texts(1500, 23) + extra
    for text in texts:
        low = text.lower()
        assert [m.start() for m in _CANDIDATE_BEFORE.finditer(" " + low)] == \
            [m.start() for m in _CANDIDATE_START.finditer(low)], text


def test_candidate_starts_up_to_stop() -> None:
    # with a stop, every start before it is there (a few after it may be too)
    import random

    from geoevents._numbers import _candidate_starts

    rng = random.Random(24)
    texts = _number_texts(800, 25) + [f"x a{' ' * k}two and a{chr(10) * k}ten"
                                      for k in range(1, 12)]
    for text in texts:
        full = _candidate_starts(text)
        if full is None:
            continue
        stops = range(len(text) + 1) if len(text) < 40 else \
            {0, 1, len(text), rng.randint(0, len(text)), rng.randint(0, len(text))}
        for stop in stops:
            part = _candidate_starts(text, stop)
            assert part is not None
            assert [p for p in part if p < stop] == [p for p in full if p < stop], (text, stop)
            assert set(part) <= set(full)


def test_find_quantities_up_to_stop() -> None:
    # _find_quantities(text, stop) is the start of find_quantities(text): the numbers
    # starting before stop (all the quantities of any sentence ending by then)
    import random

    from geoevents._numbers import _find_quantities

    rng = random.Random(26)
    for text in _number_texts(800, 27):
        full = find_quantities(text)
        for stop in {0, len(text), *(rng.randint(0, len(text)) for _ in range(3))}:
            assert _find_quantities(text, stop) == [q for q in full if q.number_start < stop]


def test_has_fold_odd_equals_the_regex() -> None:
    import random

    from geoevents._normalize import FOLD_ODD, FOLD_ODD_RE
    from geoevents._numbers import _has_fold_odd

    alphabet = ["a", "Z", " ", "é", "ÿ", "’", "“", "€", "\U0001f600", "i", "k", "s", *FOLD_ODD]
    rng = random.Random(28)
    texts = ["", "plain", "café", "It’s", "\U0001f600", *FOLD_ODD]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for text in texts:
        assert _has_fold_odd(text) == bool(FOLD_ODD_RE.search(text)), text


# ------------------------------------------------------- sentence by sentence (_QuantityFinder)


def test_read_words_hold_every_word_a_reading_takes() -> None:
    # a run of letters outside _READ_WORDS is a wall for _QuantityFinder: every word that a
    # pattern reading past a number's first character can take must be in it
    import re

    from geoevents import _numbers as n

    taking = [n._WORDS_AT, n._VAGUE_FULL, n._SUFFIX, n._SCALE_WORD, n._RANGE_SEP,
              n._RIGHT_QUAL, n._NUMRUN, n._CHAIN, n._SPACE_CHAIN]  # _CANDIDATE: the first two
    for rx in taking:
        source = re.sub(r"\(\?P<\w+>|\\u[0-9a-fA-F]{4}|\\[a-zA-Z]", " ", rx.pattern)
        for word in re.findall(r"[A-Za-z]+", source):
            assert word.lower() in n._READ_WORDS, (rx.pattern, word)
    assert "s" in n._READ_WORDS  # "1990's": the s after an apostrophe


def _sentence_texts(n: int, seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    pieces = _number_texts(n, seed)
    words = ("The army said killed people were wounded in Gaza on Monday and at least more "
             "than over some about between 5 12 1,200 2021 one two a dozen several hundreds "
             "of thousands to or plus odd so 3 4 5-6 7 8 9 (10) 11 Route 60 aged 24 year "
             "\"Ten\" ten; it! why? x 2 million 3m 90's").split()
    seps = [" ", " ", " ", ". ", ".\n", "\n\n", ", ", " - ", "; ", "  ", "\t", "-", "—",
            " " * 45, "\n" * 41, " \u00a0" * 30]
    out = []
    for piece in pieces:
        filler = "".join(rng.choice(words) + rng.choice(seps)
                         for _ in range(rng.randint(0, 60)))
        cut = rng.randint(0, len(filler))
        out.append(filler[:cut] + piece + filler[cut:])
    return out


def test_quantity_finder_equals_the_whole_scan() -> None:
    # the quantities of each span asked for, in text order, are those of find_quantities
    # that start and end in it, wherever the finder starts reading
    import random

    from geoevents._events import split_sentences
    from geoevents._numbers import _QuantityFinder

    rng = random.Random(31)
    texts = _sentence_texts(1200, 32)
    for text in texts:
        full = find_quantities(text)
        spans = [(s, e) for s, e, _ in split_sentences(text)]
        cuts = sorted(rng.randint(0, len(text)) for _ in range(rng.randint(0, 12)))
        spans2 = [(a, b) for a, b in zip(cuts, cuts[1:], strict=False)]
        for chosen in (spans, spans2, [sp for sp in spans if rng.random() < 0.3]):
            finder = _QuantityFinder(text)
            for s, e in chosen:
                want = [q for q in full if q.start >= s and q.end <= e]
                assert finder.within(s, e) == want, (text, s, e)


def test_quantity_finder_starts_near_the_sentence() -> None:
    # the finder skips what comes before the sentence (the point of it) ...
    from geoevents import _numbers as n

    text = "In 2014 and 2015, 300 people and 12 dogs moved. " * 20 + "Five people were killed."
    finder = n._QuantityFinder(text)
    start = text.index("Five")
    assert [q.best for q in finder.within(start, len(text))] == [5]
    assert finder.pos > start
    # ... but not over a reading that runs on (digit chains, number words, whitespace)
    for gap in ("5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27",
                "twenty" + " " * 80 + "thousand", "ten-twenty-thirty-forty-fifty-sixty"):
        text = "Police said that " + gap + " people. Nine were hurt in the town of Ofakim."
        start = text.index("Nine")
        want = [q for q in find_quantities(text) if q.start >= start]
        assert n._QuantityFinder(text).within(start, len(text)) == want, text
    # a reading runs over words of _READ_WORDS only, whole: a span starting in the spaces
    # has none of these quantities (each starts before it), not "six" or "6"
    for text, word in [("Police said five thousand" + " " * 50 + "six people died", "six"),
                       ("Police said 5 to" + " " * 50 + "6 people died", "6"),
                       ("Police said 5 or" + " " * 50 + "more people died, 7 hurt", "more")]:
        start = text.index(word) - 5
        want = [q for q in find_quantities(text) if q.start >= start]
        assert n._QuantityFinder(text).within(start, len(text)) == want, text
