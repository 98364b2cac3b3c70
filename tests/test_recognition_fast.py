"""More of the recogniser's shortcuts, each compared with the plain steps it replaces."""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

from geoevents import _recognition as R

EVAL = Path("/work/shared/eval")

#: Pieces of the random texts: words of the shapes the start and period rules treat apart.
PIECES = [
    "a", "Z", "'", "’", "-", " ", "  ", "1", "12", ".", ". ", ",", ", ", "\n", '"', "é",
    "al-", "el-", "Al-Aqsa", "al-Bureij", "as-Sahur", "ash-Sham", "ez-Zor", "an", "as", "at",
    "east", "West", "north", "el", "al", "Ash", "x-ray", "Egypt-US", "Winston-Salem", "St.",
    "U.S.", "W.Va.", "N.Y.", "Okla.", "Ga.", "Calif", "Gaza", "Gaza's", "the", "The", "of",
    "İstanbul", "Ţūlkarm", "ǅ", "Ärzte", "al\u2010Quds", "AL-", "Mt. Vernon", "3.5", "...",
]


def _random_texts(seed: int, count: int, longest: int = 40) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, longest)))
            for _ in range(count)]


def _corpus_texts(limit: int = 300) -> list[str]:
    texts: list[str] = []
    for name in ("lgl", "geovirus", "tudloc2013", "geocorpora"):
        path = EVAL / f"{name}.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as f:
                texts += [json.loads(line)["text"] for line in itertools.islice(f, limit)]
    return texts


def _texts() -> list[str]:
    return _random_texts(5, 3000) + _corpus_texts()


def test_gram_starts_as_the_plain_test_of_every_token() -> None:
    for text in _texts():
        tokens, _, _, lowers, cap_flags = R._scan(text)
        caps = [k for k, c in enumerate(cap_flags) if c]
        plain = sorted(set(caps).union([
            k for k, low in enumerate(lowers)
            if low in R.LOWER_STARTS or "-" in low and R._ARTICLE_PREFIX.match(tokens[k].text)]))
        assert R._gram_starts(tokens, lowers, caps, text) == plain, text


def test_period_tokens_as_the_test_of_every_token() -> None:
    for text in _texts():
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
_SPLIT_PIECES = PIECES + [
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
