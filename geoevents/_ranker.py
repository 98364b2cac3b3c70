"""Learned candidate ranker: which of a name's gazetteer candidates the document means.

The resolver (:mod:`geoevents._resolution`) first runs its hand-weighted heuristic, which gives
every name of the document a provisional sense and a confidence. The ranker then scores every
candidate of every name with a linear model over the features below, computed with the other
names' provisional senses as context, and picks the highest score; the softmax of the scores
over a name's candidates is the confidence (the heuristic's sense stands against the ranker's
when both are one place, when only the heuristic's is inside the container the text writes
after the name - "Santa Maria, Davao del Sur" - and when the ranker's is a town or district in
a country nothing else in the text points to). The model is a conditional logit (a softmax over
the candidates of one name, as in a listwise ranker), trained by
``benchmarks/train_ranker.py`` on the **dev** half of the evaluation corpora only, and stored
in ``_ranker.json`` next to this module: the feature names, each feature's standardisation
(``mean``, ``scale``) and weight, and a format version.

Features of a candidate place ``p`` of a name (the *other names* are every other distinct name
of the document; ``conf`` is the confidence of an other name's current sense):

=========================  ==============================================================
``prior``                  logit of the gazetteer's context-free score (kind, population,
                           capital, exact/variant/fuzzy match)
``prior_gap``              ``prior`` minus the best ``prior`` among the name's candidates
``prior_top``              1 if ``p`` has the best ``prior`` among the candidates
``log_pop``                log10(1 + population)
``log_pop_gap``            ``log_pop`` minus the largest ``log_pop`` among the candidates
``pop_top``                1 if ``p`` is the most populous candidate
``kind_*``                 one-hot kind: country, admin1, admin2, region, natural (natural
                           feature), local (neighbourhood, camp, landmark, crossing); city is
                           the base
``match_variant``          the name matched a transliteration variant
``match_fuzzy``            the name matched only with a typo tolerance
``primary_name``           the name matched is the place's preferred name
``log_names``              log(1 + number of names the gazetteer has for ``p``)
``qualifier``              a name written right after it (``Paris, Texas``) has a container
                           of ``p`` among its candidates
``dateline``               ``p``'s country is the dateline's country
``demonym``                a demonym of the text ("Israeli") names ``p``'s country
``country_focus``          confidence-weighted share of the other names (and demonyms, the
                           dateline) in ``p``'s country
``admin1_focus``           the same for ``p``'s first-order division
``top_country``            ``p``'s country is the document's leading country (others' votes)
``near``                   soft support: max over the other names' likely senses of
                           ``conf * exp(-km / 150)`` (1 * conf for containment)
``within_50/200/1000``     confidence-weighted share of the other names whose sense is within
                           50 / 200 / 1000 km of ``p`` (or contains / is contained by it)
``mean_log_km``            confidence-weighted mean of log(1 + km) to the other names'
                           senses, divided by log(20039)
``admin1_named``           another name has a first-order division containing ``p`` among
                           its candidates (the document names ``p``'s state, whatever sense
                           that name was given)
``admin2_named``           the same for a second-order division (county)
``country_named``          the same for a country
``contains_share``         confidence-weighted share of the other names whose sense lies
                           inside ``p``
=========================  ==============================================================

A feature missing from the weights file gets weight 0 (it is ignored); a file with another
format version, or no file, disables the ranker and the heuristic alone decides.
"""

from __future__ import annotations

import heapq
import json
import logging
import math
import re
import struct
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from ._resolution import _QUALIFIER_KINDS, _contains
from ._types import Candidate, RegionEvidence

__all__ = ["FEATURES", "FORMAT_VERSION", "DocGeometry", "RankerModel", "document_features",
           "load_model"]

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Version of the weights file format this module reads.
FORMAT_VERSION = 1

#: Feature names, in the column order of :func:`document_features`.
FEATURES: tuple[str, ...] = (
    "prior", "prior_gap", "prior_top",
    "log_pop", "log_pop_gap", "pop_top",
    "kind_country", "kind_admin1", "kind_admin2", "kind_region", "kind_natural", "kind_local",
    "match_variant", "match_fuzzy", "primary_name", "log_names",
    "qualifier", "dateline", "demonym",
    "country_focus", "admin1_focus", "top_country",
    "near", "within_50", "within_200", "within_1000", "mean_log_km",
    "admin1_named", "admin2_named", "country_named", "contains_share",
    "heuristic", "heuristic_gap", "heuristic_top", "us_text",
)

#: Cues of US news writing: AP state abbreviations, counties, sheriffs, school boards,
#: interstates, dollar amounts, party and office titles, street addresses and AP times.
#: `us_cues` finds them through `_UPPER_CUES` and `_LOWER_CUE_WORDS`: a new cue goes into one
#: of those too, and into the fragments of tests/test_fast_resolution.py's
#: ``test_us_cues_match_the_finditer_count``, which compares the two searches.
_US_CUES = re.compile(
    # the first characters of every cue (a hint that lets the engine skip to the candidates;
    # a new cue's first character must be in it)
    r"(?=[ABCDEFGHIKLMNOPRSTUVWbcehmps$\d])(?:"
    r"\b(?:[Ss]heriff|County|Township|Parish|[Cc]ity [Cc]ouncil|[Ss]chool [Bb]oard"
    r"|[Hh]igh [Ss]chool|[Ee]lementary|[Bb]oard of [Ee]ducation|[Pp]ublic [Ww]orks"
    r"|[Pp]olice [Dd]epartment|\d+ block of|\d+ [A-Z][a-z]+ (?:St|Ave|Rd|Blvd|Dr)\."
    r"|\d [ap]\.m\."
    r"|Interstate|I-\d+|Highway \d+|Hwy\.|Route \d+|U\.S\.|mph"
    r"|Republican|Democrat|GOP|Congress(?:man|woman)?|Sen\.|Rep\.|Gov\."
    r"|(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo"
    r"|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Va|Vt|Wash|Wis|Wyo)\.)|\$\d)")


def us_cues(text: str) -> float:
    """How much a text reads like US news: log(1 + number of cues), capped at log(5)."""
    if not text.isascii() and _has_other_digit(text):
        return math.log1p(_count_cues(text))
    # _US_CUES.finditer, found faster: the cues that open with a capital, a digit or "$" by
    # _UPPER_CUES (the engine skips to its first characters), those that open with a
    # lower-case letter where str.find finds their first word, each checked with _US_CUES
    n = pos = 0
    low = _lower_cue_starts(text)
    up = _UPPER_CUES.search(text)
    while n < 4:
        if up is not None and up.start() < pos:
            up = _UPPER_CUES.search(text, pos)
        while low and low[-1] < pos:
            low.pop()
        start = up.start() if up is not None else len(text)
        if low and low[-1] < start:
            m = _US_CUES.match(text, low.pop())
            if m is None:
                continue
        elif up is not None:
            m = up
        else:
            break
        n += 1
        pos = m.end()
    return math.log1p(n)


_ASCII_BYTES = bytes(range(128))


def _has_other_digit(text: str) -> bool:
    """``_OTHER_DIGIT.search(text)``, searched among the text's non-ASCII characters only.

    Every such digit is non-ASCII: the characters left once the ASCII bytes are deleted from
    the text's UTF-8 (C-level steps; the pattern tried at every character of a long text was
    ~80 instructions a character).
    """
    rest = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return _OTHER_DIGIT.search(rest.decode("utf-8", "surrogatepass")) is not None


def _count_cues(text: str) -> int:
    """The number of cues :data:`_US_CUES` finds in ``text``, up to 4."""
    n = 0
    for _ in _US_CUES.finditer(text):
        n += 1
        if n >= 4:
            break
    return n


def _lower_cue_starts(text: str) -> list[int]:
    """Where a cue that opens with a lower-case letter may start, last first."""
    out = []
    for word in _LOWER_CUE_WORDS:
        k = text.find(word)
        while k >= 0:
            out.append(k)
            k = text.find(word, k + 1)
    out.sort(reverse=True)
    return out


#: The first words of the cues that open with a lower-case letter (with what follows them).
_LOWER_CUE_WORDS = ("sheriff", "city ", "school ", "high ", "elementary", "board of ",
                    "public ", "police ", "mph")
#: A decimal digit other than 0-9 (the cues opening with a digit take any).
_OTHER_DIGIT = re.compile(r"[^\D0-9]")
#: The cues of _US_CUES that open with a capital, a digit 0-9 or "$", in its order, grouped by
#: their first character (a branch of literals: the engine skips to those characters);
#: ``(?<!\w\w)`` after a word character is the word boundary before it.
_UPPER_CUES = re.compile("|".join([
    r"S(?<!\w\w)(?:heriff|chool [Bb]oard|en\.)",
    r"C(?<!\w\w)(?:ounty|ity [Cc]ouncil|ongress(?:man|woman)?|alif\.|olo\.|onn\.)",
    r"T(?<!\w\w)(?:ownship|enn\.)",
    r"P(?<!\w\w)(?:arish|ublic [Ww]orks|olice [Dd]epartment|a\.)",
    r"H(?<!\w\w)(?:igh [Ss]chool|ighway \d+|wy\.)",
    r"E(?<!\w\w)(?:lementary)",
    r"B(?<!\w\w)(?:oard of [Ee]ducation)",
    *[d + r"(?<!\w\w)(?:\d* block of|\d* [A-Z][a-z]+ (?:St|Ave|Rd|Blvd|Dr)\.|"
          r" [ap]\.m\.)" for d in "0123456789"],
    r"I(?<!\w\w)(?:nterstate|-\d+|ll\.|nd\.)",
    r"R(?<!\w\w)(?:oute \d+|epublican|ep\.)",
    r"U(?<!\w\w)(?:\.S\.)",
    r"D(?<!\w\w)(?:emocrat|el\.)",
    r"G(?<!\w\w)(?:OP|ov\.|a\.)",
    r"A(?<!\w\w)(?:la\.|riz\.|rk\.)",
    r"F(?<!\w\w)(?:la\.)",
    r"K(?<!\w\w)(?:an\.|y\.)",
    r"L(?<!\w\w)(?:a\.)",
    r"M(?<!\w\w)(?:d\.|ass\.|ich\.|inn\.|iss\.|o\.|ont\.)",
    r"N(?<!\w\w)(?:eb\.|ev\.)",
    r"O(?<!\w\w)(?:kla\.|re\.)",
    r"V(?<!\w\w)(?:a\.|t\.)",
    r"W(?<!\w\w)(?:ash\.|is\.|yo\.)",
    r"\$\d",
]))

_KIND_FEATURE = {
    "country": "kind_country", "admin1": "kind_admin1", "admin2": "kind_admin2",
    "region": "kind_region", "natural feature": "kind_natural", "neighbourhood": "kind_local",
    "refugee camp": "kind_local", "landmark": "kind_local", "crossing": "kind_local",
}
_EARTH_KM = 6371.0088
_LOG_MAX_KM = math.log(20039.0)
NEAR_KM = 150.0

FloatArray = npt.NDArray[np.float64]
_FLOAT64 = np.dtype(np.float64)
BoolArray = npt.NDArray[np.bool_]


class ItemLike(Protocol):
    """What the ranker reads of a name being resolved (``_resolution._Item``)."""

    cands: list[Candidate]
    qualifiers: list[int]
    scores: list[float]
    probs: list[float]
    best: int
    top: list[int]
    weight: float


def prior(c: Candidate) -> float:
    """Logit of the gazetteer score of a candidate (clipped to [1e-4, 1 - 1e-4])."""
    s = min(max(c.score, 1e-4), 1 - 1e-4)
    return math.log(s / (1 - s))


#: What the resolver and the ranker read of one candidate, the same in every document:
#: (the candidate, :func:`prior`, log10(1 + population), its country, its (country,
#: admin-1) key or None without an admin-1, and its kind, match and name features in
#: :data:`FEATURES` order: the kind one-hot columns, match_variant, match_fuzzy,
#: primary_name, log_names).
_CandEntry = tuple[Candidate, float, float, str, "tuple[str, str] | None", tuple[float, ...]]
#: The entries of the candidates seen, by the candidate's id (the entry holds the candidate,
#: so the id cannot be reused while it is cached); emptied when it grows past the bound.
_CAND_CACHE: dict[int, _CandEntry] = {}
_CAND_CACHE_MAX = 30_000


def candidate_entry(c: Candidate) -> _CandEntry:
    """The document-independent values of a candidate (remembered by identity)."""
    p = c.place
    match = c.match
    entry: _CandEntry = (
        c, prior(c), math.log10(1 + max(0, p.population)), p.country,
        (p.country, p.admin1) if p.admin1 else None,
        (*_KIND_ROW.get(p.kind, _NO_KIND),
         1.0 if match == "variant" else 0.0, 1.0 if match == "fuzzy" else 0.0,
         1.0 if c.matched_name.casefold() == p.name.casefold() else 0.0,
         math.log1p(len(p.names))))
    if len(_CAND_CACHE) >= _CAND_CACHE_MAX:
        _CAND_CACHE.clear()
    _CAND_CACHE[id(c)] = entry
    return entry


def float_array(values: Sequence[float]) -> FloatArray:
    """``np.array(values, dtype=np.float64)`` of a list of floats, bit for bit.

    Packed by :mod:`struct` into an empty array: numpy's conversion of a list examines every
    item's type first, several times slower for the short lists of one document.
    """
    out = np.empty(len(values))
    if values:
        struct.pack_into(f"{len(values)}d", out.data, 0, *values)
    return out


def _index_array(values: Sequence[int]) -> npt.NDArray[np.intp]:
    """``np.array(values, dtype=np.intp)`` of a list of ints, packed by :mod:`struct`."""
    out = np.empty(len(values), dtype=np.intp)
    if values:
        struct.pack_into(f"{len(values)}n", out.data, 0, *values)
    return out


def _pair_km(coords: list[float], n: int) -> FloatArray:
    """Great-circle km between ``n`` points: ``coords`` holds their latitudes, then longitudes.

    Every pair is computed (the general way; :func:`_pair_km_triangle` gives the same
    values for finite coordinates).
    """
    rad = np.radians(float_array(coords))
    lat, lon = rad[:n], rad[n:]
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    cos_lat = np.cos(lat)
    a = np.sin(dlat / 2) ** 2 + cos_lat[:, None] * cos_lat[None, :] * np.sin(dlon / 2) ** 2
    out: FloatArray = 2 * _EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    return out


def _pair_km_triangle(coords: list[float], n: int) -> FloatArray:
    """:func:`_pair_km` of finite coordinates (n >= 2) from the pairs i < j, mirrored.

    The pair (j, i) gives what (i, j) gives: its differences are the same numbers negated
    (IEEE subtraction), and halved they stay so; the sine is taken of their absolute value,
    so the squares are equal; the product of the two cosines is commutative. Where the
    platform's sine is odd bit for bit (numpy's is on x86-64), the values are
    :func:`_pair_km`'s, bit for bit; elsewhere they may differ in the last place. The
    diagonal is 0.0, as sin(0.0) ** 2 makes it, and adding the transposed matrix to the
    upper triangle adds 0.0 to each value (the values are 0.0 or positive, never -0.0). The
    sines, most of the cost, are taken once per pair instead of twice; each step is the one
    :func:`_pair_km` takes, in its order.
    """
    rad = np.radians(float_array(coords))
    i, j, upper, first, second = _upper_pairs(n)
    d = rad.take(first) - rad.take(second)  # latitude differences, then longitude ones
    d /= 2
    np.abs(d, out=d)  # the square of sin(|x|) is that of sin(x) whether or not sin is odd
    np.sin(d, out=d)
    np.multiply(d, d, out=d)  # ** 2
    m = len(i)
    cos_lat = np.cos(rad[:n])
    a = cos_lat.take(i) * cos_lat.take(j) * d[m:]
    a = d[:m] + a
    np.sqrt(a, out=a)
    np.minimum(1.0, a, out=a)
    np.arcsin(a, out=a)
    a *= 2 * _EARTH_KM  # as (2 * _EARTH_KM) * arcsin(...)
    out: FloatArray = np.zeros((n, n))
    out.ravel()[upper] = a
    out += out.T
    return out


_PairIndex = tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp],
                   npt.NDArray[np.intp], npt.NDArray[np.intp]]


def _upper_pairs(n: int) -> _PairIndex:
    """The pairs i < j of n points, for :func:`_pair_km_triangle`.

    i, j, their flat index in an n x n matrix, and the indexes into latitudes-then-longitudes
    of the first and second point of each difference (the latitudes' pairs, then the
    longitudes').
    """
    pairs = _UPPER_PAIRS.get(n)
    if pairs is None:
        # the pairs ordered by j, then i: those of n points open those of more points
        m = n * (n - 1) // 2
        if n > _ALL_PAIRS_MAX_N:
            j, i = np.tril_indices(n, -1)
        else:
            if len(_ALL_PAIRS[0]) < m:
                j_all, i_all = np.tril_indices(-(-n // 64) * 64, -1)  # n rounded up
                _ALL_PAIRS[:] = [i_all, j_all]
            i, j = _ALL_PAIRS[0][:m], _ALL_PAIRS[1][:m]
        pairs = (i, j, i * n + j, np.concatenate([i, i + n]), np.concatenate([j, j + n]))
        if n <= _UPPER_PAIRS_MAX_N:
            _UPPER_PAIRS[n] = pairs
    return pairs


#: :func:`_upper_pairs` of each size seen up to this one (about 1.8 MB if every size is).
_UPPER_PAIRS: dict[int, _PairIndex] = {}
_UPPER_PAIRS_MAX_N = 64
#: The pairs i < j of the most points seen up to _ALL_PAIRS_MAX_N (i, then j), by j then i
#: (about 1 MB for 360 points).
_ALL_PAIRS: list[npt.NDArray[np.intp]] = [np.zeros(0, dtype=np.intp)] * 2
_ALL_PAIRS_MAX_N = 360


class DocGeometry:
    """Pairwise distances and containment between all candidates of one document.

    Candidates of all names are numbered in one flat array, name after name.

    Parameters
    ----------
    items : sequence of ItemLike
        The document's names, each with its candidates.
    """

    def __init__(self, items: Sequence[ItemLike]) -> None:
        self.starts: list[int] = []
        #: flat index range of each name: ``starts[i]:starts[i] + len(items[i].cands)``
        self.ends: list[int] = []
        #: the names that have candidates, and for each candidate the position of its name
        #: in that list (the column blocks of :meth:`block_max`)
        self.nonempty: list[int] = []
        flat: list[Candidate] = []
        block: list[int] = []
        for i, it in enumerate(items):
            self.starts.append(len(flat))
            if it.cands:
                block.extend([len(self.nonempty)] * len(it.cands))
                self.nonempty.append(i)
                flat.extend(it.cands)
            self.ends.append(len(flat))
        self.n = n = len(flat)
        self.cands = flat
        self.block_starts = _index_array([self.starts[i] for i in self.nonempty])
        self.block = _index_array(block)
        # latitudes then longitudes, in one list
        places = [c.place for c in flat]
        coords = [*[p.lat for p in places], *[p.lon for p in places]]
        #: great-circle km between candidates
        self.km: FloatArray = _pair_km_triangle(coords, n) if n >= 2 and math.isfinite(
            sum(coords)) else _pair_km(coords, n)
        #: ``inside[q, p]``: candidate q's place contains candidate p's place
        self.inside: BoolArray = self._inside(flat, n)
        #: either contains the other
        self.related: BoolArray = self.inside | self.inside.T
        self._near_kernel: dict[float, FloatArray] = {}
        self._near_others: dict[float, FloatArray] = {}
        self._priors: list[float] | None = None
        self._entries: list[_CandEntry] | None = None

    def priors(self) -> list[float]:
        """:func:`prior` of every candidate, in flat order (computed once)."""
        if self._priors is None:
            self._priors = [e[1] for e in self.entries()]
        return self._priors

    def entries(self) -> list[_CandEntry]:
        """:func:`candidate_entry` of every candidate, in flat order (computed once)."""
        if self._entries is None:
            get = _CAND_CACHE.get
            out = []
            for c in self.cands:
                hit = get(id(c))
                out.append(hit if hit is not None and hit[0] is c else candidate_entry(c))
            self._entries = out
        return self._entries

    @staticmethod
    def _inside(flat: Sequence[Candidate], n: int) -> BoolArray:
        inside = np.zeros((n, n), dtype=np.bool_)
        if n == 0:
            return inside
        places = [c.place for c in flat]
        by_id: dict[str, list[int]] = {}
        for k, p in enumerate(places):
            by_id.setdefault(p.id, []).append(k)
        # (container, contained) pairs, listed and then written in one go
        rows: list[int] = []
        cols: list[int] = []
        # a place inside a parent it lists
        for k, p in enumerate(places):
            for parent in p.parents:
                for q in by_id.get(parent, ()):
                    rows.append(q)
                    cols.append(k)
        # every place of a country inside it (not the countries), every place of a state
        # inside it: by country code (the empty code too), by (country, admin-1)
        countries = [k for k, p in enumerate(places) if p.kind == "country"]
        if countries:
            by_country: dict[str, list[int]] = {}
            for k, p in enumerate(places):
                if p.kind != "country":
                    by_country.setdefault(p.country, []).append(k)
            for q in countries:
                ks = by_country.get(places[q].country)
                if ks:
                    rows.extend([q] * len(ks))
                    cols.extend(ks)
        states = [k for k, p in enumerate(places) if p.kind == "admin1"]
        if states:
            by_unit: dict[tuple[str, str], list[int]] = {}
            for k, p in enumerate(places):
                if p.admin1:
                    by_unit.setdefault((p.country, p.admin1), []).append(k)
            for q in states:
                ks = by_unit.get((places[q].country, places[q].name))
                if ks:
                    rows.extend([q] * len(ks))
                    cols.extend(ks)
        if not rows:
            return inside  # nothing inside anything
        inside[rows, cols] = True
        # ... but never inside itself (the diagonal, a view of every (n + 1)-th value), nor
        # inside another candidate of the same place
        inside.ravel()[:: n + 1] = False
        rows, cols = [], []
        for ks in by_id.values():
            if len(ks) > 1:
                for q in ks:
                    rows.extend([q] * len(ks))
                    cols.extend(ks)
        if rows:
            inside[rows, cols] = False
        return inside

    def near_kernel(self, near_km: float) -> FloatArray:
        """``exp(-km / near_km)``, 1 for related (containing / contained) pairs."""
        ker = self._near_kernel.get(near_km)
        if ker is None:
            ker = np.where(self.related, 1.0, np.exp(-self.km / near_km))
            self._near_kernel[near_km] = ker
        return ker

    def near_kernel_others(self, near_km: float) -> FloatArray:
        """:meth:`near_kernel` with 0 between candidates of one name."""
        ker = self._near_others.get(near_km)
        if ker is None:
            ker = np.where(self.block[:, None] == self.block[None, :], 0.0,
                           self.near_kernel(near_km))
            self._near_others[near_km] = ker
        return ker

    def near_rows_of(self, i: int, support: FloatArray, near_km: float) -> FloatArray:
        """:meth:`near_rows` for a ``support`` of finite values that are 0.0 or positive.

        The products with the name's own columns are then 0.0, as :meth:`near_rows` writes
        them.
        """
        s, e = self.starts[i], self.ends[i]
        if len(self.nonempty) < 2 or s == e:
            return np.zeros(e - s)
        out: FloatArray = np.maximum.reduce(self.near_kernel_others(near_km)[s:e] * support,
                                            axis=1)
        return out

    def near_of_singles(self, names: Sequence[int], support: FloatArray,
                        near_km: float) -> list[float]:
        """:meth:`near_rows_of` of names with one candidate each, their one values in one step.

        Each row is reduced as :meth:`near_rows_of` reduces it (the max is exact in any
        order).
        """
        if len(self.nonempty) < 2:
            return [0.0] * len(names)
        rows = _index_array([self.starts[i] for i in names])
        out: list[float] = np.maximum.reduce(self.near_kernel_others(near_km)[rows] * support,
                                             axis=1).tolist()
        return out

    def block_max(self, m: FloatArray) -> FloatArray:
        """Max of each row of ``m`` (n x n) over every other name's columns: shape (n,)."""
        if self.n == 0 or len(self.nonempty) < 2:
            return np.zeros(self.n)
        per = np.maximum.reduceat(m, self.block_starts, axis=1)
        per[np.arange(self.n), self.block] = -np.inf
        out: FloatArray = per.max(axis=1)
        return out

    def support(self, items: Sequence[ItemLike]) -> FloatArray:
        """Per candidate: its probability if among its name's ``top`` senses, else 0."""
        return float_array(self._support_values(items))

    def _support_values(self, items: Sequence[ItemLike]) -> list[float]:
        values = [0.0] * self.n  # as update_support would write them, in one array
        for i in self.nonempty:
            item, s = items[i], self.starts[i]
            probs, weight = item.probs, item.weight
            for k in item.top:
                values[s + k] = probs[k] * weight
        return values

    def update_support(self, support: FloatArray, i: int, item: ItemLike) -> None:
        """Refresh the block of name ``i`` in a :meth:`support` vector.

        The block's values are written into the array's memory in one step (``support``
        as :meth:`support` makes it: contiguous float64), element by element otherwise.
        """
        s, e = self.starts[i], self.ends[i]
        values = [0.0] * (e - s)
        probs, weight = item.probs, item.weight
        for k in item.top:
            values[k] = probs[k] * weight
        if support.dtype is _FLOAT64:
            try:
                struct.pack_into(f"{e - s}d", support.data, s * 8, *values)
                return
            except (TypeError, ValueError, BufferError, struct.error):  # not contiguous
                pass
        support[s:e] = values

    def near_rows(self, i: int, support: FloatArray, near_km: float) -> FloatArray:
        """Soft support of name ``i``'s candidates by the other names.

        The max over the other names' columns of ``support * exp(-km / near_km)``
        (``support`` itself for containing / contained pairs).
        """
        s, e = self.starts[i], self.ends[i]
        if len(self.nonempty) < 2 or s == e:
            return np.zeros(e - s)
        # every product is >= 0 (or NaN), so zeroing the name's own columns and taking the
        # max over all columns is the max over the other names' blocks, and 0 for none
        m = self.near_kernel(near_km)[s:e] * support[None, :]
        m[:, s:e] = 0.0
        out: FloatArray = np.maximum.reduce(m, axis=1)
        return out

    def near(self, items: Sequence[ItemLike], near_km: float) -> FloatArray:
        """Soft support of every candidate by the other names' likely senses (their ``top``).

        Row for row what :meth:`near_rows` gives, computed for all names at once.
        """
        values = self._support_values(items)
        support = float_array(values)
        if self.n == 0 or len(self.nonempty) < 2:
            return np.zeros(self.n)
        if math.isfinite(sum(values)) and min(values) >= 0.0 and all(
                items[i].weight > 0.0 for i in self.nonempty):
            # finite, 0.0 or positive (probabilities times positive weights): the products
            # with a name's own columns are 0.0, as written below
            out_: FloatArray = np.maximum.reduce(self.near_kernel_others(near_km) * support,
                                                 axis=1)
            return out_
        m = self.near_kernel(near_km) * support[None, :]
        per = np.maximum.reduceat(m, self.block_starts, axis=1)
        per[np.arange(self.n), self.block] = 0.0
        out: FloatArray = np.maximum.reduce(per, axis=1)
        return out


def choice_votes(items: Sequence[ItemLike], base_country: dict[str, float]
                 ) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """Country and (country, admin1) votes of the current choices, weighted by confidence.

    ``base_country`` (copied, not changed) holds the votes of other evidence (demonyms,
    datelines); the heuristic resolver and the ranker's features share this.
    """
    country: dict[str, float] = defaultdict(float, base_country)
    admin: dict[tuple[str, str], float] = defaultdict(float)
    for it in items:
        if not it.cands:
            continue
        p = it.cands[it.best].place
        conf = it.probs[it.best] * it.weight
        if p.country:
            country[p.country] += conf
        if p.admin1:
            admin[(p.country, p.admin1)] += conf
    return country, admin


def _votes(items: Sequence[ItemLike], evidence: Sequence[RegionEvidence],
           dateline_countries: Sequence[str]
           ) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    base: dict[str, float] = defaultdict(float)
    for ev in evidence:
        if ev.country:
            base[ev.country] += 1.0
    for cc in dateline_countries:
        base[cc] += 1.0
    return choice_votes(items, base)


def document_features(items: Sequence[ItemLike], geo: DocGeometry,
                      evidence: Sequence[RegionEvidence],
                      dateline_countries: Sequence[str], *,
                      heuristic: Sequence[Sequence[float]] | None = None,
                      us_text: float = 0.0) -> list[FloatArray]:
    """Feature matrices of every name's candidates, given the other names' current senses.

    Parameters
    ----------
    items : sequence of ItemLike
        The document's names with their current ``best`` sense and ``probs``.
    geo : DocGeometry
        Distances and containment of the same items.
    evidence : sequence of RegionEvidence
        Demonyms and other region evidence of the text.
    dateline_countries : sequence of str
        Countries of the dateline, if any.
    heuristic : sequence of sequence of float, optional, default None
        The heuristic's score of every candidate of every item; the items' current
        ``scores`` when None.
    us_text : float, optional, default 0.0
        :func:`us_cues` of the text.

    Returns
    -------
    list of ndarray
        One ``(len(cands), len(FEATURES))`` array per item (``(0, len(FEATURES))`` when the
        name has no candidate), columns in :data:`FEATURES` order.
    """
    nf = len(FEATURES)
    if geo.n == 0:
        return [np.zeros((len(it.cands), nf)) for it in items]
    x_all = feature_matrix(items, geo, evidence, dateline_countries, heuristic=heuristic,
                           us_text=us_text)
    return [x_all[s:e] for s, e in zip(geo.starts, geo.ends, strict=True)]


def feature_matrix(items: Sequence[ItemLike], geo: DocGeometry,
                   evidence: Sequence[RegionEvidence],
                   dateline_countries: Sequence[str], *,
                   heuristic: Sequence[Sequence[float]] | None = None,
                   us_text: float = 0.0) -> FloatArray:
    """The rows of :func:`document_features` of every candidate, in flat order, as one array.

    Parameters
    ----------
    items, geo, evidence, dateline_countries, heuristic, us_text
        As for :func:`document_features`; ``geo.n`` must be above 0.

    Returns
    -------
    ndarray
        ``(geo.n, len(FEATURES))``: name ``i``'s rows are ``geo.starts[i]:geo.ends[i]``.
    """
    n_blocks = len(geo.nonempty)
    country_votes, admin_votes = _votes(items, evidence, dateline_countries)
    total_c = sum(country_votes.values()) or 1.0
    total_a = sum(admin_votes.values()) or 1.0
    demonym_cc = {ev.country for ev in evidence if ev.country}
    dateline_cc = set(dateline_countries)
    # the two countries with the most votes, for each name's leading country once its own
    # vote is left out (_lead_country); votes that are not all finite take the general way
    top2 = heapq.nlargest(2, country_votes.items(), key=_vote_key) \
        if math.isfinite(total_c) else None

    # the features of each candidate alone and against its own name's other candidates, one
    # row (FEATURES order, the context columns 0.0 for now) per candidate, one after the other
    flat: list[float] = []  # the rows one after the other, packed into the array below
    entries = geo.entries()
    country_get, admin_get = country_votes.get, admin_votes.get
    for i in geo.nonempty:
        it = items[i]
        s = geo.starts[i]
        own_entries = entries[s: geo.ends[i]]
        priors = [e[1] for e in own_entries]
        pops = [e[2] for e in own_entries]
        best_prior, best_pop = max(priors), max(pops)
        top_prior = _first_max(priors)
        top_pop = _first_max(pops)
        own_e = own_entries[it.best]
        own_country, own_admin = own_e[3], own_e[4]
        own_conf = it.probs[it.best] * it.weight
        country_den = max(1.0, total_c - own_conf)
        admin_den = max(1.0, total_a - own_conf)
        lead = _lead_country(country_votes, own_country, own_conf) if top2 is None else \
            _lead_from_top(top2, country_votes, own_country, own_conf)
        quals = [q for qi in it.qualifiers for q in (
            qc.place for qc in items[qi].cands[:10]) if q.kind in _QUALIFIER_KINDS] \
            if it.qualifiers else None
        hs = heuristic[i] if heuristic is not None else it.scores  # read only
        best_h = max(hs)
        top_h = _first_max(hs)
        for k, e in enumerate(own_entries):
            cc = e[3]
            # a name's own vote left out (elsewhere x - 0.0 would be x itself);
            # (v if v > 0.0 else 0.0) is max(0.0, v)
            if cc:
                cv = country_get(cc, 0.0)
                if cc == own_country:
                    cv -= own_conf
                country_focus = (cv if cv > 0.0 else 0.0) / country_den
            else:
                country_focus = 0.0
            ak = e[4]
            if ak is not None:
                av = admin_get(ak, 0.0)
                if ak == own_admin:
                    av -= own_conf
                admin1_focus = (av if av > 0.0 else 0.0) / admin_den
            else:
                admin1_focus = 0.0
            h = hs[k]
            pr, pop = priors[k], pops[k]
            flat += [
                pr, pr - best_prior, 1.0 if k == top_prior else 0.0,
                pop, pop - best_pop, 1.0 if k == top_pop else 0.0,
                *e[5],  # kind, match and name features
                1.0 if quals and any(_contains(q, e[0].place) for q in quals) else 0.0,
                1.0 if cc in dateline_cc else 0.0, 1.0 if cc in demonym_cc else 0.0,
                country_focus, admin1_focus, 1.0 if lead and cc == lead else 0.0,
                0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,  # context columns, below
                h, h - best_h, 1.0 if k == top_h else 0.0, us_text if cc == "US" else 0.0,
            ]
    x_all = float_array(flat).reshape(geo.n, len(FEATURES))

    # context over the other names' current senses
    best = _index_array([geo.starts[i] + items[i].best for i in geo.nonempty])
    conf = float_array([items[i].probs[items[i].best] * items[i].weight for i in geo.nonempty])
    own = geo.block[:, None] == np.arange(n_blocks)[None, :]  # (n, blocks): its own name
    w = np.where(own, 0.0, conf[None, :])  # (n, blocks): weight of each other name
    wsum = w.sum(axis=1)
    wnorm = np.where(wsum > 0, wsum, 1.0)
    km_best = geo.km[:, best]
    x_all[:, _COL_NEAR] = geo.near(items, NEAR_KM)
    # the weighted shares at once, (5, n, blocks): the three radii, log(1 + km) and
    # containment, each row multiplied by w, summed and divided as a 2-d row is (the same
    # products, each row reduced alone)
    parts = np.empty((5, geo.n, n_blocks))
    np.bitwise_or(km_best <= _WITHIN_KM, geo.related[:, best], out=parts[:3], casting="unsafe")
    np.log1p(km_best, out=parts[3])
    parts[4] = geo.inside[:, best]
    parts *= w
    shares = parts.sum(axis=2)
    shares /= wnorm
    shares[3] /= _LOG_MAX_KM
    x_all[:, _COL_WITHIN[0]: _COL_MEAN_LOG_KM + 1] = shares[:4].T
    x_all[:, _COL_CONTAINS] = shares[4]
    # containers named anywhere else in the document, whatever sense that name got
    # (a candidate of that kind, of another name, contains it: booleans, so any order will do)
    if n_blocks >= 2:
        # [p, q]: q contains p and is a candidate of another name
        contained_by = geo.inside.T & (geo.block[:, None] != geo.block[None, :])
        # the kind one-hot columns of those kinds say which candidates are of each; the
        # number of them containing p, a sum of 0s and 1s (exact in any order), is above 0
        # where one does (0.0, as written above, where none does)
        counts = contained_by @ x_all[:, _COL_KIND_NAMED]
        x_all[:, _COL_NAMED[0]: _COL_NAMED[-1] + 1] = counts > 0.0
    return x_all


def _vote_key(kv: tuple[str, float]) -> tuple[float, str]:
    return kv[1], kv[0]


def _lead_from_top(top2: list[tuple[str, float]], votes: Mapping[str, float],
                   own_country: str, own_conf: float) -> str:
    """:func:`_lead_country` from the two countries with the most votes (finite votes)."""
    if not own_country:
        lead, value = top2[0] if top2 else ("", 0.0)
    else:
        # the best of the other countries, and the name's own with its vote left out
        other = next((kv for kv in top2 if kv[0] != own_country), None)
        own = (own_country, votes.get(own_country, 0.0) - own_conf)
        lead, value = own if other is None or _vote_key(own) > _vote_key(other) else other
    return lead if value > 1e-9 else ""


def _first_max(xs: Sequence[float]) -> int:
    """Index of the largest of ``xs``, the first on a tie (as ``max`` by ``(x, -k)``)."""
    if math.isfinite(sum(xs)):  # no NaN nor infinity: the first index of the max
        return xs.index(max(xs))
    return max(range(len(xs)), key=lambda k: (xs[k], -k))


def _lead_country(votes: Mapping[str, float], own_country: str, own_conf: float) -> str:
    """The country with the most votes once a name's own vote is left out ("" if none)."""
    loo = dict(votes)
    if own_country:
        loo[own_country] = loo.get(own_country, 0.0) - own_conf
    lead = max(loo.items(), key=lambda kv: (kv[1], kv[0]))[0] if loo else ""
    if loo.get(lead, 0.0) <= 1e-9:
        lead = ""
    return lead


#: Columns of the kind one-hot features, and each kind's values of them.
_KIND_COLS = ("kind_country", "kind_admin1", "kind_admin2", "kind_region", "kind_natural",
              "kind_local")
_KIND_ROW = {kind: tuple(1.0 if f == feat else 0.0 for f in _KIND_COLS)
             for kind, feat in _KIND_FEATURE.items()}
_NO_KIND = (0.0,) * len(_KIND_COLS)
_COL_NEAR = FEATURES.index("near")
_COL_WITHIN = (FEATURES.index("within_50"), FEATURES.index("within_200"),
               FEATURES.index("within_1000"))
_COL_MEAN_LOG_KM = FEATURES.index("mean_log_km")
_COL_CONTAINS = FEATURES.index("contains_share")
_WITHIN_KM = np.array([50.0, 200.0, 1000.0])[:, None, None]
_NAMED_KINDS = ("admin1", "admin2", "country")
_COL_NAMED = (FEATURES.index("admin1_named"), FEATURES.index("admin2_named"),
              FEATURES.index("country_named"))
#: The kind one-hot columns of _NAMED_KINDS, in its order.
_COL_KIND_NAMED = [FEATURES.index(_KIND_FEATURE[kind]) for kind in _NAMED_KINDS]
assert _COL_NAMED == tuple(range(_COL_NAMED[0], _COL_NAMED[0] + len(_NAMED_KINDS)))


@dataclass(frozen=True)
class RankerModel:
    """A linear candidate scorer: ``score = ((x - mean) / scale) @ weight``.

    Parameters
    ----------
    weight, mean, scale : ndarray
        One value per feature of :data:`FEATURES`, in that order.
    meta : Mapping
        The rest of the weights file (training summary).
    """

    weight: FloatArray
    mean: FloatArray
    scale: FloatArray
    meta: Mapping[str, Any]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RankerModel:
        """Build from the parsed weights file; features it lacks get weight 0.

        Raises
        ------
        ValueError
            If the format version is not :data:`FORMAT_VERSION`.
        """
        if data.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"ranker weights have format_version {data.get('format_version')!r},"
                             f" expected {FORMAT_VERSION}")
        given = {f["name"]: f for f in data.get("features", [])}
        missing = [f for f in FEATURES if f not in given]
        if missing:
            logger.debug("ranker weights lack %s; they get weight 0", missing)
        weight = np.array([float(given.get(f, {}).get("weight", 0.0)) for f in FEATURES])
        mean = np.array([float(given.get(f, {}).get("mean", 0.0)) for f in FEATURES])
        scale = np.array([float(given.get(f, {}).get("scale", 1.0)) or 1.0 for f in FEATURES])
        meta = {k: v for k, v in data.items() if k != "features"}
        return cls(weight, mean, scale, meta)

    def score(self, x: FloatArray) -> FloatArray:
        """Scores of the rows of a ``(n, len(FEATURES))`` feature matrix."""
        out: FloatArray = self.standardize(x) @ self.weight
        return out

    def standardize(self, x: FloatArray) -> FloatArray:
        """``(x - mean) / scale``: the rows :meth:`score` multiplies by the weights."""
        out: FloatArray = (x - self.mean) / self.scale
        return out


@lru_cache(maxsize=1)
def load_model() -> RankerModel | None:
    """The committed model (``_ranker.json``), or None when it is missing or unreadable."""
    import importlib.resources

    try:
        text = importlib.resources.files("geoevents").joinpath("_ranker.json").read_text("utf-8")
        return RankerModel.from_dict(json.loads(text))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("candidate ranker disabled: %s", exc)
        return None
