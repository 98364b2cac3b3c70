"""The recogniser's shortcuts give what the plain steps they replace give."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

import pytest

from geoevents import _recognition as R

EVAL = Path("/work/shared/eval")

#: Pieces of text the random texts are made of: words of every shape the tokeniser and the
#: rules treat apart (possessives, hyphens, abbreviations, dashes, quotes, line breaks,
#: headlines, non-ASCII letters and case changes).
PIECES = [
    "a", "Z", "'", "’", "-", "_", " ", "  ", "1", "12", ".", ",", ":", "!", "?", "é", "\u0663",
    "based", "-led", "-Area", "-A.", "born-", "D.C.", "W.Va.", "O'Neil", "Rock Hill-based",
    "x-ray", "\n", "\n\n", '"', "“", "”", ")", " — ", " – ", " -- ", " - ", "—", "OKs", "OK’d",
    "Gaza's", "Israel’s", "Texas'", "JAMES'", "the", "The", "an", "An", "of", "Of", "de", "al-",
    "Al-Aqsa", "Egypt-US", "Winston-Salem", "St.", "St", "Mt. Vernon", "W. Va.", "Mr.", "Ms",
    "İstanbul", "Ţūlkarm", "ǅ", "MANASSAS", "north", "East", "Bay of Bengal", "May", "Monday",
    "University of Texas", "Joseph Welch of Richmond", "Washington-Moscow", "Abu-Dis", "US's",
    "Police", "Daily", "People's", "in", "near", "said", "Headline Words Here", "s", "'s",
    "Café", "café", "naïve", "\u212aelvin", "Ärzte", "über",
]


def _random_texts(seed: int, count: int, longest: int = 40,
                  pieces: list[str] | None = None) -> list[str]:
    rng = random.Random(seed)
    pieces = PIECES if pieces is None else pieces
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, longest)))
            for _ in range(count)]


def _corpus_texts(limit: int = 400) -> list[str]:
    texts: list[str] = []
    for name in ("lgl", "geovirus", "tudloc2013", "geocorpora"):
        path = EVAL / f"{name}.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as f:
                texts += [json.loads(line)["text"] for line in itertools.islice(f, limit)]
    return texts


# --- the plain forms the fast ones replace ------------------------------------------------

_PLAIN_SENT_END = re.compile(r"[.!?]['\"’”)]*\s+|\n\s*\n|\n|:\s+[“\"]?|[“\"](?<!\S[“\"])")


def _plain_tokenize(text: str) -> list[tuple[int, int, str, bool, bool, bool, str]]:
    """The token-by-token tokeniser (finditer, a sentence pointer, a line pointer)."""
    sent_starts = sorted({0} | {m.end() for m in _PLAIN_SENT_END.finditer(text)})
    sent_starts.append(len(text) + 1)
    headline_lines = R._headline_lines(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)] if headline_lines else [0]
    line_starts.append(len(text) + 1)
    opening = R._title_case_opening(text)
    out = []

    def tok(s: int, e: int, t: str, cap: bool, sent: bool, headline: bool) -> None:
        low = t[:-2] if len(t) > 3 and t.endswith(R._POSS) else t
        out.append((s, e, t, cap, sent, headline, low.lower()))

    prev_end = -1
    k = 0
    li = 0
    for m in R._TOKEN.finditer(text):
        s, e = m.span()
        t = m.group()
        while sent_starts[k] < prev_end:
            k += 1
        sent = prev_end < 0 or sent_starts[k] <= s
        headline = s < opening
        if headline_lines:
            while line_starts[li + 1] <= s:
                li += 1
            headline = headline or line_starts[li] in headline_lines
        if "-" in t and t[0].isupper() and (parts := R._hyphen_parts(t)) is not None:
            a = s
            for part in parts:
                tok(a, a + len(part), part, True, sent, headline)
                a += len(part) + 1
                sent = False
            prev_end = e
            continue
        tok(s, e, t, (t[0].isupper() or (t.isupper() and len(t) > 1))
            and t not in R._CAPITAL_VERBS, sent, headline)
        prev_end = e
    return out


def _plain_chunk_ids(tokens: list[R.Token], joinable: list[bool], starts_match: set[int],
                     breaks: set[int], person_of: set[int]) -> list[int]:
    """`_chunk_ids` looking at every token."""
    ids = [-1] * len(tokens)
    current = -1
    n = len(tokens)
    for i, tok in enumerate(tokens):
        in_name = tok.cap and tok.lower not in R.DATE_WORDS and not R._lower_last_part(
            tok.text) and not (
            (tok.sent_start or tok.headline) and i not in starts_match and (
                R._is_common(tok) or (tok.lower.endswith("ing") and R._is_common(tok, 2.5)))
            and not (tok.lower in R._GIVEN_NAME_WORDS and i + 1 < n and tokens[i + 1].cap
                     and joinable[i + 1] and not tok.headline))
        if in_name:
            if current < 0 or not joinable[i] or tokens[i - 1].text[-2:] in R._POSS \
                    or i in breaks:
                current = i
            ids[i] = current
        elif (current >= 0 and tok.lower in R.CONNECTORS
              and tok.text not in R._ENGLISH_CONNECTORS and i + 1 < n and tokens[i + 1].cap
              and tokens[i + 1].lower not in R.DATE_WORDS
              and not (tok.lower == "of" and (R.common_zipf(tokens[i - 1].lower) < 3.0
                                              or R._ends_person(tokens, i, current)
                                              or i in person_of))
              and joinable[i] and joinable[i + 1]):
            ids[i] = current
        else:
            current = -1
    return ids


def _fields(tokens: list[R.Token]) -> list[tuple[int, int, str, bool, bool, bool, str]]:
    return [(t.start, t.end, t.text, t.cap, t.sent_start, t.headline, t.lower) for t in tokens]


# --- the tests ------------------------------------------------------------------------------

def test_split_token_pattern_finds_the_tokens_of_the_plain_one() -> None:
    texts = _random_texts(11, 6000) + _corpus_texts(100)
    for text in texts:
        parts = R._TOKEN_SPLIT.split(text)
        assert parts[1::2] == R._TOKEN.findall(text), text
        assert "".join(parts) == text


def test_ascii_split_pattern_splits_ascii_text_as_the_unicode_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # an ASCII text is split with the ASCII-class pattern: the same parts
    ascii_pieces = [p for p in PIECES if p.isascii()] + [
        "\x1c", "\x1f", "\t", "\x0b", "\x0c", "\r", "\x85x", "~", "`", "@", "#", "0", "_x", "x_"]
    rng = random.Random(13)
    texts = ["".join(rng.choice(ascii_pieces) for _ in range(rng.randint(0, 40)))
             for _ in range(6000)]
    corpus = _corpus_texts(100)
    texts += [t for t in corpus if t.isascii()]
    texts += [t.encode("ascii", "replace").decode("ascii") for t in corpus]
    # (every ASCII character next to letters, digits, marks and each other)
    texts += ["".join(chr(c) + w for w in ("a", "Z1", "-x", "'s", ".A.")) for c in range(128)]
    pattern = R._ascii_token_split()
    assert pattern.flags & re.ASCII and not R._TOKEN_SPLIT.flags & re.ASCII
    for text in texts:
        text = text.replace("\x85", "")  # (not ASCII)
        assert text.isascii()
        assert pattern.split(text) == R._TOKEN_SPLIT.split(text), text
    # and _scan gives what it gives with the Unicode pattern for every text
    texts = texts[:2000] + corpus + _random_texts(14, 2000)
    got = [R._scan(text) for text in texts]
    monkeypatch.setattr(R, "_ascii_token_split", lambda: R._TOKEN_SPLIT)
    for text, (tokens, *rest) in zip(texts, got, strict=True):
        want, *want_rest = R._scan(text)
        assert _fields(tokens) == _fields(want) and rest == want_rest, text


def test_sentence_pattern_equals_the_plain_alternation() -> None:
    for text in _random_texts(12, 6000) + _corpus_texts(100):
        assert [m.span() for m in R._SENT_END.finditer(text)] == \
            [m.span() for m in _PLAIN_SENT_END.finditer(text)], text


def test_scan_equals_the_token_by_token_tokeniser() -> None:
    for text in _random_texts(13, 3000) + _random_texts(14, 200, 400) + _corpus_texts(120):
        tokens, gaps, starts, lowers, caps = R._scan(text)
        assert _fields(tokens) == _plain_tokenize(text), text
        assert gaps == ([""] + [text[a.end: b.start] for a, b in itertools.pairwise(tokens)]
                        if tokens else [])
        assert starts == [t.start for t in tokens]
        assert lowers == [t.lower for t in tokens]
        assert caps == [t.cap for t in tokens]
        assert _fields(R.tokenize(text)) == _fields(tokens)
        assert [R._zipf(t) for t in tokens] == [R.common_zipf(t.lower) for t in tokens]
        assert [R._zipf(t) for t in tokens] == [R.common_zipf(t.lower) for t in tokens]


def test_chunk_ids_on_capitalised_tokens_equal_every_token() -> None:
    rng = random.Random(15)
    for text in _random_texts(16, 3000, 60) + _corpus_texts(150):
        tokens = R.tokenize(text)
        n = len(tokens)
        joinable = [rng.random() < 0.8 for _ in range(n)]
        starts_match = {i for i in range(n) if rng.random() < 0.2}
        breaks = {i for i in range(n) if rng.random() < 0.05}
        person_of = {i for i in range(n) if tokens[i].lower == "of" and rng.random() < 0.3}
        caps = [i for i, t in enumerate(tokens) if t.cap]
        plain = _plain_chunk_ids(tokens, joinable, starts_match, breaks, person_of)
        assert R._chunk_ids(tokens, joinable, starts_match, breaks, person_of,
                            caps=caps) == plain, text
        assert R._chunk_ids(tokens, joinable, starts_match, breaks, person_of) == plain
        assert R._chunk_runs(plain, caps) == R._chunk_runs(plain)


@pytest.mark.parametrize("words", [[], ["of"], ["a", "of", "b", "of", "of"], ["b", "c"]])
def test_positions_equal_a_scan(words: list[str]) -> None:
    assert R._positions(words, "of") == [i for i, w in enumerate(words) if w == "of"]


#: Words of relative expressions, and others, for texts before a name.
REL_PIECES = [
    "north", "South", "EAST", "west", "north-east", "northeastern", "Southwestern", "ern",
    "central", "centre", "center", "heart", "middle", "part", "of", "Of", "OF", "the", "The",
    "THE", "near", "nearby", "outside", "close", "to", "on", "outskirts", "in", "vicinity",
    "around", "just", "not", "far", "from", "across", "km", "miles", "mi", "12", "3.5", "(",
    "-", "“", "x", "residents", "ſouth", "Kelvin\u212a", "\u0130n", " ", "  ", "\n", "\t",
]


def _plain_relation(text: str, start: int) -> R.Relation | None:
    """`_relation` trying every pattern."""
    left = text[max(0, start - 60): start]
    if not left[-1:].isspace():
        return None
    words = left.rsplit(None, 1)
    if not words or words[-1].lower().rsplit("-", 1)[-1].lstrip("([{\"“‘'") \
            not in R._REL_LAST_WORDS:
        return None
    m = R._REL_DIRECTION.search(left)
    if m:
        dist = None
        if m.group("dist"):
            dist = float(m.group("dist").replace(",", "."))
            if m.group("unit").lower().startswith("mi"):
                dist *= 1.609344
        return R.Relation("direction", R._norm_dir(m.group("dir")), dist, m.group(0).strip())
    m = R._REL_CENTER.search(left)
    if m:
        d = m.group("dir").lower()
        d = "central" if d in ("centre", "center", "heart", "middle") else d
        return R.Relation("subregion", d, None, m.group(0).strip())
    m = R._REL_SUBREGION.search(left)
    if m:
        return R.Relation("subregion", R._norm_dir(m.group("dir")), None, m.group(0).strip())
    m = R._REL_NEAR.search(left)
    if m:
        return R.Relation("near", None, None, m.group(0).strip())
    return None


def test_relation_patterns_never_rule_out_a_match() -> None:
    rng = random.Random(17)
    patterns = (R._REL_DIRECTION, R._REL_CENTER, R._REL_SUBREGION, R._REL_NEAR)
    matched = [0, 0, 0, 0]
    for _ in range(60000):
        words = [rng.choice(REL_PIECES) for _ in range(rng.randint(1, 7))]
        left = "".join(w + rng.choice((" ", " ", "  ", "\n", "")) for w in words) + " "
        left = left[-rng.randint(1, 60):]
        flags = R._relation_patterns(left)
        for k, pattern in enumerate(patterns):
            if pattern.search(left):
                matched[k] += 1
                assert flags[k], (k, left)
        assert R._relation(left + "X", len(left)) == _plain_relation(left + "X", len(left))
    assert min(matched) > 100  # every pattern was exercised


def test_relation_equals_trying_every_pattern_on_the_corpora() -> None:
    for text in _corpus_texts(150):
        for m in re.finditer(r"\b[A-Z]", text):
            assert R._relation(text, m.start()) == _plain_relation(text, m.start())


def _plain_unknown_places(tokens: list[R.Token], runs: list[tuple[int, int]], text: str,
                          taken: set[int], people: set[str], dem: dict[str, str],
                          states: set[int]) -> list[tuple[int, int]]:
    """`_unknown_places` reading the words around every run."""
    out = []
    named = []
    n = len(tokens)
    for first, b in runs:
        a = next((k for k in range(first, b + 1) if k not in taken), None)
        if a is None or b - a > 2 or any(
                k in taken or "-" in tokens[k].text and R._LOWER_PART.search(tokens[k].text)
                for k in range(a, b + 1)) or not all(
                tokens[k].cap for k in range(a, b + 1)) or tokens[a].headline:
            continue
        words = [tokens[k].lower for k in range(a, b + 1)]
        key = " ".join(words)
        if key in people or key in dem or key in R.NOT_PLACES or any(
                w in R.PERSON_TITLES or w in R.DATE_WORDS for w in words):
            continue
        named.append((a, b, key))
        zipfs = [R.common_zipf(w) for w in words]
        before = [t.lower for t in tokens[max(0, a - 2): a]]
        after = tokens[b + 1] if b + 1 < n else None
        gap_after = text[tokens[b].end: after.start] if after is not None else ""
        if all(z >= 3.0 for z in zipfs) and not (
                len(words) > 1 and max(zipfs) < 4.5 and before
                and before[-1] in R._RESIDENT_DETERMINERS and after is not None
                and gap_after == " " and after.lower in R._RESIDENT_NOUNS):
            continue
        town_of = len(before) == 2 and before[1] == "of" and before[0] in R._PLACE_NOUNS \
            and not tokens[a - 2].cap
        resident = bool(before) and before[-1] in R._RESIDENT_DETERMINERS \
            and after is not None and gap_after in (" ", "'s ", "’s ") and not after.cap and (
                after.lower in R._RESIDENT_NOUNS or after.lower in R._AREA_NOUNS)
        stated = bool(before) and before[-1] in ("of", "in") and after is not None \
            and gap_after == ", " and b + 1 in states
        spaced = len(before) == 2 and text[tokens[a - 2].end: tokens[a - 1].start] == " " \
            and text[tokens[a - 1].end: tokens[a].start] == " "
        lives = spaced and before[1] == "in" and before[0] in R._LIVING_WORDS
        beyond = spaced and before[1] == "of" and before[0] in R._DIRECTION_WORDS \
            and not tokens[a - 2].cap
        if town_of or resident or stated or lives or beyond:
            out.append((a, b))
    if out:
        keys = {" ".join(t.lower for t in tokens[a: b + 1]) for a, b in out}
        out = sorted({*out, *((a, b) for a, b, key in named if key in keys)})
    return out


def _plain_listed_names(tokens: list[R.Token], runs: list[tuple[int, int]], text: str,
                        items: dict[int, int], taken: set[int]) -> list[tuple[int, int]]:
    """`_listed_names` reading every run."""
    ends = {b: a for a, b in items.items()}
    n = len(tokens)

    def gap(k: int) -> str:
        return text[tokens[k - 1].end: tokens[k].start] if 0 < k < n else ""

    out = []
    for a, b in runs:
        if b - a > 2 or any(k in taken for k in range(a, b + 1)) or tokens[a].headline \
                or tokens[a].sent_start or any(
                    R.common_zipf(tokens[k].lower) >= 3.0 or tokens[k].lower in R.PERSON_TITLES
                    or tokens[k].lower in R.DATE_WORDS for k in range(a, b + 1)):
            continue
        before = a - 1 in ends and gap(a) in R._LIST_GAPS
        after = b + 1 in items and gap(b + 1) in R._LIST_GAPS
        if before and after:
            out.append((a, b))
        elif after and gap(b + 1) == ", ":
            nxt = items[b + 1]
            if nxt + 1 in items and gap(nxt + 1) in R._LIST_GAPS:
                out.append((a, b))
        elif before and (gap(a) != ", " or b + 1 < n and gap(b + 1)[:1] in ".;"):
            prev = ends[a - 1]
            if prev - 1 in ends and gap(prev) == ", ":
                out.append((a, b))
    return out


#: Texts around unknown names and lists of places.
UNKNOWN_TEXTS = [
    "The town of Akuressa and a Meadow Grove man. Those who live in Wild Dunes, a home east of "
    "Whitlock. Dennis Lopez of Thackerville, Okla., met a Home Depot man in the Silverado Ranch "
    "area; Richard Pehrson of Meadow Grove. Including Harwinton, Bantam, Litchfield, Winsted "
    "and Torrington, or Kent; Paris, Foo Bar and Lyon.",
    "in Harwinton and Bantam, Litchfield. The Village of Cellardyke. a White House man.",
]


def test_unknown_and_listed_names_equal_reading_every_run(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    from geoevents._gazetteer import default_gazetteer

    calls: list[tuple[str, tuple]] = []
    unknown, listed = R._unknown_places, R._listed_names

    def spy_unknown(*args):  # type: ignore[no-untyped-def]
        calls.append(("unknown", args))
        return unknown(*args)

    def spy_listed(*args):  # type: ignore[no-untyped-def]
        calls.append(("listed", args))
        return listed(*args)

    monkeypatch.setattr(R, "_unknown_places", spy_unknown)
    monkeypatch.setattr(R, "_listed_names", spy_listed)
    gaz = default_gazetteer()
    rng = random.Random(18)
    for text in UNKNOWN_TEXTS + _corpus_texts(60):
        R.recognize(text, gaz)
    assert any(kind == "listed" for kind, _ in calls)
    for kind, args in calls:
        if kind == "unknown":
            tokens, runs, text, taken, people, dem, states = args
            assert unknown(*args) == _plain_unknown_places(*args)
            # ... and with fewer tokens taken, so that more runs are read
            fewer = {k for k in taken if rng.random() < 0.3}
            assert unknown(tokens, runs, text, fewer, people, dem, states) == \
                _plain_unknown_places(tokens, runs, text, fewer, people, dem, states)
        else:
            tokens, runs, text, items, taken = args
            assert listed(*args) == _plain_listed_names(*args)
            assert listed(tokens, runs, text, items, set()) == \
                _plain_listed_names(tokens, runs, text, items, set())


def test_contraction_needs_an_apostrophe() -> None:
    rng = random.Random(19)
    pieces = ["d", "ll", "re", "ve", "m", "n", "t", "'", "’", "D", "LL", "x", "`"]
    for _ in range(20000):
        word = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 5)))
        if R._CONTRACTION.search(word):
            assert "'" in word or "’" in word


def test_least_importance_bounds_the_importance_that_counts() -> None:
    # _accept reads a proper name's importance over the candidates that count only when the
    # word's frequency less min(0, least importance) reaches the margin
    rng = random.Random(20)
    for _ in range(20000):
        imps = [round(rng.uniform(-3, 8), 4) for _ in range(rng.randint(1, 6))]
        counted = [x for x in imps if rng.random() < 0.5]
        proper = round(rng.uniform(0, 8), 2)
        if proper - max(counted, default=0.0) >= R._NAME_FREQUENCY_MARGIN:
            assert proper - min(0.0, min(imps)) >= R._NAME_FREQUENCY_MARGIN


def test_longest_matches_over_hits_equal_the_loop_over_every_gram() -> None:
    from geoevents._types import Candidate, Place

    cand = Candidate(Place("1", "X", 0.0, 0.0, "city", "US"), 1.0, "exact", "X")
    rng = random.Random(21)
    texts = _random_texts(22, 400, 30) + ["east Jerusalem and the north of Bay of Bengal "
                                          "In Georgia at Al Bureij of the City"]
    for text in texts:
        tokens = R.tokenize(text)
        n = len(tokens)
        grams: dict[tuple[int, int], str] = {}
        reach: dict[int, int] = {}
        for i in range(n):
            if rng.random() < 0.6:
                for j in range(i, min(n, i + rng.randint(1, 4))):
                    grams[(i, j)] = rng.choice("abcdefgh")
                    reach[i] = j
        found = {k: ([cand] if rng.random() < 0.8 else []) for k in "abcdefgh"
                 if rng.random() < 0.5}
        vcands = {ij: ([cand] if rng.random() < 0.8 else []) for ij in grams
                  if rng.random() < 0.3}

        def cands_for(ij: tuple[int, int], grams: dict[tuple[int, int], str] = grams,
                      found: dict[str, list[Candidate]] = found,
                      vcands: dict[tuple[int, int], list[Candidate]] = vcands
                      ) -> list[Candidate]:
            k = grams[ij]
            if k in found:
                return found[k]
            return vcands.get(ij, [])

        plain: list[tuple[int, int]] = []
        opening: set[int] = set()
        free = 0
        for i, longest in reach.items():
            if i < free:
                continue
            best = None
            for j in range(longest, i - 1, -1):
                if (i, j) in grams and cands_for((i, j)):
                    if j == i and tokens[i].lower in R.LOWER_STARTS and not tokens[i].cap:
                        continue
                    if not tokens[j].cap and j > i and tokens[j].lower in R.CONNECTORS:
                        continue
                    best = j
                    break
            if best is not None:
                plain.append((i, best))
                if best > i or R.common_zipf(tokens[i].lower) < 5.0:
                    opening.add(i)
                free = best + 1
        assert R._longest_matches(tokens, R._hit_ends(grams, found, vcands)) == (plain, opening)


_PLAIN_ROAD = re.compile(
    r"(?=[A-Z])"
    r"\b(?:(?:(?:State|(?P<county>County|Parish)|Farm|Ranch|Provincial|U\.S\.|US)\s+)?"
    r"(?:Highway|Hwy\.?|Route|Rte\.?|Road)\s+"
    r"|Interstate\s+|I-|US-|(?:FM|CR|SR)\s+"
    r"|(?P<state>[A-Z]{2}|[A-Z]\.[A-Z][a-z]{0,3}\.|[A-Z][a-z]{1,4}\.)[ -])"
    r"(?P<num>\d{1,4}[A-Z]?)\b(?![-–.,:/]?\d|%)"
    r"(?:\s+(?:North|South|East|West|N|S|E|W)\b(?!\.\w))?"
)
ROAD_PIECES = [
    "State", "County", "Parish", "Farm", "Ranch", "Provincial", "U.S.", "US", "Highway", "Hwy",
    "Hwy.", "Route", "Rte", "Rte.", "Road", "Interstate", "I-", "US-", "FM", "CR", "SR", "KY",
    "W.Va.", "Ga.", "Calif.", "NJ-", "N.Mex.", "Nov.", " ", "  ", "\n", "-", "19", "360", "4A",
    "12345", "5%", "2.5", "North", "N", "W", ".x", "xState", "é", "_", "Douglas", "Otter Tail",
    "a", "Z", "1/2",
]


def test_road_pattern_equals_the_forms_written_whole() -> None:
    def reads(pattern: re.Pattern[str], text: str, whole: bool) -> list[tuple]:
        return [(m.span(), m.span("num"), bool(m.group("county")),
                 m.group("state") if whole else R._road_state(m))
                for m in pattern.finditer(text)]

    rng = random.Random(23)
    texts = ["".join(rng.choice(ROAD_PIECES) for _ in range(rng.randint(1, 10)))
             for _ in range(30000)] + _corpus_texts(200)
    found = 0
    for text in texts:
        plain = reads(_PLAIN_ROAD, text, True)
        assert reads(R._ROAD, text, False) == plain, text
        found += bool(plain)
    assert found > 100


def test_variant_key_ascii_path_equals_the_general_steps() -> None:
    from geoevents._normalize import _skeleton, name_key, strip_article, variant_key

    words = ["al", "el", "Al-", "AN", "ez", "Beit", "bet", "Khan", "Younis", "Qassem", "Gaza",
             "St.", "O'Neil", "x`y", "12", "4A", "a", "Z", "the", "Winston-Salem", "Ţūlkarm",
             "Café", "\u212aelvin", "'", "-", " ", "  ", ".", ",", "_", "\t", "\n"]
    rng = random.Random(29)
    names = [rng.choice(["", " ", "-", "  ", ". "]).join(
        rng.choice(words) for _ in range(rng.randint(0, 5))) for _ in range(20000)]
    names += [" ".join(name_key(n).split()) for n in names[:5000]]  # keys, as recognize asks
    for name in names:
        plain = " ".join(_skeleton(t) for t in strip_article(name_key(name)).split())
        assert variant_key.__wrapped__(name) == plain, repr(name)


def test_abbreviated_keys_equal_testing_each_key() -> None:
    rng = random.Random(31)
    words = ["st", "ste", "mt", "ft", "pt", "saint", "cloud", "s", "t", "stx", "mount", "pt.",
             "st-louis", "", "a\nb", "é"]
    for _ in range(5000):
        grams = {(k, k): " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
                 for k in range(rng.randint(0, 12))}
        assert R._abbreviated_keys(grams) == [k for k in grams.values()
                                              if k.startswith(R._ABBREVIATION_HEADS)], grams


def test_gap_table_equals_the_test_of_each_gap() -> None:
    gaps = ["", " ", "  ", "-", "- ", " -", " - ", "\n", " \n", "\t", "\xa0", ". ", ", ", "’",
            "\u2009", " \t ", "--", "x"]
    for gap in gaps * 2:  # (the second time from the table)
        assert R._GAP_JOINS[gap] == (gap in (" ", "-", "- ", " -")
                                     or gap.isspace() and "\n" not in gap), repr(gap)


def test_no_token_ends_with_its_only_period() -> None:
    # the word tables are tested without stripping a token's final period
    tables = (R.PERSON_TITLES, R._SAINT_WORDS, R._NAME_SUFFIXES)
    assert not any("." in w for table in tables for w in table)
    for text in _random_texts(32, 3000) + _corpus_texts(100) + ["U.S. W.Va. St. Jr. D.C."]:
        for tok in R.tokenize(text):
            if tok.lower.endswith("."):
                assert "." in tok.lower.rstrip("."), tok
            for table in tables:
                assert (tok.lower.rstrip(".") in table) == (tok.lower in table)


def test_accept_gates_keep_every_match_of_the_patterns() -> None:
    # _accept tries the patterns after a name only where their first characters are
    rng = random.Random(33)
    pieces = [",", " ", "  ", "12", "5", "%", " percent", "'s", "’s", " Day", "Day", "day", " van",
              " von der", " ter", " zu", " de", " V", "x", " A", " Z", "\n", "."]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        if R._AGE_AFTER.match(text):
            assert text.startswith(",")
        if R._PARTICLE_AFTER.match(text):
            assert text.startswith((" v", " t", " z"))
        if R._HOLIDAY_AFTER.match(text):
            assert text.startswith((" Day", "'s Day", "’s Day"))


def test_variant_grams_equal_the_loop_over_each_start() -> None:
    from geoevents._normalize import variant_key

    rng = random.Random(34)
    keys = ["gaza", "al bureij", "st cloud", "new", "the", "abc", "paris", "israeli", "usa"]
    for text in _random_texts(35, 600, 40) + _corpus_texts(40):
        tokens = R.tokenize(text)
        n = len(tokens)
        grams: dict[tuple[int, int], str] = {}
        reach: dict[int, int] = {}
        for i in range(n):
            if rng.random() < 0.5:
                for j in range(i, min(n, i + rng.randint(1, 5))):
                    if rng.random() < 0.8:
                        grams[(i, j)] = rng.choice(keys + [tokens[j].lower])
                        reach[i] = j
        found = {k for k in keys if rng.random() < 0.3}
        dem = {"israeli": "IL"}
        plain = {
            (i, j): variant_key(gram) for i, longest in reach.items()
            if tokens[i].cap and not R._is_common(tokens[i], 3.0)
            for j in range(i, longest + 1) if tokens[j].cap
            and (gram := grams.get((i, j))) is not None
            and len(gram) >= 4 and gram not in found and gram not in dem
        }
        got = R._variant_grams(tokens, [t.cap for t in tokens], grams, found, dem)
        assert list(got.items()) == list(plain.items()), text


def _plain_feature_names(tokens: list[R.Token], runs: list[tuple[int, int]], text: str
                         ) -> list[tuple[int, int, int, int, int, str]]:
    """`_feature_names` testing the headline and a disease word before the feature word."""
    out = []
    n = len(tokens)
    for a, b in runs:
        for m in range(b - 1, a - 1, -1):
            if tokens[m].text.endswith(R._POSS) or (
                    tokens[m].lower in R.CONNECTORS and not tokens[m].cap
                    and tokens[a].lower not in R._FEATURE_KIND):
                a = m + 1
                break
        while a <= b and tokens[a].lower in ("the", "a", "an"):
            a += 1
        block = a <= b and R._after_block(tokens, a)
        if (b - a < 1 and not block) or any(tokens[m].headline for m in range(a, b + 1)) or (
                b + 1 < n and R._is_disease_word(tokens[b + 1].lower)):
            continue
        last, first = tokens[b].lower, tokens[a].lower
        end = tokens[b].end
        if last in R._FEATURE_ABBREVIATIONS and text[end:end + 1] == ".":
            end += 1
            last += "."
        if last in R._ROAD_WORDS and b - 1 > a and tokens[b - 1].lower in R._COUNTY_WORDS \
                and R._ROUTE_NUMBER.match(text, end):
            continue
        if last.rstrip(".") in R._FEATURE_SUFFIXES or last in R._FEATURE_ABBREVIATIONS_DOT:
            names = list(range(a, b))
            kind = R._FEATURE_KIND[last.rstrip(".")]
        elif block:
            names = list(range(a, b + 1))
            kind = "street"
        elif first.rstrip(".") in R._FEATURE_PREFIXES and b - a <= 3 and tokens[a + 1].cap:
            names = list(range(a + 1, b + 1))
            kind = R._FEATURE_KIND[first.rstrip(".")]
            if R.common_zipf(tokens[a + 1].lower) >= 3.5:
                continue
        else:
            continue
        proper = [m for m in range(names[0], names[-1] + 1)
                  if tokens[m].cap and tokens[m].lower not in R._GENERIC_FEATURE_WORDS
                  and tokens[m].lower not in R._FEATURE_SUFFIXES]
        if not proper or any(tokens[m].lower.rstrip(".") in R.PERSON_TITLES for m in names):
            continue
        p1 = proper[-1]
        while p1 + 1 <= names[-1] and tokens[p1 + 1].lower in ("county", "city"):
            p1 += 1
        out.append((a, b, end, proper[0], p1, kind))
    return out


FEATURE_TEXTS = [
    "HEADLINE: Darby Street And Lake Nokomis Closed\nThe Rift Valley fever near Kanawha River. "
    "The 400 block of Broadway, Brown County State Park and San Francisco's Baker Beach; "
    "Otter Tail County Road 80, Orchard St. and Mount Everything, Lake Cleanup, Mt. Kenya "
    "virus, the Villas at Coffman Park, Bay of Bengal, River Elbe fever, Mr. Smith Road.",
]


def test_feature_names_equal_the_plain_order_of_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    from geoevents._gazetteer import default_gazetteer

    calls: list[tuple] = []
    features = R._feature_names

    def spy(*args):  # type: ignore[no-untyped-def]
        calls.append(args)
        return features(*args)

    monkeypatch.setattr(R, "_feature_names", spy)
    gaz = default_gazetteer()
    for text in FEATURE_TEXTS + _corpus_texts(80):
        R.recognize(text, gaz)
    found = 0
    for tokens, runs, text in calls:
        plain = _plain_feature_names(tokens, runs, text)
        assert features(tokens, runs, text) == plain, text
        found += len(plain)
        # ... and every run from each capitalised token, to the next few tokens
        caps = [i for i, t in enumerate(tokens) if t.cap]
        more = [(i, min(len(tokens) - 1, i + k)) for i in caps for k in range(4)]
        assert features(tokens, more, text) == _plain_feature_names(tokens, more, text), text
    assert found > 20


# --- token starts, periods, the name-frequency bound and the split pattern ------------------
#: Pieces of random texts: words of the shapes the start and period rules treat apart.
PERIOD_PIECES = [
    "a", "Z", "'", "’", "-", " ", "  ", "1", "12", ".", ". ", ",", ", ", "\n", '"', "é",
    "al-", "el-", "Al-Aqsa", "al-Bureij", "as-Sahur", "ash-Sham", "ez-Zor", "an", "as", "at",
    "east", "West", "north", "el", "al", "Ash", "x-ray", "Egypt-US", "Winston-Salem", "St.",
    "U.S.", "W.Va.", "N.Y.", "Okla.", "Ga.", "Calif", "Gaza", "Gaza's", "the", "The", "of",
    "İstanbul", "Ţūlkarm", "ǅ", "Ärzte", "al\u2010Quds", "AL-", "Mt. Vernon", "3.5", "...",
]


def _period_texts() -> list[str]:
    return _random_texts(5, 3000, pieces=PERIOD_PIECES) + _corpus_texts(300)


def test_gram_starts_as_the_plain_test_of_every_token() -> None:
    for text in _period_texts():
        tokens, _, starts, lowers, cap_flags = R._scan(text)
        caps = [k for k, c in enumerate(cap_flags) if c]
        plain = sorted(set(caps).union([
            k for k, low in enumerate(lowers)
            if low in R.LOWER_STARTS or "-" in low and R._ARTICLE_PREFIX.match(tokens[k].text)]))
        assert R._gram_starts(tokens, lowers, caps, text, starts) == plain, text


def test_period_tokens_as_the_test_of_every_token() -> None:
    for text in _period_texts():
        tokens, _, starts, _, _ = R._scan(text)
        plain = [k for k, tok in enumerate(tokens)
                 if tok.text.endswith(".") or text.startswith(".", tok.end)]
        assert R._period_tokens(tokens, starts, text) == plain, text


def test_name_frequency_bound() -> None:
    # `_accept`'s shortcut: the importance that counts (the greatest of some of the
    # candidates', 0 when none counts) is at most max(greatest, 0), so a word frequent enough
    # over that is frequent enough over it, floats and rounding included
    rng = random.Random(3)
    for _ in range(20000):
        imps = [round(rng.uniform(-2.0, 8.0), rng.choice((0, 1, 4, 12)))
                for _ in range(rng.randint(1, 6))]
        some = [x for x in imps if rng.random() < 0.5]
        proper = round(rng.uniform(0.0, 8.0), rng.choice((0, 1, 4, 12)))
        shortcut = proper - max(max(imps), 0.0) >= R._NAME_FREQUENCY_MARGIN
        full = proper - max(some, default=0.0) >= R._NAME_FREQUENCY_MARGIN
        assert not shortcut or full


#: The split pattern before its abbreviation forms shared their period and its word form's
#: repeats became possessive.
_PLAIN_TOKEN_SPLIT = re.compile(
    r"([^\W_](?:(?<=[A-Z])\.(?:[A-Z]\.)+"
    r"|(?<=[A-Z])\.[A-Z][a-z]{1,3}\."
    r"|(?<=[^\W\d_])\w*(?:['’](?=\w)\w*|-(?!" + R._HYPHEN_SUFFIXES + r"\b|[A-Z]\.)(?=\w)\w*)*"
    r"|(?<=\d)\d*(?:[.,]\d+)*))",
)

#: More pieces for the token pattern: abbreviations, apostrophes and hyphens in every place.
_SPLIT_PIECES = PERIOD_PIECES + [
    "U.S.A.", "D.C", "W.Vaa.", "N.Mex.", "A.b.", "A.", "A.B", "o'", "O’Neil's", "rock-and-",
    "-based", "-backed", "-Based", "-A.B.", "1,000.5", "1.", ",5", "_x", "x_", "ß", "Σ.Σ.",
    "\u0663\u0664", "a’", "-'", "'-", "Z.Z.z.", "Mt.Vernon",
]


def test_token_split_as_the_plain_pattern() -> None:
    rng = random.Random(17)
    texts = ["".join(rng.choice(_SPLIT_PIECES) for _ in range(rng.randint(0, 30)))
             for _ in range(20000)] + _corpus_texts()
    ascii_split = R._ascii_token_split()
    for text in texts:
        want = _PLAIN_TOKEN_SPLIT.split(text)
        assert R._TOKEN_SPLIT.split(text) == want, text
        if text.isascii():
            assert ascii_split.split(text) == want, text
