"""Name normalisation: the keys the gazetteer is indexed by.

Two keys are computed for every name:

``name_key``
    Case, diacritics, apostrophes, hyphens and punctuation folded. ``"Ţūlkarm"`` and
    ``"TULKARM"`` both give ``"tulkarm"``; ``"Deir al-Balah"`` gives ``"deir al balah"``.
    A match on this key is an *exact* match.
``variant_key``
    A transliteration skeleton of ``name_key``: Arabic articles dropped, ``beit/bayt/bet``
    folded, ``q``/``kh``/``sh`` folded, doubled letters collapsed and every run of vowels
    reduced to one ``a``, so that ``Khan Younis``/``Khan Yunis``, ``Jabalia``/``Jabalya``,
    ``Ashkelon``/``Ashqelon`` and ``Qassam``/``Qassem`` meet. A match on this key only is a
    *variant* match and always ranks below exact matches.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from operator import itemgetter

__all__ = ["name_key", "variant_key", "variant_opening", "strip_article", "ARABIC_ARTICLES"]

# Characters folded that NFKD does not decompose.
_TRANSLATE = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
    }
)
#: Characters that ``re.IGNORECASE`` matches to an ASCII letter although their ``lower()`` or
#: ``casefold()`` is not that letter (or changes the string's length): İ ı ſ K. A fast path
#: that matches lower-case patterns against ``text.lower()`` instead of re.I patterns
#: against ``text`` is exact except on texts holding one of these; those take the slow path.
FOLD_ODD = "\u0130\u0131\u017f\u212a"
FOLD_ODD_RE = re.compile(f"[{FOLD_ODD}]")
_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u02bc\u02bb\u02be\u02bf\u0060\u00b4\u2032]")
_NON_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")
_ASCII_ALNUM = re.compile(r"[a-z0-9]+")

#: Arabic definite-article forms as they are transliterated in news and gazetteers.
ARABIC_ARTICLES = frozenset(
    "al el il ul an ad ar as ash at ath az adh ed en er es et ez ech".split()
)
_BEIT = frozenset({"beit", "bayt", "bet", "beth", "bait", "beyt", "bayit"})


def _ascii_name_key(name: str) -> str:
    """:func:`name_key` of an ASCII ``name``, not cached.

    The general steps, for ASCII: the only apostrophes are ' and `, casefold() is lower(),
    and what is left is the runs of letters and digits joined by one space.
    """
    if name.isalnum():
        return name.lower()
    return " ".join(_ASCII_ALNUM.findall(name.replace("'", "").replace("`", "").lower()))


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """Return the exact-match key of a place name.

    Parameters
    ----------
    name : str
        A place name as written.

    Returns
    -------
    str
        Lower case, no diacritics, apostrophes removed, other punctuation turned into single
        spaces. Empty when the name has no letters or digits.

    Examples
    --------
    >>> name_key("Ţūlkarm")
    'tulkarm'
    >>> name_key("Deir al-Balah")
    'deir al balah'
    """
    if name.isascii():  # most names in English news: nothing to decompose
        return _ascii_name_key(name)
    text = unicodedata.normalize("NFKD", name.translate(_TRANSLATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text).casefold()
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return _SPACES.sub(" ", text).strip()


def strip_article(key: str) -> str:
    """Drop Arabic article tokens (``al``, ``el``, ``an``...) from a name key.

    An article is dropped only when another token follows it, so ``"el"`` alone survives.

    Examples
    --------
    >>> strip_article("al maghazi camp")
    'maghazi camp'
    """
    tokens = key.split()
    kept = [t for i, t in enumerate(tokens) if not (t in ARABIC_ARTICLES and i < len(tokens) - 1)]
    return " ".join(kept) if kept else key


_FOLDS = (
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("z", "s"),
    ("j", "g"),
)
_DOUBLE = re.compile(r"(.)\1+")
#: A `_DOUBLE` match's repeated character: ``_DOUBLE.sub(_REPEATED, s)`` is
#: ``_DOUBLE.sub(r"\1", s)`` without the template (Python 3.11 hands a template with a group
#: to Python code on every call, and again for every match: four times the cost).
_REPEATED = itemgetter(1)
_VOWEL_RUN = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=100_000)
def _skeleton(token: str) -> str:
    if token in _BEIT:
        return "bt"
    if not token.isascii() or not token.isalpha():
        return token
    token = _DOUBLE.sub(_REPEATED, token)
    for old, new in _FOLDS:
        token = token.replace(old, new)
    # every run of vowels becomes one "a" (a y or w that starts the token is a consonant)
    head, tail = token[0], token[1:]
    tail = _VOWEL_RUN.sub("a", tail)
    if head in "aeiou":
        head = "a"
    return _DOUBLE.sub(_REPEATED, head + tail)


@lru_cache(maxsize=200_000)
def variant_key(name: str) -> str:
    """Return the transliteration-variant key of a place name.

    Parameters
    ----------
    name : str
        A place name as written (it is passed through :func:`name_key` first).

    Returns
    -------
    str
        The skeleton of each token after dropping Arabic articles.

    Examples
    --------
    >>> variant_key("Khan Younis") == variant_key("Khan Yunis")
    True
    >>> variant_key("Jabalia") == variant_key("Jabalya")
    True
    """
    if name.isascii():
        # most names (and every n-gram key of English text): the key without its cache; its
        # tokens are split by single spaces, and most keys have one token or no article
        words = name.split(" ")
        if "" in words or not name.islower() or not "".join(words).isalnum():
            # (else the name is already its key: lower-case words joined by one space)
            key = _ascii_name_key(name)
            if " " not in key:
                return _skeleton(key) if key else ""
            words = key.split(" ")
        elif len(words) == 1:
            return _skeleton(name)
        if ARABIC_ARTICLES.isdisjoint(words):
            return " ".join([_skeleton(t) for t in words])
    # strip_article and the skeletons in one pass over the key's tokens
    tokens = name_key(name).split()
    last = len(tokens) - 1
    return " ".join([_skeleton(t) for i, t in enumerate(tokens)
                     if not (t in ARABIC_ARTICLES and i < last)])


@lru_cache(maxsize=100_000)
def variant_opening(key: str) -> str:
    """Return the variant form of a name key as the opening words of a longer name.

    The variant key of ``f"{key} {rest}"`` (``rest`` not empty) opens with it and a space,
    when it is not empty: :func:`variant_key` folds each word on its own, and drops every
    Arabic article but a last word, which ``key`` does not hold.

    Parameters
    ----------
    key : str
        The first words of a name (a :func:`name_key`).

    Returns
    -------
    str
        The skeleton of each word of ``key`` that is not an Arabic article.

    Examples
    --------
    >>> variant_opening("al khan")
    'kan'
    >>> variant_key("al khan younis").startswith(variant_opening("al khan") + " ")
    True
    """
    if key.isascii():
        # (recognition's openings: lower-case ASCII words joined by one space are their own
        # key, as in variant_key, so name_key and its cache are skipped)
        words = key.split(" ")
        if "" not in words and key.islower() and "".join(words).isalnum():
            return " ".join([_skeleton(t) for t in words if t not in ARABIC_ARTICLES])
    return " ".join([_skeleton(t) for t in name_key(key).split() if t not in ARABIC_ARTICLES])
